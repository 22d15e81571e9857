// The resolved world a run is built from. The scenario resolver is the only producer: every
// default is applied, every name checked, every duration an integer number of nanoseconds.
import type { Nanos } from './time.js';

export const MODES = ['root', 'classic', 'classic-nosmt', 'core', 'integrated'] as const;
export type Mode = (typeof MODES)[number];

/** What schedules what in each mode, in a line (MODEL.md §4). */
export const MODE_DESCRIPTIONS = {
  root: 'the root OS fair scheduler runs every VP as a VMM thread',
  classic: 'hypervisor weighted fair share per LP, SMT siblings independent',
  'classic-nosmt': 'classic with SMT off: thread 0 of each core only',
  core: 'hypervisor gang-schedules virtual cores: one partition per core at a time',
  integrated: 'core for the host; each L1VH whose gate opens schedules its children itself',
} as const satisfies Record<Mode, string>;

export type Distribution =
  | { readonly kind: 'const'; readonly value: Nanos }
  | { readonly kind: 'exp'; readonly mean: Nanos }
  | { readonly kind: 'uniform'; readonly min: Nanos; readonly max: Nanos };

export type Workload =
  | { readonly kind: 'busy' }
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'periodic';
      readonly period: Distribution;
      readonly work: Distribution;
      readonly offset: Distribution;
    }
  | { readonly kind: 'onoff'; readonly on: Distribution; readonly off: Distribution }
  /** `interval` is the inter-arrival distribution: a plain duration in the file means exp(mean). */
  | { readonly kind: 'poisson'; readonly interval: Distribution; readonly work: Distribution }
  | { readonly kind: 'trace'; readonly bursts: readonly TraceBurst[] };

export type WorkloadKind = Workload['kind'];

export interface TraceBurst {
  readonly at: Nanos;
  readonly work: Nanos;
}

export interface Host {
  readonly cores: number;
  readonly threadsPerCore: 1 | 2;
  /** Combined speed of two busy siblings relative to one alone, in [1, 2] (MODEL.md §3, A). */
  readonly smtThroughput: number;
}

/** A u64 read from the hypervisor, or a read that failed (MODEL.md §6). */
export type PropertyRead = { readonly kind: 'value'; readonly value: bigint } | { readonly kind: 'unreadable' };

export interface HypervisorParams {
  readonly quantum: Nanos;
  /** Reserve and limit are enforced over consecutive windows of this length (A). */
  readonly window: Nanos;
  /** Whether a waking VP may preempt a running one (A: off, as MODEL.md §4 assumes). */
  readonly wakeupPreemption: boolean;
  readonly vmmCapabilities: PropertyRead;
  readonly integratedSchedulerEnabled: PropertyRead;
}

export interface OsParams {
  /** `auto` = 0.7 ms × (1 + log2 min(CPUs, 8)), computed per OS from its CPU count. */
  readonly slice: Nanos | 'auto';
  readonly wakeupGranularity: Nanos;
}

/** Hyper-V per-VM controls: weight 1–10000, reserve and limit in percent of one LP per VP. */
export interface HvControls {
  readonly weight: number;
  readonly reserve: number;
  readonly limit: number;
}

/** cpu.max: at most `quota` of CPU time in every `period`. */
export interface CpuMax {
  readonly quota: Nanos;
  readonly period: Nanos;
}

export interface Cgroup {
  readonly name: string;
  /** cpu.weight, 1–10000; 100 is a nice-0 task's weight. */
  readonly weight: number;
  readonly max: CpuMax | null;
  /** cpuset in the CPUs of the OS that owns the cgroup; null = every CPU. */
  readonly cpus: readonly number[] | null;
}

export interface Thread {
  /** `name` for a single thread, `name#i` for replica i of a thread with `count`. */
  readonly name: string;
  /** The name as written: replicas share it, and a wait behind any of them is counted under it. */
  readonly writtenName: string;
  readonly nice: number;
  readonly cgroup: string | null;
  readonly cpus: readonly number[] | null;
  readonly workload: Workload;
}

/** The keys every VM-like partition shares: its VPs and how each mode may constrain them. */
interface VmCommon {
  readonly name: string;
  readonly vps: number;
  readonly controls: HvControls;
  /** Guest SMT: VPs per virtual core under the core scheduler. */
  readonly threadsPerCore: 1 | 2;
  /** One workload per VP. */
  readonly workloads: readonly Workload[];
}

export interface RootPartition {
  readonly kind: 'root';
  readonly name: string;
  readonly threads: readonly Thread[];
  readonly cgroups: readonly Cgroup[];
}

export interface GuestPartition extends VmCommon {
  readonly kind: 'guest';
  /** Host cores its VPs may run on. */
  readonly cores: readonly number[];
  /** Root-mode keys: the root cgroup and cpuset (host LPs) of its VMM threads. */
  readonly cgroup: string | null;
  readonly cpus: readonly number[] | null;
}

export interface ChildPartition extends VmCommon {
  readonly kind: 'child';
  readonly parent: string;
  /** The L1VH cgroup and cpuset (L1VH vCPUs) of its VMM threads. */
  readonly cgroup: string | null;
  readonly cpus: readonly number[] | null;
}

