// Which VPs belong to each cgroup, and which LPs a cpuset names, so that a cgroup's real CPU use
// and its time outside its cpuset can be measured in every mode, including those where its OS
// cannot steer its VMs at all.
import type { Layout } from '../hypervisor/layout.js';
import { effectiveCpus, type Cgroup, type Scenario } from '../model/scenario.js';

export interface CgroupMembership {
  /** The partition (root or L1VH) whose OS owns the cgroup. */
  readonly owner: string;
  readonly cgroup: Cgroup;
  /** VPs of VMs whose VMM threads are in the cgroup. */
  readonly vps: readonly number[];
  /** The cpuset as host LPs, or null. */
  readonly cpusetLps: readonly number[] | null;
}

/** Per VP with a cpuset (its own `cpus`, its cgroup's, or both): the LPs it allows. */
export interface VpCpuset {
  readonly vp: number;
  readonly lps: readonly number[];
}

function vpsOfPartition(layout: Layout, name: string): number[] {
  const spec = layout.partitions.find((p) => p.name === name);
  return spec === undefined ? [] : Array.from({ length: spec.vpCount }, (_, i) => spec.firstVp + i);
}

export function cgroupMemberships(scenario: Scenario, layout: Layout): { memberships: CgroupMembership[]; cpusets: VpCpuset[] } {
  const memberships: CgroupMembership[] = [];
  const cpusets: VpCpuset[] = [];
  const { threadsPerCore } = scenario.host;
  const root = scenario.partitions.find((p) => p.kind === 'root');
  const rootMembers = new Map<string, number[]>();
  const add = (cgroup: string | null, map: Map<string, number[]>, vps: readonly number[]): void => {
    if (cgroup === null) return;
    map.set(cgroup, [...(map.get(cgroup) ?? []), ...vps]);
  };
  const cgroupCpus = (cgroups: readonly Cgroup[], name: string | null): readonly number[] | null =>
    name === null ? null : (cgroups.find((c) => c.name === name)?.cpus ?? null);
  for (const partition of scenario.partitions) {
    if (partition.kind === 'guest') {
      const vps = vpsOfPartition(layout, partition.name);
      add(partition.cgroup, rootMembers, vps);
      const lps = effectiveCpus(partition.cpus, cgroupCpus(root?.cgroups ?? [], partition.cgroup));
      if (lps !== null) cpusets.push(...vps.map((vp) => ({ vp, lps })));
    }
    if (partition.kind !== 'l1vh') continue;
    const family = [partition.name, ...partition.children.map((child) => child.name)].flatMap((name) => vpsOfPartition(layout, name));
    add(partition.cgroup, rootMembers, family);
    // vCPU i of an L1VH is LP i of its cores, in ascending order.
    const l1vhLps = partition.cores.flatMap((core) => Array.from({ length: threadsPerCore }, (_, t) => core * threadsPerCore + t));
    const toLps = (vcpus: readonly number[] | null): readonly number[] | null => (vcpus === null ? null : vcpus.map((vcpu) => l1vhLps[vcpu]!));
    const members = new Map<string, number[]>();
    for (const child of partition.children) {
      const vps = vpsOfPartition(layout, child.name);
      add(child.cgroup, members, vps);
      const lps = toLps(effectiveCpus(child.cpus, cgroupCpus(partition.cgroups, child.cgroup)));
      if (lps !== null) cpusets.push(...vps.map((vp) => ({ vp, lps })));
    }
    for (const cgroup of partition.cgroups) {
      memberships.push({ owner: partition.name, cgroup, vps: members.get(cgroup.name) ?? [], cpusetLps: toLps(cgroup.cpus) });
    }
  }
  if (root !== undefined && root.kind === 'root') {
    for (const cgroup of root.cgroups) {
      memberships.push({ owner: root.name, cgroup, vps: rootMembers.get(cgroup.name) ?? [], cpusetLps: cgroup.cpus });
    }
  }
  return { memberships, cpusets };
}
