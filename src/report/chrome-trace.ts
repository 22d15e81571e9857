// Traced runs as a Chrome Trace Event Format document, for Perfetto UI (ui.perfetto.dev) and
// chrome://tracing. One process per traced mode; inside it a track per LP (the VPs it ran, and
// its forced idle), a track per VP (its run / steal / idle states) with an arrow from each VP
// that took an LP to the VP it displaced there, a track per OS thread (running / waiting /
// stolen), three host counters and one of stolen VPs per partition.
// Format: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
import type { RunResult, ScenarioResult } from '../metrics/result.js';
import type { LpSlice, RunTrace, TimeWindow } from '../metrics/trace.js';
import { NS_PER_US } from '../model/time.js';

export interface ChromeTraceOptions {
  /** hvsched's version, recorded in the document so a trace names the simulator that made it. */
  readonly version: string;
}

/** tid of an LP's track is `LP_TID + lp`; of a VP's, `VP_TID + vp`; of a thread's, `THREAD_TID + thread`: LPs sort first. */
const LP_TID = 1;
const VP_TID = 100_000;
const THREAD_TID = 1_000_000;

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
  readonly name: string;
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

/** One end of an arrow (flow v1): `s` binds to the slice it starts in, `f` with bp `e` to the one it ends in. */
interface FlowEvent {
  readonly name: 'displaced';
  readonly cat: 'preemption';
  readonly ph: 's' | 'f';
  readonly id: number;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly bp?: 'e';
}

type TimedEvent = CounterEvent | SliceEvent | FlowEvent;

/** A timed event and the integer ns it starts at: sorting on floats of µs would be fragile. */
interface Timed {
  readonly ns: number;
  readonly event: TimedEvent;
  /** Orders counters of one process at one ts: the host's first, then the partitions' in theirs. */
  readonly rank: number;
}

const COUNTERS = ['runnable VPs', 'busy LPs', 'forced-idle LPs'] as const;
type CounterName = (typeof COUNTERS)[number];

/** At one ts, pid and tid, counters come before slices, so a viewer has the level before the slice, and arrows after. */
const PHASE_ORDER = { C: 0, X: 1, s: 2, f: 2 } as const satisfies Record<TimedEvent['ph'], number>;

