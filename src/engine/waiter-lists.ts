// Members waiting on places (VPs on LPs, threads on CPUs), one doubly linked list per place kept
// in typed arrays: joining, leaving and visiting a place's waiters cost O(1) per member and
// allocate nothing, so a change at one place touches only the members waiting there.

export class WaiterLists {
  /** Per place: its first waiter, or -1. */
  readonly #head: Int32Array;
  readonly #next: Int32Array;
  readonly #prev: Int32Array;

  constructor(placeCount: number, memberCount: number) {
    this.#head = new Int32Array(placeCount).fill(-1);
    this.#next = new Int32Array(memberCount).fill(-1);
    this.#prev = new Int32Array(memberCount).fill(-1);
  }

  /** The first member waiting on `place`, or -1. */
  first(place: number): number {
    return this.#head[place]!;
  }

  /** The member after `member` on its place, or -1; read it before `member` leaves. */
  next(member: number): number {
    return this.#next[member]!;
  }

  join(member: number, place: number): void {
    const head = this.#head[place]!;
    this.#next[member] = head;
    this.#prev[member] = -1;
    if (head >= 0) this.#prev[head] = member;
    this.#head[place] = member;
  }

  leave(member: number, place: number): void {
    const next = this.#next[member]!;
    const prev = this.#prev[member]!;
    if (prev >= 0) this.#next[prev] = next;
    else this.#head[place] = next;
    if (next >= 0) this.#prev[next] = prev;
  }
}
