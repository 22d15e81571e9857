// Every mode and how it composes the machine's schedulers, in one table keyed by mode, so a new
// mode cannot compile until each use knows it. The machine never branches on a mode's name.
import type { WorkConservationMeter } from '../metrics/work-conservation.js';
import type { L1vhPartition, Mode, RootPartition, Scenario } from '../model/scenario.js';
import { ClassicHost } from './classic-host.js';
import { CoreHost } from './core-host.js';
import { decideGate, type GateDecision } from './gate.js';
import type { LayoutOptions, PartitionSpec } from './layout.js';
import type { Machine } from './machine.js';
import { DedicatedOs, GuestOs, type HostedVp, type OsBase, type OsConfig } from './os.js';

/** A mode installed on a machine: what to start at time 0, its OSes, the gate it decided, and the work-conservation meter of every scheduler in it. */
export interface Composition {
  readonly start: (now: number) => void;
  readonly oses: readonly OsBase[];
  readonly gate: GateDecision | null;
  readonly meters: readonly WorkConservationMeter[];
}

export interface ModeInfo {
  /** Linux `enum hv_scheduler_type` value of the scheduler this mode models. */
  readonly hvSchedulerType: number;
  readonly layout: (scenario: Scenario) => LayoutOptions;
  readonly compose: (scenario: Scenario, machine: Machine) => Composition;
}

const SMT: LayoutOptions = { smt: true, rootEverywhere: false, childrenIdle: false };

function rootOf(scenario: Scenario): RootPartition | null {
  return scenario.partitions.find((p): p is RootPartition => p.kind === 'root') ?? null;
}

function l1vhsOf(scenario: Scenario): L1vhPartition[] {
  return scenario.partitions.filter((p): p is L1vhPartition => p.kind === 'l1vh');
}

function spec(machine: Machine, name: string): PartitionSpec {
  return machine.layout.partitions.find((p) => p.name === name)!;
}

function vpsOf(partition: PartitionSpec): number[] {
  return Array.from({ length: partition.vpCount }, (_, i) => partition.firstVp + i);
}

function osConfig(
  scenario: Scenario,
  partition: RootPartition | L1vhPartition,
  cpus: { readonly names: readonly number[]; readonly lps: readonly number[] },
  hosted: readonly HostedVp[] = [],
): OsConfig {
  return { partition: partition.name, cpuNames: cpus.names, cpuLps: cpus.lps, threads: partition.threads, cgroups: partition.cgroups, hosted, options: scenario.os };
}

/**
 * An L1VH's CPUs: vCPU i stands for LP i of its cores, and keeps that number in every mode, so
 * a `cpus` list means the same vCPUs with SMT off (where only thread 0 of each core exists).
 */
function l1vhCpus(machine: Machine, l1vh: L1vhPartition): { names: number[]; lps: number[] } {
  const { layout } = machine;
  const own = spec(machine, l1vh.name);
  const lps = vpsOf(own).map((vp) => layout.vps[vp]!.allowedLps[vp - own.firstVp]!);
  const names = lps.map((lp) => l1vh.cores.indexOf(Math.floor(lp / layout.threadsPerCore)) * layout.threadsPerCore + (lp % layout.threadsPerCore));
  return { names, lps };
}

/** OSes whose CPUs are hypervisor-scheduled VPs: the root's (on its VPs) and every L1VH's given here. */
function guestOses(scenario: Scenario, machine: Machine, l1vhs: readonly L1vhPartition[], rootToo: boolean): OsBase[] {
  const oses: OsBase[] = [];
  const root = rootOf(scenario);
  if (rootToo && root !== null && root.threads.length > 0) {
    const vcpus = vpsOf(spec(machine, root.name));
    const lps = vcpus.map((vp) => machine.layout.vps[vp]!.allowedLps[0]!);
    oses.push(new GuestOs(machine, vcpus, osConfig(scenario, root, { names: lps, lps })));
  }
  for (const l1vh of l1vhs) {
    if (l1vh.threads.length === 0) continue;
    const vcpus = vpsOf(spec(machine, l1vh.name));
    oses.push(new GuestOs(machine, vcpus, osConfig(scenario, l1vh, l1vhCpus(machine, l1vh))));
  }
  return oses;
}

const classic = (scenario: Scenario, machine: Machine): Composition => {
  const vps = machine.layout.vps.map((_, vp) => vp);
  const host = new ClassicHost(machine, vps, machine.layout.usableLps, scenario.hypervisor);
  const oses = guestOses(scenario, machine, l1vhsOf(scenario), true);
  return { start: (now) => host.start(now), oses, gate: null, meters: [host.meter, ...oses.map((os) => os.meter)] };
};