export interface L1vhPartition {
  readonly kind: 'l1vh';
  readonly name: string;
  /** Host cores given to the L1VH and its children, exclusively (A). Its vCPUs are their LPs. */
  readonly cores: readonly number[];
  readonly controls: HvControls;
  /** Root-mode keys, as for a guest. */
  readonly cgroup: string | null;
  readonly cpus: readonly number[] | null;
  readonly threads: readonly Thread[];
  readonly cgroups: readonly Cgroup[];
  readonly children: readonly ChildPartition[];
}

export type Partition = RootPartition | GuestPartition | L1vhPartition;
export type PartitionKind = Partition['kind'] | ChildPartition['kind'];

/** What an expectation is about: the host, a partition, one of its VPs, threads or cgroups. */
export type ExpectTargetKind = 'host' | 'partition' | 'vp' | 'thread' | 'cgroup';

/**
 * Every metric an expectation may check, the targets it applies to, and its unit: a `share`
 * (a ratio), `cpus` (CPUs' worth of time) or `ns` (a latency, which files may write as a duration).
 */
export const EXPECT_METRICS = {
  cpuShare: { targets: ['partition'], unit: 'cpus', about: 'run time over the duration: CPUs used' },
  runShare: { targets: ['partition', 'vp', 'thread'], unit: 'share', about: 'run time over the time available to it' },
  stealShare: { targets: ['partition', 'vp'], unit: 'share', about: 'steal over run + steal' },
  idleShare: { targets: ['partition', 'vp'], unit: 'share', about: 'idle time over the time available to it' },
  reportedStealShare: { targets: ['partition'], unit: 'share', about: 'steal its OS reports over run + steal' },
  stolenShare: { targets: ['partition', 'thread'], unit: 'share', about: "stolen time over its OS's run time, of its threads" },
  waitShare: { targets: ['partition', 'thread'], unit: 'share', about: 'wait over wait + run, of its threads' },
  wakeupP99Ns: { targets: ['partition', 'vp', 'thread'], unit: 'ns', about: 'wake-up latency p99 (worst over its VPs and threads)' },
  responseP99Ns: { targets: ['partition', 'vp', 'thread'], unit: 'ns', about: 'response time p99 (worst over its VPs and threads)' },
  cpus: { targets: ['cgroup'], unit: 'cpus', about: 'CPUs its members really used' },
  outsideCpusetShare: { targets: ['partition', 'cgroup'], unit: 'share', about: 'run time of its VPs (a cgroup: of its VMs\' VPs) outside their cpuset over its CPU time' },
  utilisation: { targets: ['host'], unit: 'share', about: 'busy LP time over usable LP time' },
  forcedIdleShare: { targets: ['host'], unit: 'share', about: 'forced-idle LP time over usable LP time' },
  mixedShare: { targets: ['host'], unit: 'share', about: 'LP time shared by two partitions on one core over usable LP time' },
} as const satisfies Record<string, { targets: readonly ExpectTargetKind[]; unit: 'share' | 'cpus' | 'ns'; about: string }>;
export type ExpectMetric = keyof typeof EXPECT_METRICS;

export type ExpectTarget =
  | { readonly kind: 'host' }
  | { readonly kind: 'partition'; readonly partition: string }
  | { readonly kind: 'vp'; readonly partition: string; readonly vp: number }
  | { readonly kind: 'thread'; readonly partition: string; readonly thread: string }
  | { readonly kind: 'cgroup'; readonly partition: string; readonly cgroup: string };

/** A stated answer the run must give: a bound, or a value within a tolerance. */
export interface Expectation {
  readonly mode: Mode;
  readonly target: ExpectTarget;
  readonly metric: ExpectMetric;
  readonly min: number | null;
  readonly max: number | null;
  readonly approx: number | null;
  readonly tolerance: number | null;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly duration: Nanos;
  readonly seed: number;
  readonly modes: readonly Mode[];
  readonly host: Host;
  readonly hypervisor: HypervisorParams;
  readonly os: OsParams;
  readonly partitions: readonly Partition[];
  readonly expect: readonly Expectation[];
}

/** Number of vCPUs an L1VH has: one per LP of its cores. */
export function l1vhVcpuCount(l1vh: L1vhPartition, host: Host): number {
  return l1vh.cores.length * host.threadsPerCore;
}

/**
 * VPs per virtual core under the core scheduler. A VM without guest SMT that has more VPs than
 * the host has cores is treated as an SMT VM (its VPs are paired, the guest is not told): the
 * rule Microsoft documents for legacy VMs (docs/model.md, [S9]).
 */
export function virtualCoreWidth(guestThreadsPerCore: 1 | 2, vps: number, host: Host): 1 | 2 {
  if (host.threadsPerCore === 1) return 1;
  return guestThreadsPerCore === 2 || vps > host.cores ? 2 : 1;
}

/**
 * The CPUs a thread or VMM thread may use: its own `cpus` within its cgroup's cpuset; an affinity
 * wholly outside the cpuset yields to the cpuset, as Linux's cpuset does. null: every CPU.
 */
export function effectiveCpus(own: readonly number[] | null, cgroupCpus: readonly number[] | null): readonly number[] | null {
  if (own === null) return cgroupCpus;
  if (cgroupCpus === null) return own;
  const both = own.filter((cpu) => cgroupCpus.includes(cpu));
  return both.length > 0 ? both : cgroupCpus;
}
