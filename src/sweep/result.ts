// A sweep's result: per cell (one value of every varied parameter), per mode and metric, the
// value over the cell's seeds as a mean with a 95 % confidence interval. The JSON form of this
// document is a stable contract (README, "Sweeps"): keys are only ever added.
import type { Mode } from '../model/scenario.js';

export const SWEEP_FORMAT = 'hvsched-sweep/1';

/** A value a parameter takes: as written in the scenario (a number, or a string such as "5ms"). */
export type ParameterValue = number | string | boolean;

export interface SweepParameter {
  /** The scenario key it varies, list items named by their `name`: `partitions.l1vh.children.child-a.vps`. */
  readonly path: string;
  readonly values: readonly ParameterValue[];
}

/** How a metric's values read: a share (0–1, shown as %), CPUs, or nanoseconds (shown as ms). */
export type MetricUnit = 'share' | 'cpus' | 'ns';

export interface SweepMetric {
  /** As `--metric` names it: `l1vh.stealShare`, `l1vh/vms.cpus`, `forcedIdleShare` (host). */
  readonly name: string;
  readonly unit: MetricUnit;
}

export interface SweepEstimate {
  readonly mode: Mode;
  /** A SweepMetric's name. */
  readonly metric: string;
  /** null where no seed measured it (a target absent in this mode, a latency with no burst). */
  readonly mean: number | null;
  /** Student's t 95 % interval of the mean; equal to the mean with one seed. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Seeds that measured it. */
  readonly seeds: number;
}

export interface SweepCell {
  /** 0-based, in the order of the cartesian product (the last parameter varies fastest). */
  readonly cell: number;
  /** One value per parameter, in the parameters' order. */
  readonly values: readonly ParameterValue[];
  readonly estimates: readonly SweepEstimate[];
}

export interface SweepResult {
  readonly format: typeof SWEEP_FORMAT;
  readonly scenario: { readonly name: string; readonly seed: number; readonly durationNs: number };
  readonly parameters: readonly SweepParameter[];
  readonly modes: readonly Mode[];
  readonly metrics: readonly SweepMetric[];
  /** Seeds per cell. */
  readonly seeds: number;
  readonly cells: readonly SweepCell[];
}
