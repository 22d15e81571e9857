// Steal is only ever what a scheduler really withholds: the cases issue 8 found inventing it,
// each now given the share weighted max-min fairness gives, and the laws that keep it so.
import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import { checkInvariants, InvariantViolation } from '../../src/metrics/invariants.js';
import { WorkConservationMeter } from '../../src/metrics/work-conservation.js';
import { sec } from '../../src/model/time.js';
import { scenarioFrom } from '../support/load.js';
import { partition } from '../support/results.js';

const share = (runNs: number, durationNs = sec(10)): number => runNs / durationNs;

describe('no steal beside an idle LP', () => {
  test.each(['classic', 'core'] as const)('a pinned guest and a free guest on 2 LPs each run 1.0 with no steal under %s', (mode) => {
    const scenario = scenarioFrom(`
name: pinned
duration: 10s
host: { cores: 2, threadsPerCore: 1 }
partitions:
  - { name: free, kind: guest, vps: 1, workload: busy }
  - { name: pinned, kind: guest, vps: 1, cores: [0], workload: busy }
`);
    const run = simulateMode(scenario, mode);
    for (const name of ['free', 'pinned']) {
      expect(partition(run, name).stealNs).toBe(0);
      expect(share(partition(run, name).runNs)).toBe(1);
    }
    expect(run.host.readyBesideIdleNs).toBe(0);
  });

  test.each([
    ['free listed first', ['free', 'pinned']],
    ['pinned listed first', ['pinned', 'free']],
  ])('in root mode a free thread beside one pinned to CPU 0 gets a whole CPU (%s)', (_, order) => {
    const threads = order.map((name) => (name === 'free' ? '{ name: free, workload: busy }' : '{ name: pinned, cpus: [0], workload: busy }'));
    const scenario = scenarioFrom(`
name: root-pinned
duration: 10s
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: root
    kind: root
    threads: [${threads.join(', ')}]
`);
    const threadRuns = partition(simulateMode(scenario, 'root'), 'root').threads!;
    for (const thread of threadRuns) expect(share(thread.runNs)).toBe(1);
  });
});

describe('SMT-aware placement in the OS', () => {
  test.each(['core', 'integrated'] as const)('two busy L1VH threads on 2 cores × 2 threads each get a whole core under %s', (mode) => {
    const scenario = scenarioFrom(`
name: smt-placement
duration: 10s
host: { cores: 4, threadsPerCore: 2, smtThroughput: 1.25 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1]
    threads:
      - { name: t, count: 2, workload: busy }
`);
    const l1vh = partition(simulateMode(scenario, mode), 'l1vh');
    // A whole core each: full-speed work, never the 0.625 of a shared core.
    expect(l1vh.workNs / sec(10)).toBeCloseTo(2, 3);
  });
});

describe('caps without starvation', () => {
  test('a child pinned to vCPU 3 inside a capped cgroup gets its fair part of 1.5 CPUs', () => {
    const scenario = scenarioFrom(`
name: capped-pinned
duration: 10s
host: { cores: 4, threadsPerCore: 2 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1]
    cgroups:
      vms: { max: 1.5 }
    children:
      - { name: free, vps: 2, cgroup: vms, workload: busy }
      - { name: pinned, vps: 1, cgroup: vms, cpus: [3], workload: busy }
`);
    const run = simulateMode(scenario, 'integrated');
    // Three equal members share 1.5 CPUs: half a CPU each.
    expect(share(partition(run, 'pinned').runNs)).toBeCloseTo(0.5, 1);
    for (const vp of partition(run, 'free').vps) expect(share(vp.runNs)).toBeCloseTo(0.5, 1);
    expect(partition(run, 'l1vh').cgroups![0]!.cpus).toBeLessThanOrEqual(1.5 + 1e-6);
  });
});

describe('reserve, limit and weight as water-filling', () => {
  test('a reserve that needs less than it holds takes nothing from a weight-1000 VP', () => {
    const scenario = scenarioFrom(`
name: reserve-source
duration: 10s
host: { cores: 2, threadsPerCore: 1 }
partitions:
  - { name: heavy, kind: guest, vps: 1, weight: 1000, workload: busy }
  - { name: light, kind: guest, vps: 3, weight: 100, workload: busy }
  - { name: reserved, kind: guest, vps: 1, reserve: 50, workload: { type: periodic, period: 10ms, work: 3ms } }
`);
    const run = simulateMode(scenario, 'classic');
    expect(share(partition(run, 'heavy').runNs)).toBeGreaterThan(0.98);
    // The reserved VP gets all it asks for (0.3), the light ones share the rest: 0.7 / 3.
    expect(share(partition(run, 'reserved').runNs)).toBeCloseTo(0.3, 2);
    for (const vp of partition(run, 'light').vps) expect(Math.abs(share(vp.runNs) - 0.7 / 3)).toBeLessThan(0.02);
  });

  test('a limit is paced over its window: limited VPs do not crowd others first and idle after', () => {
    const scenario = scenarioFrom(`
name: paced-limit
duration: 10s
host: { cores: 6, threadsPerCore: 1 }
partitions:
  - { name: free, kind: guest, vps: 5, workload: busy }
  - { name: limited, kind: guest, vps: 2, limit: 60, workload: busy }
`);
    const run = simulateMode(scenario, 'classic');
    for (const vp of partition(run, 'limited').vps) expect(share(vp.runNs)).toBeLessThanOrEqual(0.6 + 1e-9);
    // Fluid: 1.2 LPs to the limited VPs, 4.8 to five free ones, 0.96 each (0.90 when bursting).
    for (const vp of partition(run, 'free').vps) expect(Math.abs(share(vp.runNs) - 0.96)).toBeLessThan(0.02);
  });
});

