// The views of `hvsched diff`: a table for people (what differs between the two documents, then
// per mode a row per partition and measure with the changes over the threshold marked, then a
// summary line), and JSON and CSV for programs, stable and undecorated.
import Table from 'cli-table3';
import { excess, type Diff, type DiffMeasure, type DiffRow, type DiffSide } from '../diff/diff.js';
import { formatThresholds, NO_THRESHOLDS } from '../diff/threshold.js';
import { formatNanos } from '../model/time.js';
import type { Painter } from './table.js';
import { percent, wrap } from './text.js';

export interface DiffRenderOptions {
  readonly paint: Painter;
}

/** The comparison view's words for each measure, so both views name a number alike. */
const LABELS = {
  cpuShare: 'CPUs used',
  stealShare: 'steal/wanted',
  reportedStealShare: 'reported steal/wanted',
  waitShare: 'its threads wait',
  stolenShare: 'its threads stolen',
  wakeupP99Ns: 'wake-up p99',
  responseP99Ns: 'response p99',
  outsideCpusetShare: 'outside cpuset',
  utilisation: 'LPs busy',
  forcedIdleShare: 'forced idle',
  mixedShare: 'mixed (SMT shared)',
  cpus: 'CPUs',
} as const satisfies Record<DiffMeasure, string>;

export const DIFF_CSV_COLUMNS = ['mode', 'partition', 'cgroup', 'measure', 'unit', 'a', 'b', 'change', 'factor', 'marked', 'failed'] as const;

export const DIFF_RENDERERS = {
  table: (diff, options) => renderDiffTable(diff, options),
  json: (diff) => `${JSON.stringify(diff, null, 2)}\n`,
  csv: (diff) => renderDiffCsv(diff),
} as const satisfies Record<string, (diff: Diff, options: DiffRenderOptions) => string>;

export type DiffFormat = keyof typeof DIFF_RENDERERS;
export const DIFF_FORMATS = Object.keys(DIFF_RENDERERS) as DiffFormat[];

export function renderDiffTable(diff: Diff, { paint }: DiffRenderOptions): string {
  const blocks = [header(diff, paint).join('\n')];
  for (const mode of diff.modes.compared) {
    const table = new Table({
      head: ['partition', 'measure', 'a', 'b', 'change'].map((title) => paint.bold(title)),
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2 },
      chars: {
        top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
        bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
        left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
      },
      colAligns: ['left', 'left', 'right', 'right', 'right'],
    });
    let previous: string | undefined;
    for (const row of diff.rows.filter((r) => r.mode === mode)) {
      const owner = ownerLabel(diff, row);
      const cells = [owner === previous ? '' : owner, measureLabel(row), show(row, row.a), show(row, row.b), change(row)];
      previous = owner;
      table.push(row.marked ? cells.map((cell, i) => (i === 4 ? paint.red(paint.bold(cell)) : paint.bold(cell))) : [...cells.slice(0, 4), paint.dim(cells[4]!)]);
    }
    // cli-table3 pads the last column too; a line for people ends where its text does.
    const lines = table.toString().split('\n').map((line) => line.trimEnd());
    blocks.push([paint.bold(`mode ${mode}`), ...lines].join('\n'));
  }
  blocks.push(footer(diff).join('\n'));
  blocks.push(
    wrap(
      `*: over --threshold (${formatThresholds(diff.threshold)}); ✗: over --fail-over. change: percentage points (pp) ` +
        'for shares, CPUs for CPUs, × (b over a) for durations; JSON and CSV name each measure as `expect` does.',
    )
      .map((line) => paint.dim(line))
      .join('\n'),
  );
  return `${blocks.join('\n\n')}\n`;
}

function header(diff: Diff, paint: Painter): string[] {
  const line = (label: string, of: (side: DiffSide) => string, note = ''): string => {
    const [a, b] = [of(diff.a), of(diff.b)];
    return `  ${label.padEnd(10)}${a === b ? `${a} (both)` : `${a} → ${b}${note}`}`;
  };
  return [
    paint.bold(`hvsched diff · a: ${diff.a.file} · b: ${diff.b.file}`),
    line('scenario', (s) => s.scenario.name),
    line('seed', (s) => String(s.scenario.seed)),
    line('duration', (s) => formatNanos(s.scenario.durationNs), ': shares and CPUs compare as they are; percentiles rest on more or fewer bursts'),
    line('modes', (s) => s.modes.join(', ')),
  ];
}

