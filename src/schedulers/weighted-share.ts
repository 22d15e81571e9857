// The hypervisor's weighted fair share (MODEL.md §4): the policy of `classic` and `classic-nosmt`,
// where the entities are VPs and the places LPs, and of `core`, where the entities are virtual
// cores and the places physical cores.
//
// Models: the hypervisor time-slicing entities onto places by weighted fair share. Each entity
// carries a virtual runtime (time × 100 / weight); a free place takes the queued entity with the
// least one that may run there. Work-conserving; no wake-up preemption (A). Reserve and limit are
// enforced over consecutive windows: an entity below its reserve in the current window is served
// before every entity that is not (reserve is a floor, not an extra: its time still counts in its
// virtual runtime, A), and an entity that used its limit waits, capped, for the next window.
// Sources: Microsoft, "Manage Hyper-V hypervisor scheduler types" and "Hyper-V processor
// resource controls" (shared/reference/domain.md §3.1, [S8][S9][S16]); the quantum and window
// are unpublished, hence parameters.
// Scenario keys: hypervisor.quantum, hypervisor.window; per partition weight, reserve, limit,
// cores (and the mode's SMT setting through the allowed places).
// Simplifications: one global choice per free place instead of per-place run queues with
// balancing; entities with the same allowed places share a queue ("class"); a woken entity's
// virtual runtime is raised to the least one of its competitors, so sleeping earns no credit.
import { bug } from '../engine/bug.js';
import { FifoHeap, FifoLinks } from '../engine/fifo-heap.js';
import type { EntitySpec, HypervisorPolicy, PlaceView } from './policy.js';

export interface WeightedShareOptions {
  readonly quantum: number;
  readonly window: number;
  readonly wakeupPreemption: boolean;
}

export class WeightedSharePolicy implements HypervisorPolicy {
  readonly window: number;
  readonly wakeupPreemption: boolean;
  readonly #view: PlaceView;
  readonly #quantum: number;
  readonly #vruntime: Float64Array;
  readonly #scale: Float64Array;
  readonly #used: Float64Array;
  readonly #reserveBudget: Float64Array;
  readonly #limitBudget: Float64Array;
  readonly #classOf: Int32Array;
  /** Allowed LPs of each class. */
  readonly #classLps: readonly Int32Array[];
  /** Classes whose VPs may run on each LP. */
  readonly #lpClasses: readonly Int32Array[];
  /** Per class: VPs still below their reserve this window, served first. */
  readonly #urgent: readonly FifoHeap[];
  readonly #normal: readonly FifoHeap[];
  /** Runnable VPs that used their limit this window. */
  #capped: number[] = [];
  readonly #queued: Uint8Array;
  readonly #reserves: boolean;

  constructor(entities: readonly EntitySpec[], placeCount: number, view: PlaceView, options: WeightedShareOptions) {
    const count = entities.length;
    this.#view = view;
    this.#quantum = options.quantum;
    this.wakeupPreemption = options.wakeupPreemption;
    this.#vruntime = new Float64Array(count);
    this.#scale = new Float64Array(count);
    this.#used = new Float64Array(count);
    this.#reserveBudget = new Float64Array(count);
    this.#limitBudget = new Float64Array(count);
    this.#classOf = new Int32Array(count);
    this.#queued = new Uint8Array(count);
    let windowed = false;
    const classIds = new Map<string, number>();
    const classLps: Int32Array[] = [];
    entities.forEach((entity, id) => {
      this.#scale[id] = 100 / entity.weight;
      this.#reserveBudget[id] = Math.round((entity.reserve / 100) * options.window);
      this.#limitBudget[id] = entity.limit >= 100 ? Number.POSITIVE_INFINITY : Math.round((entity.limit / 100) * options.window);
      if (entity.reserve > 0 || entity.limit < 100) windowed = true;
      const key = entity.allowedPlaces.join(',');
      let classId = classIds.get(key);
      if (classId === undefined) {
        classId = classLps.length;
        classIds.set(key, classId);
        classLps.push(Int32Array.from(entity.allowedPlaces));
      }
      this.#classOf[id] = classId;
    });
    this.#reserves = entities.some((entity) => entity.reserve > 0);
    this.window = windowed ? options.window : 0;
    this.#classLps = classLps;
    const lpClasses: number[][] = Array.from({ length: placeCount }, () => []);
    classLps.forEach((lps, classId) => lps.forEach((lp) => lpClasses[lp]!.push(classId)));
    this.#lpClasses = lpClasses.map((classes) => Int32Array.from(classes));
    const links = new FifoLinks(count);
    this.#urgent = classLps.map(() => new FifoHeap(links));
    this.#normal = classLps.map(() => new FifoHeap(links));
  }

