// Traced runs as a Chrome Trace Event Format document, for Perfetto UI (ui.perfetto.dev) and
// chrome://tracing. One process per traced mode; inside it a track per LP (the VPs it ran, and
// its forced idle), then a track per VP (its run / steal / idle states), and three counters.
// Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
import type { RunResult, ScenarioResult } from '../metrics/result.js';
import type { RunTrace, TimeWindow } from '../metrics/trace.js';
import { NS_PER_US } from '../model/time.js';

export interface ChromeTraceOptions {
  /** hvsched's version, recorded in the document so a trace names the simulator that made it. */
  readonly version: string;
}

/** tid of an LP's track is `LP_TID + lp`; of a VP's, `VP_TID + vp`: LPs sort first. */
const LP_TID = 1;
const VP_TID = 100_000;

type Args = Readonly<Record<string, string | number>>;

interface MetadataEvent {
  readonly name: 'process_name' | 'process_sort_index' | 'thread_name' | 'thread_sort_index';
  readonly ph: 'M';
  readonly pid: number;
  readonly tid?: number;
  readonly args: Args;
}

/** Counters are per process, so they carry no tid (Perfetto then files them under the process). */
interface CounterEvent {
  readonly name: CounterName;
  readonly ph: 'C';
  readonly pid: number;
  readonly ts: number;
  readonly args: { readonly count: number };
}

interface SliceEvent {
  readonly name: string;
  readonly cat: string;
  readonly ph: 'X';
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur: number;
  readonly args?: Args;
}

type TimedEvent = CounterEvent | SliceEvent;

/** A timed event and the integer ns it starts at: sorting on floats of µs would be fragile. */
interface Timed {
  readonly ns: number;
  readonly event: TimedEvent;
}

const COUNTERS = ['runnable VPs', 'busy LPs', 'forced-idle LPs'] as const;
type CounterName = (typeof COUNTERS)[number];

/** At one ts, pid and tid, counters come before slices, so a viewer has the level before the slice. */
const PHASE_ORDER = { C: 0, X: 1 } as const satisfies Record<TimedEvent['ph'], number>;

export function renderChromeTrace(result: ScenarioResult, traces: readonly RunTrace[], options: ChromeTraceOptions): string {
  const window = sharedWindow(traces);
  const metadata: MetadataEvent[] = [];
  const timed: Timed[] = [];
  traces.forEach((trace, index) => {
    const pid = index + 1;
    const run = runOf(result, trace);
    metadata.push(...processMetadata(pid, index, run), ...trackMetadata(pid, run, trace));
    timed.push(...slices(pid, trace), ...counters(pid, trace));
  });
  timed.sort(
    (a, b) =>
      a.ns - b.ns ||
      a.event.pid - b.event.pid ||
      tidOf(a.event) - tidOf(b.event) ||
      PHASE_ORDER[a.event.ph] - PHASE_ORDER[b.event.ph] ||
      counterRank(a.event) - counterRank(b.event),
  );
  const { name, seed, durationNs } = result.scenario;
  const document = {
    traceEvents: [...metadata, ...timed.map((item) => item.event)],
    displayTimeUnit: 'ns',
    // Flat strings and numbers: viewers show otherData as a key/value list and drop nested objects.
    otherData: {
      scenario: name,
      seed,
      durationNs,
      version: options.version,
      modes: traces.map((trace) => trace.mode).join(', '),
      windowFromNs: window.from,
      windowToNs: window.to,
    },
  };
  return `${JSON.stringify(document)}\n`;
}

function sharedWindow(traces: readonly RunTrace[]): TimeWindow {
  const first = traces[0];
  if (first === undefined) throw new Error('Cannot render a Chrome trace: no traced run');
  for (const trace of traces) {
    if (trace.window.from !== first.window.from || trace.window.to !== first.window.to) {
      throw new Error(`Cannot render a Chrome trace: mode "${trace.mode}" was traced over another window than "${first.mode}"`);
    }
  }
  return first.window;
}

function runOf(result: ScenarioResult, trace: RunTrace): RunResult {
  const run = result.runs.find((candidate) => candidate.mode === trace.mode);
  if (run === undefined) throw new Error(`Bug: a trace of mode "${trace.mode}" has no run in the result`);
  return run;
}

