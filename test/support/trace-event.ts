/** An event of hvsched's Chrome trace (docs/results.md, "The trace"), as the trace tests read it. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, string | number>>;
  readonly id?: number;
  readonly bp?: string;
}
