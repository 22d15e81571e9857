// The derived measures of a run (shares, worst latencies), computed in one place for every view
// and for `hvsched check`: a metric of MODEL.md §9's `expect` list is looked up here by target.
import type { ExpectMetric, ExpectTarget } from '../model/scenario.js';
import type { CgroupResult, Latency, PartitionResult, RunResult, ThreadResult, VpResult } from './result.js';
import { CAUSES, type StealCause } from './steal-ledger.js';

/** A thread the OS runs for its own work, not a VMM thread standing for a VP. */
export function ownThreads(partition: PartitionResult): ThreadResult[] {
  return (partition.threads ?? []).filter((thread) => !thread.name.startsWith('vmm:'));
}

export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

export function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

/** The worst p99 among latencies, or null when none has bursts. */
function worstP99(latencies: readonly (Latency | null)[], which: 'wakeup' | 'response'): number | null {
  const values = latencies.flatMap((latency) => (latency === null ? [] : [latency[which].p99Ns]));
  return values.length === 0 ? null : Math.max(...values);
}

export interface ThiefShare {
  /** The partition that held the LPs, or null: nobody, they idled. */
  readonly thief: string | null;
  readonly share: number;
}

export interface CauseShare {
  readonly cause: StealCause;
  readonly share: number;
}

/** Who took a partition's steal: each thief's part of it, largest first. */
export function thiefShares(partition: PartitionResult): ThiefShare[] {
  const totals = new Map<string | null, number>();
  for (const theft of partition.stolenBy) totals.set(theft.partition, (totals.get(theft.partition) ?? 0) + theft.ns);
  return [...totals].map(([thief, ns]) => ({ thief, share: ratio(ns, partition.stealNs) })).sort((a, b) => b.share - a.share);
}

/** Why a partition's VPs waited: each cause's part of its steal, largest first, causes with none left out. */
export function causeShares(partition: PartitionResult): CauseShare[] {
  return CAUSES.map((cause) => ({ cause, share: ratio(partition.stealCauses[cause], partition.stealNs) }))
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share);
}

/** Who held the LPs while its own threads' vCPUs waited: each thief's part of their stolen time, largest first. */
export function threadThiefShares(partition: PartitionResult): ThiefShare[] {
  const threads = ownThreads(partition);
  const stolen = sum(threads, (t) => t.stolenNs);
  const totals = new Map<string | null, number>();
  for (const theft of threads.flatMap((t) => t.stolenBy)) totals.set(theft.partition, (totals.get(theft.partition) ?? 0) + theft.ns);
  return [...totals].map(([thief, ns]) => ({ thief, share: ratio(ns, stolen) })).sort((a, b) => b.share - a.share);
}

export interface VpTimeShares {
  readonly run: number;
  readonly steal: number;
  readonly idle: number;
}

/** Run, steal and idle as shares of its VPs' whole time (VPs × duration): they sum to 1. */
export function vpTimeShares(partition: PartitionResult, durationNs: number): VpTimeShares {
  const vpTime = partition.vps.length * durationNs;
  return { run: ratio(partition.runNs, vpTime), steal: ratio(partition.stealNs, vpTime), idle: ratio(partition.idleNs, vpTime) };
}

/** The steal its own OS would show, over the time its VPs wanted (run + steal), as stealShare is. */
export function reportedStealShare(partition: PartitionResult): number {
  return ratio(partition.reportedStealNs, partition.runNs + partition.stealNs);
}

/** Stolen time over the run time its OS believes, of its own threads; null without threads. */
export function threadStolenShare(partition: PartitionResult): number | null {
  const threads = ownThreads(partition);
  return threads.length === 0 ? null : ratio(sum(threads, (t) => t.stolenNs), sum(threads, (t) => t.runNs));
}

/** Wait over wait + run, of its own threads; null without threads. */
export function threadWaitShare(partition: PartitionResult): number | null {
  const threads = ownThreads(partition);
  return threads.length === 0 ? null : ratio(sum(threads, (t) => t.waitNs), sum(threads, (t) => t.runNs + t.waitNs));
}

export function partitionP99(partition: PartitionResult, which: 'wakeup' | 'response'): number | null {
  return worstP99([...partition.vps.map((vp) => vp.latency), ...ownThreads(partition).map((t) => t.latency)], which);
}

