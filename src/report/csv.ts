// The result as CSV, for analysts (docs/results.md, "CSV"). Without `--table`: the first table,
// one row per mode × partition × VP, OS thread, part of a VP's steal and part of a thread's
// stolen time and wait, its cells empty where a measure does not apply to the row's entity; its
// header is a contract, columns only ever added at the end. With `--table`: one tidy table per
// kind of entity, a row per mode × entity, where every column applies to every row, so each
// integer column reads as integers (a number JSON has as null is 0 here, and another column of
// the row says why). Every number is the result's own or one of src/metrics/measures.ts.
import { hostShares, hostTotals, reportedStealShare, vpTimeShares } from '../metrics/measures.js';
import type { Latency, PartitionResult, RunResult, ScenarioResult, StealCauses, Theft, ThreadResult, ThreadTheft, ThreadWait, VpResult } from '../metrics/result.js';
import { RESULT_FORMAT_VERSION } from './json.js';

type Cell = string | number;

const LATENCY_COLUMNS = [
  'bursts',
  'wakeupP50Ns',
  'wakeupP95Ns',
  'wakeupP99Ns',
  'wakeupMaxNs',
  'responseP50Ns',
  'responseP95Ns',
  'responseP99Ns',
  'responseMaxNs',
] as const;

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
  ...LATENCY_COLUMNS,
  'thief',
  'cause',
  'behind',
  'formatVersion',
] as const;

