// Traced runs drawn in the terminal: per mode, a lane per LP with one character per time step
// showing which partition held the LP, then a time axis and a legend. Made for explaining the
// schedulers in class (gang scheduling, forced idle, SMT siblings), so it favours legibility
// over precision: a column shows only the partition that ran longest in it.
import type { LpResult, RunResult, ScenarioResult } from '../metrics/result.js';
import type { RunTrace } from '../metrics/trace.js';
import { NS_PER_MS } from '../model/time.js';
import type { Painter } from './table.js';
import { TERMINAL_WIDTH } from './text.js';

export interface TimelineOptions {
  /** Columns the window is split into; the default 80 fits a 100-column terminal. */
  readonly width?: number;
  readonly paint: Painter;
  /** Colours cycled over the partitions' letters; the Painter's red, green and bold when absent. */
  readonly colors?: readonly ((text: string) => string)[];
}

const DEFAULT_WIDTH = 80;
const TICK_EVERY = 10;
/** Partitions past the alphabet share one mark, which the legend lists beside each of them. */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const OTHER = '+';

const GLYPHS = { idle: '·', forced: 'x', unused: '-' } as const;

/** What a column shows: a partition by its index in the run, or one of the glyphs. */
type Mark = { readonly partition: number; readonly short: boolean } | keyof typeof GLYPHS;

export function renderTimeline(result: ScenarioResult, traces: readonly RunTrace[], options: TimelineOptions): string {
  const width = options.width ?? DEFAULT_WIDTH;
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`Cannot draw a timeline: width must be a positive integer, got ${width}`);
  const { paint } = options;
  const palette =
    options.colors !== undefined && options.colors.length > 0
      ? options.colors
      : [(text: string) => paint.red(text), (text: string) => paint.green(text), (text: string) => paint.bold(text)];
  const blocks = traces.map((trace) => renderBlock(runOf(result, trace), trace, width, paint, palette));
  return `${blocks.join('\n\n')}\n`;
}

function runOf(result: ScenarioResult, trace: RunTrace): RunResult {
  const run = result.runs.find((candidate) => candidate.mode === trace.mode);
  if (run === undefined) throw new Error(`Bug: a trace of mode "${trace.mode}" has no run in the result`);
  return run;
}

function renderBlock(
  run: RunResult,
  trace: RunTrace,
  width: number,
  paint: Painter,
  palette: readonly ((text: string) => string)[],
): string {
  const { from, to } = trace.window;
  const bounds = Array.from({ length: width + 1 }, (_, i) => from + Math.round((i * (to - from)) / width));
  const marks = lanes(run, trace, bounds);
  const labels = run.lps.map((lp) => `LP ${lp.index} c${lp.core}t${lp.thread}`);
  const labelWidth = Math.max(0, ...labels.map((label) => label.length));
  const letterOf = (partition: number): string => LETTERS[partition] ?? OTHER;
  const paintMark = (mark: Mark, text: string): string =>
    typeof mark === 'string' ? paint.dim(text) : palette[mark.partition % palette.length]!(text);
  const header = paint.bold(`mode ${run.mode}  ${millis(from)} … ${millis(to)} (${millis((to - from) / width)} per column)`);
  const laneLines = marks.map((lane, lp) => {
    const runs: string[] = [];
    for (let start = 0; start < lane.length; ) {
      const mark = lane[start]!;
      const text = glyph(mark, letterOf);
      let end = start + 1;
      while (end < lane.length && glyph(lane[end]!, letterOf) === text) end++;
      runs.push(paintMark(mark, text.repeat(end - start)));
      start = end;
    }
    return `${labels[lp]!.padEnd(labelWidth)} │${runs.join('')}`;
  });
  const legend: { plain: string; painted: string }[] = run.partitions.map((partition, index) => ({
    plain: `${letterOf(index)} ${partition.name}`,
    painted: `${paintMark({ partition: index, short: false }, letterOf(index))} ${partition.name}`,
  }));
  const notes = [
    `${GLYPHS.idle} idle`,
    `${GLYPHS.forced} forced idle`,
    'lowercase: ran under half the column',
    ...(marks.some((lane) => lane[0] === 'unused') ? [`${GLYPHS.unused} LP unused in this mode`] : []),
  ];
  for (const note of notes) legend.push({ plain: note, painted: paint.dim(note) });
  return [header, ...laneLines, ...axis(bounds, labelWidth).map((line) => paint.dim(line)), ...wrap(legend)].join('\n');
}