function footer(diff: Diff): string[] {
  const lines: string[] = [];
  if (diff.modes.compared.length === 0) lines.push('no mode in common: nothing compared');
  for (const [side, modes] of [['a', diff.modes.onlyInA], ['b', diff.modes.onlyInB]] as const) {
    if (modes.length > 0) lines.push(`modes only in ${side} (not compared): ${modes.join(', ')}`);
  }
  for (const side of ['a', 'b'] as const) {
    const only = diff.partitions.filter((p) => p.in === side).map((p) => p.name);
    if (only.length > 0) lines.push(`partitions only in ${side} (${side === 'a' ? 'removed' : 'added'}): ${only.join(', ')}`);
  }
  const marked = diff.rows.filter((row) => row.marked);
  const rank = (row: DiffRow): number => excess(row, diff.threshold);
  const largest = marked.reduce<DiffRow | null>((best, row) => (best === null || rank(row) > rank(best) ? row : best), null);
  lines.push(
    largest === null
      ? `no change over ${formatThresholds(diff.threshold)}`
      : `${count(marked.length, 'change')} over ${formatThresholds(diff.threshold)}; largest: ${describeRow(largest)}`,
  );
  if (formatThresholds(diff.failOver) !== formatThresholds(NO_THRESHOLDS)) {
    const failed = diff.summary.failed;
    lines.push(failed === 0 ? `no change over --fail-over ${formatThresholds(diff.failOver)}` : `${count(failed, 'change')} over --fail-over ${formatThresholds(diff.failOver)} ✗`);
  }
  return lines;
}

/** `l1vh steal/wanted core 52.5 % → 0.0 %`: a row in words, for the summary and the CLI's stderr. */
export function describeRow(row: DiffRow): string {
  const owner = row.partition === null ? 'host' : row.cgroup === null ? row.partition : `${row.partition}/${row.cgroup}`;
  return `${owner} ${LABELS[row.measure]} ${row.mode} ${show(row, row.a)} → ${show(row, row.b)}`;
}

function ownerLabel(diff: Diff, row: DiffRow): string {
  if (row.partition === null) return 'host';
  const partition = diff.partitions.find((p) => p.name === row.partition);
  const indent = partition?.parent === null || partition === undefined ? '' : '  ';
  const only = partition === undefined || partition.in === 'both' ? '' : ` (only in ${partition.in})`;
  return `${indent}${row.partition}${only}`;
}

function measureLabel(row: DiffRow): string {
  return row.cgroup === null ? LABELS[row.measure] : `cgroup ${row.cgroup} ${LABELS[row.measure]}`;
}

function show(row: DiffRow, value: number | null): string {
  if (value === null) return '–';
  switch (row.unit) {
    case 'share':
      return percent(value);
    case 'cpus':
      return value.toFixed(2);
    case 'ns':
      return formatNanos(Math.round(value));
  }
}

function change(row: DiffRow): string {
  const mark = row.failed ? ' ✗' : row.marked ? ' *' : '';
  if (row.a === null || row.b === null) return '–';
  const signed = (text: string): string => (/^-?[0.]+$/.test(text) ? text.replace('-', '') : text.startsWith('-') ? text : `+${text}`);
  switch (row.unit) {
    case 'share':
      return `${signed((100 * (row.b - row.a)).toFixed(1))}pp${mark}`;
    case 'cpus':
      return `${signed((row.b - row.a).toFixed(2))}${mark}`;
    case 'ns':
      return `${row.factor === null ? `+${formatNanos(Math.round(row.b))}` : `×${row.factor.toFixed(2)}`}${mark}`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function renderDiffCsv(diff: Diff): string {
  const lines = [DIFF_CSV_COLUMNS.join(',')];
  for (const row of diff.rows) {
    lines.push(DIFF_CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, only where needed; null is an empty cell. */
function csvCell(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
