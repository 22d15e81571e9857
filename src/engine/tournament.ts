// The least of n keys in O(1), after an O(log n) change of any one of them: a tournament tree.
// Schedulers ask "which place is idle first", "the least virtual runtime running on these
// places" and "the one furthest ahead" at every wake-up and slice end; a scan answers in
// O(places), which on a 2048-LP host is most of the cost of an event.
//
// Ties go to the lower index, so a winner is the first in order among equals, as a scan from
// the start would find it: replacing a scan by a tree changes no decision.

export class Tournament {
  readonly size: number;
  readonly #keys: Float64Array;
  /** Heap-ordered: node i's winner (a leaf index) is winners[i]; its children are 2i and 2i + 1. */
  readonly #winners: Int32Array;
  readonly #leaves: number;

  /** `size` keys, all +Infinity. */
  constructor(size: number) {
    this.size = size;
    let leaves = 1;
    while (leaves < size) leaves *= 2;
    this.#leaves = leaves;
    this.#keys = new Float64Array(leaves).fill(Number.POSITIVE_INFINITY);
    this.#winners = new Int32Array(2 * leaves);
    for (let leaf = 0; leaf < leaves; leaf++) this.#winners[leaves + leaf] = leaf;
    for (let node = leaves - 1; node >= 1; node--) this.#winners[node] = this.#winners[2 * node]!;
  }

  key(index: number): number {
    return this.#keys[index]!;
  }

  set(index: number, key: number): void {
    const keys = this.#keys;
    if (keys[index] === key) return;
    keys[index] = key;
    const winners = this.#winners;
    for (let node = (this.#leaves + index) >> 1; node >= 1; node >>= 1) {
      const left = winners[2 * node]!;
      const right = winners[2 * node + 1]!;
      const winner = keys[right]! < keys[left]! ? right : left;
      // A node that keeps a winner other than `index` keeps its key: nothing above it changes.
      if (winner === winners[node] && winner !== index) return;
      winners[node] = winner;
    }
  }

  /** The index of the least key (the first among equals); check `key()` for +Infinity, meaning none. */
  get winner(): number {
    return this.#winners[1]!;
  }

  get least(): number {
    return this.#keys[this.#winners[1]!]!;
  }

  /** The index of the least key but the one at `except` (-1 if there is no other); check `key()` as for `winner`. */
  winnerExcept(except: number): number {
    const keys = this.#keys;
    const winners = this.#winners;
    let best = -1;
    // The least of the rest is the least of the subtrees beside the path from `except` to the root.
    for (let node = this.#leaves + except; node > 1; node >>= 1) {
      const candidate = winners[node ^ 1]!;
      if (best < 0 || keys[candidate]! < keys[best]! || (keys[candidate] === keys[best] && candidate < best)) best = candidate;
    }
    return best;
  }

  /**
   * The first index after `after` (-1: from the start) whose key is below `threshold`, or -1:
   * the indices with such keys one by one, each in O(log n), skipping the subtrees none is in.
   */
  nextBelow(threshold: number, after: number): number {
    const keys = this.#keys;
    const winners = this.#winners;
    let node = 1;
    if (after >= 0) {
      // Up to the first subtree on the right of the path from `after` that holds such a key.
      node = this.#leaves + after;
      while (node > 1 && ((node & 1) === 1 || !(keys[winners[node + 1]!]! < threshold))) node >>= 1;
      if (node === 1) return -1;
      node++;
    } else if (!(keys[winners[1]!]! < threshold)) return -1;
    while (node < this.#leaves) node = keys[winners[2 * node]!]! < threshold ? 2 * node : 2 * node + 1;
    return node - this.#leaves;
  }
}
