// Sums by non-negative integer key in typed arrays, for the ledgers' settled totals: one per
// pair that ever met (a VP and a thief bucket, a thread and a holder), millions in a long run of
// a large host. A Map of them costs 28-56 bytes a total and boxes a sum once it passes 2^31;
// open addressing over two typed arrays costs 16-32 (12 a slot, at most 3/4 full) and boxes
// nothing. Keys are stored plus one, so a zeroed slot is an empty one.

/** Keys at or above this need the wide key array: a stored key is the key plus one. */
const NARROW_LIMIT = 2 ** 32 - 1;
const INITIAL_BITS = 4;

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

  /** Every key's sum in key order; the table is empty afterwards. */
  take(): SortedSums {
    const keys = new Float64Array(this.#size);
    let count = 0;
    for (let slot = 0; slot < this.#keys.length; slot++) if (this.#keys[slot] !== 0) keys[count++] = this.#keys[slot]! - 1;
    keys.sort();
    const sums = keys.map((key) => this.#sumOf(key));
    this.#bits = INITIAL_BITS;
    this.#keys = this.#keyArray(1 << INITIAL_BITS);
    this.#sums = new Float64Array(1 << INITIAL_BITS);
    this.#size = 0;
    return { keys, sums };
  }

  #sumOf(key: number): number {
    const mask = this.#keys.length - 1;
    let slot = this.#slotOf(key);
    while (this.#keys[slot] !== key + 1) slot = (slot + 1) & mask;
    return this.#sums[slot]!;
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
