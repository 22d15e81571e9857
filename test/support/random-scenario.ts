// Seeded random scenarios for invariant sweeps: random hosts, guests, controls and workloads.
import { Random } from '../../src/engine/random.js';
import type { Distribution, Workload } from '../../src/model/scenario.js';
import { ms, us, type Nanos } from '../../src/model/time.js';
import type { GuestSpec, ScenarioSpec } from './build.js';

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

export function randomWorkload(random: Random): Workload {
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
    wakeupPreemption: random.nextFloat() < 0.3,
    guests,
  };
}