/** `core` for every partition but the L1VHs in `integratedL1vhs`, which run their own cores. */
function coreComposition(scenario: Scenario, machine: Machine, integratedL1vhs: readonly L1vhPartition[], gate: GateDecision | null): Composition {
  const { layout } = machine;
  const integrated = new Set(integratedL1vhs.map((l1vh) => l1vh.name));
  const integratedCores = new Set(integratedL1vhs.flatMap((l1vh) => l1vh.cores));
  const hostVps = layout.partitions.filter((p) => !integrated.has(p.name) && !integrated.has(p.parent ?? '')).flatMap(vpsOf);
  const cores = Array.from({ length: scenario.host.cores }, (_, c) => c).filter((c) => !integratedCores.has(c));
  machine.exclusiveCores = true;
  const host = new CoreHost(machine, hostVps, cores, scenario.hypervisor);
  const oses = guestOses(scenario, machine, l1vhsOf(scenario).filter((l1vh) => !integrated.has(l1vh.name)), true);
  for (const l1vh of integratedL1vhs) {
    const own = spec(machine, l1vh.name);
    const vcpus = vpsOf(own);
    // Inside the L1VH, its children may share a core with it: it is one partition to the core scheduler.
    const hosted = l1vh.children.flatMap((child) => {
      const childSpec = spec(machine, child.name);
      return vpsOf(childSpec).map((vp, index): HostedVp => {
        machine.setDomain(vp, machine.partitionOf(own.firstVp));
        return { vp, name: `vmm:${child.name}/vp${index}`, vm: child.name, cgroup: child.cgroup, cpus: child.cpus };
      });
    });
    const cpus = l1vhCpus(machine, l1vh);
    oses.push(new DedicatedOs(machine, cpus.lps, vcpus, osConfig(scenario, l1vh, cpus, hosted)));
  }
  return { start: (now) => host.start(now), oses, gate, meters: [host.meter, ...oses.map((os) => os.meter)] };
}

const root = (scenario: Scenario, machine: Machine): Composition => {
  const { layout } = machine;
  const rootPartition = rootOf(scenario);
  const rootName = rootPartition?.name ?? null;
  const lps = layout.usableLps;
  const ownVps = lps.map(() => -1);
  const hosted: HostedVp[] = [];
  const controls = new Map<string, { cgroup: string | null; cpus: readonly number[] | null }>();
  for (const partition of scenario.partitions) {
    if (partition.kind === 'guest') controls.set(partition.name, partition);
    if (partition.kind !== 'l1vh') continue;
    controls.set(partition.name, partition);
    // Children's VMM threads are the root's too, siblings of the L1VH's, in its cgroup (A).
    for (const child of partition.children) controls.set(child.name, partition);
  }
  for (const partition of layout.partitions) {
    const vps = vpsOf(partition);
    if (partition.name === rootName) {
      vps.forEach((vp) => (ownVps[lps.indexOf(layout.vps[vp]!.allowedLps[0]!)] = vp));
      continue;
    }
    const { cgroup, cpus } = controls.get(partition.name)!;
    vps.forEach((vp, index) =>
      hosted.push({ vp, name: `vmm:${partition.name}/vp${index}`, vm: partition.name, cgroup, cpus: cpus ?? layout.vps[vp]!.allowedLps }),
    );
  }
  const empty: RootPartition = { kind: 'root', name: 'root', threads: [], cgroups: [] };
  const rootOs = new DedicatedOs(machine, lps, ownVps, osConfig(scenario, rootPartition ?? empty, { names: lps, lps }, hosted));
  const oses: OsBase[] = [rootOs, ...guestOses(scenario, machine, l1vhsOf(scenario), false)];
  return { start: () => undefined, oses, gate: null, meters: oses.map((os) => os.meter) };
};

function gateOf(scenario: Scenario): GateDecision {
  return decideGate(scenario.hypervisor.vmmCapabilities, scenario.hypervisor.integratedSchedulerEnabled);
}

export const MODE_INFO = {
  root: {
    hvSchedulerType: 4,
    layout: () => ({ ...SMT, rootEverywhere: true }),
    compose: root,
  },
  classic: {
    hvSchedulerType: 2,
    layout: () => SMT,
    compose: classic,
  },
  'classic-nosmt': {
    hvSchedulerType: 1,
    layout: () => ({ ...SMT, smt: false }),
    compose: classic,
  },
  core: {
    hvSchedulerType: 3,
    layout: () => SMT,
    compose: (scenario, machine) => coreComposition(scenario, machine, [], null),
  },
  integrated: {
    hvSchedulerType: 4,
    layout: (scenario) => ({ ...SMT, childrenIdle: gateOf(scenario).outcome === 'driver-failed' }),
    compose: (scenario, machine) => {
      const gate = gateOf(scenario);
      return coreComposition(scenario, machine, gate.outcome === 'integrated' ? l1vhsOf(scenario) : [], gate);
    },
  },
} as const satisfies Record<Mode, ModeInfo>;
