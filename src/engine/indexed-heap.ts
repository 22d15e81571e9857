// A min-heap of small integer ids ordered by (key[id], id), with O(log n) removal of any member.
// Keys live outside the heap (a caller-owned Float64Array) and are copied in on insertion, so a
// member's key must not change while it is in the heap: remove, change, re-insert. Several heaps
// may share one position array when an id is in at most one of them at a time, which keeps
// memory linear in the ids.

export class IndexedHeap {
  readonly #keys: Float64Array;
  readonly #position: Int32Array;
  readonly #items: Int32Array;
  /** The key of each item, in heap order: sifting reads them without an indirection. */
  readonly #itemKeys: Float64Array;
  #size = 0;

  /**
   * `keys` and `position` are indexed by id (`position` filled with -1 by whoever creates it);
   * `capacity` is the most members the heap will hold at once.
   */
  constructor(keys: Float64Array, position: Int32Array, capacity: number) {
    this.#keys = keys;
    this.#position = position;
    this.#items = new Int32Array(Math.max(1, capacity));
    this.#itemKeys = new Float64Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.#size;
  }

  has(id: number): boolean {
    const at = this.#position[id]!;
    return at >= 0 && at < this.#size && this.#items[at] === id;
  }

  /** The least member, or -1 when empty. */
  peek(): number {
    return this.#size > 0 ? this.#items[0]! : -1;
  }

  push(id: number): void {
    if (this.#position[id]! >= 0) throw new Error(`Bug: id ${id} is already in a heap`);
    this.#up(this.#size++, id, this.#keys[id]!);
  }

  pop(): number {
    const top = this.#items[0]!;
    this.#position[top] = -1;
    const last = --this.#size;
    if (last > 0) this.#fillHole(0, this.#items[last]!, this.#itemKeys[last]!);
    return top;
  }

  remove(id: number): void {
    if (!this.has(id)) throw new Error(`Bug: id ${id} is not in this heap`);
    const at = this.#position[id]!;
    this.#position[id] = -1;
    const last = --this.#size;
    if (at < last) this.#fillHole(at, this.#items[last]!, this.#itemKeys[last]!);
  }

  /**
   * Puts (id, key) into the hole at `at` (Floyd's bottom-up variant): walk the hole down along
   * the least children to a leaf, then sift the item up from there. The item usually comes
   * from the bottom and belongs near it, so this saves most comparisons. The heap is 4-ary:
   * half the levels of a binary heap, and a node's children share a cache line.
   */
  #fillHole(from: number, id: number, key: number): void {
    const items = this.#items;
    const itemKeys = this.#itemKeys;
    const position = this.#position;
    const size = this.#size;
    let at = from;
    for (;;) {
      const first = 4 * at + 1;
      if (first >= size) break;
      let best = first;
      let bestKey = itemKeys[first]!;
      let bestId = items[first]!;
      const end = first + 4 < size ? first + 4 : size;
      for (let child = first + 1; child < end; child++) {
        const childKey = itemKeys[child]!;
        if (childKey < bestKey || (childKey === bestKey && items[child]! < bestId)) {
          best = child;
          bestKey = childKey;
          bestId = items[child]!;
        }
      }
      items[at] = bestId;
      itemKeys[at] = bestKey;
      position[bestId] = at;
      at = best;
    }
    this.#up(at, id, key);
  }

  #up(from: number, id: number, key: number): void {
    const items = this.#items;
    const itemKeys = this.#itemKeys;
    const position = this.#position;
    let at = from;
    while (at > 0) {
      const parentAt = (at - 1) >> 2;
      const parent = items[parentAt]!;
      const parentKey = itemKeys[parentAt]!;
      if (!before(key, id, parentKey, parent)) break;
      items[at] = parent;
      itemKeys[at] = parentKey;
      position[parent] = at;
      at = parentAt;
    }
    items[at] = id;
    itemKeys[at] = key;
    position[id] = at;
  }
}

function before(keyA: number, a: number, keyB: number, b: number): boolean {
  return keyA < keyB || (keyA === keyB && a < b);
}
