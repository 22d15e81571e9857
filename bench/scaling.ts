// The scaling part of `npm run bench`: the mixed worlds of bench/mixed-worlds.ts at 64, 256 and
// 1024 cores in every mode, events/s and peak memory per run, and the exponent k of events/s ∝
// cores^k fitted over the sizes (0: the cost of an event does not depend on the host's size).
// Each run is a fresh process, so its peak memory is its own; the horizon shrinks as the host
// grows so that every run simulates a comparable number of events. Then memory against the
// horizon: peak memory of world (b) at 1024 cores in every mode at a short and a 4× longer
// horizon, beside the number of per-pair totals in the result, which grows with the horizon
// until every pair (VP and thief, thread and holder) has met.
//
// A run's rate counts what every run pays once: building the host and making the result, both
// growing with the host and not with the horizon. At 1024 cores a second of simulated time spreads
// them over a tenth of the events per VP that 10 s at 64 cores does, so each run also times its
// event loop alone, from the first hundredth of the horizon to the end: the cost of an event.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMode } from '../src/hypervisor/simulate.js';
import type { RunResult } from '../src/metrics/result.js';
import { MODES, type Mode } from '../src/model/scenario.js';
import { bestAndMedianOf } from './best-of.js';
import { buildWorld, WORLD_FAMILIES, type WorldFamily } from './mixed-worlds.js';

export interface WorldRun {
  family: WorldFamily;
  cores: number;
  mode: Mode;
  horizonMs: number;
  events: number;
  wallS: number;
  eventsPerS: number;
  /** Events/s of the event loop from the first hundredth of the horizon to its end. */
  loopEventsPerS: number;
  /** Seconds of the run that the loop's rate does not account for: building the host, warming up, making the result. */
  fixedS: number;
  peakRssMb: number;
  /** Items of the result's stolenBy and waitBehind lists: one per pair that ever met. */
  pairTotals: number;
}

export const SIZES = [64, 256, 1024] as const;
/** Simulated time per run: about a million events in world (a) at every size. */
export const HORIZON_MS: Record<(typeof SIZES)[number], number> = { 64: 10_000, 256: 2_500, 1024: 1_000 };

function pairTotals(run: RunResult): number {
  let count = 0;
  for (const partition of run.partitions) {
    for (const vp of partition.vps) count += vp.stolenBy.length;
    for (const thread of partition.threads ?? []) count += thread.waitBehind.length + thread.stolenBy.length;
  }
  return count;
}

function child(family: WorldFamily, cores: number, horizonMs: number, mode: Mode): void {
  const scenario = buildWorld(family, cores, horizonMs);
  let loopStart = 0n;
  let loopEnd = 0n;
  let eventsAtStart = -1;
  let eventsAtEnd = 0;
  const progress = (_now: number, events: number): void => {
    loopEnd = process.hrtime.bigint();
    eventsAtEnd = events;
    if (eventsAtStart >= 0) return;
    loopStart = loopEnd;
    eventsAtStart = events;
  };
  const start = process.hrtime.bigint();
  const { run } = runMode(scenario, mode, { progress });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const loopEventsPerS = (eventsAtEnd - eventsAtStart) / (Number(loopEnd - loopStart) / 1e9);
  const measured: WorldRun = {
    family,
    cores,
    mode,
    horizonMs,
    events: run.host.events,
    wallS,
    eventsPerS: run.host.events / wallS,
    loopEventsPerS,
    fixedS: wallS - run.host.events / loopEventsPerS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    pairTotals: pairTotals(run),
  };
  process.stdout.write(JSON.stringify(measured));
}

export function measureWorld(family: WorldFamily, cores: number, horizonMs: number, mode: Mode): WorldRun {
  const script = fileURLToPath(import.meta.url);
  const output = execFileSync(process.execPath, [script, '--child', family, String(cores), String(horizonMs), mode], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output) as WorldRun;
}

/** Least-squares slope of log(events/s) against log(cores). */
export function growthExponent(points: readonly { cores: number; eventsPerS: number }[]): number {
  const xs = points.map((p) => Math.log(p.cores));
  const ys = points.map((p) => Math.log(p.eventsPerS));
  const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  const covariance = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i]! - my), 0);
  const variance = xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  return covariance / variance;
}

const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');

/**
 * The scaling tables, as markdown lines to `say`, once every cell is measured: each run's whole
 * rate, then its event loop's. Quick: one run per cell at 64 and 1024 cores; else the best of
 * three (and the median) at every size.
 */
export function scalingSection(quick: boolean, say: (line?: string) => void): void {
  const sizes = quick ? ([64, 1024] as const) : SIZES;
  const runs = quick ? 1 : 3;
  say(`## Mixed worlds: cost per event as the host grows (${quick ? 'quick: one run per cell' : 'best of 3, median in brackets'})`);
  say();
  say(
    'Worlds generated by bench/mixed-worlds.ts, SMT 2: (a) guests of 8 VPs, 4 VPs per core, busy, ' +
      'on/off exp(5ms)/exp(5ms), poisson 10ms/2ms and periodic 10ms/2ms in turn; (b) the same plus a root ' +
      'with a periodic thread per core and a capped cgroup of poisson agents; (c) four L1VHs with cgroups, ' +
      'threads and two children each on half the host, guests on the rest. Simulated time per run: ' +
      sizes.map((size) => `${HORIZON_MS[size] / 1000} s at ${size} cores`).join(', ') +
      '. Events/s of the whole run: building the host, the event loop and making the result. ' +
      'k fits events/s ∝ cores^k; the target is events/s at 1024 cores ≥ 0.67× that at 64 (k ≥ −0.14).',
  );
  say();
  const measured = WORLD_FAMILIES.flatMap((family) =>
    MODES.map((mode) => ({ family, mode, cells: sizes.map((cores) => Array.from({ length: runs }, () => measureWorld(family, cores, HORIZON_MS[cores], mode))) })),
  );
  rateTable(measured, runs, sizes, (run) => run.eventsPerS, say);
  say();
  say(
    'The same runs, their event loop alone: events/s from the first hundredth of the horizon to its end, so without what a run ' +
      'pays once whatever its horizon (building the host, the first JIT warm-up, making the result), which grows with the host; ' +
      '"fixed s" is that part of the run at 1024 cores (its time less its events at the loop\'s rate). This is the cost of an event.',
  );
  say();
  rateTable(measured, runs, sizes, (run) => run.loopEventsPerS, say, (run) => run.fixedS.toFixed(2));
  memorySection(quick, say);
}