describe('Hyper-V rules', () => {
  test('a VM without guest SMT with more VPs than host cores is paired under core: every VP runs 1.0', () => {
    const scenario = scenarioFrom(`
name: legacy
duration: 10s
host: { cores: 4, threadsPerCore: 2 }
partitions:
  - { name: legacy, kind: guest, vps: 6, threadsPerCore: 1, workload: busy }
`);
    for (const vp of partition(simulateMode(scenario, 'core'), 'legacy').vps) expect(share(vp.runNs)).toBe(1);
  });

  test('under classic-nosmt an L1VH has one vCPU per core, like the root one VP per LP', () => {
    const scenario = scenarioFrom(`
name: nosmt-l1vh
duration: 2s
host: { cores: 4, threadsPerCore: 2 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1]
    threads:
      - { name: t, count: 2, cpus: [0, 2], workload: busy }
`);
    const run = simulateMode(scenario, 'classic-nosmt');
    const l1vh = partition(run, 'l1vh');
    expect(l1vh.vps).toHaveLength(2);
    // vCPUs 0 and 2 (thread 0 of each core) keep their numbers: each thread has its own, no steal.
    expect(l1vh.stealNs).toBe(0);
    for (const thread of l1vh.threads!) expect(thread.runNs).toBe(sec(2));
  });

  test("a child whose cpus miss its cgroup's cpuset is measured against the cpuset it is scheduled on", () => {
    const scenario = scenarioFrom(`
name: cpuset-yields
duration: 2s
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2, 3]
    cgroups:
      vms: { cpus: [0, 1] }
    children:
      - { name: child, vps: 1, cgroup: vms, cpus: [3], workload: busy }
`);
    const run = simulateMode(scenario, 'integrated');
    expect(partition(run, 'child').outsideCpusetNs).toBe(0);
    expect(partition(run, 'l1vh').cgroups![0]!.outsideCpusetNs).toBe(0);
  });
});

describe('the work-conservation meter', () => {
  test('counts time while a ready entity has an idle place it may use, and nothing in between decisions', () => {
    const meter = new WorkConservationMeter('test', 2);
    const pinned = meter.classOf([0]);
    meter.idle(1, false, 0);
    meter.ready(pinned, 1, 0);
    // Place 0 is idle and the pinned entity waits: the law is broken until it runs.
    meter.idle(0, false, 40);
    meter.ready(pinned, -1, 40);
    expect(meter.readyBesideIdleNs).toBe(40);
    // Broken and mended at one instant: zero time.
    meter.idle(0, true, 50);
    meter.ready(pinned, 1, 50);
    meter.idle(0, false, 50);
    expect(meter.readyBesideIdleNs).toBe(40);
    meter.close(100);
    expect(meter.readyBesideIdleNs).toBe(40);
  });

  test('does not count entities held for a documented reason, nor places they may not use', () => {
    const meter = new WorkConservationMeter('test', 2);
    const held = meter.classOf([0, 1], 7);
    const elsewhere = meter.classOf([1]);
    meter.idle(1, false, 0);
    meter.hold(held, true, 0);
    meter.ready(held, 1, 0);
    meter.ready(elsewhere, 1, 0);
    meter.close(100);
    expect(meter.readyBesideIdleNs).toBe(0);
  });

  test('a run that reports ready work beside an idle place fails as a bug, naming the scheduler', () => {
    const run = simulateMode(scenarioFrom('name: one\nduration: 1s\nhost: { cores: 1 }\npartitions:\n  - { name: a, kind: guest, vps: 1, workload: busy }\n'), 'classic');
    expect(run.workConservation).toEqual([{ scheduler: 'classic host', readyBesideIdleNs: 0 }]);
    const broken = { ...run, host: { ...run.host, readyBesideIdleNs: 5 }, workConservation: [{ scheduler: 'classic host', readyBesideIdleNs: 5 }] };
    expect(() => checkInvariants(broken, sec(1))).toThrow(InvariantViolation);
    expect(() => checkInvariants(broken, sec(1))).toThrow(/classic host 5 ns/);
  });
});
