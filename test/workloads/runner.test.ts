import { describe, expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import type { Workload } from '../../src/model/scenario.js';
import { ms, us, type Nanos } from '../../src/model/time.js';
import { WorkloadRunner } from '../../src/workloads/runner.js';
import { FULL_SPEED } from '../../src/workloads/work.js';
import { Histogram } from '../../src/metrics/histogram.js';

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

describe('a workload that falls behind', () => {
  const exp = (mean: Nanos) => ({ kind: 'exp', mean }) as const;
  const workloads: [string, Workload][] = [
    ['onoff', { kind: 'onoff', on: exp(ms(5)), off: exp(ms(5)) }],
    ['poisson', { kind: 'poisson', interval: exp(ms(10)), work: exp(ms(2)) }],
    ['periodic', { kind: 'periodic', period: exp(ms(10)), work: exp(ms(2)), offset: exp(ms(1)) }],
    ['trace', { kind: 'trace', bursts: Array.from({ length: 300 }, (_, i) => ({ at: ms(i), work: us(10 + (i % 7)) })) }],
  ];

  test.each(workloads)('%s: a backlog of hundreds of bursts comes out as the bursts that arrived, in order', (_, workload) => {
    // Served at once, each burst is seen as it arrives: its arrival time and its work.
    const served = new WorkloadRunner(workload, Random.fork(3, 'behind'));
    const bursts: { at: number; work: number }[] = [];
    while (bursts.length < 300 && served.nextArrivalAt !== Number.POSITIVE_INFINITY) {
      const at = served.nextArrivalAt;
      served.arrive(at);
      bursts.push({ at, work: served.headRemaining });
      served.headRemaining = 0;
      served.completeHead(at);
    }
    // Never served until all have arrived, then finished one by one at the same instant.
    const behind = new WorkloadRunner(workload, Random.fork(3, 'behind'));
    for (const { at } of bursts) behind.arrive(at);
    expect(behind.backlog).toBe(bursts.length);
    const end = bursts.at(-1)!.at + ms(1);
    const works: number[] = [];
    for (let left = bursts.length; left > 0; left--) {
      works.push(behind.headRemaining);
      behind.headRemaining = 0;
      expect(behind.completeHead(end)).toBe(left > 1);
    }
    expect(works).toEqual(bursts.map(({ work }) => work));
    expect(behind.hasWork).toBe(false);
    const expected = new Histogram();
    for (const { at } of bursts) expected.record(end - at);
    expect(behind.response.percentiles()).toEqual(expected.percentiles());
    expect(behind.response.count).toBe(bursts.length);
  });
});
