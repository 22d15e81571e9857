import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import { partition } from '../support/results.js';
import { ms, sec } from '../../src/model/time.js';
import { guestScenario } from '../support/build.js';
import { randomScenario } from '../support/random-scenario.js';

const DURATION = sec(10);
const TOLERANCE = 0.02;

describe('core scheduler', () => {
  test('two single-VP guests on one SMT core alternate: 50 % each, one LP forced idle', () => {
    const run = simulateMode(
      guestScenario({ cores: 1, threadsPerCore: 2, duration: DURATION, guests: [{ name: 'a' }, { name: 'b' }] }),
      'core',
    );
    expect(Math.abs(partition(run, 'a').cpuShare - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(partition(run, 'b').cpuShare - 0.5)).toBeLessThan(TOLERANCE);
    expect(run.lps[0]!.busyNs).toBe(DURATION);
    expect(run.lps[1]!.busyNs).toBe(0);
    expect(run.lps[1]!.forcedIdleNs).toBe(DURATION);
    for (const lp of run.lps) expect(lp.mixedNs).toBe(0);
    // Alone on its core, a VP runs at full speed.
    expect(partition(run, 'a').workNs).toBe(partition(run, 'a').runNs);
  });

  test('a guest of 4 busy VPs with guest SMT 1 on 4 SMT cores leaves 4 LPs forced idle', () => {
    const run = simulateMode(
      guestScenario({ cores: 4, threadsPerCore: 2, duration: DURATION, guests: [{ name: 'g', vps: 4, threadsPerCore: 1 }] }),
      'core',
    );
    expect(partition(run, 'g').runNs).toBe(4 * DURATION);
    const forced = run.lps.filter((lp) => lp.forcedIdleNs === DURATION);
    expect(forced).toHaveLength(4);
    expect(forced.every((lp) => lp.thread === 1)).toBe(true);
  });

  test('a guest with guest SMT 2 fills both threads of its cores', () => {
    const run = simulateMode(
      guestScenario({ cores: 2, threadsPerCore: 2, duration: DURATION, guests: [{ name: 'g', vps: 4, threadsPerCore: 2 }] }),
      'core',
    );
    for (const lp of run.lps) {
      expect(lp.busyNs).toBe(DURATION);
      expect(lp.forcedIdleNs).toBe(0);
    }
  });

  test('partitions never share a core, so no LP is ever mixed', () => {
    const run = simulateMode(
      guestScenario({
        cores: 3,
        threadsPerCore: 2,
        duration: DURATION,
        guests: [
          { name: 'a', vps: 3 },
          { name: 'b', vps: 5, weight: 300 },
          { name: 'c', vps: 2, workload: { kind: 'onoff', on: { kind: 'exp', mean: ms(5) }, off: { kind: 'exp', mean: ms(5) } } },
        ],
      }),
      'core',
    );
    for (const lp of run.lps) expect(lp.mixedNs).toBe(0);
  });

  test('with SMT off the shares equal classic', () => {
    const spec = { cores: 3, threadsPerCore: 1 as const, duration: DURATION, guests: [{ name: 'a', vps: 4 }, { name: 'b', vps: 2, weight: 200 }, { name: 'c', limit: 30 }] };
    const core = simulateMode(guestScenario(spec), 'core');
    const classic = simulateMode(guestScenario(spec), 'classic');
    for (const name of ['a', 'b', 'c']) {
      expect(Math.abs(partition(core, name).cpuShare - partition(classic, name).cpuShare)).toBeLessThan(TOLERANCE);
    }
  });

  test('weights hold between virtual cores: 200 vs 100 on one core', () => {
    const run = simulateMode(
      guestScenario({ cores: 1, threadsPerCore: 2, duration: DURATION, guests: [{ name: 'heavy', vps: 2, weight: 200 }, { name: 'light', vps: 2 }] }),
      'core',
    );
    expect(Math.abs(partition(run, 'heavy').cpuShare - (2 * 2) / 3)).toBeLessThan(2 * TOLERANCE);
    expect(Math.abs(partition(run, 'light').cpuShare - (2 * 1) / 3)).toBeLessThan(2 * TOLERANCE);
  });

  test.each(Array.from({ length: 30 }, (_, seed) => seed))('seeded random scenario %i keeps every invariant in core mode', (seed) => {
    const scenario = guestScenario(randomScenario(seed));
    const run = simulateMode(scenario, 'core');
    // null on a host without SMT: no sibling to mix with.
    for (const lp of run.lps) expect(lp.mixedNs ?? 0).toBe(0);
  });
});