function processMetadata(pid: number, index: number, run: RunResult): MetadataEvent[] {
  const scheduler = run.l1vhScheduler === undefined ? '' : ` (L1VH scheduler: ${run.l1vhScheduler})`;
  return [
    { name: 'process_name', ph: 'M', pid, args: { name: `mode ${run.mode}${scheduler}` } },
    { name: 'process_sort_index', ph: 'M', pid, args: { sort_index: index } },
  ];
}

function trackMetadata(pid: number, run: RunResult, trace: RunTrace): MetadataEvent[] {
  const tracks = [
    ...run.lps.map((lp) => ({ tid: LP_TID + lp.index, name: `LP ${lp.index} (core ${lp.core}, thread ${lp.thread})` })),
    ...trace.vps.map((_, vp) => ({ tid: VP_TID + vp, name: vpName(trace, vp) })),
  ];
  return tracks.flatMap(({ tid, name }): MetadataEvent[] => [
    { name: 'thread_name', ph: 'M', pid, tid, args: { name } },
    { name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } },
  ]);
}

function vpOf(trace: RunTrace, vp: number): RunTrace['vps'][number] {
  const info = trace.vps[vp];
  if (info === undefined) throw new Error(`Bug: the trace of mode "${trace.mode}" has a slice of unknown VP ${vp}`);
  return info;
}

function vpName(trace: RunTrace, vp: number): string {
  const { partition, index } = vpOf(trace, vp);
  return `${partition}/vp${index}`;
}

function slices(pid: number, trace: RunTrace): Timed[] {
  const out: Timed[] = [];
  const push = (start: number, end: number, name: string, cat: string, tid: number, args?: Args): void => {
    // A zero-length slice draws nothing and would share a start with its neighbour.
    if (end <= start) return;
    const event: SliceEvent = { name, cat, ph: 'X', pid, tid, ts: micros(start), dur: micros(end - start), ...(args === undefined ? {} : { args }) };
    out.push({ ns: start, event });
  };
  for (const { lp, vp, start, end } of trace.lpSlices) {
    const { partition, index } = vpOf(trace, vp);
    push(start, end, vpName(trace, vp), partition, LP_TID + lp, { partition, vp: index, lp });
  }
  for (const { lp, start, end } of trace.forcedSlices) push(start, end, 'forced idle', 'forced-idle', LP_TID + lp, { lp });
  for (const { vp, state, start, end } of trace.vpSlices) push(start, end, state, state, VP_TID + vp);
  return out;
}

function counters(pid: number, trace: RunTrace): Timed[] {
  const intervals: Record<CounterName, readonly { readonly start: number; readonly end: number }[]> = {
    'runnable VPs': trace.vpSlices.filter((slice) => slice.state !== 'idle'),
    'busy LPs': trace.lpSlices,
    'forced-idle LPs': trace.forcedSlices,
  };
  return COUNTERS.flatMap((name) =>
    levels(intervals[name], trace.window).map(({ ns, count }): Timed => ({
      ns,
      event: { name, ph: 'C', pid, ts: micros(ns), args: { count } },
    })),
  );
}

/**
 * How many intervals cover each moment: a sample at the window's start, then one wherever the
 * level changes. All changes at one moment are applied before its sample (ends and starts alike),
 * so a VP passing from steal to run makes no blip. The window's end is no change: the last level
 * holds until the trace ends there.
 */
function levels(intervals: readonly { readonly start: number; readonly end: number }[], window: TimeWindow): { ns: number; count: number }[] {
  const changes: [ns: number, delta: number][] = [];
  for (const { start, end } of intervals) {
    if (end <= start) continue;
    changes.push([start, 1], [end, -1]);
  }
  changes.sort((a, b) => a[0] - b[0]);
  const samples = [{ ns: window.from, count: 0 }];
  let count = 0;
  for (let i = 0; i < changes.length; ) {
    const ns = changes[i]![0];
    while (i < changes.length && changes[i]![0] === ns) count += changes[i++]![1];
    if (ns >= window.to) break;
    const last = samples[samples.length - 1]!;
    if (ns === last.ns) last.count = count;
    else if (count !== last.count) samples.push({ ns, count });
  }
  return samples;
}

/** µs with ns precision as a JSON number (1234.567): the format's unit, never rounded to whole µs. */
function micros(ns: number): number {
  return ns / NS_PER_US;
}

function tidOf(event: TimedEvent): number {
  return event.ph === 'X' ? event.tid : 0;
}

function counterRank(event: TimedEvent): number {
  return event.ph === 'C' ? COUNTERS.indexOf(event.name) : 0;
}
