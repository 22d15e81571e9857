// Who stole it: every VP's steal split by cause and by thief, exactly, on cases whose answer is
// known in closed form, and the law that both splits sum to the steal in every run.
import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import { checkInvariants, InvariantViolation } from '../../src/metrics/invariants.js';
import type { PartitionResult, StealCauses, ThreadResult } from '../../src/metrics/result.js';
import { ms, sec } from '../../src/model/time.js';
import { scenarioFrom } from '../support/load.js';
import { partition } from '../support/results.js';

const noCauses: StealCauses = { contention: 0, capped: 0, gang: 0, idle: 0 };

/** An L1VH with 4 busy threads and a busy 4-VP child on 4 cores. */
const BUSY_L1VH = `
name: busy-l1vh
duration: 10s
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2, 3]
    threads: [{ name: work, count: 4, workload: busy }]
    children:
      - { name: child, vps: 4, workload: busy }
`;

/** Steal charged to each thief whatever the cause, by name ('nobody' for idle LPs). */
function thieves(p: PartitionResult): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const theft of p.stolenBy) totals[theft.partition ?? 'nobody'] = (totals[theft.partition ?? 'nobody'] ?? 0) + theft.ns;
  return totals;
}

describe('steal by cause and by thief', () => {
  test.each(['classic', 'classic-nosmt', 'core'] as const)('two equal busy guests on one LP under %s: each waits half the run, all of it contention, all stolen by the other', (mode) => {
    const run = simulateMode(
      scenarioFrom(`
name: two
duration: 10s
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: a, kind: guest, vps: 1, workload: busy }
  - { name: b, kind: guest, vps: 1, workload: busy }
`),
      mode,
    );
    for (const [victim, thief] of [['a', 'b'], ['b', 'a']] as const) {
      const vp = partition(run, victim).vps[0]!;
      expect(vp.stealNs).toBe(sec(5));
      expect(vp.stealCauses).toEqual({ ...noCauses, contention: sec(5) });
      expect(vp.stolenBy).toEqual([{ partition: thief, cause: 'contention', ns: sec(5) }]);
    }
  });

  test('an L1VH with 4 busy threads and a busy 4-VP child on 4 cores under core loses half its time, all of it to the child', () => {
    const run = simulateMode(scenarioFrom(BUSY_L1VH), 'core');
    const l1vh = partition(run, 'l1vh');
    expect(l1vh.stealShare).toBeCloseTo(0.5, 2);
    expect(thieves(l1vh)).toEqual({ child: l1vh.stealNs });
    expect(l1vh.stealCauses).toEqual({ ...noCauses, contention: l1vh.stealNs });
    const child = partition(run, 'child');
    expect(thieves(child)).toEqual({ l1vh: child.stealNs });
    // Its threads' stolen time (their OS believes they ran) is the child's doing too.
    const threads = (l1vh.threads ?? []).filter((thread) => thread.name.startsWith('work'));
    expect(threads).toHaveLength(4);
    for (const thread of threads) {
      expect(thread.stolenNs).toBeGreaterThan(sec(4));
      expect(thread.stolenBy).toEqual([{ partition: 'child', ns: thread.stolenNs }]);
    }
  });

  test('the same L1VH under integrated loses nothing: its children run beside its threads, not instead of its vCPUs', () => {
    const run = simulateMode(scenarioFrom(BUSY_L1VH), 'integrated');
    const l1vh = partition(run, 'l1vh');
    expect(l1vh.stealNs).toBe(0);
    expect(l1vh.stolenBy).toEqual([]);
    const child = partition(run, 'child');
    // The child's VPs wait while their VMM threads wait for the L1VH's CPUs, behind its own
    // threads: half the run, as four threads and four VMM threads of equal weight share 4 CPUs.
    expect(child.stealShare).toBeCloseTo(0.5, 2);
    expect(thieves(child)).toEqual({ l1vh: child.stealNs });
    expect(child.stealCauses.contention).toBe(child.stealNs);
  });

  test('in an integrated L1VH whose cgroups weigh its threads 1 : 3 against its VMs, each thread waits three quarters of the run, all behind the VMM threads, and they a quarter, behind the threads', () => {
    const run = simulateMode(
      scenarioFrom(`
name: weighted-l1vh
duration: 10s
host: { cores: 4, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2, 3]
    cgroups: { apps: { weight: 100 }, vms: { weight: 300 } }
    threads: [{ name: work, count: 4, workload: busy, cgroup: apps }]
    children:
      - { name: child, vps: 4, workload: busy, cgroup: vms }
`),
      'integrated',
    );
    const threads = partition(run, 'l1vh').threads ?? [];
    const behind = (thread: ThreadResult, vmm: boolean): number =>
      thread.waitBehind.reduce((total, wait) => total + (wait.thread !== null && wait.thread.startsWith('vmm:') === vmm ? wait.ns : 0), 0);
    expect(threads).toHaveLength(8);
    for (const thread of threads) {
      const vmm = thread.name.startsWith('vmm:');
      expect(thread.waitNs / sec(10)).toBeCloseTo(vmm ? 0.25 : 0.75, 2);
      expect(behind(thread, !vmm)).toBe(thread.waitNs);
    }
  });

  test('two busy root threads on one CPU each wait half the run, all of it behind the other', () => {
    const run = simulateMode(
      scenarioFrom(`
name: two-threads
duration: 10s
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: root, kind: root, threads: [{ name: a, workload: busy }, { name: b, workload: busy }] }
`),
      'root',
    );
    const threads = partition(run, 'root').threads ?? [];
    for (const [waiter, holder] of [['a', 'b'], ['b', 'a']] as const) {
      const thread = threads.find((t) => t.name === waiter)!;
      expect(thread.waitNs / sec(10)).toBeCloseTo(0.5, 3);
      expect(thread.waitBehind).toEqual([{ thread: holder, ns: thread.waitNs }]);
    }
  });

  test('a wait behind a replica is counted under the name as written, behind a VMM thread under its VM', () => {
    const run = simulateMode(
      scenarioFrom(`
name: replicas
duration: 10s
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: root, kind: root, threads: [{ name: w, count: 3, workload: busy }, { name: solo, workload: busy }] }
  - { name: vm, kind: guest, vps: 2, workload: busy }
`),
      'root',
    );
    const threads = partition(run, 'root').threads ?? [];
    expect(threads.map((t) => t.name)).toEqual(['w#0', 'w#1', 'w#2', 'solo', 'vmm:vm/vp0', 'vmm:vm/vp1']);
    for (const thread of threads) {
      const holders = thread.waitBehind.map((wait) => wait.thread);
      const expected = ['w', 'solo', 'vmm:vm'].filter((name) => !(name === 'solo' && thread.name === 'solo'));
      expect(holders, thread.name).toEqual(expected);
      expect(thread.waitBehind.reduce((total, wait) => total + wait.ns, 0)).toBe(thread.waitNs);
    }
    // Six busy threads on one CPU: each waits five sixths of the run, behind the other five.
    const solo = threads.find((t) => t.name === 'solo')!;
    const behind = Object.fromEntries(solo.waitBehind.map((wait) => [wait.thread, wait.ns / sec(10)]));
    expect(behind.w).toBeCloseTo(3 / 6, 2);
    expect(behind['vmm:vm']).toBeCloseTo(2 / 6, 2);
  });

  test('a VP alone with limit 50 waits half the run, all of it capped, stolen by nobody', () => {
    const run = simulateMode(
      scenarioFrom(`
name: capped
duration: 10s
host: { cores: 1, threadsPerCore: 1 }
partitions:
  - { name: capped, kind: guest, vps: 1, limit: 50, workload: busy }
`),
      'classic',
    );
    const vp = partition(run, 'capped').vps[0]!;
    expect(vp.stealNs).toBeGreaterThan(sec(4.9));
    expect(vp.stealCauses).toEqual({ ...noCauses, capped: vp.stealNs });
    expect(vp.stolenBy).toEqual([{ partition: null, cause: 'capped', ns: vp.stealNs }]);
  });

  test('a VP of a capped cgroup in an integrated L1VH waits capped while its cgroup is throttled', () => {
    const run = simulateMode(
      scenarioFrom(`
name: cgroup-capped
duration: 10s
host: { cores: 2, threadsPerCore: 1 }
partitions:
  - name: l1vh
    kind: l1vh
    cores: [0, 1]
    cgroups: { vms: { max: 0.5 } }
    children:
      - { name: child, vps: 1, cgroup: vms, workload: busy }
`),
      'integrated',
    );
    const child = partition(run, 'child');
    expect(child.runNs / sec(10)).toBeCloseTo(0.5, 2);
    expect(child.stealCauses.capped).toBe(child.stealNs);
  });

  test('under core, an SMT guest\'s VP whose sibling LP idles claimed by another virtual core waits for the gang', () => {
    const run = simulateMode(
      scenarioFrom(`
name: gang
duration: 10s
host: { cores: 1, threadsPerCore: 2 }
partitions:
  - { name: single, kind: guest, vps: 1, threadsPerCore: 1, workload: busy }
  - { name: smt, kind: guest, vps: 2, threadsPerCore: 2, workload: busy }
`),
      'core',
    );
    const [first, second] = partition(run, 'smt').vps;
    // While `single` runs on LP 0 its core's LP 1 idles, claimed: the VP that runs on LP 1
    // waits for its gang there, the one on LP 0 for the partition that runs there.
    // Before a VP first runs it waits for the first LP it may use, LP 0: the first quantum.
    const byLp = [first!, second!].sort((a, b) => a.stealCauses.gang - b.stealCauses.gang);
    expect(byLp[0]!.stealCauses).toEqual({ ...noCauses, contention: byLp[0]!.stealNs });
    expect(byLp[1]!.stealCauses).toEqual({ ...noCauses, contention: ms(10), gang: byLp[1]!.stealNs - ms(10) });
    expect(byLp[1]!.stealNs).toBeGreaterThan(sec(4));
    expect(byLp[1]!.stolenBy).toEqual([
      { partition: 'single', cause: 'contention', ns: ms(10) },
      { partition: 'single', cause: 'gang', ns: byLp[1]!.stealNs - ms(10) },
    ]);
    expect(partition(run, 'single').vps[0]!.stolenBy).toEqual([{ partition: 'smt', cause: 'contention', ns: partition(run, 'single').stealNs }]);
  });

  test('a run whose causes or thieves do not sum to the steal fails as a bug', () => {
    const run = simulateMode(scenarioFrom('name: two\nduration: 1s\nhost: { cores: 1 }\npartitions:\n  - { name: a, kind: guest, vps: 1, workload: busy }\n  - { name: b, kind: guest, vps: 1, workload: busy }\n'), 'classic');
    const withVp = (change: object): typeof run => ({
      ...run,
      partitions: run.partitions.map((p, index) => (index === 0 ? { ...p, vps: [{ ...p.vps[0]!, ...change }] } : p)),
    });
    const a = run.partitions[0]!.vps[0]!;
    expect(() => checkInvariants(withVp({ stealCauses: { ...a.stealCauses, gang: 1 } }), sec(1))).toThrow(/steal causes sum to/);
    expect(() => checkInvariants(withVp({ stolenBy: [] }), sec(1))).toThrow(InvariantViolation);
    const l1vh = simulateMode(scenarioFrom(BUSY_L1VH), 'integrated');
    const withoutWaits = {
      ...l1vh,
      partitions: l1vh.partitions.map((p) => (p.threads === null ? p : { ...p, threads: p.threads.map((t) => ({ ...t, waitBehind: [] })) })),
    };
    expect(() => checkInvariants(withoutWaits, sec(10))).toThrow(/behind other threads/);
    expect(() => checkInvariants(run, sec(1))).not.toThrow();
  });
});
