// Memory flat in the horizon: the books kept while a run goes hold one total per pair that met
// (a VP and a thief bucket, a thread and the holder it waited behind), never one per event or
// per unit of time. In a small world most pairs have met within two seconds, so a run 4× longer
// keeps nearly as many totals (the last rare pairs still meet: up to 18 % more in root mode,
// where every thread may wait behind every other), while totals kept per event or per unit of
// time would be 4× as many.
import { expect, test } from 'vitest';
import { buildWorld, WORLD_FAMILIES } from '../../bench/mixed-worlds.js';
import { buildLayout } from '../../src/hypervisor/layout.js';
import { Machine } from '../../src/hypervisor/machine.js';
import { MODE_INFO } from '../../src/hypervisor/modes.js';
import { MODES } from '../../src/model/scenario.js';

const CORES = 8;
const SHORT_MS = 2_000;
/** More than the pairs that meet late add, less than anything kept per event or per unit of time. */
const GROWTH = 1.5;

function booksAfter(family: (typeof WORLD_FAMILIES)[number], mode: (typeof MODES)[number], durationMs: number): { steal: number; waits: number[] } {
  const scenario = buildWorld(family, CORES, durationMs);
  const info = MODE_INFO[mode];
  const machine = new Machine(buildLayout(scenario, info.layout(scenario)), { seed: scenario.seed, smtThroughput: scenario.host.smtThroughput });
  const composition = info.compose(scenario, machine);
  machine.run(scenario.duration, composition.start);
  return { steal: machine.steal.entries, waits: composition.oses.map((os) => os.fair.waits.entries) };
}

test.each(WORLD_FAMILIES.flatMap((family) => MODES.map((mode) => [family, mode] as const)))(
  `world (%s) in %s mode keeps under ${GROWTH}× the steal and wait totals after ${(4 * SHORT_MS) / 1000} s that it kept after ${SHORT_MS / 1000} s`,
  (family, mode) => {
    const short = booksAfter(family, mode, SHORT_MS);
    const long = booksAfter(family, mode, 4 * SHORT_MS);
    expect(short.steal).toBeGreaterThan(0);
    expect(long.steal).toBeLessThan(GROWTH * short.steal);
    long.waits.forEach((waits, os) => expect(waits).toBeLessThanOrEqual(GROWTH * short.waits[os]!));
  },
);
