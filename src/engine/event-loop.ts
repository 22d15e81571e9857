// A generic discrete-event kernel: integer time, events in (time, arming order), and timer
// slots. It knows nothing of what the events mean.
//
// Each slot holds at most one pending event, so the slots themselves are queued by their time in
// a FIFO-tie heap: equal times fire in the order they were armed, re-arming or cancelling a slot
// unlinks it in O(1), and no stale entry is ever left behind. Simulations arm events in cohorts
// (every LP's quantum ends at the same instant), which that queue serves in O(1) per event.
import type { Nanos } from '../model/time.js';
import { bug } from './bug.js';
import { FifoHeap, FifoLinks } from './fifo-heap.js';

export type SlotHandler = (slot: number, now: Nanos) => void;

const INITIAL_SLOTS = 64;

export class EventLoop {
  readonly #links = new FifoLinks(INITIAL_SLOTS);
  readonly #queue = new FifoHeap(this.#links);
  #slotCount = 0;
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
    return this.#queue.size;
  }

  allocSlot(): number {
    const slot = this.#slotCount++;
    if (slot >= this.#links.capacity) this.#links.grow(this.#links.capacity * 2);
    return slot;
  }

  /** Arms `slot` to fire at `at`, replacing any event it had pending. */
  schedule(slot: number, at: number): void {
    if (at < this.#now) bug('event for slot', slot, 'scheduled in the past:', at, '<', this.#now);
    this.#queue.requeue(slot, at);
  }

  cancel(slot: number): void {
    if (this.#queue.has(slot)) this.#queue.remove(slot);
  }

  isArmed(slot: number): boolean {
    return this.#queue.has(slot);
  }

  /**
   * Processes every event with time < `until` (events at exactly `until` are left: the horizon
   * rule), then sets the clock to `until`.
   */
  run(until: number): void {
    const queue = this.#queue;
    while (queue.size > 0) {
      const t = queue.peekKey();
      if (t >= until) break;
      const slot = queue.pop();
      this.#now = t;
      this.#processed++;
      this.#handler(slot, t as Nanos);
    }
    if (until > this.#now) this.#now = until;
  }
}
