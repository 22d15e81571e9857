// A sweep's result as text: a table for people (a row per cell, a column per mode × metric, each
// figure a mean ± the half-width of its 95 % interval), tidy CSV and JSON for programs.
import Table from 'cli-table3';
import { formatNanos, ns } from '../model/time.js';
import type { MetricUnit, ParameterValue, SweepEstimate, SweepResult } from '../sweep/result.js';
import type { Painter } from './table.js';
import { percent, TERMINAL_WIDTH, wrap } from './text.js';
import { printable } from '../scenario/message.js';

export const SWEEP_CSV_COLUMNS = ['cell', 'mode', 'metric', 'mean', 'ciLow', 'ciHigh', 'seeds'] as const;

export function renderSweepJson(result: SweepResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** `cell, <one column per parameter, named by its path>, mode, metric, mean, ciLow, ciHigh, seeds`; empty where nothing was measured. */
export function renderSweepCsv(result: SweepResult): string {
  const header = ['cell', ...result.parameters.map((p) => p.path), ...SWEEP_CSV_COLUMNS.slice(1)];
  const lines = [header.map(csvCell).join(',')];
  for (const cell of result.cells) {
    for (const e of cell.estimates) {
      lines.push([cell.cell, ...cell.values, e.mode, e.metric, e.mean ?? '', e.ciLow ?? '', e.ciHigh ?? '', e.seeds].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderSweepTable(result: SweepResult, paint: Painter): string {
  const columns = result.modes.flatMap((mode) => result.metrics.map((metric) => ({ mode, metric })));
  const cells = result.cells.map((cell) => {
    const byKey = new Map(cell.estimates.map((e) => [`${e.mode}\u0000${e.metric}`, e]));
    return { parameters: cell.values.map(showParameter), figures: columns.map(({ mode, metric }) => showEstimate(byKey.get(`${mode}\u0000${metric.name}`), metric.unit)) };
  });
  const heads = columns.map(({ mode, metric }) => `${mode}\n${metric.name}`);
  const widthOf = (texts: readonly string[]): number => Math.max(...texts.flatMap((text) => text.split('\n').map((line) => line.length))) + COLUMN_GAP;
  const parameterWidth = result.parameters.reduce((sum, p, i) => sum + widthOf([p.path, ...cells.map((c) => c.parameters[i]!)]), 0);
  const widths = columns.map((_, i) => widthOf([heads[i]!, ...cells.map((c) => c.figures[i]!)]));
  // Too many mode × metric columns for one terminal line: the table continues below, the cell's parameters repeated.
  const groups: number[][] = [];
  let used = Number.POSITIVE_INFINITY;
  widths.forEach((width, i) => {
    if (used + width > TERMINAL_WIDTH && (groups.at(-1)?.length ?? 0) > 0) used = Number.POSITIVE_INFINITY;
    if (used === Number.POSITIVE_INFINITY) {
      groups.push([]);
      used = parameterWidth;
    }
    groups.at(-1)!.push(i);
    used += width;
  });
  const tables = groups.map((group) => {
    const table = new Table({
      head: [...result.parameters.map((p) => p.path), ...group.map((i) => heads[i]!)].map((title) => paint.bold(title)),
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': COLUMN_GAP - 1 },
      chars: {
        top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
        bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
        left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
      },
      colAligns: [...result.parameters.map(() => 'left' as const), ...group.map(() => 'right' as const)],
    });
    for (const cell of cells) table.push([...cell.parameters, ...group.map((i) => cell.figures[i]!)]);
    return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
  });
  const { name, seed, durationNs } = result.scenario;
  const title = paint.bold(`${printable(name)} · seed ${seed} · ${formatNanos(ns(durationNs))} simulated · ${result.cells.length} cells × ${result.seeds} seed${result.seeds === 1 ? '' : 's'}`);
  const legend =
    result.seeds === 1
      ? 'one seed per cell: each figure is that run\'s value.'
      : `each figure: the mean over ${result.seeds} seeds ± the half-width of its 95 % confidence interval (Student's t); – where no seed measured it.`;
  return `${title}\n\n${tables.join('\n\n')}\n\n${wrap(legend).map((line) => paint.dim(line)).join('\n')}\n`;
}

/** Spaces between columns (cli-table3's one plus its right padding). */
const COLUMN_GAP = 2;

function showParameter(value: ParameterValue): string {
  return String(value);
}

function showEstimate(estimate: SweepEstimate | undefined, unit: MetricUnit): string {
  if (estimate === undefined || estimate.mean === null) return '–';
  const value = show(estimate.mean, unit);
  if (estimate.seeds < 2 || estimate.ciHigh === null) return value;
  return `${value} ±${show(estimate.ciHigh - estimate.mean, unit).replace(' %', '')}`;
}

function show(value: number, unit: MetricUnit): string {
  if (unit === 'share') return percent(value);
  if (unit === 'cpus') return value.toFixed(2);
  return formatNanos(ns(Math.round(value)));
}

function csvCell(value: ParameterValue): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
