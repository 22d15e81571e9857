// The human view of a result: one table per mode with a row per partition, then host lines.
import Table from 'cli-table3';
import { causeShares, hostShares, ownThreads, reportedStealShare, thiefShares, threadStolenShare, vpTimeShares } from '../metrics/measures.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import { MODE_DESCRIPTIONS } from '../model/scenario.js';
import { formatNanos } from '../model/time.js';
import { CAUSE_INFO, CAUSES_LEGEND } from './causes.js';
import { percent, wrap } from './text.js';
import { printable } from '../scenario/message.js';

export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

export interface TableOptions {
  readonly paint: Painter;
}

const HEAD = ['partition', 'kind', 'VPs', 'CPUs', 'run', 'steal', 'idle', 'steal/wanted', 'reported', 'wake p99'];

export function renderTable(result: ScenarioResult, options: TableOptions): string {
  const { paint } = options;
  const { name, seed, durationNs } = result.scenario;
  const blocks = [paint.bold(`${printable(name)} · seed ${seed} · ${formatNanos(durationNs)} simulated`)];
  for (const run of result.runs) blocks.push(renderRun(run, durationNs, paint));
  blocks.push(
    wrap(
      "run, steal, idle: shares of its VPs' time (they sum to 100 %); steal = had work but was not on an LP. " +
        'steal/wanted (stealShare): steal over run + steal, the figure every other view shows. ' +
        `why: ${CAUSES_LEGEND}. reported: the steal/wanted its own OS would show (0 on Hyper-V).`,
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
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
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
  if (run.gate !== null) notes.push(...wrap(`gate: ${run.gate.outcome} (L1VH scheduler ${run.l1vhScheduler}): ${run.gate.reason}`));
  for (const partition of run.partitions) {
    if (partition.stealShare < 0.01) continue;
    const thieves = thiefShares(partition).filter((t) => t.share >= 0.005).map((t) => `${t.thief ?? 'nobody (LP idle)'} ${percent(t.share)}`);
    const causes = causeShares(partition).filter((c) => c.share >= 0.005).map((c) => `${CAUSE_INFO[c.cause].label} ${percent(c.share)}`);
    notes.push(...wrap(`${partition.name} steal taken by ${thieves.join(', ')}; why: ${causes.join(', ')}`));
  }
  for (const partition of run.partitions) {
    if (ownThreads(partition).every((thread) => thread.runNs === 0)) continue;
    notes.push(`${partition.name} threads: ${percent(threadStolenShare(partition)!)} of the run time its OS reports was stolen`);
  }
  return [`${paint.bold(`mode ${run.mode}`)} ${paint.dim(`(${MODE_DESCRIPTIONS[run.mode]})`)}`, table.toString(), ...host, ...notes].join('\n');
}

function row(partition: PartitionResult, durationNs: number, paint: Painter): string[] {
  const shares = vpTimeShares(partition, durationNs);
  const name = partition.parent === null ? partition.name : `  ${partition.name}`;
  const wakeP99 = partition.vps.reduce((worst, vp) => Math.max(worst, vp.latency?.wakeup.p99Ns ?? -1), -1);
  const stealShare = partition.stealShare;
  return [
    name,
    partition.kind,
    String(partition.vps.length),
    partition.cpuShare.toFixed(2),
    percent(shares.run),
    percent(shares.steal),
    percent(shares.idle),
    stealShare >= 0.05 ? paint.red(percent(stealShare)) : percent(stealShare),
    percent(reportedStealShare(partition)),
    wakeP99 < 0 ? '–' : formatNanos(wakeP99),
  ];
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
