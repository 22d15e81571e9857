// A metric over a cell's seeds: the mean and its 95 % confidence interval from Student's t
// distribution (the seeds are a small sample of independent runs; their spread is unknown).
type TQuantile = (p: number, degreesOfFreedom: number) => number;
let tQuantile: TQuantile | null = null;

/**
 * Loads Student's t quantile, which `estimate` needs for more than one value: the package is some
 * three hundred modules, a tenth of a second that every command would pay at start-up and only a
 * sweep with several seeds uses.
 */
export async function loadIntervals(): Promise<void> {
  tQuantile ??= (await import('@stdlib/stats-base-dists-t-quantile')).default as TQuantile;
}

export interface Estimate {
  readonly mean: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Values that went into it (seeds whose run measured the metric). */
  readonly seeds: number;
}

export function estimate(values: readonly (number | null)[]): Estimate {
  const measured = values.filter((value): value is number => value !== null);
  const n = measured.length;
  if (n === 0) return { mean: null, ciLow: null, ciHigh: null, seeds: 0 };
  const mean = measured.reduce((sum, value) => sum + value, 0) / n;
  if (n === 1) return { mean, ciLow: mean, ciHigh: mean, seeds: 1 };
  const variance = measured.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  if (tQuantile === null) throw new Error('Bug: a confidence interval before loadIntervals()');
  const half = tQuantile(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean, ciLow: mean - half, ciHigh: mean + half, seeds: n };
}
