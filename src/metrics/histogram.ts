// Latency percentiles in bounded memory: a log-linear histogram (the HdrHistogram layout) with
// 128 linear sub-buckets per power of two, so a percentile is exact below 256 ns and within
// 1/128 (0.8 %) above, and memory depends on the powers of two seen, never on the sample count.
//
// Counts are kept a block of 128 buckets (one power of two) at a time, and only for blocks that
// got a sample: a 1024-core world has thousands of histograms whose samples span a dozen powers
// of two, and one array from zero up to the largest sample was twice to four times that (and
// doubled again whenever a growing backlog pushed a response time past the next power of two).

const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS;
/** Blocks and counts of a histogram with no sample yet: never written, as any sample makes room first. */
const NO_BLOCKS = new Int16Array(0);
const NO_COUNTS = new Float64Array(0);

export interface Percentiles {
  readonly p50Ns: number;
  readonly p95Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
}

export class Histogram {
  /** Per block of buckets: its place among the blocks in #counts, or -1 before its first sample. */
  #slotOf = NO_BLOCKS;
  /** The counts of the blocks that have samples, SUB_COUNT each, in the order they got their first. */
  #counts = NO_COUNTS;
  #total = 0;
  #max = 0;

  get count(): number {
    return this.#total;
  }

  record(value: number): void {
    const index = bucketOf(value);
    const block = index >>> SUB_BITS;
    let slot = block < this.#slotOf.length ? this.#slotOf[block]! : -1;
    if (slot < 0) slot = this.#addBlock(block);
    this.#counts[slot * SUB_COUNT + (index & (SUB_COUNT - 1))]!++;
    this.#total++;
    if (value > this.#max) this.#max = value;
  }

  #addBlock(block: number): number {
    if (block >= this.#slotOf.length) {
      const wider = new Int16Array(Math.max(block + 1, 2 * this.#slotOf.length, 32)).fill(-1);
      wider.set(this.#slotOf);
      this.#slotOf = wider;
    }
    const slot = this.#counts.length / SUB_COUNT;
    const counts = new Float64Array(this.#counts.length + SUB_COUNT);
    counts.set(this.#counts);
    this.#counts = counts;
    this.#slotOf[block] = slot;
    return slot;
  }

  /** The smallest bucket upper bound below which at least `q` of the samples fall, capped at the max. */
  quantile(q: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#total));
    let seen = 0;
    for (let block = 0; block < this.#slotOf.length; block++) {
      const slot = this.#slotOf[block]!;
      if (slot < 0) continue;
      for (let sub = 0; sub < SUB_COUNT; sub++) {
        seen += this.#counts[slot * SUB_COUNT + sub]!;
        if (seen >= rank) return Math.min(upperBoundOf(block * SUB_COUNT + sub), this.#max);
      }
    }
    return this.#max;
  }

  percentiles(): Percentiles {
    return { p50Ns: this.quantile(0.5), p95Ns: this.quantile(0.95), p99Ns: this.quantile(0.99), maxNs: this.#max };
  }
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

function upperBoundOf(index: number): number {
  if (index < 2 * SUB_COUNT) return index;
  const shift = Math.floor(index / SUB_COUNT) - 1;
  const sub = index % SUB_COUNT;
  return (SUB_COUNT + sub + 1) * 2 ** shift - 1;
}