/** The first table: every kind of row in one, with empty cells where a measure does not apply. */
function renderRows(result: ScenarioResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  const { name, seed, durationNs } = result.scenario;
  for (const run of result.runs) {
    for (const partition of run.partitions) {
      const prefix: Cell[] = [name, seed, durationNs, run.mode, partition.name, partition.kind, partition.parent ?? ''];
      const push = (cells: Cell[]): void => void lines.push([...prefix, ...cells, RESULT_FORMAT_VERSION].map(cell).join(','));
      for (const vp of partition.vps) push(vpCells(vp));
      for (const thread of partition.threads ?? []) push(threadCells(thread));
      for (const vp of partition.vps) for (const theft of vp.stolenBy) push(theftCells(vp, theft));
      for (const thread of partition.threads ?? []) {
        for (const theft of thread.stolenBy) push(threadTheftCells(thread, theft));
        for (const wait of thread.waitBehind) push(threadWaitCells(thread, wait));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const NO_THEFT: Cell[] = ['', '', ''];
const NO_LATENCY: Cell[] = new Array<string>(9).fill('');

function vpCells(vp: VpResult): Cell[] {
  return ['vp', vp.index, vp.runNs, vp.stealNs, vp.idleNs, '', '', vp.workNs, vp.reportedStealNs, '', ...(vp.latency === null ? NO_LATENCY : latencyCells(vp.latency)), ...NO_THEFT];
}

function threadCells(thread: ThreadResult): Cell[] {
  const latency = thread.latency === null ? NO_LATENCY : latencyCells(thread.latency);
  return ['thread', thread.name, thread.runNs, '', '', thread.waitNs, thread.stolenNs, '', '', thread.cgroup ?? '', ...latency, ...NO_THEFT];
}

/** The part of `vp`'s steal one thief took for one cause (`thief` empty: nobody, the LP idled). */
function theftCells(vp: VpResult, theft: Theft): Cell[] {
  return ['steal', vp.index, '', theft.ns, '', '', '', '', '', '', ...NO_LATENCY, theft.partition ?? '', theft.cause, ''];
}

/** The part of `thread`'s stolen time one thief took (`thief` empty: its vCPU's LP idled). */
function threadTheftCells(thread: ThreadResult, theft: ThreadTheft): Cell[] {
  return ['thread-steal', thread.name, '', '', '', '', theft.ns, '', '', thread.cgroup ?? '', ...NO_LATENCY, theft.partition ?? '', '', ''];
}

/** The part of `thread`'s wait spent behind one thread (`behind` empty: its CPU idled). */
function threadWaitCells(thread: ThreadResult, wait: ThreadWait): Cell[] {
  return ['thread-wait', thread.name, '', '', '', wait.ns, '', '', '', thread.cgroup ?? '', ...NO_LATENCY, '', '', wait.thread ?? ''];
}

function latencyCells(latency: Latency): Cell[] {
  const { wakeup, response } = latency;
  return [latency.count, wakeup.p50Ns, wakeup.p95Ns, wakeup.p99Ns, wakeup.maxNs, response.p50Ns, response.p95Ns, response.p99Ns, response.maxNs];
}

/** The columns every tidy table starts with. */
const RUN_COLUMNS = ['formatVersion', 'scenario', 'seed', 'durationNs', 'mode'] as const;

const STEAL_CAUSE_COLUMNS = ['stealContentionNs', 'stealCappedNs', 'stealGangNs', 'stealIdleNs'] as const;

type Columns = readonly string[];
type Row<C extends Columns> = Readonly<Record<C[number], Cell>>;

interface TidyTable<C extends Columns> {
  readonly columns: C;
  /** The rows of one run, without the run's own columns. */
  readonly rows: (run: RunResult, durationNs: number) => Row<C>[];
}

const tidy = <const C extends Columns>(columns: C, rows: TidyTable<C>['rows']): TidyTable<C> => ({ columns, rows });

/** A workload without bursts has none: 0 bursts, and its percentiles 0 as for a workload whose bursts never completed. */
function latencyRow(latency: Latency | null): Row<typeof LATENCY_COLUMNS> {
  const none = { p50Ns: 0, p95Ns: 0, p99Ns: 0, maxNs: 0 };
  const { count, wakeup, response } = latency ?? { count: 0, wakeup: none, response: none };
  return {
    bursts: count,
    wakeupP50Ns: wakeup.p50Ns,
    wakeupP95Ns: wakeup.p95Ns,
    wakeupP99Ns: wakeup.p99Ns,
    wakeupMaxNs: wakeup.maxNs,
    responseP50Ns: response.p50Ns,
    responseP95Ns: response.p95Ns,
    responseP99Ns: response.p99Ns,
    responseMaxNs: response.maxNs,
  };
}

function causesRow(causes: StealCauses): Row<typeof STEAL_CAUSE_COLUMNS> {
  return { stealContentionNs: causes.contention, stealCappedNs: causes.capped, stealGangNs: causes.gang, stealIdleNs: causes.idle };
}

const owner = (partition: PartitionResult) => ({ partition: partition.name, kind: partition.kind, parent: partition.parent ?? '' });

/** Linux cpulist notation, as in cpuset.cpus: "0-3,6". */
function cpulist(cpus: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j]! + 1) j++;
    ranges.push(i === j ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}

export const CSV_TABLES = {
  vps: tidy(
    ['partition', 'kind', 'parent', 'vp', 'runNs', 'stealNs', 'idleNs', 'workNs', 'reportedStealNs', ...STEAL_CAUSE_COLUMNS, ...LATENCY_COLUMNS],
    (run) =>
      run.partitions.flatMap((partition) =>
        partition.vps.map((vp) => ({
          ...owner(partition),
          vp: vp.index,
          runNs: vp.runNs,
          stealNs: vp.stealNs,
          idleNs: vp.idleNs,
          workNs: vp.workNs,
          reportedStealNs: vp.reportedStealNs,
          ...causesRow(vp.stealCauses),
          ...latencyRow(vp.latency),
        })),
      ),
  ),
  threads: tidy(['partition', 'thread', 'cgroup', 'runNs', 'waitNs', 'stolenNs', ...LATENCY_COLUMNS], (run) =>
    run.partitions.flatMap((partition) =>
      (partition.threads ?? []).map((thread) => ({
        partition: partition.name,
        thread: thread.name,
        cgroup: thread.cgroup ?? '',
        runNs: thread.runNs,
        waitNs: thread.waitNs,
        stolenNs: thread.stolenNs,
        ...latencyRow(thread.latency),
      })),
    ),
  ),
  partitions: tidy(
    [
      'partition',
      'kind',
      'parent',
      'vps',
      'runNs',
      'stealNs',
      'idleNs',
      'workNs',
      'reportedStealNs',
      ...STEAL_CAUSE_COLUMNS,
      'outsideCpusetNs',
      'cpuShare',
      'stealShare',
      'runShare',
      'idleShare',
      'reportedStealShare',
    ],
    (run, durationNs) =>
      run.partitions.map((partition) => {
        const shares = vpTimeShares(partition, durationNs);
        return {
          ...owner(partition),
          vps: partition.vps.length,
          runNs: partition.runNs,
          stealNs: partition.stealNs,
          idleNs: partition.idleNs,
          workNs: partition.workNs,
          reportedStealNs: partition.reportedStealNs,
          ...causesRow(partition.stealCauses),
          // Without a cpuset nothing is outside it.
          outsideCpusetNs: partition.outsideCpusetNs ?? 0,
          cpuShare: partition.cpuShare,
          stealShare: partition.stealShare,
          runShare: shares.run,
          idleShare: shares.idle,
          reportedStealShare: reportedStealShare(partition),
        };
      }),
  ),
  cgroups: tidy(['partition', 'cgroup', 'weight', 'cpuNs', 'cpus', 'maxCpus', 'cpuset', 'outsideCpusetNs', 'throttles'], (run) =>
    run.partitions.flatMap((partition) =>
      (partition.cgroups ?? []).map((cgroup) => ({
        partition: partition.name,
        cgroup: cgroup.name,
        weight: cgroup.weight,
        cpuNs: cgroup.cpuNs,
        cpus: cgroup.cpus,
        // A float column: empty (no cpu.max) reads as NaN, never as a limit.
        maxCpus: cgroup.maxCpus ?? '',
        cpuset: cgroup.cpuset === null ? '' : cpulist(cgroup.cpuset),
        outsideCpusetNs: cgroup.outsideCpusetNs,
        throttles: cgroup.throttles,
      })),
    ),
  ),
  lps: tidy(['lp', 'core', 'thread', 'busyNs', 'forcedIdleNs', 'mixedNs'], (run) =>
    run.lps.map((lp) => ({
      lp: lp.index,
      core: lp.core,
      thread: lp.thread,
      busyNs: lp.busyNs,
      // 0 where the mode cannot force idle or has no sibling to share with: the `mode` says which.
      forcedIdleNs: lp.forcedIdleNs ?? 0,
      mixedNs: lp.mixedNs ?? 0,
    })),
  ),
  hosts: tidy(
    [
      'usableLps',
      'busyNs',
      'forcedIdleNs',
      'mixedNs',
      'utilisation',
      'forcedIdleShare',
      'mixedShare',
      'dispatches',
      'contextSwitches',
      'migrations',
      'events',
      'readyBesideIdleNs',
      'l1vhScheduler',
    ],
    (run, durationNs) => {
      const { host } = run;
      return [
        {
          usableLps: host.usableLps,
          ...hostTotals(run),
          ...hostShares(run, durationNs),
          dispatches: host.dispatches,
          contextSwitches: host.contextSwitches,
          migrations: host.migrations,
          events: host.events,
          readyBesideIdleNs: host.readyBesideIdleNs,
          l1vhScheduler: run.l1vhScheduler ?? '',
        },
      ];
    },
  ),
} as const satisfies Record<string, TidyTable<Columns>>;

export type CsvTable = keyof typeof CSV_TABLES;
export const CSV_TABLE_NAMES = Object.keys(CSV_TABLES) as CsvTable[];

/** The columns of a tidy table, in order. */
export function csvColumns(table: CsvTable): readonly string[] {
  return [...RUN_COLUMNS, ...CSV_TABLES[table].columns];
}

/** `table` null: the first table, every kind of row in one. */
export function renderCsv(result: ScenarioResult, table: CsvTable | null = null): string {
  if (table === null) return renderRows(result);
  const { columns, rows } = CSV_TABLES[table] as TidyTable<Columns>;
  const { name, seed, durationNs } = result.scenario;
  const lines = [csvColumns(table).join(',')];
  for (const run of result.runs) {
    const prefix: Cell[] = [RESULT_FORMAT_VERSION, name, seed, durationNs, run.mode];
    for (const row of rows(run, durationNs)) lines.push([...prefix, ...columns.map((column) => row[column]!)].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, only where needed. */
function cell(value: Cell): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
