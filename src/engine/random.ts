// Seeded randomness: xoshiro128** streams, each forked from the run's seed by a stable label, so
// adding a workload never changes the draws of another (MODEL.md §2). 32-bit integer arithmetic
// only (Math.imul, >>>), so every platform draws the same numbers.

export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  private constructor(a: number, b: number, c: number, d: number) {
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
  }

  /** The stream for `label` under `seed`; equal inputs give equal streams. */
  static fork(seed: number, label: string): Random {
    let state = (seed ^ fnv1a(label)) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const a = next() ^ fnv1a(`${seed}`);
    return new Random(a >>> 0, next(), next(), next() | 1);
  }

  /** A stream that draws what this one draws from now on. */
  clone(): Random {
    return new Random(this.#a, this.#b, this.#c, this.#d);
  }

  /** Makes this stream draw, from now on, what `other` draws. */
  copyFrom(other: Random): void {
    this.#a = other.#a;
    this.#b = other.#b;
    this.#c = other.#c;
    this.#d = other.#d;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
