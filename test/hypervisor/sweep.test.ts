import { describe, expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { simulate, simulateMode } from '../../src/hypervisor/simulate.js';
import { checkInvariants, InvariantViolation } from '../../src/metrics/invariants.js';
import type { Distribution, Workload } from '../../src/model/scenario.js';
import { ms, sec, us, type Nanos } from '../../src/model/time.js';
import { guestScenario, type GuestSpec, type ScenarioSpec } from '../support/build.js';

function randomDistribution(random: Random, meanNs: number): Distribution {
  const mean = Math.max(1, Math.round(meanNs * (0.2 + random.nextFloat()))) as Nanos;
  switch (random.nextUint32() % 3) {
    case 0:
      return { kind: 'const', value: mean };
    case 1:
      return { kind: 'exp', mean };
    default:
      return { kind: 'uniform', min: Math.round(mean / 2) as Nanos, max: (mean * 2) as Nanos };
  }
}

function randomWorkload(random: Random): Workload {
  switch (random.nextUint32() % 6) {
    case 0:
      return { kind: 'busy' };
    case 1:
      return { kind: 'idle' };
    case 2:
      return { kind: 'periodic', period: randomDistribution(random, ms(10)), work: randomDistribution(random, ms(3)), offset: randomDistribution(random, ms(1)) };
    case 3:
      return { kind: 'onoff', on: randomDistribution(random, ms(8)), off: randomDistribution(random, ms(8)) };
    case 4:
      return { kind: 'poisson', interval: randomDistribution(random, ms(2)), work: randomDistribution(random, us(700)) };
    default: {
      let at = 0;
      const bursts = Array.from({ length: 1 + (random.nextUint32() % 30) }, () => {
        at += random.nextUint32() % ms(50);
        return { at: at as Nanos, work: (1 + (random.nextUint32() % ms(20))) as Nanos };
      });
      return { kind: 'trace', bursts };
    }
  }
}

/** A random host with random guests, weights, reserves, limits, core restrictions and workloads. */
export function randomScenario(seed: number): ScenarioSpec {
  const random = Random.fork(seed, 'sweep');
  const cores = 1 + (random.nextUint32() % 6);
  const threadsPerCore = (1 + (random.nextUint32() % 2)) as 1 | 2;
  const guests: GuestSpec[] = Array.from({ length: 1 + (random.nextUint32() % 5) }, (_, i) => {
    const vps = 1 + (random.nextUint32() % 6);
    const restricted = random.nextFloat() < 0.3;
    const reserve = random.nextFloat() < 0.3 ? random.nextUint32() % 20 : 0;
    return {
      name: `g${i}`,
      vps,
      weight: 1 + (random.nextUint32() % 400),
      reserve,
      limit: random.nextFloat() < 0.3 ? Math.max(reserve, 5 + (random.nextUint32() % 95)) : 100,
      ...(restricted ? { cores: [random.nextUint32() % cores] } : {}),
      workload: Array.from({ length: vps }, () => randomWorkload(random)),
    };
  });
  return {
    cores,
    threadsPerCore,
    smtThroughput: 1 + random.nextFloat(),
    duration: ms(500 + (random.nextUint32() % 1500)),
    seed,
    quantum: ms(1 + (random.nextUint32() % 20)),
    window: ms(50 + (random.nextUint32() % 100)),
    guests,
  };
}

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
