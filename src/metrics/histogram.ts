// Latency percentiles in bounded memory: a log-linear histogram (the HdrHistogram layout) with
// 128 linear sub-buckets per power of two, so a percentile is exact below 256 ns and within
// 1/128 (0.8 %) above, and memory depends on the largest value, never on the sample count.

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** Blocks of SUB_COUNT buckets, one per power of two from 2^SUB_BITS up to the largest safe integer's. */
const BLOCKS = 53 - SUB_BITS + 1;
/**
 * Counts are 32-bit while they can be (a bucket never holds more samples than the histogram):
 * a 1024-core host holds thousands of histograms of ten blocks or so, 65 MB in 64-bit counts.
 */
const UINT32_MAX = 2 ** 32 - 1;
type Counts = Uint32Array | Float64Array;
/** The blocks of a histogram with no sample yet: never written, as any sample makes room first. */
const NO_BLOCKS: (Counts | null)[] = [];
const PENDING = 128;
const NO_PENDING = new Float64Array(0);

export interface Percentiles {
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
}

export class Histogram {
  /**
   * Per power of two, its buckets, allocated at its first sample: latencies cluster in a few
   * powers of two, and a host of thousands of workloads holds two histograms each. Empty until
   * the first sample: a busy workload never records.
   */
  #blocks = NO_BLOCKS;
  #total = 0;
  #max = 0;
  readonly #narrowLimit: number;
  /**
   * Samples not counted yet, counted PENDING at a time: a host of thousands of workloads holds
   * tens of megabytes of counts, and a sample counted at once touches a line of them at random
   * at every burst, evicting what the next events need; a batch of one workload's samples
   * touches a few lines of its own, one after another.
   */
  #pending = NO_PENDING;
  #pendingCount = 0;

  /** `narrowLimit`: the samples 32-bit counts may hold, made small only to test the widening. */
  constructor(narrowLimit = UINT32_MAX) {
    this.#narrowLimit = narrowLimit;
  }

  get count(): number {
    return this.#total + this.#pendingCount;
  }

  record(value: number): void {
    if (this.#pending === NO_PENDING) this.#pending = new Float64Array(PENDING);
    this.#pending[this.#pendingCount++] = value;
    if (this.#pendingCount === PENDING) this.#countPending();
  }

  #countPending(): void {
    const pending = this.#pending;
    for (let i = 0; i < this.#pendingCount; i++) this.#count(pending[i]!);
    this.#pendingCount = 0;
  }

  #count(value: number): void {
    const index = bucketOf(value);
    if (this.#blocks === NO_BLOCKS) this.#blocks = new Array<Counts | null>(BLOCKS).fill(null);
    const block = index >>> SUB_BITS;
    const counts = this.#blocks[block] ?? (this.#blocks[block] = this.#total < this.#narrowLimit ? new Uint32Array(SUB_COUNT) : new Float64Array(SUB_COUNT));
    counts[index & (SUB_COUNT - 1)]!++;
    if (++this.#total === this.#narrowLimit) this.#widen();
    if (value > this.#max) this.#max = value;
  }

  /** The next sample could overflow a 32-bit count. */
  #widen(): void {
    this.#blocks = this.#blocks.map((counts) => (counts === null ? null : Float64Array.from(counts)));
  }

  /** The smallest bucket upper bound below which at least `q` of the samples fall, capped at the max. */
  quantile(q: number): number {
    return this.quantiles([q])[0]!;
  }

  /** `quantile` of each of `ascending`, in one pass over the buckets. */
  quantiles(ascending: readonly number[]): number[] {
    if (this.#total === 0 && this.#pendingCount > 0) return this.#quantilesOfPending(ascending);
    this.#countPending();
    const found = ascending.map(() => (this.#total === 0 ? 0 : this.#max));
    if (this.#total === 0) return found;
    let next = 0;
    let rank = rankOf(ascending[0]!, this.#total);
    let seen = 0;
    for (let block = 0; block < this.#blocks.length; block++) {
      const counts = this.#blocks[block];
      if (counts === null || counts === undefined) continue;
      for (let sub = 0; sub < SUB_COUNT; sub++) {
        seen += counts[sub]!;
        while (seen >= rank) {
          found[next] = Math.min(upperBoundOf(block * SUB_COUNT + sub), this.#max);
          if (++next === ascending.length) return found;
          rank = rankOf(ascending[next]!, this.#total);
        }
      }
    }
    return found;
  }

  /**
   * The same answers from the samples themselves while none has been counted (fewer than
   * PENDING): the bucket of the sample at each rank. At the end of a short run most of a large
   * host's thousands of histograms are in this state, and counting them first made blocks of
   * counts for each only to read three figures off them.
   */
  #quantilesOfPending(ascending: readonly number[]): number[] {
    const count = this.#pendingCount;
    const sorted = this.#pending.subarray(0, count).sort();
    if (sorted[count - 1]! > this.#max) this.#max = sorted[count - 1]!;
    return ascending.map((q) => {
      const rank = rankOf(q, count);
      return rank > count ? this.#max : Math.min(upperBoundOf(Math.floor(bucketOf(sorted[rank - 1]!))), this.#max);
    });
  }

  percentiles(): Percentiles {
    const [p50Ns, p95Ns, p99Ns] = this.quantiles([0.5, 0.95, 0.99]) as [number, number, number];
    return { p50Ns, p95Ns, p99Ns, maxNs: this.#max };
  }
}

/** The rank (1-based) of the sample at quantile `q` of `count`. */
function rankOf(q: number, count: number): number {
  return Math.max(1, Math.ceil(q * count));
}

export function bucketOf(value: number): number {
  if (value < 2 * SUB_COUNT) return value;
  // Below 2^31 (2.1 s) the bit length is exact in integer arithmetic, and a wake-up latency is
  // recorded at every burst: the float path below is several times slower.
  if (value < 2 ** 31) {
    const shift = 31 - Math.clz32(value) - SUB_BITS;
    return (shift + 1) * SUB_COUNT + (value >>> shift) - SUB_COUNT;
  }
  let exponent = Math.floor(Math.log2(value));
  // log2 rounds up just below a power of two
  if (2 ** exponent > value) exponent--;
  const shift = exponent - SUB_BITS;
  const sub = Math.floor(value / 2 ** shift) - SUB_COUNT;
  return (shift + 1) * SUB_COUNT + sub;
}

/** The largest value in bucket `index`. */
export function upperBoundOf(index: number): number {
  if (index < 2 * SUB_COUNT) return index;
  const shift = Math.floor(index / SUB_COUNT) - 1;
  const sub = index % SUB_COUNT;
  return (SUB_COUNT + sub + 1) * 2 ** shift - 1;
}
