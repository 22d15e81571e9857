// The ids (CPUs, places) whose state changed since an index last caught up with them, each
// listed once however often it changed: the index does one update per id at its next question,
// and an id that changed and changed back in between (a switch) costs one look, not two updates.

export class TouchedIds {
  readonly #marked: Uint8Array;
  readonly #list: Int32Array;
  #count = 0;

  constructor(ids: number) {
    this.#marked = new Uint8Array(ids);
    this.#list = new Int32Array(ids);
  }

  /** How many ids wait to be caught up with. */
  get count(): number {
    return this.#count;
  }

  add(id: number): void {
    if (this.#marked[id] === 1) return;
    this.#marked[id] = 1;
    this.#list[this.#count++] = id;
  }

  /** The `i`-th id waiting (below `count`), no longer marked: a change after this lists it again. */
  take(i: number): number {
    const id = this.#list[i]!;
    this.#marked[id] = 0;
    return id;
  }

  /** Every id has been taken: the list starts again. */
  reset(): void {
    this.#count = 0;
  }
}
