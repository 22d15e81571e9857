// Sums by non-negative integer key in typed arrays, for the ledgers' settled totals: one per
// pair that ever met (a VP and a thief bucket, a thread and a holder), millions in a long run of
// a large host. A Map of them costs 28-56 bytes a total and boxes a sum once it passes 2^31;
// open addressing over two typed arrays costs 16-32 (12 a slot, at most 3/4 full) and boxes
// nothing. Keys are stored plus one, so a zeroed slot is an empty one.

/** Keys at or above this need the wide key array: a stored key is the key plus one. */
const NARROW_LIMIT = 2 ** 32 - 1;
const INITIAL_BITS = 4;
/** Digits of the radix sort in `take`: 11 bits, so three passes sort any key below 2^33. */
const RADIX = 2048;

export interface SortedSums {
  /** Every key that got a sum, ascending. */
  readonly keys: Float64Array;
  /** The sum of each of `keys`. */
  readonly sums: Float64Array;
}

export class SumTable {
  readonly #wide: boolean;
  #bits = INITIAL_BITS;
  #keys: Uint32Array | Float64Array;
  #sums: Float64Array;
  #size = 0;

  /** A table for keys from 0 to `keyLimit` − 1. */
  constructor(keyLimit: number) {
    this.#wide = keyLimit >= NARROW_LIMIT;
    this.#keys = this.#keyArray(1 << INITIAL_BITS);
    this.#sums = new Float64Array(1 << INITIAL_BITS);
  }

  /** Keys with a sum. */
  get size(): number {
    return this.#size;
  }

  add(key: number, value: number): void {
    const stored = key + 1;
    const mask = this.#keys.length - 1;
    let slot = this.#slotOf(key);
    for (let at = this.#keys[slot]!; at !== 0; at = this.#keys[slot]!) {
      if (at === stored) {
        this.#sums[slot]! += value;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.#keys[slot] = stored;
    this.#sums[slot] = value;
    if (++this.#size * 4 > this.#keys.length * 3) this.#grow();
  }

  /**
   * Every key's sum in key order; the table is empty afterwards. A radix sort carries each sum
   * with its key: sorting the keys alone and looking each sum up again touched the table at
   * random once per key, and was a third of the cost of making a 1024-core run's result.
   */
  take(): SortedSums {
    let keys = new Float64Array(this.#size);
    let sums = new Float64Array(this.#size);
    let count = 0;
    let largest = 0;
    for (let slot = 0; slot < this.#keys.length; slot++) {
      const stored = this.#keys[slot]!;
      if (stored === 0) continue;
      keys[count] = stored - 1;
      sums[count++] = this.#sums[slot]!;
      if (stored - 1 > largest) largest = stored - 1;
    }
    let spareKeys = new Float64Array(count);
    let spareSums = new Float64Array(count);
    const starts = new Int32Array(RADIX);
    // Least significant digit first; each pass is stable, so the order of the lower digits holds.
    for (let scale = 1; scale <= largest; scale *= RADIX) {
      starts.fill(0);
      for (let i = 0; i < count; i++) starts[Math.floor(keys[i]! / scale) % RADIX]!++;
      for (let digit = 0, at = 0; digit < RADIX; digit++) {
        const keysWithDigit = starts[digit]!;
        starts[digit] = at;
        at += keysWithDigit;
      }
      for (let i = 0; i < count; i++) {
        const at = starts[Math.floor(keys[i]! / scale) % RADIX]!++;
        spareKeys[at] = keys[i]!;
        spareSums[at] = sums[i]!;
      }
      [keys, spareKeys] = [spareKeys, keys];
      [sums, spareSums] = [spareSums, sums];
    }
    this.#bits = INITIAL_BITS;
    this.#keys = this.#keyArray(1 << INITIAL_BITS);
    this.#sums = new Float64Array(1 << INITIAL_BITS);
    this.#size = 0;
    return { keys, sums };
  }

  /** Fibonacci hashing of the key's low 32 bits: neighbouring keys (one VP's thieves) spread out. */
  #slotOf(key: number): number {
    return Math.imul(key | 0, 0x9e3779b1) >>> (32 - this.#bits);
  }

  #keyArray(length: number): Uint32Array | Float64Array {
    return this.#wide ? new Float64Array(length) : new Uint32Array(length);
  }

  #grow(): void {
    const keys = this.#keys;
    const sums = this.#sums;
    this.#bits++;
    this.#keys = this.#keyArray(1 << this.#bits);
    this.#sums = new Float64Array(1 << this.#bits);
    const mask = this.#keys.length - 1;
    for (let from = 0; from < keys.length; from++) {
      const stored = keys[from]!;
      if (stored === 0) continue;
      let slot = this.#slotOf(stored - 1);
      while (this.#keys[slot] !== 0) slot = (slot + 1) & mask;
      this.#keys[slot] = stored;
      this.#sums[slot] = sums[from]!;
    }
  }
}
