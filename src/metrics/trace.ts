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

export interface RunTrace {
  readonly mode: Mode;
  readonly window: TimeWindow;
  /** Every VP of the run, by id: its partition and its index inside it. */
  readonly vps: readonly { readonly partition: string; readonly index: number }[];
  readonly lpSlices: readonly LpSlice[];
  readonly forcedSlices: readonly ForcedSlice[];
  readonly vpSlices: readonly VpSlice[];
}

const STATES: readonly VpState[] = ['idle', 'steal', 'run'];

/** Collects intervals as the machine closes them, clipped to the window. */
export class TraceRecorder {
  readonly window: TimeWindow;
  readonly lpSlices: LpSlice[] = [];
  readonly forcedSlices: ForcedSlice[] = [];
  readonly vpSlices: VpSlice[] = [];

  constructor(window: TimeWindow) {
    this.window = window;
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
  };
}
