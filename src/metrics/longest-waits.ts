// The longest single waits of each partition's VPs, for `hvsched explain`: when each began, how
// long it lasted, the LP it waited for and who held that LP as it began. The steal ledger keeps
// totals only; this listener hears the same inputs and keeps, per partition, a min-heap of the
// `top` longest waits, so its memory is fixed by the world and `top`, never by the horizon.
//
// "Held as it began" is the holder over the wait's first stretch of non-zero length: a holder
// change at the very instant the wait began (a VP leaving the LP it then waits for) comes before
// it, as in the ledger, where a zero-length stretch is charged to nobody.
import { CAUSES, type StealCause, type WaitListener } from './steal-ledger.js';
import { WaiterLists } from '../engine/waiter-lists.js';

export interface LongestWait {
  /** The VP's index inside its partition. */
  readonly vp: number;
  readonly startNs: number;
  readonly durationNs: number;
  /** The LP it waited for: its home LP (docs/model.md, "Steal attribution"). */
  readonly lp: number;
  /** The partition holding that LP as the wait began, or null: nobody, it idled. */
  readonly thief: string | null;
  /** Why it waited as it began. */
  readonly cause: StealCause;
}

export interface LongestWaitsWorld {
  readonly lpCount: number;
  readonly partitions: readonly string[];
  /** Every VP of the run, by id: its partition (index into `partitions`) and its index inside it. */
  readonly vps: readonly { readonly partition: number; readonly index: number }[];
}

interface Entry {
  readonly vp: number;
  readonly start: number;
  readonly duration: number;
  readonly lp: number;
  readonly thief: number;
  readonly cause: number;
}

const UNRESOLVED = -1;
const CONTENTION = CAUSES.indexOf('contention');
const CAPPED = CAUSES.indexOf('capped');
const GANG = CAUSES.indexOf('gang');
const IDLE = CAUSES.indexOf('idle');

export class LongestWaits implements WaitListener {
  readonly #world: LongestWaitsWorld;
  readonly #top: number;
  readonly #nobody: number;
  readonly #holder: Int32Array;
  readonly #claimsOnly: Uint8Array;
  readonly #capped: Uint8Array;
  /** Per VP while it waits: since when, for which LP, and who held it then (UNRESOLVED until known). */
  readonly #start: Float64Array;
  readonly #home: Int32Array;
  readonly #thief: Int32Array;
  readonly #cause: Int8Array;
  /** Per LP, the waiting VPs whose thief is not known yet, as an intrusive list. */
  readonly #waiters: WaiterLists;
  readonly #heaps: Entry[][];

  constructor(world: LongestWaitsWorld, top: number) {
    if (!Number.isInteger(top) || top < 1) throw new RangeError(`LongestWaits: top must be a positive integer, got ${top}`);
    this.#world = world;
    this.#top = top;
    this.#nobody = world.partitions.length;
    const vpCount = world.vps.length;
    this.#holder = new Int32Array(world.lpCount).fill(this.#nobody);
    this.#claimsOnly = new Uint8Array(world.lpCount);
    this.#capped = new Uint8Array(vpCount);
    this.#start = new Float64Array(vpCount);
    this.#home = new Int32Array(vpCount).fill(-1);
    this.#thief = new Int32Array(vpCount).fill(UNRESOLVED);
    this.#cause = new Int8Array(vpCount);
    this.#waiters = new WaiterLists(world.lpCount, vpCount);
    this.#heaps = world.partitions.map(() => []);
  }

  holderChanged(lp: number, partition: number, claimsOnly: boolean, now: number): void {
    for (let vp = this.#waiters.first(lp); vp >= 0; ) {
      const next = this.#waiters.next(vp);
      if (this.#start[vp]! < now) this.#resolve(vp);
      vp = next;
    }
    this.#holder[lp] = partition;
    this.#claimsOnly[lp] = claimsOnly ? 1 : 0;
  }

  waitBegan(vp: number, home: number, now: number): void {
    this.#start[vp] = now;
    this.#home[vp] = home;
    this.#thief[vp] = UNRESOLVED;
    this.#waiters.join(vp, home);
  }

  waitEnded(vp: number, now: number): void {
    if (this.#thief[vp] === UNRESOLVED) this.#resolve(vp);
    const duration = now - this.#start[vp]!;
    if (duration > 0) this.#offer(vp, duration);
    this.#home[vp] = -1;
  }

  setCapped(vp: number, capped: boolean, now: number): void {
    if (this.#home[vp]! >= 0 && this.#thief[vp] === UNRESOLVED && this.#start[vp]! < now) this.#resolve(vp);
    this.#capped[vp] = capped ? 1 : 0;
  }

  /** Each partition's longest waits, longest first (ties: the earlier first), by partition name. */
  waits(): Map<string, LongestWait[]> {
    const { partitions, vps } = this.#world;
    return new Map(
      partitions.map((name, partition) => [
        name,
        [...this.#heaps[partition]!].sort((a, b) => longer(b, a)).map((entry) => ({
          vp: vps[entry.vp]!.index,
          startNs: entry.start,
          durationNs: entry.duration,
          lp: entry.lp,
          thief: entry.thief === this.#nobody ? null : partitions[entry.thief]!,
          cause: CAUSES[entry.cause]!,
        })),
      ]),
    );
  }

  /** Fixes who held `vp`'s home LP as its wait began (the state now) and takes it off the LP's list. */
  #resolve(vp: number): void {
    const lp = this.#home[vp]!;
    const thief = this.#holder[lp]!;
    this.#thief[vp] = thief;
    // The ledger's order of causes: capped whoever holds the LP, then idle, gang, contention.
    this.#cause[vp] = this.#capped[vp] === 1 ? CAPPED : thief === this.#nobody ? IDLE : this.#claimsOnly[lp] === 1 ? GANG : CONTENTION;
    this.#waiters.leave(vp, lp);
  }

  #offer(vp: number, duration: number): void {
    const heap = this.#heaps[this.#world.vps[vp]!.partition]!;
    const candidate = { vp, start: this.#start[vp]!, duration, lp: this.#home[vp]!, thief: this.#thief[vp]!, cause: this.#cause[vp]! };
    if (heap.length < this.#top) {
      heap.push(candidate);
      siftUp(heap, heap.length - 1);
    } else if (longer(candidate, heap[0]!) > 0) {
      heap[0] = candidate;
      siftDown(heap, 0);
    }
  }
}

/** > 0 if `a` ranks above `b`: longer, or as long and earlier, or (same instant) of a lower VP id. */
function longer(a: Entry, b: Entry): number {
  return a.duration - b.duration || b.start - a.start || b.vp - a.vp;
}

function siftUp(heap: Entry[], index: number): void {
  let child = index;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (longer(heap[parent]!, heap[child]!) <= 0) return;
    [heap[parent], heap[child]] = [heap[child]!, heap[parent]!];
    child = parent;
  }
}

function siftDown(heap: Entry[], index: number): void {
  let parent = index;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let least = parent;
    if (left < heap.length && longer(heap[least]!, heap[left]!) > 0) least = left;
    if (right < heap.length && longer(heap[least]!, heap[right]!) > 0) least = right;
    if (least === parent) return;
    [heap[parent], heap[least]] = [heap[least]!, heap[parent]!];
    parent = least;
  }
}
