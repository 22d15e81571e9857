// A generic discrete-event kernel: integer time, events in (time, arming order), and timer
// slots. It knows nothing of what the events mean.
//
// Each slot holds at most one pending event, so the slots themselves are queued by their time in
// a FIFO-tie heap: equal times fire in the order they were armed, re-arming or cancelling a slot
// unlinks it in O(1), and no stale entry is ever left behind. Simulations arm events in cohorts
// (every LP's quantum ends at the same instant), which that queue serves in O(1) per event.
//
// Slots that are always armed a fixed delay after the time they are armed at (an OS's slice
// timers, armed at every switch and cancelled at every stop) may instead be given a lane: armed
// in time order, they need no heap, only a list in arming order, and each arm, cancel and fire
// is O(1). The loop fires the earliest of the heap's first event and the lanes' first ones,
// equal times by arming order, so lanes change no order.
import type { Nanos } from '../model/time.js';
import { bug } from './bug.js';
import { FifoHeap, FifoLinks } from './fifo-heap.js';

export type SlotHandler = (slot: number, now: Nanos) => void;

const INITIAL_SLOTS = 64;
/** Lanes kept at most: the loop looks at every lane's first event before each event it fires. */
const MAX_LANES = 4;

export class EventLoop {
  readonly #links = new FifoLinks(INITIAL_SLOTS);
  readonly #queue = new FifoHeap(this.#links);
  #slotCount = 0;
  /** Per slot: the lane it is armed in (-1: the heap), and when and in what order it was last armed. */
  #slotLane = new Int32Array(INITIAL_SLOTS).fill(-1);
  #armedAt = new Float64Array(INITIAL_SLOTS);
  #armOrder = new Float64Array(INITIAL_SLOTS);
  #armings = 0;
  /** Per lane: its delay, its queue id among the links, and its first and last slot (-1: empty). */
  readonly #laneDelay: number[] = [];
  readonly #laneId: number[] = [];
  readonly #laneHead: number[] = [];
  readonly #laneTail: number[] = [];
  #laneSize = 0;
  #now = 0;
  #processed = 0;
  readonly #handler: SlotHandler;

  constructor(handler: SlotHandler) {
    this.#handler = handler;
  }

  get now(): Nanos {
    return this.#now as Nanos;
  }

  /** Events handed to the handler so far. */
  get processed(): number {
    return this.#processed;
  }

  /** Events armed and not yet fired. */
  get pending(): number {
    return this.#queue.size + this.#laneSize;
  }

  /**
   * The lane for slots always armed `delay` after the current time, or -1 when the loop keeps
   * no more lanes (such slots then go to the heap, which orders them the same).
   */
  laneFor(delay: number): number {
    const known = this.#laneDelay.indexOf(delay);
    if (known >= 0) return known;
    if (this.#laneDelay.length === MAX_LANES) return -1;
    this.#laneDelay.push(delay);
    this.#laneId.push(this.#links.register());
    this.#laneHead.push(-1);
    this.#laneTail.push(-1);
    return this.#laneDelay.length - 1;
  }

  /** A new slot, in `lane` (from `laneFor`) or, by default, queued by its time in the heap. */
  allocSlot(lane = -1): number {
    const slot = this.#slotCount++;
    if (slot >= this.#links.capacity) {
      const capacity = this.#links.capacity * 2;
      this.#links.grow(capacity);
      this.#slotLane = widened(this.#slotLane, capacity, -1);
      this.#armedAt = widened(this.#armedAt, capacity, 0);
      this.#armOrder = widened(this.#armOrder, capacity, 0);
    }
    this.#slotLane[slot] = lane;
    return slot;
  }

  /** Arms `slot` to fire at `at`, replacing any event it had pending. */
  schedule(slot: number, at: number): void {
    if (at < this.#now) bug('event for slot', slot, 'scheduled in the past:', at, '<', this.#now);
    this.#armedAt[slot] = at;
    this.#armOrder[slot] = this.#armings++;
    const lane = this.#slotLane[slot]!;
    if (lane < 0) this.#queue.requeue(slot, at);
    else this.#arm(lane, slot, at);
  }

  cancel(slot: number): void {
    const lane = this.#slotLane[slot]!;
    if (lane >= 0) {
      if (this.#links.owner[slot] === this.#laneId[lane]) this.#unlink(lane, slot);
    } else if (this.#queue.has(slot)) this.#queue.remove(slot);
  }

  isArmed(slot: number): boolean {
    const lane = this.#slotLane[slot]!;
    return lane >= 0 ? this.#links.owner[slot] === this.#laneId[lane] : this.#queue.has(slot);
  }

  /**
   * Processes every event with time < `until` (events at exactly `until` are left: the horizon
   * rule), then sets the clock to `until`.
   */
  run(until: number): void {
    const queue = this.#queue;
    const lanes = this.#laneHead;
    for (;;) {
      let slot = queue.size > 0 ? queue.peek() : -1;
      let t = slot >= 0 ? queue.peekKey() : Number.POSITIVE_INFINITY;
      let lane = -1;
      for (let i = 0; i < lanes.length; i++) {
        const head = lanes[i]!;
        if (head < 0) continue;
        const at = this.#armedAt[head]!;
        if (at < t || (at === t && this.#armOrder[head]! < this.#armOrder[slot]!)) {
          t = at;
          slot = head;
          lane = i;
        }
      }
      if (!(t < until)) break;
      if (lane < 0) queue.pop();
      else this.#unlink(lane, slot);
      this.#now = t;
      this.#processed++;
      this.#handler(slot, t as Nanos);
    }
    if (until > this.#now) this.#now = until;
  }

  /** Appends `slot` to `lane`, as its latest event: armed after every other, it fires after them. */
  #arm(lane: number, slot: number, at: number): void {
    if (at !== this.#now + this.#laneDelay[lane]!) bug('slot', slot, 'armed at', at, 'in a lane of delay', this.#laneDelay[lane]!, 'at', this.#now);
    const links = this.#links;
    if (links.owner[slot] === this.#laneId[lane]) this.#unlink(lane, slot);
    const tail = this.#laneTail[lane]!;
    links.prev[slot] = tail;
    links.next[slot] = -1;
    if (tail >= 0) links.next[tail] = slot;
    else this.#laneHead[lane] = slot;
    this.#laneTail[lane] = slot;
    links.owner[slot] = this.#laneId[lane]!;
    this.#laneSize++;
  }

  #unlink(lane: number, slot: number): void {
    const links = this.#links;
    const prev = links.prev[slot]!;
    const next = links.next[slot]!;
    if (prev >= 0) links.next[prev] = next;
    else this.#laneHead[lane] = next;
    if (next >= 0) links.prev[next] = prev;
    else this.#laneTail[lane] = prev;
    links.owner[slot] = -1;
    this.#laneSize--;
  }
}

function widened<T extends Int32Array | Float64Array>(array: T, length: number, fill: number): T {
  const wider = new (array.constructor as new (length: number) => T)(length);
  wider.fill(fill);
  wider.set(array);
  return wider;
}