/** The mark of every column of every LP, from the time each partition and forced idle held it. */
function lanes(run: RunResult, trace: RunTrace, bounds: readonly number[]): Mark[][] {
  const width = bounds.length - 1;
  const partitions = new Map(run.partitions.map((partition, index) => [partition.name, index]));
  const forced = run.partitions.length;
  const stride = forced + 1;
  const held = run.lps.map(() => new Float64Array(width * stride));
  const add = (lp: number, slot: number, start: number, end: number): void => {
    const cells = held[lp];
    if (cells === undefined) throw new Error(`Bug: the trace of mode "${trace.mode}" has a slice on unknown LP ${lp}`);
    for (let column = columnAt(bounds, start); column < width && bounds[column]! < end; column++) {
      const overlap = Math.min(end, bounds[column + 1]!) - Math.max(start, bounds[column]!);
      if (overlap > 0) cells[column * stride + slot]! += overlap;
    }
  };
  for (const { lp, vp, start, end } of trace.lpSlices) {
    const name = trace.vps[vp]?.partition;
    const partition = name === undefined ? undefined : partitions.get(name);
    if (partition === undefined) throw new Error(`Bug: VP ${vp} of the trace of mode "${trace.mode}" has no partition in the run`);
    add(lp, partition, start, end);
  }
  for (const { lp, start, end } of trace.forcedSlices) add(lp, forced, start, end);
  const usable = usableLp(run);
  return run.lps.map((lp, index) => {
    if (!usable(lp)) return Array.from({ length: width }, (): Mark => 'unused');
    const cells = held[index]!;
    return Array.from({ length: width }, (_, column): Mark => {
      const slots = cells.subarray(column * stride, (column + 1) * stride);
      let best = 0;
      let busy = 0;
      for (let slot = 0; slot < forced; slot++) {
        busy += slots[slot]!;
        if (slots[slot]! > slots[best]!) best = slot;
      }
      const ran = slots[best]!;
      const forcedNs = slots[forced]!;
      const length = bounds[column + 1]! - bounds[column]!;
      if (forcedNs > ran && forcedNs >= length - busy - forcedNs) return 'forced';
      // A partition beats plain idle however briefly it ran, so a short burst stays visible.
      if (ran > 0) return { partition: best, short: 2 * ran < length };
      return 'idle';
    });
  });
}

/**
 * The result keeps only how many LPs a mode used; modes without SMT use the first threads of
 * every core, so the count per core tells which threads stood unused.
 */
function usableLp(run: RunResult): (lp: LpResult) => boolean {
  const cores = new Set(run.lps.map((lp) => lp.core)).size;
  const threads = cores === 0 ? 0 : run.host.usableLps / cores;
  return (lp) => lp.thread < threads;
}

/** The column whose cell holds `ns`: the last whose start is at or before it. */
function columnAt(bounds: readonly number[], ns: number): number {
  let low = 0;
  let high = bounds.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (bounds[middle]! <= ns) low = middle;
    else high = middle;
  }
  return low;
}

function glyph(mark: Mark, letterOf: (partition: number) => string): string {
  if (typeof mark === 'string') return GLYPHS[mark];
  const letter = letterOf(mark.partition);
  return mark.short ? letter.toLowerCase() : letter;
}

/** A rule with a tick every TICK_EVERY columns, and the time at each tick where its label fits. */
function axis(bounds: readonly number[], labelWidth: number): string[] {
  const width = bounds.length - 1;
  const indent = ' '.repeat(labelWidth);
  let rule = '';
  let labels = '';
  for (let column = 0; column <= width; column++) rule += column % TICK_EVERY === 0 ? '┬' : '─';
  for (let column = 0; column <= width; column += TICK_EVERY) {
    const label = millis(bounds[column]!);
    // The last label is pulled left to end under the rule rather than past it.
    const start = Math.min(column, width + 1 - label.length);
    if (start >= 0 && (labels === '' || start > labels.length)) labels = labels.padEnd(start) + label;
  }
  return [`${indent} └${rule}`, `${indent}  ${labels}`];
}

function wrap(items: readonly { plain: string; painted: string }[]): string[] {
  const lines: string[] = [];
  let plain = '';
  let painted = '';
  for (const item of items) {
    if (plain !== '' && plain.length + 2 + item.plain.length > TERMINAL_WIDTH) {
      lines.push(painted);
      plain = '';
      painted = '';
    }
    plain += plain === '' ? item.plain : `  ${item.plain}`;
    painted += painted === '' ? item.painted : `  ${item.painted}`;
  }
  if (plain !== '') lines.push(painted);
  return lines;
}

function millis(ns: number): string {
  return `${Number((ns / NS_PER_MS).toFixed(6))}ms`;
}
