// What happened on the host inside a time window, for the views that draw time (the Chrome
// trace, the terminal timeline, the HTML report's SVG timeline). Recorded only when asked for,
// and only inside the window, so memory grows with the window, never with the horizon.
import type { Mode } from '../model/scenario.js';

export interface TimeWindow {
  /** Inclusive start, ns. */
  readonly from: number;
  /** Exclusive end, ns. */
  readonly to: number;
}

export type VpState = 'idle' | 'steal' | 'run';

/** A VP on an LP for [start, end). */
export interface LpSlice {
  readonly lp: number;
  readonly vp: number;
  readonly start: number;
  readonly end: number;
}

/** An LP idle because its core belongs to a partition with nothing to run there, [start, end). */
export interface ForcedSlice {
  readonly lp: number;
  readonly start: number;
  readonly end: number;
}

/** A VP in one state for [start, end); a VP's slices tile the window. */
export interface VpSlice {
  readonly vp: number;
  readonly state: VpState;
  readonly start: number;
  readonly end: number;
}

/** An OS thread runnable off every CPU (waiting), on a CPU (running), or on a vCPU off its LP (stolen). */
export type ThreadState = 'waiting' | 'running' | 'stolen';

/** An OS thread in one state for [start, end); asleep where it has none. */
export interface ThreadSlice {
  readonly thread: number;
  readonly state: ThreadState;
  readonly start: number;
  readonly end: number;
}

export interface RunTrace {
  readonly mode: Mode;
  readonly window: TimeWindow;
  /** Every VP of the run, by id: its partition and its index inside it. */
  readonly vps: readonly { readonly partition: string; readonly index: number }[];
  /** Every OS thread of the run, by id: the partition whose OS runs it and its name. */
  readonly threads: readonly { readonly partition: string; readonly name: string }[];
  readonly lpSlices: readonly LpSlice[];
  readonly forcedSlices: readonly ForcedSlice[];
  readonly vpSlices: readonly VpSlice[];
  readonly threadSlices: readonly ThreadSlice[];
}

const STATES: readonly VpState[] = ['idle', 'steal', 'run'];
export const THREAD_STATES: readonly ThreadState[] = ['waiting', 'running', 'stolen'];
export const THREAD_WAITING = 0;
export const THREAD_RUNNING = 1;
export const THREAD_STOLEN = 2;

/** Collects intervals as the machine closes them, clipped to the window. */
export class TraceRecorder {
  readonly window: TimeWindow;
  readonly lpSlices: LpSlice[] = [];
  readonly forcedSlices: ForcedSlice[] = [];
  readonly vpSlices: VpSlice[] = [];
  readonly threads: { readonly partition: string; readonly name: string }[] = [];
  readonly threadSlices: ThreadSlice[] = [];
  /** Per thread: the index of its last slice, which a contiguous one in the same state extends. */
  readonly #lastThreadSlice: number[] = [];

  constructor(window: TimeWindow) {
    this.window = window;
  }

  /** Registers an OS's threads; returns the id of the first, the others following in order. */
  addThreads(partition: string, names: readonly string[]): number {
    const first = this.threads.length;
    for (const name of names) {
      this.threads.push({ partition, name });
      this.#lastThreadSlice.push(-1);
    }
    return first;
  }

  /** `thread` was in THREAD_STATES[state] for [start, end). */
  thread(thread: number, state: number, start: number, end: number): void {
    const clipped = this.#clip(start, end);
    if (clipped === null) return;
    const last = this.#lastThreadSlice[thread]!;
    const previous = last >= 0 ? this.threadSlices[last]! : null;
    // An OS settles a thread at every change of its CPU's vCPU, so one state arrives in pieces.
    if (previous !== null && previous.end === clipped.start && previous.state === THREAD_STATES[state]) {
      this.threadSlices[last] = { ...previous, end: clipped.end };
      return;
    }
    this.#lastThreadSlice[thread] = this.threadSlices.length;
    this.threadSlices.push({ thread, state: THREAD_STATES[state]!, ...clipped });
  }

  /** `vp` ran on `lp` for [start, end). */
  lp(lp: number, vp: number, start: number, end: number): void {
    const clipped = this.#clip(start, end);
    if (clipped !== null) this.lpSlices.push({ lp, vp, ...clipped });
  }

  forced(lp: number, start: number, end: number): void {
    const clipped = this.#clip(start, end);
    if (clipped !== null) this.forcedSlices.push({ lp, ...clipped });
  }

  /** `vp` was in machine state `state` (0 idle, 1 ready, 2 running) for [start, end). */
  vp(vp: number, state: number, start: number, end: number): void {
    const clipped = this.#clip(start, end);
    if (clipped !== null) this.vpSlices.push({ vp, state: STATES[state]!, ...clipped });
  }

  #clip(start: number, end: number): { start: number; end: number } | null {
    const from = Math.max(start, this.window.from);
    const to = Math.min(end, this.window.to);
    return from < to ? { start: from, end: to } : null;
  }
}

/** The part of `trace` inside `window` (which must lie inside the trace's own window). */
export function clipTrace(trace: RunTrace, window: TimeWindow): RunTrace {
  const inside = <T extends { start: number; end: number }>(slices: readonly T[]): T[] =>
    slices.flatMap((slice) => {
      const start = Math.max(slice.start, window.from);
      const end = Math.min(slice.end, window.to);
      return start < end ? [{ ...slice, start, end }] : [];
    });
  return {
    ...trace,
    window,
    lpSlices: inside(trace.lpSlices),
    forcedSlices: inside(trace.forcedSlices),
    vpSlices: inside(trace.vpSlices),
    threadSlices: inside(trace.threadSlices),
  };
}