function partitionMeasure(partition: PartitionResult, metric: ExpectMetric, durationNs: number): number | null {
  switch (metric) {
    case 'cpuShare':
      return partition.runNs / durationNs;
    case 'runShare':
      return vpTimeShares(partition, durationNs).run;
    case 'stealShare':
      return partition.stealShare;
    case 'idleShare':
      return vpTimeShares(partition, durationNs).idle;
    case 'reportedStealShare':
      return reportedStealShare(partition);
    case 'stolenShare':
      return threadStolenShare(partition);
    case 'waitShare':
      return threadWaitShare(partition);
    case 'wakeupP99Ns':
      return partitionP99(partition, 'wakeup');
    case 'responseP99Ns':
      return partitionP99(partition, 'response');
    case 'outsideCpusetShare':
      return partition.outsideCpusetNs === null ? null : ratio(partition.outsideCpusetNs, partition.runNs);
    default:
      return null;
  }
}

function vpMeasure(vp: VpResult, metric: ExpectMetric, durationNs: number): number | null {
  switch (metric) {
    case 'runShare':
      return vp.runNs / durationNs;
    case 'stealShare':
      return ratio(vp.stealNs, vp.runNs + vp.stealNs);
    case 'idleShare':
      return vp.idleNs / durationNs;
    case 'wakeupP99Ns':
      return worstP99([vp.latency], 'wakeup');
    case 'responseP99Ns':
      return worstP99([vp.latency], 'response');
    default:
      return null;
  }
}

function threadMeasure(thread: ThreadResult, metric: ExpectMetric, durationNs: number): number | null {
  switch (metric) {
    case 'runShare':
      return thread.runNs / durationNs;
    case 'stolenShare':
      return ratio(thread.stolenNs, thread.runNs);
    case 'waitShare':
      return ratio(thread.waitNs, thread.runNs + thread.waitNs);
    case 'wakeupP99Ns':
      return worstP99([thread.latency], 'wakeup');
    case 'responseP99Ns':
      return worstP99([thread.latency], 'response');
    default:
      return null;
  }
}

function cgroupMeasure(cgroup: CgroupResult, metric: ExpectMetric): number | null {
  switch (metric) {
    case 'cpus':
      return cgroup.cpus;
    case 'outsideCpusetShare':
      return ratio(cgroup.outsideCpusetNs, cgroup.cpuNs);
    default:
      return null;
  }
}

export interface HostTotals {
  readonly busyNs: number;
  /** 0 where the mode cannot force an LP idle (its LPs' forcedIdleNs are null). */
  readonly forcedIdleNs: number;
  /** 0 where the mode runs one thread per core (its LPs' mixedNs are null). */
  readonly mixedNs: number;
}

/** Its LPs' times, summed. */
export function hostTotals(run: RunResult): HostTotals {
  return {
    busyNs: sum(run.lps, (lp) => lp.busyNs),
    forcedIdleNs: sum(run.lps, (lp) => lp.forcedIdleNs ?? 0),
    mixedNs: sum(run.lps, (lp) => lp.mixedNs ?? 0),
  };
}

export function hostShares(run: RunResult, durationNs: number): { utilisation: number; forcedIdleShare: number; mixedShare: number } {
  const lpTime = run.host.usableLps * durationNs;
  const totals = hostTotals(run);
  return {
    utilisation: run.host.utilisation,
    forcedIdleShare: ratio(totals.forcedIdleNs, lpTime),
    mixedShare: ratio(totals.mixedNs, lpTime),
  };
}

/**
 * The value of `metric` for `target` in `run`, or a reason it has none (the target does not
 * exist in this mode, or a latency metric saw no burst).
 */
export function measure(run: RunResult, target: ExpectTarget, metric: ExpectMetric, durationNs: number): number | string {
  if (target.kind === 'host') {
    const host = hostShares(run, durationNs);
    return metric === 'utilisation' || metric === 'forcedIdleShare' || metric === 'mixedShare' ? host[metric] : `no host ${metric}`;
  }
  const partition = run.partitions.find((p) => p.name === target.partition);
  if (partition === undefined) return `no partition ${target.partition} in this mode`;
  let value: number | null;
  switch (target.kind) {
    case 'partition':
      value = partitionMeasure(partition, metric, durationNs);
      break;
    case 'vp': {
      const vp = partition.vps[target.vp];
      if (vp === undefined) return `${target.partition} has no VP ${target.vp} in this mode`;
      value = vpMeasure(vp, metric, durationNs);
      break;
    }
    case 'thread': {
      const thread = partition.threads?.find((t) => t.name === target.thread);
      if (thread === undefined) return `${target.partition} has no thread ${target.thread} in this mode`;
      value = threadMeasure(thread, metric, durationNs);
      break;
    }
    case 'cgroup': {
      const cgroup = partition.cgroups?.find((c) => c.name === target.cgroup);
      if (cgroup === undefined) return `${target.partition} has no cgroup ${target.cgroup}`;
      value = cgroupMeasure(cgroup, metric);
      break;
    }
  }
  return value ?? `no ${metric}: nothing measured it (no bursts or no threads)`;
}
