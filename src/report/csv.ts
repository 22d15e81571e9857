// Tidy CSV: one row per mode × partition × VP, one per mode × partition × OS thread, one per
// mode × VP × thief × cause of its steal, and one per part of a thread's stolen time (by thief)
// and of its wait (by the thread it waited behind); times in integer nanoseconds; a cell is empty where the
// measure does not apply to the row's entity. The header is a stable contract (README, "CSV
// columns"): columns are only ever added at the end.
import type { Latency, ScenarioResult, Theft, ThreadResult, ThreadTheft, ThreadWait, VpResult } from '../metrics/result.js';

export const CSV_COLUMNS = [
  'scenario',
  'seed',
  'durationNs',
  'mode',
  'partition',
  'kind',
  'parent',
  'entity',
  'name',
  'runNs',
  'stealNs',
  'idleNs',
  'waitNs',
  'stolenNs',
  'workNs',
  'reportedStealNs',
  'cgroup',
  'bursts',
  'wakeupP50Ns',
  'wakeupP95Ns',
  'wakeupP99Ns',
  'wakeupMaxNs',
  'responseP50Ns',
  'responseP95Ns',
  'responseP99Ns',
  'responseMaxNs',
  'thief',
  'cause',
  'behind',
] as const;

type Cell = string | number;

export function renderCsv(result: ScenarioResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  const { name, seed, durationNs } = result.scenario;
  for (const run of result.runs) {
    for (const partition of run.partitions) {
      const prefix: Cell[] = [name, seed, durationNs, run.mode, partition.name, partition.kind, partition.parent ?? ''];
      for (const vp of partition.vps) lines.push([...prefix, ...vpCells(vp)].map(cell).join(','));
      for (const thread of partition.threads ?? []) lines.push([...prefix, ...threadCells(thread)].map(cell).join(','));
      for (const vp of partition.vps) {
        for (const theft of vp.stolenBy) lines.push([...prefix, ...theftCells(vp, theft)].map(cell).join(','));
      }
      for (const thread of partition.threads ?? []) {
        for (const theft of thread.stolenBy) lines.push([...prefix, ...threadTheftCells(thread, theft)].map(cell).join(','));
        for (const wait of thread.waitBehind) lines.push([...prefix, ...threadWaitCells(thread, wait)].map(cell).join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const NO_THEFT: Cell[] = ['', '', ''];

function vpCells(vp: VpResult): Cell[] {
  return ['vp', vp.index, vp.runNs, vp.stealNs, vp.idleNs, '', '', vp.workNs, vp.reportedStealNs, '', ...latencyCells(vp.latency), ...NO_THEFT];
}

function threadCells(thread: ThreadResult): Cell[] {
  return ['thread', thread.name, thread.runNs, '', '', thread.waitNs, thread.stolenNs, '', '', thread.cgroup ?? '', ...latencyCells(thread.latency), ...NO_THEFT];
}

/** The part of `vp`'s steal one thief took for one cause (`thief` empty: nobody, the LP idled). */
function theftCells(vp: VpResult, theft: Theft): Cell[] {
  return ['steal', vp.index, '', theft.ns, '', '', '', '', '', '', ...latencyCells(undefined), theft.partition ?? '', theft.cause, ''];
}

/** The part of `thread`'s stolen time one thief took (`thief` empty: its vCPU's LP idled). */
function threadTheftCells(thread: ThreadResult, theft: ThreadTheft): Cell[] {
  return ['thread-steal', thread.name, '', '', '', '', theft.ns, '', '', thread.cgroup ?? '', ...latencyCells(undefined), theft.partition ?? '', '', ''];
}

/** The part of `thread`'s wait spent behind one thread (`behind` empty: its CPU idled). */
function threadWaitCells(thread: ThreadResult, wait: ThreadWait): Cell[] {
  return ['thread-wait', thread.name, '', '', '', wait.ns, '', '', '', thread.cgroup ?? '', ...latencyCells(undefined), '', '', wait.thread ?? ''];
}

function latencyCells(latency: Latency | undefined): Cell[] {
  if (latency === undefined) return new Array<string>(9).fill('');
  const { wakeup, response } = latency;
  return [
    latency.count,
    wakeup.p50Ns,
    wakeup.p95Ns,
    wakeup.p99Ns,
    wakeup.maxNs,
    response.p50Ns,
    response.p95Ns,
    response.p99Ns,
    response.maxNs,
  ];
}

/** RFC 4180 quoting, only where needed. */
function cell(value: Cell): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

