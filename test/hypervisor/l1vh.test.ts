import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import type { RunResult } from '../../src/metrics/result.js';
import { measure } from '../../src/metrics/measures.js';
import { sec } from '../../src/model/time.js';
import { partition } from '../support/results.js';
import type { Mode } from '../../src/model/scenario.js';
import { scenarioFrom } from '../support/load.js';

const TOLERANCE = 0.02;

/** An L1VH of 4 cores (no SMT) with 4 busy threads in cgroup `tasks` and one child of 4 busy VPs in `vms`. */
function l1vh(vms: string, child = '', hypervisor = '', childWorkload = 'busy'): string {
  return `
duration: 10s
host: { cores: 4, threadsPerCore: 1 }
${hypervisor}
partitions:
  - name: l1vh
    kind: l1vh
    cores: 4
    cgroups: { tasks: { weight: 300 }, vms: ${vms} }
    threads: [ { name: task, count: 4, cgroup: tasks, workload: busy } ]
    children: [ { name: child, vps: 4, cgroup: vms, workload: ${childWorkload} ${child} } ]
`;
}

const run = (yaml: string, mode: Mode): RunResult => simulateMode(scenarioFrom(yaml), mode);

describe('an L1VH and its child', () => {
  test('core: the L1VH loses half its time to its own child, whatever its cgroups say', () => {
    for (const vms of ['{ weight: 100 }', '{ weight: 1 }', '{ weight: 100, max: 1 }']) {
      const result = run(l1vh(vms), 'core');
      expect(Math.abs(partition(result, 'l1vh').stealShare - 0.5)).toBeLessThan(TOLERANCE);
      expect(Math.abs(partition(result, 'child').cpuShare - 2)).toBeLessThan(2 * TOLERANCE);
      // The L1VH's OS cannot see the steal: its threads believe they ran all the time.
      const threads = partition(result, 'l1vh').threads!;
      for (const thread of threads) {
        expect(thread.runNs).toBe(10e9);
        expect(Math.abs(thread.stolenNs / 10e9 - 0.5)).toBeLessThan(TOLERANCE);
      }
      expect(partition(result, 'l1vh').reportedStealNs).toBe(0);
    }
  });

  test('integrated: no steal for the L1VH, and cgroups 300:100 give tasks 3 CPUs and the child 1', () => {
    const result = run(l1vh('{ weight: 100 }'), 'integrated');
    expect(result.l1vhScheduler).toBe('root');
    expect(result.gate!.outcome).toBe('integrated');
    expect(partition(result, 'l1vh').stealNs).toBe(0);
    expect(Math.abs(partition(result, 'child').cpuShare - 1)).toBeLessThan(2 * TOLERANCE);
    const cgroups = partition(result, 'l1vh').cgroups!;
    expect(Math.abs(cgroups.find((c) => c.name === 'tasks')!.cpus - 3)).toBeLessThan(2 * TOLERANCE);
    expect(Math.abs(cgroups.find((c) => c.name === 'vms')!.cpus - 1)).toBeLessThan(2 * TOLERANCE);
    for (const thread of partition(result, 'l1vh').threads!) expect(thread.stolenNs).toBe(0);
  });

  test('a child cpuset of one vCPU holds it to one CPU only in integrated', () => {
    const yaml = l1vh('{ weight: 100 }', ', cpus: [0]');
    const integrated = run(yaml, 'integrated');
    expect(partition(integrated, 'child').cpuShare).toBeLessThanOrEqual(1 + 1e-9);
    expect(partition(integrated, 'child').outsideCpusetNs).toBe(0);
    const core = run(yaml, 'core');
    expect(partition(core, 'child').cpuShare).toBeGreaterThan(1.9);
    expect(partition(core, 'child').outsideCpusetNs).toBeGreaterThan(0.7 * partition(core, 'child').runNs);
    // `expect` checks it on the partition as on a cgroup, as a share of its run time.
    const target = { kind: 'partition', partition: 'child' } as const;
    expect(measure(integrated, target, 'outsideCpusetShare', sec(10))).toBe(0);
    expect(measure(core, target, 'outsideCpusetShare', sec(10))).toBeCloseTo(partition(core, 'child').outsideCpusetNs! / partition(core, 'child').runNs, 12);
    expect(measure(core, { kind: 'partition', partition: 'l1vh' }, 'outsideCpusetShare', sec(10))).toMatch(/nothing measured it/);
  });

  test('a cgroup max of 1.5 CPUs holds the child to 1.5 CPUs only in integrated', () => {
    const yaml = l1vh('{ weight: 10000, max: 1.5 }');
    const integrated = run(yaml, 'integrated');
    const vms = partition(integrated, 'l1vh').cgroups!.find((c) => c.name === 'vms')!;
    expect(vms.maxCpus).toBe(1.5);
    expect(partition(integrated, 'child').cpuShare).toBeLessThanOrEqual(1.5 + 1e-9);
    expect(Math.abs(partition(integrated, 'child').cpuShare - 1.5)).toBeLessThan(2 * TOLERANCE);
    expect(partition(run(yaml, 'core'), 'child').cpuShare).toBeGreaterThan(1.9);
    expect(partition(run(yaml, 'classic'), 'child').cpuShare).toBeGreaterThan(1.9);
  });

  test.each(['core', 'integrated', 'classic'] as const)('an idle child costs the L1VH nothing (%s)', (mode) => {
    const result = run(l1vh('{ weight: 100 }', '', '', 'idle'), mode);
    expect(partition(result, 'child').runNs).toBe(0);
    expect(partition(result, 'l1vh').stealNs).toBe(0);
    expect(partition(result, 'l1vh').cpuShare).toBe(4);
  });

  test('root: L1VH vCPUs and child VPs are sibling VMM threads of the root', () => {
    const result = run(l1vh('{ weight: 100 }'), 'root');
    expect(Math.abs(partition(result, 'l1vh').stealShare - 0.5)).toBeLessThan(TOLERANCE);
    expect(Math.abs(partition(result, 'child').cpuShare - 2)).toBeLessThan(2 * TOLERANCE);
  });
});

