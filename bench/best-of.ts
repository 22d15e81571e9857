// A shared machine's speed wanders from run to run: benchmarks quote the best run and the median.

/** Measures `runs` times; the best and the median by `rate`. */
export function bestAndMedian<T>(runs: number, measure: () => T, rate: (run: T) => number): { best: T; median: T } {
  const all = Array.from({ length: runs }, measure).sort((a, b) => rate(b) - rate(a));
  return { best: all[0]!, median: all[Math.floor((all.length - 1) / 2)]! };
}
