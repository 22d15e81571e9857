// A map from ids (event slots, VPs, runners) to small non-negative integers, kept as a typed
// array over the range of ids it holds. The ids one owner holds were handed out together, so the
// range is about as long as the owner's own count; and on the paths every event takes (whose
// timer fired, whose VP woke), hashing a key into a Map cost more than the work it led to.

const ABSENT = -1;

export class IdTable {
  #first = 0;
  #values = new Int32Array(0);

  /** The value of `id`, or -1 when it has none. */
  get(id: number): number {
    const at = id - this.#first;
    return at >= 0 && at < this.#values.length ? this.#values[at]! : ABSENT;
  }

  has(id: number): boolean {
    return this.get(id) !== ABSENT;
  }

  set(id: number, value: number): void {
    if (!Number.isInteger(id) || id < 0 || !Number.isInteger(value) || value < 0) {
      throw new RangeError(`IdTable holds non-negative integers, not ${id} → ${value}`);
    }
    if (this.#values.length === 0) this.#first = id;
    const first = Math.min(this.#first, id);
    const end = this.#first + this.#values.length;
    if (first < this.#first || id >= end) {
      // Doubled as ids are added one by one, in order: O(1) each, amortised.
      const length = Math.max(end, id + 1) - first;
      const wider = new Int32Array(Math.max(length, 2 * this.#values.length)).fill(ABSENT);
      wider.set(this.#values, this.#first - first);
      this.#first = first;
      this.#values = wider;
    }
    this.#values[id - first] = value;
  }
}
