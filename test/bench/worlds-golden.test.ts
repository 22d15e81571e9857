// The scaling benchmark's mixed worlds, small and short, in every mode: their results are pinned
// by digest, so a speed-up of the engine or the schedulers proves it changed no number. On a
// mismatch the results are in test-output/worlds/ to diff against a run of the previous commit.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { buildWorld, WORLD_FAMILIES } from '../../bench/mixed-worlds.js';
import { runMode, simulate } from '../../src/hypervisor/simulate.js';
import { MODES } from '../../src/model/scenario.js';

const GOLDEN = 'test/golden/worlds.sha256.txt';
const CORES = 16;
const DURATION_MS = 300;

test(`the mixed worlds at ${CORES} cores over ${DURATION_MS} ms give the pinned results in every mode`, () => {
  mkdirSync('test-output/worlds', { recursive: true });
  const lines = WORLD_FAMILIES.flatMap((family) => {
    const scenario = buildWorld(family, CORES, DURATION_MS);
    return MODES.map((mode) => {
      const json = JSON.stringify(simulate(scenario, [mode]));
      writeFileSync(`test-output/worlds/${scenario.name}.${mode}.json`, `${json}\n`);
      return `${scenario.name} ${mode} ${createHash('sha256').update(json).digest('hex')}`;
    });
  });
  const text = `${lines.join('\n')}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
  expect(existsSync(GOLDEN), `${GOLDEN} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
});

test(`a traced run, or one that keeps its longest waits, gives the numbers of a plain one (the mixed worlds at ${CORES} cores)`, () => {
  // Some shortcuts of the plain run (a switch that never idles the LP between) are left out where
  // a trace or a listener would see the zero-time steps they skip: the results must not differ.
  for (const family of WORLD_FAMILIES) {
    const scenario = buildWorld(family, CORES, 100);
    for (const mode of MODES) {
      const plain = JSON.stringify(runMode(scenario, mode).run);
      const watched = runMode(scenario, mode, { traceWindow: { from: 0, to: scenario.duration }, longestWaits: 3 });
      expect(JSON.stringify(watched.run), `${family} ${mode}`).toBe(plain);
    }
  }
});
