// The result of a simulation: plain data, the contract of `--format json` (MODEL.md §8).
// Field names named in MODEL.md are never renamed; new fields may be added.
import type { Mode } from '../model/scenario.js';
import type { Percentiles } from './histogram.js';

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
  readonly latency?: Latency;
}

export interface PartitionResult {
  readonly name: string;
  readonly kind: 'root' | 'guest' | 'l1vh' | 'child';
  readonly parent?: string;
  readonly runNs: number;
  readonly stealNs: number;
  readonly idleNs: number;
  readonly workNs: number;
  readonly reportedStealNs: number;
  /** runNs / duration: CPUs used on average. */
  readonly cpuShare: number;
  /** stealNs / (runNs + stealNs): the share of wanted time that was not given. */
  readonly stealShare: number;
  readonly vps: readonly VpResult[];
}

export interface LpResult {
  readonly index: number;
  readonly core: number;
  readonly thread: number;
  readonly busyNs: number;
  readonly forcedIdleNs: number;
  readonly mixedNs: number;
}

export interface HostResult {
  /** Busy LP time over (usable LPs × duration). */
  readonly utilisation: number;
  readonly usableLps: number;
  readonly dispatches: number;
  readonly contextSwitches: number;
  readonly migrations: number;
  readonly events: number;
}

export interface RunResult {
  readonly mode: Mode;
  readonly partitions: readonly PartitionResult[];
  readonly lps: readonly LpResult[];
  readonly host: HostResult;
}

export interface ScenarioResult {
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationNs: number };
  readonly runs: readonly RunResult[];
}
