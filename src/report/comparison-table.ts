// The terminal view of several modes side by side: one block per partition (children under
// their L1VH), one column per mode, then the host, then the story in words. Fits 100 columns
// for the five modes.
import Table from 'cli-table3';
import type { ScenarioResult } from '../metrics/result.js';
import { formatNanos } from '../model/time.js';
import { CAUSE_INFO, CAUSES_LEGEND } from './causes.js';
import { compare, type PartitionBlock, type PartitionCell } from './comparison.js';
import type { Painter } from './table.js';
import { percent, TERMINAL_WIDTH, wrap } from './text.js';
import { printable } from '../scenario/message.js';

export interface ComparisonTableOptions {
  readonly paint: Painter;
}

/** A row of a partition block: a label and how to show one cell, or null to leave it out. */
interface Metric {
  readonly label: string;
  readonly value: (cell: PartitionCell) => number | null;
  readonly show: (value: number, paint: Painter) => string;
}

const stealColour = (value: number, text: string, paint: Painter): string =>
  value >= 0.05 ? paint.red(text) : value < 0.01 ? paint.green(text) : text;

const METRICS: readonly Metric[] = [
  { label: 'CPUs used', value: (c) => c.cpus, show: (v) => v.toFixed(2) },
  { label: 'steal/wanted (true)', value: (c) => c.stealShare, show: (v, paint) => stealColour(v, percent(v), paint) },
  { label: 'reported steal/wanted', value: (c) => c.reportedStealShare, show: (v) => percent(v) },
  { label: 'its threads wait', value: (c) => c.threadWaitShare, show: (v) => percent(v) },
  { label: 'its threads stolen', value: (c) => c.threadStolenShare, show: (v, paint) => stealColour(v, percent(v), paint) },
  { label: 'wake-up p99', value: (c) => c.wakeP99Ns, show: (v) => formatNanos(v) },
  { label: 'response p99', value: (c) => c.responseP99Ns, show: (v) => formatNanos(v) },
];

export function renderComparisonTable(result: ScenarioResult, options: ComparisonTableOptions): string {
  const { paint } = options;
  const comparison = compare(result);
  const { name, seed, durationNs } = result.scenario;
  const table = new Table({
    head: ['', ...comparison.modes].map((title) => paint.bold(title)),
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 1 },
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
    },
    colAligns: ['left', ...comparison.modes.map(() => 'right' as const)],
  });
  for (const block of comparison.partitions) {
    const indent = block.parent === null ? '' : '  ';
    table.push([paint.bold(`${indent}${block.name}`) + paint.dim(` ${kindLabel(block)}`), ...comparison.modes.map(() => '')]);
    for (const metric of METRICS) {
      const values = block.cells.map(metric.value);
      if (values.every((value) => value === null)) continue;
      table.push([`${indent}  ${metric.label}`, ...values.map((value) => (value === null ? '–' : metric.show(value, paint)))]);
    }
    if (block.cells.every((cell) => cell.stealShare === 0)) continue;
    table.push([`${indent}    stolen by`, ...block.cells.map((cell) => shares(cell.thieves.map((t) => [t.thief ?? 'nobody', t.share])))]);
    table.push([`${indent}    why`, ...block.cells.map((cell) => shares(cell.causes.map((c) => [CAUSE_INFO[c.cause].label, c.share])))]);
  }
  table.push([paint.bold('host'), ...comparison.modes.map(() => '')]);
  table.push(['  LPs busy', ...comparison.host.map((h) => percent(h.utilisation))]);
  table.push(['  forced idle', ...comparison.host.map((h) => percent(h.forcedIdleShare))]);
  table.push(['  mixed (SMT shared)', ...comparison.host.map((h) => percent(h.mixedShare))]);
  for (const verdict of comparison.cgroups) {
    table.push([
      `  ${verdict.owner}/${verdict.cgroup} ≤ ${verdict.maxCpus.toFixed(2)}`,
      ...verdict.cpus.map((cpus, i) => (verdict.held[i] ? paint.green(`✓ ${cpus.toFixed(2)}`) : paint.red(`✗ ${cpus.toFixed(2)}`))),
    ]);
  }
  for (const row of comparison.cpusets) {
    table.push([`  ${row.label} outside cpuset`, ...row.outside.map((share) => (share < 0.001 ? paint.green(`✓ ${percent(share)}`) : paint.red(`✗ ${percent(share)}`)))]);
  }
  for (const view of comparison.inside) {
    table.push([paint.bold(`inside ${view.partition}: seen / real`), ...comparison.modes.map(() => '')]);
    for (const row of view.rows) {
      const show = (value: number): string => (row.unit === 'share' ? `${Math.round(value * 100)}%` : value.toFixed(2));
      table.push([`  ${row.label}`, ...row.really.map((really, i) => `${row.seen[i] === null ? 'unseen' : show(row.seen[i]!)}/${show(really)}`)]);
    }
  }
  const lines = [
    paint.bold(`${printable(name)} · seed ${seed} · ${formatNanos(durationNs)} simulated`),
    '',
    table.toString(),
    '',
    paint.bold('In words'),
    ...comparison.headlines.flatMap((headline) => wrap(headline, TERMINAL_WIDTH - 4).map((line, i) => `${i === 0 ? '  ' : '    '}${line}`)),
    '',
    ...wrap(
      'steal (stealShare): time its VPs had work but were not on an LP, over the time they wanted (run + steal). ' +
        `stolen by: the partitions holding the LPs its VPs waited for, as parts of its steal; why: ${CAUSES_LEGEND}. ` +
        'reported: what its own OS shows (0 on Hyper-V). threads stolen: run time its OS believes its ' +
        'threads had while their vCPU was off its LP. inside: seen / real: what its own tools (top, its ' +
        'accounting) show beside the truth; unseen: its OS does not schedule them. wake-up / response p99: arrival to really running / ' +
        'to completion, the worst over its VPs and threads.',
    ).map((line) => paint.dim(line)),
  ];
  return `${lines.join('\n')}\n`;
}

/** The two largest parts of a steal (of at least half a percent), one per line, as `name 52%` cut to fit a mode's column. */
function shares(parts: readonly (readonly [string, number])[]): string {
  const shown = parts.filter(([, share]) => share >= 0.005).slice(0, 2);
  if (shown.length === 0) return '–';
  return shown
    .map(([name, share]) => `${name.length > SHARE_NAME ? `${name.slice(0, SHARE_NAME - 1)}…` : name} ${Math.round(share * 100)}%`)
    .join('\n');
}

/** Room for a name beside its share in a mode's column (100 columns, five modes). */
const SHARE_NAME = 8;

function kindLabel(block: PartitionBlock): string {
  return block.parent === null ? `(${block.kind})` : `(child of ${block.parent})`;
}