describe('the gate decides the L1VH scheduler of an integrated run', () => {
  const cases = [
    ['0x40', '1', 'integrated', 'root'],
    ['0x40', '0', 'core', 'core'],
    ['0x0', '1', 'core', 'core'],
    ['0x40', 'unreadable', 'driver-failed', 'core'],
    ['unreadable', '1', 'driver-failed', 'core'],
    ['0xbf', '1', 'core', 'core'],
  ] as const;
  test.each(cases)('caps %s, property %s → %s', (caps, property, outcome, scheduler) => {
    const yaml = l1vh('{ weight: 100 }', '', `hypervisor: { vmmCapabilities: "${caps}", integratedSchedulerEnabled: ${property === 'unreadable' ? '"unreadable"' : property} }`);
    const result = run(yaml, 'integrated');
    expect(result.gate!.outcome).toBe(outcome);
    expect(result.l1vhScheduler).toBe(scheduler);
    const l1vhSteal = partition(result, 'l1vh').stealShare;
    const childCpus = partition(result, 'child').cpuShare;
    if (outcome === 'integrated') {
      expect(l1vhSteal).toBe(0);
      expect(Math.abs(childCpus - 1)).toBeLessThan(2 * TOLERANCE);
    } else if (outcome === 'core') {
      expect(Math.abs(l1vhSteal - 0.5)).toBeLessThan(TOLERANCE);
      expect(Math.abs(childCpus - 2)).toBeLessThan(2 * TOLERANCE);
    } else {
      // The driver failed: no child partition exists; the L1VH has its cores to itself.
      expect(childCpus).toBe(0);
      expect(l1vhSteal).toBe(0);
    }
  });
});

describe('wake-up latency of a light request thread beside a busy sibling VP', () => {
  const yaml = `
duration: 10s
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: 4
    threads: [ { name: api, workload: { type: periodic, period: "uniform(4ms, 6ms)", work: 100us } } ]
    children: [ { name: busy, vps: 4, workload: busy } ]
`;
  test('classic: the request waits for a quantum to end; integrated: well under a millisecond', () => {
    const classic = run(yaml, 'classic');
    const api = (result: RunResult) => partition(result, 'l1vh').threads!.find((t) => t.name === 'api')!.latency!;
    expect(api(classic).wakeup.p99Ns).toBeGreaterThan(2_000_000);
    expect(api(classic).wakeup.maxNs).toBeLessThanOrEqual(10_000_000);
    const integrated = run(yaml, 'integrated');
    expect(api(integrated).wakeup.p99Ns).toBeLessThan(100_000);
    expect(api(integrated).count).toBeGreaterThan(1500);
  });
});
