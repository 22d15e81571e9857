// The work-conservation law (MODEL.md §4), measured while a run goes: time during which an entity
// was ready while a place it may use sat idle with no documented reason to. Every scheduler
// feeds one meter with what it sees as plain state (who is ready, which places are idle, which
// waiting entities are held by a limit, a throttle or a cap) and never with its own queues, so a
// scheduler that forgets an entity in a queue is caught here, not excused.
//
// The cost is O(1) per change of an entity and O(classes allowed there) per change of a place:
// entities with the same allowed places form a class, and the meter keeps per class the number
// of ready entities and of idle places they may use. The law is broken exactly while some class
// has both; the clock runs only then. A violation that starts and ends at one instant (between
// two decisions of one event) costs zero time: that is the tolerance.

import { bug } from '../engine/bug.js';
import { ListIds } from '../engine/list-ids.js';

export class WorkConservationMeter {
  /** What it measures, for the invariant's message: `classic host`, `root OS`… */
  readonly name: string;
  readonly #classIds = new ListIds();
  readonly #classPlaces: number[][] = [];
  readonly #placeClasses: number[][];
  readonly #placeIdle: Uint8Array;
  #ready: Int32Array = new Int32Array(4);
  #idleAllowed: Int32Array = new Int32Array(4);
  #held: Uint8Array = new Uint8Array(4);
  #violatingClasses = 0;
  #idlePlaces: number;
  #since = -1;
  /** Time during which the law was broken. */
  readyBesideIdleNs = 0;

  /** A meter over `placeCount` places, all idle at first. */
  constructor(name: string, placeCount: number) {
    this.name = name;
    this.#placeClasses = Array.from({ length: placeCount }, () => []);
    this.#placeIdle = new Uint8Array(placeCount).fill(1);
    this.#idlePlaces = placeCount;
  }

  /** Places idle now. */
  get idlePlaces(): number {
    return this.#idlePlaces;
  }

  /**
   * The class of entities that may use `places` and are held together (`holder`: their cgroup,
   * say); the same set and holder give the same class.
   */
  classOf(places: readonly number[], holder = -1): number {
    const id = this.#classIds.idOf(places, holder);
    if (id < this.#classPlaces.length) return id;
    this.#classPlaces.push([...places]);
    if (id >= this.#ready.length) this.#grow();
    let idle = 0;
    for (const place of places) {
      this.#placeClasses[place]!.push(id);
      idle += this.#placeIdle[place]!;
    }
    this.#idleAllowed[id] = idle;
    return id;
  }

  /** One more (`delta` 1) or one fewer (-1) ready entity of class `cls`. */
  ready(cls: number, delta: number, now: number): void {
    const before = this.#ready[cls]!;
    const after = before + delta;
    this.#ready[cls] = after;
    // Called twice at every dispatch: only a class's first ready entity or its last can change
    // whether it breaks the law, so the rest stays out of line.
    if (before <= 0 || after <= 0) this.#readyEdge(cls, before, after, now);
  }

  #readyEdge(cls: number, before: number, after: number, now: number): void {
    if (after < 0) bug(`${this.name}:`, 'class', cls, 'has fewer than no ready entities');
    if (this.#idleAllowed[cls] === 0 || this.#held[cls] === 1) return;
    this.#changed(before > 0, after > 0, now);
  }

  /** Place `place` went idle or got an entity. */
  idle(place: number, idle: boolean, now: number): void {
    const flag = idle ? 1 : 0;
    if (this.#placeIdle[place] === flag) return;
    this.#placeIdle[place] = flag;
    this.#idlePlaces += idle ? 1 : -1;
    const classes = this.#placeClasses[place]!;
    for (let i = 0; i < classes.length; i++) {
      const cls = classes[i]!;
      const before = this.#violates(cls);
      this.#idleAllowed[cls]! += idle ? 1 : -1;
      this.#changed(before, this.#violates(cls), now);
    }
  }

  /** The ready entities of `cls` wait for a documented reason (a cgroup's throttle or cap). */
  hold(cls: number, held: boolean, now: number): void {
    const before = this.#violates(cls);
    this.#held[cls] = held ? 1 : 0;
    this.#changed(before, this.#violates(cls), now);
  }

  /** Ends the measure at the horizon. */
  close(now: number): void {
    if (this.#since >= 0) this.readyBesideIdleNs += now - this.#since;
    this.#since = -1;
  }

  #violates(cls: number): boolean {
    return this.#ready[cls]! > 0 && this.#idleAllowed[cls]! > 0 && this.#held[cls] === 0;
  }

  #changed(before: boolean, after: boolean, now: number): void {
    if (before === after) return;
    if (after) {
      if (this.#violatingClasses++ === 0) this.#since = now;
    } else if (--this.#violatingClasses === 0) {
      this.readyBesideIdleNs += now - this.#since;
      this.#since = -1;
    }
  }

  #grow(): void {
    const size = this.#ready.length * 2;
    const ready = new Int32Array(size);
    ready.set(this.#ready);
    this.#ready = ready;
    const idle = new Int32Array(size);
    idle.set(this.#idleAllowed);
    this.#idleAllowed = idle;
    const held = new Uint8Array(size);
    held.set(this.#held);
    this.#held = held;
  }
}
