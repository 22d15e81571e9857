import { describe, expect, test } from 'vitest';
import { simulate } from '../../src/hypervisor/simulate.js';
import { MODES, type Scenario } from '../../src/model/scenario.js';
import { randomWorld } from '../support/random-world.js';

function hasVmMembers(scenario: Scenario, owner: string, cgroup: string): boolean {
  return scenario.partitions.some((p) => {
    if (p.kind === 'root') return false;
    if (p.kind === 'l1vh' && p.name === owner) return p.children.some((child) => child.cgroup === cgroup);
    return scenario.partitions.find((q) => q.name === owner)?.kind === 'root' && p.cgroup === cgroup;
  });
}

describe('every mode keeps every invariant on seeded random worlds', () => {
  // 117 and 233: a wake-up preemption freed a place in a capped cgroup whose member waited beside an idle CPU.
  test.each([...Array.from({ length: 40 }, (_, seed) => seed), 117, 233])('world %i', (seed) => {
    const scenario = randomWorld(seed);
    // simulate() checks the conservation laws of every run and throws on a violation; the
    // machine also checks at every dispatch that an LP is free and, in core modes, that no two
    // partitions share a core.
    const result = simulate(scenario, MODES);
    for (const run of result.runs) {
      for (const partition of run.partitions) {
        for (const thread of partition.threads ?? []) {
          expect(thread.runNs + thread.waitNs).toBeLessThanOrEqual(scenario.duration);
          expect(thread.stolenNs).toBeLessThanOrEqual(thread.runNs);
        }
        // An OS holds a cgroup to its quota when it schedules every member: always for threads
        // alone, for VMs only when it owns the LPs (root mode's root, an integrated L1VH).
        const ownsItsLps = (run.mode === 'root' && partition.kind === 'root') || (run.l1vhScheduler === 'root' && partition.kind === 'l1vh');
        for (const cgroup of partition.cgroups ?? []) {
          if (cgroup.maxCpus === null || (hasVmMembers(scenario, partition.name, cgroup.name) && !ownsItsLps)) continue;
          // At most the quota in every period, the last one partial: d = k·P + r allows k·Q + min(Q, r·CPUs).
          const period = 100e6;
          const quota = cgroup.maxCpus * period;
          const whole = Math.floor(scenario.duration / period);
          const rest = scenario.duration - whole * period;
          const cpus = scenario.host.cores * scenario.host.threadsPerCore;
          const bound = (whole * quota + Math.min(quota, rest * cpus)) / scenario.duration;
          // Integer time rounds each throttle up by under a nanosecond per running member.
          expect(cgroup.cpus).toBeLessThanOrEqual(bound + 1e-6);
        }
      }
      // Core scheduling never mixes; without SMT there is no sibling to mix with (null: does not apply).
      if (run.mode === 'core') for (const lp of run.lps) expect(lp.mixedNs ?? 0).toBe(0);
      if (run.mode === 'classic-nosmt') for (const lp of run.lps) expect(lp.mixedNs).toBeNull();
    }
  });

  test('the same world and seed give byte-identical results in every mode', () => {
    const scenario = randomWorld(7);
    expect(JSON.stringify(simulate(scenario, MODES))).toBe(JSON.stringify(simulate(scenario, MODES)));
  });
});