export function renderChromeTrace(result: ScenarioResult, traces: readonly RunTrace[], options: ChromeTraceOptions): string {
  const window = sharedWindow(traces);
  const micros = microsOn(window);
  const metadata: MetadataEvent[] = [];
  const timed: Timed[] = [];
  const flowIds = { next: 1 };
  traces.forEach((trace, index) => {
    const pid = index + 1;
    const run = runOf(result, trace);
    // Appended one by one: a trace holds millions of events, too many to spread into a call's arguments.
    for (const event of [...processMetadata(pid, index, run), ...trackMetadata(pid, run, trace)]) metadata.push(event);
    for (const part of [slices(pid, trace, micros), counters(pid, run, trace, micros), displacements(pid, trace, flowIds, micros)]) for (const item of part) timed.push(item);
  });
  timed.sort(
    (a, b) =>
      a.ns - b.ns ||
      a.event.pid - b.event.pid ||
      tidOf(a.event) - tidOf(b.event) ||
      PHASE_ORDER[a.event.ph] - PHASE_ORDER[b.event.ph] ||
      a.rank - b.rank,
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
  const scheduler = run.l1vhScheduler === null ? '' : ` (L1VH scheduler: ${run.l1vhScheduler})`;
  return [
    { name: 'process_name', ph: 'M', pid, args: { name: `mode ${run.mode}${scheduler}` } },
    { name: 'process_sort_index', ph: 'M', pid, args: { sort_index: index } },
  ];
}

function trackMetadata(pid: number, run: RunResult, trace: RunTrace): MetadataEvent[] {
  const tracks = [
    ...run.lps.map((lp) => ({ tid: LP_TID + lp.index, name: `LP ${lp.index} (core ${lp.core}, thread ${lp.thread})` })),
    ...trace.vps.map((_, vp) => ({ tid: VP_TID + vp, name: vpName(trace, vp) })),
    ...trace.threads.map(({ partition, name }, thread) => ({ tid: THREAD_TID + thread, name: `${partition} OS: ${name}` })),
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

function slices(pid: number, trace: RunTrace, micros: Micros): Timed[] {
  const out: Timed[] = [];
  const push = (start: number, end: number, name: string, cat: string, tid: number, args?: Args): void => {
    // A zero-length slice draws nothing and would share a start with its neighbour.
    if (end <= start) return;
    const ts = micros(start);
    const event: SliceEvent = { name, cat, ph: 'X', pid, tid, ts, dur: micros(end) - ts, ...(args === undefined ? {} : { args }) };
    out.push({ ns: start, event, rank: 0 });
  };
  for (const { lp, vp, start, end } of trace.lpSlices) {
    const { partition, index } = vpOf(trace, vp);
    push(start, end, vpName(trace, vp), partition, LP_TID + lp, { partition, vp: index, lp });
  }
  for (const { lp, start, end } of trace.forcedSlices) push(start, end, 'forced idle', 'forced-idle', LP_TID + lp, { lp });
  for (const { vp, state, start, end } of trace.vpSlices) push(start, end, state, state, VP_TID + vp);
  for (const { thread, state, start, end } of trace.threadSlices) push(start, end, state, `thread-${state}`, THREAD_TID + thread);
  return out;
}

/** The host's counters, then per partition with VPs the number of its VPs stolen from: its steal rate in VPs. */
function counters(pid: number, run: RunResult, trace: RunTrace, micros: Micros): Timed[] {
  const intervals: Record<CounterName, readonly { readonly start: number; readonly end: number }[]> = {
    'runnable VPs': trace.vpSlices.filter((slice) => slice.state !== 'idle'),
    'busy LPs': trace.lpSlices,
    'forced-idle LPs': trace.forcedSlices,
  };
  const series: { name: string; intervals: readonly { readonly start: number; readonly end: number }[] }[] = [
    ...COUNTERS.map((name) => ({ name, intervals: intervals[name] })),
    ...run.partitions
      .filter((partition) => partition.vps.length > 0)
      .map((partition) => ({
        name: `stolen VPs: ${partition.name}`,
        intervals: trace.vpSlices.filter((slice) => slice.state === 'steal' && trace.vps[slice.vp]!.partition === partition.name),
      })),
  ];
  return series.flatMap(({ name, intervals: covering }, rank) =>
    levels(covering, trace.window).map(({ ns, count }): Timed => ({
      ns,
      event: { name, ph: 'C', pid, ts: micros(ns), args: { count } },
      rank,
    })),
  );
}

/**
 * An arrow from the VP that took an LP to the VP it displaced: wherever one VP's slice on an LP
 * ends as another's begins and the first starts to wait there and then (it still had work).
 */
function displacements(pid: number, trace: RunTrace, ids: { next: number }, micros: Micros): Timed[] {
  const waitsFrom = new Set(trace.vpSlices.filter((slice) => slice.state === 'steal').map((slice) => `${slice.vp}@${slice.start}`));
  const byLp = new Map<number, LpSlice[]>();
  for (const slice of trace.lpSlices) {
    let list = byLp.get(slice.lp);
    if (list === undefined) byLp.set(slice.lp, (list = []));
    list.push(slice);
  }
  const out: Timed[] = [];
  for (const list of byLp.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1]!;
      const after = list[i]!;
      if (before.end !== after.start || before.vp === after.vp || !waitsFrom.has(`${before.vp}@${after.start}`)) continue;
      const id = ids.next++;
      const ts = micros(after.start);
      out.push(
        { ns: after.start, event: { name: 'displaced', cat: 'preemption', ph: 's', id, pid, tid: VP_TID + after.vp, ts }, rank: 0 },
        { ns: after.start, event: { name: 'displaced', cat: 'preemption', ph: 'f', bp: 'e', id, pid, tid: VP_TID + before.vp, ts }, rank: 0 },
      );
    }
  }
  return out;
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

/** Integer ns to the format's µs. */
type Micros = (ns: number) => number;

/** The finest grid used: 2^-20 µs, about a picosecond. */
const FINEST_GRID_BITS = 20;

/**
 * µs on a binary grid, 2^-k µs with k as large as keeps every time of `window` below 2^53 grid
 * steps: such numbers are exact doubles, so a viewer's `ts + dur` is exact and a slice ends
 * exactly where its successor starts (7615.344 + 960 is 8575.344000000001 in decimal µs, and
 * trace engines drop such a slice as overlapping). The grid is far below a ns, so rounding µs ×
 * 1000 gives back the integer ns (as Perfetto reads them).
 */
function microsOn(window: TimeWindow): Micros {
  const bits = Math.min(FINEST_GRID_BITS, 52 - Math.ceil(Math.log2(window.to / NS_PER_US + 1)));
  const steps = 2 ** bits;
  return (ns) => Math.round((ns / NS_PER_US) * steps) / steps;
}

function tidOf(event: TimedEvent): number {
  return event.ph === 'C' ? 0 : event.tid;
}
