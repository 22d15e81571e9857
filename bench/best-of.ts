// A shared machine's speed wanders from run to run: benchmarks quote the best run and the median.

/** Measures `runs` times; the best and the median by `rate`. */
export function bestAndMedian<T>(runs: number, measure: () => T, rate: (run: T) => number): { best: T; median: T } {
  return bestAndMedianOf(Array.from({ length: runs }, measure), rate);
}

/** The best and the median of runs already measured, by `rate`. */
export function bestAndMedianOf<T>(runs: readonly T[], rate: (run: T) => number): { best: T; median: T } {
  const all = [...runs].sort((a, b) => rate(b) - rate(a));
  return { best: all[0]!, median: all[Math.floor((all.length - 1) / 2)]! };
}