  wake(vp: number): number {
    this.#raiseToFloor(vp, this.wakeupPreemption ? (this.#quantum / 2) * this.#scale[vp]! : 0);
    const lp = this.#idleLpFor(vp);
    if (lp >= 0) return lp;
    this.#enqueue(vp);
    return -1;
  }

  preemptionFor(entity: number): number {
    if (!this.wakeupPreemption || this.#used[entity]! >= this.#limitBudget[entity]!) return -1;
    // The entity furthest ahead of the waking one, if by more than a tenth of a quantum of its
    // time (A). The host charged running entities up to now before the wake, and the waking one
    // was placed half a quantum behind the least of them, so a sleeper preempts a long runner.
    const threshold = (this.#quantum / 10) * this.#scale[entity]!;
    const places = this.#classLps[this.#classOf[entity]!]!;
    let victim = -1;
    let lead = threshold;
    for (let i = 0; i < places.length; i++) {
      const running = this.#view.entityOn(places[i]!);
      if (running < 0) continue;
      const ahead = this.#vruntime[running]! - this.#vruntime[entity]!;
      if (ahead > lead) {
        lead = ahead;
        victim = places[i]!;
      }
    }
    return victim;
  }

  charge(vp: number, ranNs: number): void {
    this.#vruntime[vp]! += ranNs * this.#scale[vp]!;
    this.#used[vp]! += ranNs;
  }

  stopped(vp: number, hasWork: boolean): void {
    if (hasWork) this.#enqueue(vp);
  }

  withdraw(vp: number): void {
    if (this.#queued[vp] === 0) bug('withdrawing entity', vp, 'that is not queued');
    this.#queued[vp] = 0;
    const classId = this.#classOf[vp]!;
    if (this.#urgent[classId]!.has(vp)) this.#urgent[classId]!.remove(vp);
    else if (this.#normal[classId]!.has(vp)) this.#normal[classId]!.remove(vp);
    else this.#capped.splice(this.#capped.indexOf(vp), 1);
  }

  pick(lp: number): number {
    const classes = this.#lpClasses[lp]!;
    // Most hosts have no reserve at all: skip the tier that would always be empty.
    let heap = this.#reserves ? this.#bestOf(classes, this.#urgent) : null;
    if (heap === null) heap = this.#bestOf(classes, this.#normal);
    if (heap === null) return -1;
    const vp = heap.pop();
    this.#queued[vp] = 0;
    return vp;
  }

  slice(vp: number): number {
    const used = this.#used[vp]!;
    let slice = Math.min(this.#quantum, this.#limitBudget[vp]! - used);
    const reserveLeft = this.#reserveBudget[vp]! - used;
    if (reserveLeft > 0 && reserveLeft < slice) slice = reserveLeft;
    return slice;
  }

  windowEnded(): void {
    this.#used.fill(0);
    const capped = this.#capped;
    this.#capped = [];
    for (const vp of capped) {
      this.#queued[vp] = 0;
      // Waiting out a limit earns no credit, as sleeping does not: without this a capped entity
      // would come back far behind and hold its place for its whole budget at once.
      this.#raiseToFloor(vp, 0);
      this.#enqueue(vp);
    }
    // Every reserve is owed again: move queued reserve holders to the front tier.
    for (let vp = 0; vp < this.#reserveBudget.length; vp++) {
      if (this.#reserveBudget[vp]! === 0) continue;
      const normal = this.#normal[this.#classOf[vp]!]!;
      if (!normal.has(vp)) continue;
      normal.remove(vp);
      this.#urgent[this.#classOf[vp]!]!.push(vp, this.#vruntime[vp]!);
    }
  }

  #enqueue(vp: number): void {
    if (this.#queued[vp] === 1) bug('entity', vp, 'queued twice');
    this.#queued[vp] = 1;
    const used = this.#used[vp]!;
    if (used >= this.#limitBudget[vp]!) {
      this.#capped.push(vp);
      return;
    }
    const classId = this.#classOf[vp]!;
    if (used < this.#reserveBudget[vp]!) this.#urgent[classId]!.push(vp, this.#vruntime[vp]!);
    else this.#normal[classId]!.push(vp, this.#vruntime[vp]!);
  }

  /** The heap, among `heaps` of `classes`, whose top VP comes first; null if all are empty. */
  #bestOf(classes: Int32Array, heaps: readonly FifoHeap[]): FifoHeap | null {
    let best: FifoHeap | null = null;
    let bestVp = -1;
    for (let i = 0; i < classes.length; i++) {
      const heap = heaps[classes[i]!]!;
      const candidate = heap.peek();
      if (candidate < 0) continue;
      if (bestVp < 0 || this.#before(candidate, bestVp)) {
        best = heap;
        bestVp = candidate;
      }
    }
    return best;
  }

  #before(a: number, b: number): boolean {
    const va = this.#vruntime[a]!;
    const vb = this.#vruntime[b]!;
    return va < vb || (va === vb && a < b);
  }

  /** Raises `vp`'s virtual runtime to the least of its competitors' minus `credit`, never lowers it. */
  #raiseToFloor(vp: number, credit: number): void {
    const floor = this.#floorFor(vp);
    if (floor !== Number.POSITIVE_INFINITY && floor - credit > this.#vruntime[vp]!) this.#vruntime[vp] = floor - credit;
  }

  /**
   * Least virtual runtime among the VPs `vp` competes with: queued in its class or running on
   * its LPs. A waking VP is raised to it, so sleeping earns no credit (as CFS's min_vruntime).
   */
  #floorFor(vp: number): number {
    const classId = this.#classOf[vp]!;
    let floor = Number.POSITIVE_INFINITY;
    const urgentTop = this.#urgent[classId]!.peek();
    if (urgentTop >= 0) floor = this.#vruntime[urgentTop]!;
    const normalTop = this.#normal[classId]!.peek();
    if (normalTop >= 0 && this.#vruntime[normalTop]! < floor) floor = this.#vruntime[normalTop]!;
    const lps = this.#classLps[classId]!;
    for (let i = 0; i < lps.length; i++) {
      const running = this.#view.entityOn(lps[i]!);
      if (running >= 0 && this.#vruntime[running]! < floor) floor = this.#vruntime[running]!;
    }
    return floor;
  }

  /** An idle allowed LP: the last one it ran on, else the first on a fully idle core, else any. */
  #idleLpFor(vp: number): number {
    const view = this.#view;
    if (view.idlePlaceCount === 0) return -1;
    const lps = this.#classLps[this.#classOf[vp]!]!;
    const last = view.lastPlaceOf(vp);
    let firstIdle = -1;
    let firstOnIdleCore = -1;
    for (let i = 0; i < lps.length; i++) {
      const lp = lps[i]!;
      if (view.entityOn(lp) >= 0) continue;
      if (lp === last) return lp;
      if (firstIdle < 0) firstIdle = lp;
      if (firstOnIdleCore < 0) {
        const sibling = view.siblingOf(lp);
        if (sibling < 0 || view.entityOn(sibling) < 0) firstOnIdleCore = lp;
      }
    }
    return firstOnIdleCore >= 0 ? firstOnIdleCore : firstIdle;
  }
}
