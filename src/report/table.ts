// The human view of a result: one table per mode with a row per partition, then host lines.
import Table from 'cli-table3';
import { hostShares, ownThreads, threadStolenShare } from '../metrics/measures.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import { MODE_DESCRIPTIONS } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import { percent, wrap } from './text.js';

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

export interface TableOptions {
  readonly paint: Painter;
}

const HEAD = ['partition', 'kind', 'VPs', 'CPUs', 'run', 'steal', 'idle', 'reported', 'wake p99'];

export function renderTable(result: ScenarioResult, options: TableOptions): string {
  const { paint } = options;
  const { name, seed, durationNs } = result.scenario;
  const blocks = [paint.bold(`${name} · seed ${seed} · ${formatNanos(durationNs)} simulated`)];
  for (const run of result.runs) blocks.push(renderRun(run, durationNs, paint));
  blocks.push(
    wrap(
      "run/steal/idle: share of the VPs' time; steal = wanted to run but was not on an LP. " +
        'reported: steal the guest OS would report (0 on Hyper-V).',
    )
      .map((line) => paint.dim(line))
      .join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

function renderRun(run: RunResult, durationNs: number, paint: Painter): string {
  const table = new Table({
    head: HEAD.map((title) => paint.bold(title)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  for (const partition of run.partitions) table.push(row(partition, durationNs, paint));
  const shares = hostShares(run, durationNs);
  const host = [
    `host: ${percent(shares.utilisation)} of ${run.host.usableLps} LPs busy, ` +
      `mixed ${percent(shares.mixedShare)}, forced idle ${percent(shares.forcedIdleShare)}`,
    `${count(run.host.dispatches)} dispatches, ${count(run.host.contextSwitches)} context switches, ` +
      `${count(run.host.migrations)} migrations, ${count(run.host.events)} events`,
  ];
  const notes: string[] = [];
  if (run.gate !== undefined) notes.push(...wrap(`gate: ${run.gate.outcome} (L1VH scheduler ${run.l1vhScheduler}): ${run.gate.reason}`));
  for (const partition of run.partitions) {
    if (ownThreads(partition).every((thread) => thread.runNs === 0)) continue;
    notes.push(`${partition.name} threads: ${percent(threadStolenShare(partition)!)} of the run time its OS reports was stolen`);
  }
  return [`${paint.bold(`mode ${run.mode}`)} ${paint.dim(`(${MODE_DESCRIPTIONS[run.mode]})`)}`, table.toString(), ...host, ...notes].join('\n');
}

function row(partition: PartitionResult, durationNs: number, paint: Painter): string[] {
  const vpTime = partition.vps.length * durationNs;
  const name = partition.parent === undefined ? partition.name : `  ${partition.name}`;
  const wakeP99 = partition.vps.reduce((worst, vp) => Math.max(worst, vp.latency?.wakeup.p99Ns ?? -1), -1);
  const steal = vpTime === 0 ? 0 : partition.stealNs / vpTime;
  return [
    name,
    partition.kind,
    String(partition.vps.length),
    partition.cpuShare.toFixed(2),
    percent(vpTime === 0 ? 0 : partition.runNs / vpTime),
    steal >= 0.05 ? paint.red(percent(steal)) : percent(steal),
    percent(vpTime === 0 ? 0 : partition.idleNs / vpTime),
    percent(vpTime === 0 ? 0 : partition.reportedStealNs / vpTime),
    wakeP99 < 0 ? '–' : formatNanos(wakeP99),
  ];
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
