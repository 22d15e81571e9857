// The result of a simulation: plain data, the contract of `--format json` (MODEL.md §8).
// Field names named in MODEL.md are never renamed; new fields may be added. Every kind of object
// has the same keys in every mode: a measure that does not apply is null, never left out, so a
// reader meets one shape (docs/results.md, "Null, never missing").
import type { GateDecision } from '../hypervisor/gate.js';
import type { Mode } from '../model/scenario.js';
import type { Percentiles } from './histogram.js';
import type { StealCause } from './steal-ledger.js';

export interface Latency {
  readonly count: number;
  readonly wakeup: Percentiles;
  readonly response: Percentiles;
}

export interface VpResult {
  readonly index: number;
  readonly runNs: number;
  readonly stealNs: number;
  readonly idleNs: number;
  readonly workNs: number;
  /** Steal the guest's own OS would report: 0 on Hyper-V (MODEL.md §1, A). */
  readonly reportedStealNs: number;
  /** stealNs split by why it waited: the parts sum to stealNs exactly. */
  readonly stealCauses: StealCauses;
  /** stealNs split by who held the LP it waited for, and why: the parts sum to stealNs exactly. */
  readonly stolenBy: readonly Theft[];
  /** null: its workload has no bursts. */
  readonly latency: Latency | null;
}

/**
 * Why a VP waited (docs/model.md, "Steal attribution"): `contention` another partition ran on
 * the LP it waited for, `capped` its limit or its VMM thread's cgroup cap held it back, `gang`
 * the LP idled claimed by another virtual core (core scheduling), `idle` the LP idled unclaimed
 * (zero wherever work conservation holds).
 */
export interface StealCauses {
  readonly contention: number;
  readonly capped: number;
  readonly gang: number;
  readonly idle: number;
}

/** Steal charged to one thief for one cause: the partition that held the LP, or null for nobody (it idled). */
export interface Theft {
  readonly partition: string | null;
  readonly cause: StealCause;
  readonly ns: number;
}

export interface PartitionResult {
  readonly name: string;
  readonly kind: 'root' | 'guest' | 'l1vh' | 'child';
  /** The L1VH of a child; null for every other kind. */
  readonly parent: string | null;
  readonly runNs: number;
  readonly stealNs: number;
  readonly idleNs: number;
  readonly workNs: number;
  readonly reportedStealNs: number;
  /** Its VPs' stealCauses and stolenBy, summed. */
  readonly stealCauses: StealCauses;
  readonly stolenBy: readonly Theft[];
  /** runNs / duration: CPUs used on average. */
  readonly cpuShare: number;
  /** stealNs / (runNs + stealNs): the share of wanted time that was not given. */
  readonly stealShare: number;
  readonly vps: readonly VpResult[];
  /** Time its VPs ran on LPs outside their cpuset; null without a cpuset (only children and guests can have one). */
  readonly outsideCpusetNs: number | null;
  /** The threads of its OS, VMM threads included (empty where none runs in this mode); null for guests and children, whose OS is not modelled. */
  readonly threads: readonly ThreadResult[] | null;
  /** The cgroups of its OS (empty where it has none); null for guests and children. */
  readonly cgroups: readonly CgroupResult[] | null;
}

export interface ThreadResult {
  /** `name`, `name#i` for replicas, `vmm:<partition>/vp<i>` for the VMM thread of a VP. */
  readonly name: string;
  readonly cgroup: string | null;
  /** Time its OS had it on a CPU (what the OS reports as its run time). */
  readonly runNs: number;
  /** Runnable, not on a CPU. */
  readonly waitNs: number;
  /** waitNs split by the thread that ran on the CPU it waited for (null: that CPU idled); sums to waitNs exactly. */
  readonly waitBehind: readonly ThreadWait[];
  /** On a vCPU that was not on an LP: the OS believes it ran. */
  readonly stolenNs: number;
  /** stolenNs split by the partition that held the LP its vCPU waited for (null: nobody); sums to stolenNs exactly. */
  readonly stolenBy: readonly ThreadTheft[];
  /** null: its workload has no bursts. */
  readonly latency: Latency | null;
}

export interface ThreadWait {
  readonly thread: string | null;
  readonly ns: number;
}

export interface ThreadTheft {
  readonly partition: string | null;
  readonly ns: number;
}

export interface CgroupResult {
  readonly name: string;
  readonly weight: number;
  /** CPU time its members really used on LPs: threads (stolen time excluded) and VMs' VPs. */
  readonly cpuNs: number;
  /** cpuNs / duration. */
  readonly cpus: number;
  /** cpu.max as CPUs (quota / period), or null. */
  readonly maxCpus: number | null;
  /** Its cpuset, in the CPUs of its OS, or null. */
  readonly cpuset: readonly number[] | null;
  /** Time its VMs' VPs ran on LPs outside its cpuset. */
  readonly outsideCpusetNs: number;
  /** Periods in which its OS held it back for its quota: throttled, or fewer members let run. */
  readonly throttles: number;
}

export interface LpResult {
  readonly index: number;
  readonly core: number;
  readonly thread: number;
  readonly busyNs: number;
  /** null in a mode that never gives a whole core to one partition (root, classic, classic-nosmt): nothing can force it idle. */
  readonly forcedIdleNs: number | null;
  /** null in a mode that runs one thread per core (classic-nosmt, or a host without SMT): it has no sibling to share with. */
  readonly mixedNs: number | null;
}

export interface HostResult {
  /** Busy LP time over (usable LPs × duration). */
  readonly utilisation: number;
  readonly usableLps: number;
  readonly dispatches: number;
  readonly contextSwitches: number;
  readonly migrations: number;
  readonly events: number;
  /**
   * Time an entity was ready beside an idle place it may use, with no documented reason
   * (MODEL.md §4): the work-conservation law, so always 0 in a run that completes.
   */
  readonly readyBesideIdleNs: number;
}

/** One scheduler's share of the work-conservation measure. */
export interface WorkConservationResult {
  /** `classic host`, `core host`, `<partition> OS`. */
  readonly scheduler: string;
  readonly readyBesideIdleNs: number;
}

export interface RunResult {
  readonly mode: Mode;
  /** Integrated mode: how the L1VHs' driver chose ("root": integrated, "core"); null in other modes. */
  readonly l1vhScheduler: 'core' | 'root' | null;
  /** Integrated mode: the driver's whole decision; null in other modes. */
  readonly gate: GateDecision | null;
  readonly partitions: readonly PartitionResult[];
  readonly lps: readonly LpResult[];
  readonly host: HostResult;
  readonly workConservation: readonly WorkConservationResult[];
}

export interface ScenarioResult {
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationNs: number };
  readonly runs: readonly RunResult[];
}