interface MeasuredWorld {
  readonly family: WorldFamily;
  readonly mode: Mode;
  /** Per size, every run. */
  readonly cells: readonly (readonly WorldRun[])[];
}

/** One row per world and mode: the best (and median) `rate` per size, its growth exponent and 1024 ÷ 64; `extra` adds a column of the last size's best run. */
function rateTable(
  measured: readonly MeasuredWorld[],
  runs: number,
  sizes: readonly number[],
  rate: (run: WorldRun) => number,
  say: (line?: string) => void,
  extra?: (run: WorldRun) => string,
): void {
  const memory = extra === undefined;
  say(`| world | mode | ${sizes.map((size) => `${size} cores: events/s${memory ? ' | MB' : ''}`).join(' | ')} | k | 1024 ÷ 64 |${memory ? '' : ' fixed s |'}`);
  say(`|---|---|${sizes.map(() => (memory ? '---:|---:' : '---:')).join('|')}|---:|---:|${memory ? '' : '---:|'}`);
  for (const { family, mode, cells } of measured) {
    const ranked = cells.map((all) => bestAndMedianOf(all, rate));
    const k = growthExponent(ranked.map(({ best }) => ({ cores: best.cores, eventsPerS: rate(best) })));
    const ratio = rate(ranked[ranked.length - 1]!.best) / rate(ranked[0]!.best);
    const shown = ranked.map(({ best, median }) => {
      const figure = runs === 1 ? fmt(rate(best)) : `${fmt(rate(best))} (${fmt(rate(median))})`;
      return memory ? `${figure} | ${best.peakRssMb.toFixed(0)}` : figure;
    });
    const last = extra === undefined ? '' : ` ${extra(ranked[ranked.length - 1]!.best)} |`;
    say(`| ${family} | ${mode} | ${shown.join(' | ')} | ${k.toFixed(2)} | ${ratio.toFixed(2)} |${last}`);
  }
}

/**
 * Simulated time of the memory table's two runs per mode: the issue asks for 60 s against 600 s,
 * but world (b) at 1024 cores runs at 0.3 to 0.6 M events/s on a 2-core machine (a simulated
 * second takes 2 to 4 s), so this is the longest 4× pair whose table takes about ten minutes.
 */
export const MEMORY_HORIZONS_MS = { full: [4_000, 16_000], quick: [250, 1_000] } as const;
const MEMORY_FAMILY: WorldFamily = 'b';
const MEMORY_CORES = 1024;

/** Peak memory at two horizons in every mode, one run per cell: memory stays flat when the ratio stays near 1. */
export function memorySection(quick: boolean, say: (line?: string) => void): void {
  const [short, long] = MEMORY_HORIZONS_MS[quick ? 'quick' : 'full'];
  say();
  say(`## Mixed worlds: memory against the horizon (world ${MEMORY_FAMILY}, ${MEMORY_CORES} cores, one run per cell)`);
  say();
  say(
    `Peak RSS of one run at ${short / 1000} s and at ${long / 1000} s simulated, and their ratio. 60 s against 600 s ` +
      `would take far too long at ${MEMORY_CORES} cores on a 2-core machine: ` +
      `${MEMORY_HORIZONS_MS.full.map((ms) => `${ms / 1000} s`).join(' and ')} is the longest 4× pair that keeps the full table to about ten minutes` +
      `${quick ? ', and the quick subset runs a cheaper one' : ''}. Pair totals: items of the result's stolenBy and waitBehind lists, ` +
      'one per VP, thief and cause, thread and holder that ever met, so they grow with the horizon until every pair has met; ' +
      'at most VPs × (partitions + 1) × causes and threads × (thread names as written + 1): a wait behind a replica counts under its name, ' +
      'behind a VMM thread under its VM. Nothing else in a run grows with the horizon unless a trace or a report was asked for.',
  );
  say();
  say(`| mode | ${short / 1000} s: MB | ${long / 1000} s: MB | ratio | pair totals at ${short / 1000} s | at ${long / 1000} s |`);
  say('|---|---:|---:|---:|---:|---:|');
  for (const mode of MODES) {
    const a = measureWorld(MEMORY_FAMILY, MEMORY_CORES, short, mode);
    const b = measureWorld(MEMORY_FAMILY, MEMORY_CORES, long, mode);
    say(`| ${mode} | ${a.peakRssMb.toFixed(0)} | ${b.peakRssMb.toFixed(0)} | ${(b.peakRssMb / a.peakRssMb).toFixed(2)} | ${fmt(a.pairTotals)} | ${fmt(b.pairTotals)} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  const [family, cores, horizonMs, mode] = process.argv.slice(3);
  child(family as WorldFamily, Number(cores), Number(horizonMs), mode as Mode);
}
