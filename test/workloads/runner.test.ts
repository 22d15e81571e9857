import { describe, expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import type { Workload } from '../../src/model/scenario.js';
import { ms, us, type Nanos } from '../../src/model/time.js';
import { WorkloadRunner } from '../../src/workloads/runner.js';
import { FULL_SPEED } from '../../src/workloads/work.js';

const constant = (value: Nanos) => ({ kind: 'const', value }) as const;

function arrivals(workload: Workload, until: number): number[] {
  const runner = new WorkloadRunner(workload, Random.fork(1, 'test'));
  const times: number[] = [];
  while (runner.nextArrivalAt < until) {
    times.push(runner.nextArrivalAt);
    runner.arrive(runner.nextArrivalAt);
  }
  return times;
}

describe('workload runner', () => {
  test('periodic bursts arrive at offset + k × period', () => {
    const workload: Workload = { kind: 'periodic', period: constant(ms(10)), work: constant(ms(1)), offset: constant(ms(3)) };
    expect(arrivals(workload, ms(40))).toEqual([ms(3), ms(13), ms(23), ms(33)]);
  });

  test('onoff bursts last `on` and start again after `off`', () => {
    const workload: Workload = { kind: 'onoff', on: constant(ms(5)), off: constant(ms(15)) };
    expect(arrivals(workload, ms(61))).toEqual([0, ms(20), ms(40), ms(60)]);
  });

  test('poisson arrivals have the requested mean inter-arrival', () => {
    const workload: Workload = { kind: 'poisson', interval: { kind: 'exp', mean: ms(2) }, work: constant(us(100)) };
    const times = arrivals(workload, ms(20_000));
    expect(Math.abs(times.length / 10_000 - 1)).toBeLessThan(0.03);
  });

  test('trace bursts arrive as written', () => {
    const workload: Workload = { kind: 'trace', bursts: [{ at: ms(1), work: us(5) }, { at: ms(4), work: us(5) }] };
    expect(arrivals(workload, ms(100))).toEqual([ms(1), ms(4)]);
  });

  test('busy always has work and idle never does', () => {
    const busy = new WorkloadRunner({ kind: 'busy' }, Random.fork(1, 'b'));
    expect(busy.hasWork).toBe(true);
    expect(busy.headRemaining).toBe(Number.POSITIVE_INFINITY);
    expect(busy.nextArrivalAt).toBe(Number.POSITIVE_INFINITY);
    const idle = new WorkloadRunner({ kind: 'idle' }, Random.fork(1, 'i'));
    expect(idle.hasWork).toBe(false);
    expect(idle.nextArrivalAt).toBe(Number.POSITIVE_INFINITY);
  });

  test('a burst that arrives before the previous one finished queues behind it', () => {
    const workload: Workload = { kind: 'periodic', period: constant(ms(1)), work: constant(ms(3)), offset: constant(0 as Nanos) };
    const runner = new WorkloadRunner(workload, Random.fork(1, 'q'));
    expect(runner.arrive(0)).toBe(true);
    expect(runner.arrive(ms(1))).toBe(false);
    expect(runner.backlog).toBe(2);
    runner.markExecuting(ms(2));
    runner.headRemaining = 0;
    expect(runner.completeHead(ms(5))).toBe(true);
    expect(runner.headRemaining).toBe(ms(3) * FULL_SPEED);
    runner.markExecuting(ms(5));
    expect(runner.wakeup.percentiles().maxNs).toBe(ms(4));
    expect(runner.response.percentiles().maxNs).toBe(ms(5));
  });
});
