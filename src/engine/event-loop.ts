// A generic discrete-event kernel: integer time, a heap ordered by (time, sequence number), and
// timer slots with lazy invalidation. It knows nothing of what the events mean.
//
// Each slot holds at most one pending event. Re-arming or cancelling a slot bumps its
// generation; an entry whose generation is stale is dropped when it reaches the top of the heap.
// This keeps arming O(log n) with no search, and nothing is allocated per event. The heap is
// 4-ary over parallel typed arrays (half the levels of a binary heap), and an entry's slot and
// generation share one number, so a move copies three values.
import type { Nanos } from '../model/time.js';

export type SlotHandler = (slot: number, now: Nanos) => void;

const INITIAL_CAPACITY = 64;
/**
 * Stale entries of far-future events (a long burst whose completion is re-armed at every
 * sibling change) would otherwise pile up with the horizon; past this many, and once they are
 * half the heap, the heap is rebuilt without them.
 */
const COMPACT_MIN = 1024;
/** Slots and generations pack into one tag: tag = slot × GEN_RANGE + generation. */
const GEN_RANGE = 2 ** 32;

export class EventLoop {
  #time = new Float64Array(INITIAL_CAPACITY);
  #seq = new Float64Array(INITIAL_CAPACITY);
  #tag = new Float64Array(INITIAL_CAPACITY);
  #size = 0;
  #nextSeq = 0;
  #slotGen = new Uint32Array(16);
  #slotArmed = new Uint8Array(16);
  #slotCount = 0;
  #now = 0;
  #processed = 0;
  #stale = 0;
  readonly #handler: SlotHandler;

  constructor(handler: SlotHandler) {
    this.#handler = handler;
  }

  get now(): Nanos {
    return this.#now as Nanos;
  }

  /** Events handed to the handler so far (stale entries are not counted). */
  get processed(): number {
    return this.#processed;
  }

  /** Entries in the heap, stale ones included: bounded by live slots plus recent re-arms. */
  get pending(): number {
    return this.#size;
  }

  allocSlot(): number {
    const slot = this.#slotCount++;
    if (slot >= this.#slotGen.length) {
      this.#slotGen = grow(this.#slotGen, this.#slotGen.length * 2);
      this.#slotArmed = grow(this.#slotArmed, this.#slotArmed.length * 2);
    }
    return slot;
  }

  /** Arms `slot` to fire at `at`, replacing any event it had pending. */
  schedule(slot: number, at: number): void {
    if (at < this.#now) throw new Error(`Bug: event for slot ${slot} scheduled in the past (${at} < ${this.#now})`);
    if (this.#slotArmed[slot] === 1) this.#stale++;
    const gen = (this.#slotGen[slot]! + 1) >>> 0;
    this.#slotGen[slot] = gen;
    this.#slotArmed[slot] = 1;
    if (this.#stale > COMPACT_MIN && this.#stale * 2 > this.#size) this.#compact();
    this.#push(at, slot * GEN_RANGE + gen);
  }

  cancel(slot: number): void {
    if (this.#slotArmed[slot] === 0) return;
    this.#stale++;
    this.#slotGen[slot] = (this.#slotGen[slot]! + 1) >>> 0;
    this.#slotArmed[slot] = 0;
  }

  isArmed(slot: number): boolean {
    return this.#slotArmed[slot] === 1;
  }

  /**
   * Processes every event with time < `until` (events at exactly `until` are left: the horizon
   * rule), then sets the clock to `until`.
   */
  run(until: number): void {
    while (this.#size > 0) {
      const t = this.#time[0]!;
      if (t >= until) break;
      const tag = this.#tag[0]!;
      this.#pop();
      const slot = Math.floor(tag / GEN_RANGE);
      if (this.#slotGen[slot] !== tag - slot * GEN_RANGE) {
        this.#stale--;
        continue;
      }
      this.#slotArmed[slot] = 0;
      this.#now = t;
      this.#processed++;
      this.#handler(slot, t as Nanos);
    }
    if (until > this.#now) this.#now = until;
  }

  #push(at: number, tag: number): void {
    if (this.#size >= this.#time.length) this.#growHeap();
    this.#siftUp(this.#size++, at, this.#nextSeq++, tag);
  }

  #pop(): void {
    const last = --this.#size;
    if (last > 0) this.#fillHole(0, this.#time[last]!, this.#seq[last]!, this.#tag[last]!);
  }

  /**
   * Floyd's bottom-up sift: walk the hole at `from` down along the earliest children to a leaf,
   * then sift the entry up from there. The entry came from the bottom and belongs near it, so
   * this takes far fewer comparisons than a plain sift-down.
   */
  #fillHole(from: number, t: number, s: number, tag: number): void {
    const time = this.#time;
    const seqs = this.#seq;
    const tags = this.#tag;
    const size = this.#size;
    let i = from;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let best = first;
      let bestTime = time[first]!;
      let bestSeq = seqs[first]!;
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) {
        const ct = time[c]!;
        if (ct < bestTime || (ct === bestTime && seqs[c]! < bestSeq)) {
          best = c;
          bestTime = ct;
          bestSeq = seqs[c]!;
        }
      }
      time[i] = bestTime;
      seqs[i] = bestSeq;
      tags[i] = tags[best]!;
      i = best;
    }
    this.#siftUp(i, t, s, tag, from);
  }

  #siftUp(from: number, t: number, s: number, tag: number, top = 0): void {
    const time = this.#time;
    const seqs = this.#seq;
    const tags = this.#tag;
    let i = from;
    while (i > top) {
      const p = (i - 1) >> 2;
      const pt = time[p]!;
      if (pt < t || (pt === t && seqs[p]! < s)) break;
      time[i] = pt;
      seqs[i] = seqs[p]!;
      tags[i] = tags[p]!;
      i = p;
    }
    time[i] = t;
    seqs[i] = s;
    tags[i] = tag;
  }

  #compact(): void {
    const time = this.#time;
    const seqs = this.#seq;
    const tags = this.#tag;
    let kept = 0;
    for (let i = 0; i < this.#size; i++) {
      const tag = tags[i]!;
      const slot = Math.floor(tag / GEN_RANGE);
      if (this.#slotGen[slot] !== tag - slot * GEN_RANGE) continue;
      time[kept] = time[i]!;
      seqs[kept] = seqs[i]!;
      tags[kept] = tag;
      kept++;
    }
    this.#size = kept;
    this.#stale = 0;
    for (let i = (kept - 2) >> 2; i >= 0; i--) this.#fillHole(i, time[i]!, seqs[i]!, tags[i]!);
  }

  #growHeap(): void {
    const capacity = this.#time.length * 2;
    this.#time = grow(this.#time, capacity);
    this.#seq = grow(this.#seq, capacity);
    this.#tag = grow(this.#tag, capacity);
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
