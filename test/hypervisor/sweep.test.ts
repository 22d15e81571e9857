import { describe, expect, test } from 'vitest';
import { simulate, simulateMode } from '../../src/hypervisor/simulate.js';
import { checkInvariants, InvariantViolation } from '../../src/metrics/invariants.js';
import type { Workload } from '../../src/model/scenario.js';
import { ms, sec, us } from '../../src/model/time.js';
import { guestScenario } from '../support/build.js';
import { randomScenario } from '../support/random-scenario.js';

describe('invariant sweep', () => {
  test.each(Array.from({ length: 40 }, (_, seed) => seed))('seeded random scenario %i keeps every conservation law', (seed) => {
    const scenario = guestScenario(randomScenario(seed));
    for (const mode of ['classic', 'classic-nosmt'] as const) {
      // simulateMode checks the invariants itself and throws on a violation.
      const run = simulateMode(scenario, mode);
      for (const partition of run.partitions) {
        for (const vp of partition.vps) {
          expect(vp.runNs + vp.stealNs + vp.idleNs).toBe(scenario.duration);
          expect(vp.workNs).toBeLessThanOrEqual(vp.runNs);
        }
      }
      for (const lp of run.lps) expect(lp.busyNs).toBeLessThanOrEqual(scenario.duration);
    }
  });

  test('a broken conservation law fails loudly', () => {
    const run = simulateMode(guestScenario({ cores: 1, duration: sec(1), guests: [{ name: 'a' }] }), 'classic');
    const broken = {
      ...run,
      partitions: run.partitions.map((p) => ({ ...p, vps: p.vps.map((vp) => ({ ...vp, stealNs: vp.stealNs + 1 })) })),
    };
    expect(() => checkInvariants(broken, sec(1))).toThrow(InvariantViolation);
    const overlapping = { ...run, lps: run.lps.map((lp) => ({ ...lp, busyNs: lp.busyNs - 1 })) };
    expect(() => checkInvariants(overlapping, sec(1))).toThrow(/LPs were busy/);
  });
});

describe('determinism', () => {
  test('the same scenario and seed give byte-identical results', () => {
    const scenario = guestScenario(randomScenario(99));
    const first = JSON.stringify(simulate(scenario, ['classic', 'classic-nosmt']));
    const second = JSON.stringify(simulate(scenario, ['classic', 'classic-nosmt']));
    expect(second).toBe(first);
  });

  test('another seed gives other draws', () => {
    const spec = randomScenario(5);
    const poisson: Workload = { kind: 'poisson', interval: { kind: 'exp', mean: ms(2) }, work: { kind: 'exp', mean: us(500) } };
    const a = simulate(guestScenario({ ...spec, seed: 1, guests: [{ name: 'p', workload: poisson }] }), ['classic']);
    const b = simulate(guestScenario({ ...spec, seed: 2, guests: [{ name: 'p', workload: poisson }] }), ['classic']);
    expect(JSON.stringify(a.runs)).not.toBe(JSON.stringify(b.runs));
  });

  test('adding a partition elsewhere does not change the random draws of another', () => {
    const poisson: Workload = { kind: 'poisson', interval: { kind: 'exp', mean: ms(2) }, work: { kind: 'exp', mean: us(500) } };
    const alone = simulateMode(guestScenario({ cores: 2, guests: [{ name: 'p', cores: [0], workload: poisson }] }), 'classic');
    const together = simulateMode(
      guestScenario({
        cores: 2,
        guests: [
          { name: 'other', cores: [1], workload: poisson },
          { name: 'p', cores: [0], workload: poisson },
        ],
      }),
      'classic',
    );
    expect(together.partitions.find((p) => p.name === 'p')).toEqual(alone.partitions.find((p) => p.name === 'p'));
  });
});
