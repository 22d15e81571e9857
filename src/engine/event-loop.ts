// A generic discrete-event kernel: integer time, a binary heap ordered by (time, sequence
// number), and timer slots with lazy invalidation. It knows nothing of what the events mean.
//
// Each slot holds at most one pending event. Re-arming or cancelling a slot bumps its
// generation; an entry whose generation is stale is dropped when it reaches the top of the heap.
// This keeps arming O(log n) with no search, and nothing is allocated per event.
import type { Nanos } from '../model/time.js';

export type SlotHandler = (slot: number, now: Nanos) => void;

const INITIAL_CAPACITY = 64;
/**
 * Stale entries of far-future events (a long burst whose completion is re-armed at every
 * sibling change) would otherwise pile up with the horizon; past this many, and once they are
 * half the heap, the heap is rebuilt without them.
 */
const COMPACT_MIN = 1024;

export class EventLoop {
  #time = new Float64Array(INITIAL_CAPACITY);
  #seq = new Float64Array(INITIAL_CAPACITY);
  #slot = new Int32Array(INITIAL_CAPACITY);
  #gen = new Uint32Array(INITIAL_CAPACITY);
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
    this.#push(at, slot, gen);
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
      const t = this.#time[1]!;
      if (t >= until) break;
      const slot = this.#slot[1]!;
      const gen = this.#gen[1]!;
      this.#pop();
      if (this.#slotGen[slot] !== gen) {
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

  #push(at: number, slot: number, gen: number): void {
    if (this.#size + 1 >= this.#time.length) this.#growHeap();
    const seq = this.#nextSeq++;
    const time = this.#time;
    const seqs = this.#seq;
    const slots = this.#slot;
    const gens = this.#gen;
    let i = ++this.#size;
    while (i > 1) {
      const p = i >> 1;
      const pt = time[p]!;
      if (pt < at || (pt === at && seqs[p]! < seq)) break;
      time[i] = pt;
      seqs[i] = seqs[p]!;
      slots[i] = slots[p]!;
      gens[i] = gens[p]!;
      i = p;
    }
    time[i] = at;
    seqs[i] = seq;
    slots[i] = slot;
    gens[i] = gen;
  }

  #pop(): void {
    const last = this.#size--;
    if (last > 1) this.#fillHole(1, this.#time[last]!, this.#seq[last]!, this.#slot[last]!, this.#gen[last]!);
  }

  /**
   * Floyd's bottom-up sift: walk the hole at `from` down along the earlier children to a leaf,
   * then sift the entry up from there. The entry came from the bottom and belongs near it, so
   * this takes about half the comparisons of a plain sift-down.
   */
  #fillHole(from: number, t: number, s: number, slot: number, gen: number): void {
    const time = this.#time;
    const seqs = this.#seq;
    const slots = this.#slot;
    const gens = this.#gen;
    const size = this.#size;
    let i = from;
    for (;;) {
      let c = i << 1;
      if (c > size) break;
      if (c < size) {
        const ct = time[c]!;
        const dt = time[c + 1]!;
        if (dt < ct || (dt === ct && seqs[c + 1]! < seqs[c]!)) c++;
      }
      time[i] = time[c]!;
      seqs[i] = seqs[c]!;
      slots[i] = slots[c]!;
      gens[i] = gens[c]!;
      i = c;
    }
    while (i > from) {
      const p = i >> 1;
      const pt = time[p]!;
      if (pt < t || (pt === t && seqs[p]! < s)) break;
      time[i] = pt;
      seqs[i] = seqs[p]!;
      slots[i] = slots[p]!;
      gens[i] = gens[p]!;
      i = p;
    }
    time[i] = t;
    seqs[i] = s;
    slots[i] = slot;
    gens[i] = gen;
  }

  #compact(): void {
    const time = this.#time;
    const seqs = this.#seq;
    const slots = this.#slot;
    const gens = this.#gen;
    let kept = 0;
    for (let i = 1; i <= this.#size; i++) {
      if (this.#slotGen[slots[i]!] !== gens[i]) continue;
      kept++;
      time[kept] = time[i]!;
      seqs[kept] = seqs[i]!;
      slots[kept] = slots[i]!;
      gens[kept] = gens[i]!;
    }
    this.#size = kept;
    this.#stale = 0;
    for (let i = kept >> 1; i >= 1; i--) this.#fillHole(i, time[i]!, seqs[i]!, slots[i]!, gens[i]!);
  }

  #growHeap(): void {
    const capacity = this.#time.length * 2;
    this.#time = grow(this.#time, capacity);
    this.#seq = grow(this.#seq, capacity);
    this.#slot = grow(this.#slot, capacity);
    this.#gen = grow(this.#gen, capacity);
  }
}

function grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
