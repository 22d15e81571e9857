// The hypervisor's weighted fair share (MODEL.md §4): the policy of `classic` and `classic-nosmt`,
// where the entities are VPs and the places LPs, and of `core`, where the entities are virtual
// cores and the places physical cores.
//
// Models: the hypervisor time-slicing entities onto places by weighted fair share. Each entity
// carries a virtual runtime (time × 100 / weight); a free place takes the queued entity with the
// least one that may run there; if that leaves the entity that ran there waiting, the winner
// runs instead, where it may, on a place whose entity has a weaker claim (ahead of its limit's
// pace, or further ahead in virtual runtime than the one left waiting), as max-min fairness
// takes time from the best-served. Work-conserving; no wake-up preemption (A). Reserve and limit are
// rates, paced within consecutive windows (A): an entity that has run less than its reserve ×
// the time since the window began (less a quarter quantum's worth) is owed it and is served before
// every entity that is not, taking the place of the running entity furthest ahead; an entity that
// has run more than its limit × that time (plus a lead of at most one quantum's worth) is served
// after every entity that has not, so it runs only where nobody else would, is held once two
// quanta ahead or out of its limit for the window, and takes a place back as soon as its pace
// lets it (at a window's start too), as a lifted throttle does. Reserve is a floor, not an
// extra: its time still counts in its virtual runtime (A). Pacing spreads a capped entity's time over the window, as weighted max-min
// fairness with floors and ceilings does: a limit used up in a burst would crowd its neighbours
// first and leave places idle after. An entity its limit bound in the last window is served
// after the rest while near its pace (#yields): its virtual runtime lags by design, not by need.
// Behind its pace, a limited entity waits rather than take a turn that an unlimited entity its
// places bound would never make up (#spares).
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
import { ListIds } from '../engine/list-ids.js';
import { TouchedIds } from '../engine/touched-ids.js';
import { Tournament } from '../engine/tournament.js';
import { IdleCpuIndex } from './idle-index.js';
import { memberships } from './memberships.js';
import type { EntitySpec, HypervisorPolicy, PlaceView } from './policy.js';

export interface WeightedShareOptions {
  readonly quantum: number;
  readonly window: number;
  readonly wakeupPreemption: boolean;
}

/** The classes that share places with one class, and how many places each shares with it. */
interface ClassOverlap {
  readonly classes: Int32Array;
  readonly shared: Int32Array;
}

const OWE = 1;
/** What #claimingClass returns for no class, and for more than one. */
const NO_CLASS = -1;
const MANY_CLASSES = -2;
const RELEASE = 2;

export class WeightedSharePolicy implements HypervisorPolicy {
  readonly window: number;
  readonly wakeupPreemption: boolean;
  readonly #view: PlaceView;
  readonly #quantum: number;
  readonly #vruntime: Float64Array;
  readonly #scale: Float64Array;
  readonly #used: Float64Array;
  /** Reserve and limit as shares of one place. */
  readonly #reserveRate: Float64Array;
  /** Per reserve holder: what it used in the last window beyond its reserve, up to a quantum, counted as used in this one's pace. */
  readonly #reserveCredit: Float64Array;
  /** What each entity used in the last window. */
  readonly #lastUsed: Float64Array;
  /** Per class: how many of its entities are held. */
  readonly #heldInClass: Int32Array;
  readonly #limitRate: Float64Array;
  /** A limit's whole allowance for one window, in integer ns. */
  readonly #limitBudget: Float64Array;
  /** Entities with a reserve. */
  readonly #reserved: Int32Array;
  readonly #classOf: Int32Array;
  /** Allowed places of each class. */
  readonly #classLps: readonly Int32Array[];
  /** Classes whose entities may run on each place, and the place's position in each class's list. */
  readonly #lpClasses: readonly Int32Array[];
  readonly #lpClassPositions: readonly Int32Array[];
  /** What the host said runs where (the view must agree: checked as the trees catch up), and the reverse. */
  readonly #placeEntity: Int32Array;
  readonly #entityPlace: Int32Array;
  readonly #allPlaces: Int32Array;
  /**
   * Places whose index entries are out of date: what runs there, or its entity's virtual
   * runtime, changed. Their trees' keys are brought up to date when a tree is next asked
   * (#reindex). Keys change at every dispatch; the trees are asked at wake-ups and reliefs, which
   * a host of busy VPs hardly has.
   */
  readonly #touched: TouchedIds;
  /** Per place, as last indexed: the class of the limited entity running there, or -1; per class, how many places run one of its limited entities. */
  readonly #placeLimitedClass: Int32Array;
  readonly #runningLimited: Int32Array;
  /**
   * Per class, over its places' positions: the running entities' virtual runtimes (least first,
   * and negated, furthest ahead first). Wake-ups and slice ends ask these, in O(1), what a scan
   * over the class's places would find.
   */
  readonly #runningLeast: readonly Tournament[];
  readonly #runningMost: readonly Tournament[];
  /** Per class, its first idle place on an idle core, and its first idle place: the fair scheduler's index, a class's places as a CPU set. */
  readonly #idlePlaces: IdleCpuIndex;
  /** Per class: the running entities that came from the tier ahead of their limit's pace, furthest ahead in virtual runtime first. */
  readonly #runningAhead: readonly Tournament[];
  /** Per class: entities owed their reserve, served first; then the rest; then those ahead of their limit's pace. */
  readonly #urgent: readonly FifoHeap[];
  readonly #normal: readonly FifoHeap[];
  /**
   * Over classes: the head of each one's middle tier, keyed by its virtual runtime plus a quantum
   * of its time, the margin by which one must lead another to claim its turn (#claimsBefore). If
   * even the least does not lead the entity a place would take, no chain of moves can serve a
   * better one (chainAt), and the scan over every place is skipped.
   */
  readonly #normalLead: Tournament;
  /** Per class: the head of its middle tier (-1: none), kept by #normalChanged. */
  readonly #normalHead: Int32Array;
  readonly #ahead: readonly FifoHeap[];
  /** Entities with a limit. */
  readonly #limited: Int32Array;
  /** Runnable entities that used their limit for the window, and where each is in that list. */
  readonly #held: number[] = [];
  readonly #heldAt: Int32Array;
  /** When a queued entity becomes owed its reserve (OWE), or moves back a tier of its limit's pace (RELEASE). */
  readonly #pace: FifoHeap;
  readonly #paceKind: Uint8Array;
  /** Queued entities just let back among the rest by their limit's pace, until they are weighed for a preemption. */
  readonly #unpaced: Uint8Array;
  /** Entities last queued ahead of their limit's pace (or held by it): while one runs, it is there only because nobody else was. */
  readonly #aheadOfPace: Uint8Array;
  readonly #queued: Uint8Array;
  #queuedCount = 0;
  /** Limited entities that used their whole limit in the last window: the limit, not their weight, bounds them. */
  readonly #capBound: Uint8Array;
  /** Per class: its limited entities, each at its limit, fit beside every other entity that may use its places running flat out. */
  readonly #roomy: Uint8Array;
  /** Per class: the other classes that share a place with it. */
  readonly #overlapping: readonly Int32Array[];
  /** Per class: its places that other classes may use too, ascending (where an occupant of another class can be). */
  readonly #sharedLps: readonly Int32Array[];
  /** classCount × placeCount flags: may class c run on place p. */
  readonly #classAllows: Uint8Array;
  readonly #reserves: boolean;
  #windowStart = 0;

  constructor(entities: readonly EntitySpec[], placeCount: number, view: PlaceView, options: WeightedShareOptions) {
    const count = entities.length;
    this.#view = view;
    this.#quantum = options.quantum;
    this.wakeupPreemption = options.wakeupPreemption;
    this.#vruntime = new Float64Array(count);
    this.#scale = new Float64Array(count);
    this.#used = new Float64Array(count);
    this.#reserveRate = new Float64Array(count);
    this.#reserveCredit = new Float64Array(count);
    this.#lastUsed = new Float64Array(count);
    this.#limitRate = new Float64Array(count);
    this.#limitBudget = new Float64Array(count);
    this.#classOf = new Int32Array(count);
    this.#queued = new Uint8Array(count);
    this.#heldAt = new Int32Array(count).fill(-1);
    this.#paceKind = new Uint8Array(count);
    this.#unpaced = new Uint8Array(count);
    this.#aheadOfPace = new Uint8Array(count);
    this.#capBound = new Uint8Array(count);
    let windowed = false;
    const classIds = new ListIds();
    const classLps: Int32Array[] = [];
    entities.forEach((entity, id) => {
      this.#scale[id] = 100 / entity.weight;
      this.#reserveRate[id] = entity.reserve / 100;
      this.#limitRate[id] = Math.min(1, entity.limit / 100);
      this.#limitBudget[id] = Math.round(this.#limitRate[id]! * options.window);
      if (entity.reserve > 0 || entity.limit < 100) windowed = true;
      const classId = classIds.idOf(entity.allowedPlaces);
      if (classId === classLps.length) classLps.push(Int32Array.from(entity.allowedPlaces));
      this.#classOf[id] = classId;
    });
    this.#reserved = Int32Array.from(entities.flatMap((entity, id) => (entity.reserve > 0 ? [id] : [])));
    this.#reserves = this.#reserved.length > 0;
    this.#limited = Int32Array.from(entities.flatMap((entity, id) => (entity.limit < 100 ? [id] : [])));
    this.window = windowed ? options.window : 0;
    this.#classLps = classLps;
    this.#heldInClass = new Int32Array(classLps.length);
    const places = memberships(placeCount, classLps);
    this.#lpClasses = places.setsOf;
    this.#lpClassPositions = places.positionsOf;
    this.#placeEntity = new Int32Array(placeCount).fill(-1);
    this.#allPlaces = Int32Array.from({ length: placeCount }, (_, place) => place);
    this.#touched = new TouchedIds(placeCount);
    this.#placeLimitedClass = new Int32Array(placeCount).fill(-1);
    this.#entityPlace = new Int32Array(count).fill(-1);
    this.#runningLeast = classLps.map((lps) => new Tournament(lps.length));
    this.#runningMost = classLps.map((lps) => new Tournament(lps.length));
    this.#runningAhead = classLps.map((lps) => new Tournament(lps.length));
    this.#runningLimited = new Int32Array(classLps.length);
    this.#idlePlaces = new IdleCpuIndex(placeCount, Int32Array.from({ length: placeCount }, (_, place) => view.siblingOf(place)), classLps);
    this.#classAllows = new Uint8Array(classLps.length * placeCount);
    classLps.forEach((lps, classId) => lps.forEach((lp) => (this.#classAllows[classId * placeCount + lp] = 1)));
    const overlaps = this.#classOverlaps();
    this.#overlapping = overlaps.map(({ classes }) => classes);
    this.#sharedLps = classLps.map((lps) => lps.filter((lp) => this.#lpClasses[lp]!.length > 1));
    this.#roomy = this.#roomyClasses(count, overlaps);
    const links = new FifoLinks(count);
    this.#urgent = classLps.map(() => new FifoHeap(links));
    this.#normal = classLps.map(() => new FifoHeap(links));
    this.#normalLead = new Tournament(classLps.length);
    this.#normalHead = new Int32Array(classLps.length).fill(-1);
    this.#ahead = classLps.map(() => new FifoHeap(links));
    this.#pace = new FifoHeap(new FifoLinks(count));
  }

  wake(entity: number, now: number): number {
    this.#raiseToFloor(entity, this.wakeupPreemption ? (this.#quantum / 2) * this.#scale[entity]! : 0);
    const place = this.#idleLpFor(entity);
    if (place >= 0) return place;
    this.#enqueue(entity, now);
    return -1;
  }

  preemptionFor(entity: number, now: number): number {
    if (this.#queued[entity] === 0) return -1;
    if (this.#urgent[this.#classOf[entity]!]!.has(entity)) return this.#reserveVictimFor(entity, now);
    if (this.#unpaced[entity] === 1) {
      this.#unpaced[entity] = 0;
      // Its limit's pace, not its turn, kept it waiting: as a throttle lifted, it takes the place
      // of an entity more than a quantum of its time ahead of it. Waiting for a quantum to end
      // instead would cost it up to a quantum each time and leave it short of its limit.
      const victim = this.#placeAhead(entity, -1, now);
      return victim >= 0 && !this.#pressed(entity, now) && (this.#peerBeforeWaiter(entity, victim, now) || this.#strandsVictim(entity, victim, now)) ? -1 : victim;
    }
    if (!this.wakeupPreemption || this.isHeld(entity)) return -1;
    // The entity furthest ahead of the waking one, if by more than a tenth of a quantum of its
    // time (A). The host charged running entities up to now before the wake, and the waking one
    // was placed half a quantum behind the least of them, so a sleeper preempts a long runner.
    const threshold = (this.#quantum / 10) * this.#scale[entity]!;
    const classId = this.#classOf[entity]!;
    if (this.#touched.count > 0) this.#reindex();
    const most = this.#runningMost[classId]!;
    return -most.least - this.#vruntime[entity]! > threshold ? this.#classLps[classId]![most.winner]! : -1;
  }

  /**
   * A VP a reserve or a limit's pace preempts has lost its turn to a claim, not to a VP it is
   * ahead of: waiting for the next quantum to end, four free VPs beside a VP limited to 17 % lost
   * 0.10 of an LP between them while a weight-5 VP pinned elsewhere kept 0.933 (GPS: 0.83). It
   * comes back once the claim is met: a reserve holder beyond its reserve claims by virtual
   * runtime (#claimsBefore, chainAt).
   */
  passOn(entity: number, now: number): number {
    if (this.#queued[entity] === 0 || this.#tierRank(entity) !== 1) return -1;
    return this.#placeAhead(entity, -1, now);
  }

  /**
   * Whether `entity` is owed its reserve or runs to catch it up (up to a quarter quantum's worth
   * ahead of its pace, where its slice ends): its time there is its floor, not a fair share to
   * take from. A weight-1 VP catching up its reserve is the furthest ahead in virtual runtime of
   * any, and relieved there it came back owed and took the LP of a VP pinned beside it.
   */
  #onReserve(entity: number, now: number): boolean {
    const rate = this.#reserveRate[entity]!;
    return rate > 0 && this.#reserveUsed(entity) <= rate * (now - this.#windowStart + this.#quantum / 4);
  }

  /**
   * Whether limited `entity`, let back by its pace, should leave `victim`'s entity be: a VP of its
   * class with a limit runs on a place that an entity waits for which is further ahead in virtual
   * runtime than `victim`'s (neither `entity` nor `victim`'s entity, queued again at the end of
   * its turn), and is of `entity`'s class or may not use `victim`. That place frees
   * when the peer's pace moves it aside, and taking it then charges the turn to the waiter, the
   * better-served; taking `victim` now charges it to a VP less served. Two VPs of one guest with
   * the same limit are let back at the same instant: the first took a weight-1 VP's only LP, the
   * second a busy VP's (the weight-1 VP got 0.82 where GPS gives 0.74); the first took a free
   * weight-100 VP's LP, the second that of a weight-463 VP pinned beside it (0.556 where GPS
   * gives 0.905); where every VP may use every core, the first took a weight-5 VP's core and the
   * second a free VP's (0.828 where GPS gives 0.66). A waiter of another class that may use
   * `victim` is left out: weighed too, it gave weight-4 VPs on five of seven cores 0.461 where
   * GPS gives 0.44. It leaves be, too, an entity that would lose the turn for good (#spares).
   */
  #peerBeforeWaiter(entity: number, victim: number, now: number): boolean {
    if (this.#spares(entity, victim, now)) return true;
    const classId = this.#classOf[entity]!;
    const others = this.#overlapping[classId]!;
    const victimEntity = this.#placeEntity[victim]!;
    const beyond = this.#vruntime[victimEntity]!;
    const placeCount = this.#lpClasses.length;
    for (let c = -1; c < others.length; c++) {
      const other = c < 0 ? classId : others[c]!;
      if (c >= 0 && this.#classAllows[other * placeCount + victim] === 1) continue;
      const waiting = this.#normal[other]!;
      const head = waiting.firstExcept(entity, victimEntity);
      if (head < 0 || !(this.#vruntime[head]! > beyond)) continue;
      if (c < 0) {
        // Every place of its class is one its peers may run on: a count answers.
        if (this.#touched.count > 0) this.#reindex();
        if (this.#runningLimited[classId]! > 0) return true;
        continue;
      }
      const places = this.#classLps[other]!;
      for (let i = 0; i < places.length; i++) {
        const running = this.#placeEntity[places[i]!]!;
        if (running >= 0 && running !== entity && this.#classOf[running] === classId && this.#limitRate[running]! < 1) return true;
      }
    }
    return false;
  }

  /**
   * Whether limited `entity`, behind its pace and not owed a reserve, waits rather than take its
   * turn at `victim` (#spares), as long as it can still use its limit in the window (#pressed).
   */
  #defers(entity: number, victim: number, now: number): boolean {
    return this.#limitRate[entity]! < 1 && this.#aheadOfPace[entity] === 0 && !this.owesReserve(entity, now) && !this.#pressed(entity, now) && this.#spares(entity, victim, now);
  }

  /**
   * Whether limited `entity` spares the entity its turn at `victim` would fall on: there, or
   * where a limited entity displaced there passes it on (passOn). One spared is unlimited, ran
   * all but a quantum of the last window (its places, not its weight, bound it, so a turn lost is
   * never made up), is no further ahead than any other unlimited entity running where `entity`
   * may (#aheadOfUnlimited), and can pass the turn to nobody (none of its places runs an entity
   * more than a quantum of its time ahead of it). `entity` loses nothing by waiting where its
   * class has room for its limited entities (#roomyClasses) or a limited peer of its class runs,
   * whose place frees at its turn's end. Taken, the turn was lost for good: a VP pinned to LP 0
   * of 3 beside two VPs limited to 51 % and three limited to 13 % got 0.956 where GPS gives 1.0;
   * three free virtual cores beside four limited to 37 % lost 0.01 each to a weight-8 one pinned
   * to two cores, which GPS takes it from.
   */
  #spares(entity: number, victim: number, now: number): boolean {
    const classId = this.#classOf[entity]!;
    if (this.#touched.count > 0) this.#reindex();
    if (this.#roomy[classId] !== 1 && this.#runningLimited[classId]! === 0) return false;
    let place = victim;
    let bearer = this.#placeEntity[place]!;
    if (bearer < 0) return false;
    if (this.#limitRate[bearer]! < 1) {
      place = this.#placeAhead(bearer, place, now);
      if (place < 0) return false;
      bearer = this.#placeEntity[place]!;
      if (this.#limitRate[bearer]! < 1) return false;
    }
    if (this.#lastUsed[bearer]! < this.window - this.#quantum) return false;
    if (this.#placeAhead(bearer, place, now) >= 0) return false;
    return !this.#aheadOfUnlimited(bearer, this.#classLps[classId]!);
  }

  /** Whether `entity` is more than a quantum of another's time ahead of an unlimited entity running on `places`. */
  #aheadOfUnlimited(entity: number, places: Int32Array): boolean {
    for (let i = 0; i < places.length; i++) {
      const running = this.#placeEntity[places[i]!]!;
      if (running >= 0 && running !== entity && this.#limitRate[running]! >= 1 && this.#afterQuantum(running) < this.#vruntime[entity]!) return true;
    }
    return false;
  }

  /**
   * Whether limited `entity`, let back by its pace while a limited peer of its class runs, should
   * leave `victim`'s unlimited entity be because that one could take no other place in turn (none
   * of its places runs an entity more than a quantum of its time ahead of it) while a better-served
   * entity (more than a quantum of the victim's time ahead of it) waits or runs elsewhere: the
   * turn would be charged to the victim, where waiting for the peer's place passes it on as the
   * peer's did. Two VPs limited to 17 % on cores 2, 4 and 5, beside six free VPs and a weight-5
   * VP pinned to core 0 of 7, displaced two free VPs at once where core 0 could take only one:
   * the weight-5 VP got 0.821 where GPS gives 0.66. With nobody better served, the victim is the
   * one to charge (weighed anyway, a weight-3 VP pinned beside three VPs limited to 78 % on 2
   * LPs got 0.046 where GPS gives 0.02). A victim with a reserve is left out: its reserve, not its
   * share, bounds what it loses (weighed too, the core sweep's seed 168 went from 1.6 to 2.7 pp
   * off the oracle).
   */
  #strandsVictim(entity: number, victim: number, now: number): boolean {
    const displaced = this.#placeEntity[victim]!;
    if (this.#reserveRate[displaced]! > 0 || this.#limitRate[displaced]! < 1) return false;
    if (this.#touched.count > 0) this.#reindex();
    if (this.#runningLimited[this.#classOf[entity]!]! === 0 || !this.#waitsBeyond(entity, displaced)) return false;
    return this.#placeAhead(displaced, victim, now) < 0;
  }

  /** Whether an entity but `entity` waits (first of its class) or runs more than a quantum of `displaced`'s time ahead of it in virtual runtime. */
  #waitsBeyond(entity: number, displaced: number): boolean {
    const beyond = this.#afterQuantum(displaced);
    for (let classId = 0; classId < this.#normal.length; classId++) {
      const head = this.#normal[classId]!.firstExcept(entity, displaced);
      if (head >= 0 && this.#vruntime[head]! > beyond) return true;
      if (-this.#runningMost[classId]!.least > beyond) return true;
    }
    return false;
  }

  /**
   * Whether limited `entity`, to use the rest of its limit before the window ends, has less time
   * to spare than it still needs (or a quantum): a turn it waits for now it cannot make up. Let
   * back by its pace a tenth of a window before the end, a VP limited to 73 % waited for a peer's
   * place that freed only at the end, and ended the window 4 ms short (0.719, GPS 0.73).
   */
  #pressed(entity: number, now: number): boolean {
    const needs = this.#limitBudget[entity]! - this.#used[entity]!;
    return this.#windowStart + this.window - now - needs < Math.min(this.#quantum, needs);
  }

  owesReserve(entity: number, now: number): boolean {
    const rate = this.#reserveRate[entity]!;
    // At the instant `#oweAt` names it is owed: the two must agree, or the pace would never move on.
    return rate > 0 && this.#reserveUsed(entity) <= rate * (now - this.#windowStart - this.#quantum / 4);
  }

  /**
   * The place a reserve owed to `entity` is taken from: the running entity furthest ahead in
   * virtual runtime among its places; -1 (it waits, ahead of every entity not owed) when that
   * one is itself owed its reserve, as it is again at once: its catch-up is short, and the next
   * place along belongs to an entity less above the fair level. Weighted fair share would take
   * the time from whoever is above the fair level, and that is the one most above it; taking
   * whichever place frees first would charge the reserve to the entity that happened to be
   * there (a weight-1000 VP lost a quarter of its LP that way), and passing over an owed one to
   * the next took two reserves' worth from a VP pinned beside them (0.89 where weighted fair
   * share gives 1.0).
   */
  #reserveVictimFor(entity: number, now: number): number {
    const places = this.#classLps[this.#classOf[entity]!]!;
    let found = -1;
    let furthest = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < places.length; i++) {
      const running = this.#placeEntity[places[i]!]!;
      if (running >= 0 && this.#vruntime[running]! > furthest) {
        furthest = this.#vruntime[running]!;
        found = places[i]!;
      }
    }
    return found >= 0 && this.owesReserve(this.#placeEntity[found]!, now) ? -1 : found;
  }

  /** `entity`'s virtual runtime a quantum of its time on: how far ahead of it another must be to be better served by more than a turn. */
  #afterQuantum(entity: number): number {
    return this.#vruntime[entity]! + this.#quantum * this.#scale[entity]!;
  }

  /** Among `entity`'s places but `except`, the one whose running entity is more than a quantum of `entity`'s time ahead of it, furthest ahead (#furthestAhead); -1 if none. */
  #placeAhead(entity: number, except: number, now: number): number {
    return this.#furthestAhead(entity, except, this.#afterQuantum(entity), now);
  }

  /**
   * Among `entity`'s places but `except`, the one whose running entity is furthest ahead in
   * virtual runtime, beyond `beyond` and not itself owed a reserve; -1 if none.
   */
  #furthestAhead(entity: number, except: number, beyond: number, now: number): number {
    const classId = this.#classOf[entity]!;
    const places = this.#classLps[classId]!;
    // Without reserves nobody is ever owed one: the furthest ahead is the tree's.
    if (!this.#reserves) {
      if (this.#touched.count > 0) this.#reindex();
      const most = this.#runningMost[classId]!;
      const position = except < 0 ? most.winner : most.winnerExcept(this.#positionIn(except, classId));
      return position >= 0 && -most.key(position) > beyond ? places[position]! : -1;
    }
    let found = -1;
    let furthest = beyond;
    for (let i = 0; i < places.length; i++) {
      const place = places[i]!;
      const running = place === except ? -1 : this.#placeEntity[place]!;
      if (running < 0 || this.#onReserve(running, now)) continue;
      if (this.#vruntime[running]! > furthest) {
        furthest = this.#vruntime[running]!;
        found = place;
      }
    }
    return found;
  }

  insteadOf(entity: number, place: number, loser: number, now: number): number {
    if (this.#aheadOfPace[entity] === 1) return -1;
    const ahead = this.#runningAheadOf(entity, place);
    if (ahead >= 0) return ahead;
    // Where every entity may use every place, every place's next turn weighs them alike, but for
    // an entity its limit bound: its virtual runtime lags by design, so it wins whichever place
    // frees first, and it would take its turns from whoever ran there rather than from the one
    // furthest ahead. Owed its reserve, `entity` takes the place the reserve names
    // (#reserveVictimFor), not another.
    if ((this.#classLps.length === 1 && this.#capBound[entity] === 0) || this.#queued[loser] === 0 || this.#tierRank(loser) !== 1 || this.owesReserve(entity, now)) return -1;
    const instead = this.#furthestAhead(entity, place, this.#vruntime[loser]!, now);
    return instead >= 0 && this.#defers(entity, instead, now) ? -1 : instead;
  }

  /** Among `entity`'s places but `except` (one of them), the one whose running entity came from the tier ahead of its limit's pace, furthest ahead in virtual runtime; -1 if none. */
  #runningAheadOf(entity: number, except: number): number {
    if (this.window === 0) return -1;
    if (this.#touched.count > 0) this.#reindex();
    const classId = this.#classOf[entity]!;
    const ahead = this.#runningAhead[classId]!;
    if (ahead.least === Number.POSITIVE_INFINITY) return -1;
    const position = ahead.winnerExcept(this.#positionIn(except, classId));
    return position >= 0 && ahead.key(position) !== Number.POSITIVE_INFINITY ? this.#classLps[classId]![position]! : -1;
  }

  placeQueued(entity: number): number {
    if (this.#queued[entity] === 0 || this.isHeld(entity)) return -1;
    const place = this.#idleLpFor(entity);
    if (place < 0) return -1;
    this.withdraw(entity);
    return place;
  }

  roomFor(entity: number): number {
    if (this.#view.idlePlaceCount === 0 || this.#queued[entity] === 0 || this.isHeld(entity)) return -1;
    const classId = this.#classOf[entity]!;
    // Only there can an occupant of another class be: one with the same places has no idle one either.
    const places = this.#sharedLps[classId]!;
    const placeCount = this.#lpClasses.length;
    for (let i = 0; i < places.length; i++) {
      const occupant = this.#placeEntity[places[i]!]!;
      if (occupant < 0 || this.#classOf[occupant] === classId) continue;
      const target = this.#idleLpFor(occupant);
      if (target >= 0) return places[i]! * placeCount + target;
    }
    return -1;
  }

  relieve(place: number, entity: number, now: number): number {
    const waiting = this.#bestNormal(this.#lpClasses[place]!);
    if (waiting < 0 || this.#waitsForPeer(waiting, place, now)) return -1;
    const other = this.#furthestAhead(entity, place, this.#vruntime[waiting]!, now);
    return other >= 0 && this.#defers(waiting, other, now) ? -1 : other;
  }

  wouldPickAhead(place: number): boolean {
    const classes = this.#lpClasses[place]!;
    return (!this.#reserves || this.#bestOf(classes, this.#urgent) === null) && this.#bestNormal(classes) < 0;
  }

  chainAt(place: number, now: number, leaving = -1): number {
    const classes = this.#lpClasses[place]!;
    let reachable = 0;
    for (let i = 0; i < classes.length; i++) {
      const classId = classes[i]!;
      reachable += this.#urgent[classId]!.size + this.#normal[classId]!.size + this.#ahead[classId]!.size;
    }
    // Every entity that waits may take `place` itself: no move can serve a better one.
    if (reachable === this.#queuedCount - this.#held.length) return -1;
    const placeCount = this.#lpClasses.length;
    let best = this.#bestFor(place);
    // Only a middle-tier entity ever claims before another (#claimsBefore), and only before one
    // of that tier not catching up a reserve by leading it; a claim on a claim leads the first too.
    if (best >= 0 && this.#tierRank(best) !== 2 && (this.#tierRank(best) === 0 || this.#onReserve(best, now) || !(this.#normalLead.least < this.#vruntime[best]!))) return -1;
    const claiming = this.#claimingClass(best, place);
    if (claiming === NO_CLASS) return -1;
    let found = -1;
    const others = this.#mayMoveTo(place);
    const served = this.#keeps(leaving) ? this.#servedBar(others) : Number.POSITIVE_INFINITY;
    // Only a place of a claiming class can give a better claim than `best`, and each better claim
    // found only narrows that: where one class claims, its places are all the scan needs, in the
    // same ascending order, so the same place is found. Those outside `others` find nothing: no
    // occupant there may move to `place`.
    const scanned = claiming === MANY_CLASSES ? others : this.#classLps[claiming]!;
    for (let i = 0; i < scanned.length; i++) {
      const other = scanned[i]!;
      const occupant = other === place ? -1 : this.#placeEntity[other]!;
      if (occupant < 0 || this.#classAllows[this.#classOf[occupant]! * placeCount + place] === 0) continue;
      const waiting = this.#bestFor(other);
      if (waiting >= 0 && this.#claimsBefore(waiting, best, now) && !this.#wellServed(waiting, served) && !this.#defers(waiting, place, now)) {
        // Where one class claims, its first is the waiter found, and nothing claims before that.
        if (claiming !== MANY_CLASSES) return other;
        best = waiting;
        found = other;
      }
    }
    return found;
  }

  /**
   * The one class whose first queued entity may claim a turn before `best` (#claimsBefore) and
   * whose places an occupant that may move to `place` can run on, as only a class's first is ever
   * what a place gives (#bestFor); NO_CLASS if none, MANY_CLASSES if several. Against nobody or
   * one ahead of its pace, one owed a reserve or of the middle tier claims; against one of the
   * middle tier, only one of that tier more than a quantum of its time behind it (#normalLead).
   */
  #claimingClass(best: number, place: number): number {
    const againstAny = best < 0 || this.#tierRank(best) === 2;
    let claiming = NO_CLASS;
    if (againstAny && this.#reserves) {
      for (let classId = 0; classId < this.#normal.length; classId++) {
        if ((this.#normal[classId]!.size === 0 && this.#urgent[classId]!.size === 0) || !this.#reaches(place, classId)) continue;
        if (claiming !== NO_CLASS) return MANY_CLASSES;
        claiming = classId;
      }
      return claiming;
    }
    // Without reserves nothing is urgent, and a class's lead is finite exactly while it queues an
    // entity: the tree of leads names the claiming classes, not a loop over every class (a
    // 1024-core host with a thread pinned to each core has over a thousand).
    const threshold = againstAny ? Number.POSITIVE_INFINITY : this.#vruntime[best]!;
    const leads = this.#normalLead;
    for (let classId = leads.nextBelow(threshold, -1); classId >= 0; classId = leads.nextBelow(threshold, classId)) {
      if (!this.#reaches(place, classId)) continue;
      if (claiming !== NO_CLASS) return MANY_CLASSES;
      claiming = classId;
    }
    return claiming;
  }

  /**
   * Whether an entity that may use `place` may also use a place of class `classId`: only such an
   * occupant can move to `place` and leave its own place to that class's first. Where a host is
   * split among partitions, a class on the other side claims nothing here, and the scan that
   * found so was 9 % of a 1024-core run under core scheduling (world c).
   */
  #reaches(place: number, classId: number): boolean {
    const classes = this.#lpClasses[place]!;
    for (let i = 0; i < classes.length; i++) {
      const occupantClass = classes[i]!;
      if (occupantClass === classId || this.#overlapping[occupantClass]!.includes(classId)) return true;
    }
    return false;
  }

  /**
   * The places, ascending, where an entity that may move to `place` can run: its one class's, or
   * every place. A scan over them finds what a scan over all places would, in the same order,
   * and on a host split among partitions it is a fraction of them.
   */
  #mayMoveTo(place: number): Int32Array {
    const classes = this.#lpClasses[place]!;
    return classes.length === 1 ? this.#classLps[classes[0]!]! : this.#allPlaces;
  }

  /** The queued entity `pick(place)` would take, or -1. */
  #bestFor(place: number): number {
    const classes = this.#lpClasses[place]!;
    const urgent = this.#reserves ? this.#bestOf(classes, this.#urgent) : null;
    if (urgent !== null) return urgent.peek();
    const normal = this.#bestNormal(classes);
    if (normal >= 0 || this.window === 0) return normal;
    return this.#bestOf(classes, this.#ahead)?.peek() ?? -1;
  }

  /**
   * Whether queued `entity` has a better claim than `other` (-1: nobody) to a turn `other` would
   * get. One ahead of its limit's pace never has; any other has against nobody or one ahead.
   * Else only one not owed a reserve against one not catching up its reserve (#onReserve), by
   * more than a quantum of its time in virtual runtime: one owed its reserve takes a place by
   * itself, one catching it up needs its reserve and not a turn by virtual runtime, and a smaller
   * lead the next quantum undoes. Beyond its reserve a reserve holder claims as the rest do: a
   * weight-9 VP reserved 10 % and pinned to an LP kept it once its reserve was met, while a VP
   * pinned elsewhere waited for the LP that the VP its reserve displaced had taken (0.20 and 0.80,
   * GPS 0.10 and 0.90).
   */
  #claimsBefore(entity: number, other: number, now: number): boolean {
    const rank = this.#tierRank(entity);
    if (rank === 2) return false;
    if (other < 0) return true;
    const otherRank = this.#tierRank(other);
    if (otherRank === 2) return true;
    if (rank === 0 || otherRank === 0 || this.#onReserve(other, now)) return false;
    return this.#afterQuantum(entity) < this.#vruntime[other]!;
  }

  #tierRank(entity: number): number {
    const classId = this.#classOf[entity]!;
    if (this.#urgent[classId]!.has(entity)) return 0;
    return this.#normal[classId]!.has(entity) ? 1 : 2;
  }

  roomAt(place: number, aheadToo = true, leaving = -1): number {
    if (this.#queuedCount === this.#held.length) return -1;
    const placeCount = this.#lpClasses.length;
    const others = this.#mayMoveTo(place);
    const served = this.#keeps(leaving) ? this.#servedBar(others) : Number.POSITIVE_INFINITY;
    for (let i = 0; i < others.length; i++) {
      const other = others[i]!;
      const occupant = other === place ? -1 : this.#placeEntity[other]!;
      if (occupant < 0 || this.#classAllows[this.#classOf[occupant]! * placeCount + place] === 0) continue;
      if (!this.#waitingFor(other, aheadToo) || (served !== Number.POSITIVE_INFINITY && this.#wellServed(this.#bestFor(other), served))) continue;
      return other;
    }
    return -1;
  }

  /**
   * Whether limited `entity`, its turn just ended ahead of its pace, keeps its place from a
   * better-served waiter (#wellServed) that a move would make room for: while a limited peer of
   * its class is off too. Two VPs limited to 72 % keep one pace, so they ran ahead of it and gave
   * up their places at the same moments, while both free VPs beside them ran: a weight-2 VP
   * pinned to LP 0 took the room (0.106, GPS 0.015); four limited to 78 % each gave a weight-3
   * VP pinned to core 0 its LP there (pickOver: 0.123, GPS 0.026).
   */
  #keeps(entity: number): boolean {
    return entity >= 0 && this.#limitRate[entity]! < 1 && this.#queued[entity] === 1 && this.#tierRank(entity) === 2 && this.#peerOff(entity);
  }

  /** Whether another entity of queued `entity`'s class is ahead of its limit's pace or held by it (only limited ones ever are). */
  #peerOff(entity: number): boolean {
    const classId = this.#classOf[entity]!;
    const ahead = this.#ahead[classId]!;
    return ahead.size - (ahead.has(entity) ? 1 : 0) + this.#heldInClass[classId]! - (this.isHeld(entity) ? 1 : 0) > 0;
  }

  /**
   * The virtual runtime beyond which an entity without a limit is better served than one running
   * on `places`: a quantum of its time past the least-served unlimited entity there that ran less
   * than all but a quantum of the last window, one that waited too, so that their virtual
   * runtimes compare (an entity that one place bounds lags any that shares its places).
   */
  #servedBar(places: Int32Array): number {
    let bar = Number.POSITIVE_INFINITY;
    for (let i = 0; i < places.length; i++) {
      const running = this.#placeEntity[places[i]!]!;
      if (running < 0 || this.#limitRate[running]! < 1 || this.#lastUsed[running]! >= this.window - this.#quantum) continue;
      bar = Math.min(bar, this.#afterQuantum(running));
    }
    return bar;
  }

  /** Whether queued `entity` (-1: none) is without a limit and beyond `served` (#servedBar). */
  #wellServed(entity: number, served: number): boolean {
    return entity >= 0 && this.#limitRate[entity]! >= 1 && this.#vruntime[entity]! > served;
  }

  /** Whether an entity that may run on `place` waits for one (held ones never count, those ahead of their pace if `aheadToo`). */
  #waitingFor(place: number, aheadToo: boolean): boolean {
    const classes = this.#lpClasses[place]!;
    for (let i = 0; i < classes.length; i++) {
      const classId = classes[i]!;
      if (this.#normal[classId]!.size > 0 || this.#urgent[classId]!.size > 0 || (aheadToo && this.#ahead[classId]!.size > 0)) return true;
    }
    return false;
  }

  isHeld(entity: number): boolean {
    return this.#heldAt[entity]! >= 0;
  }

  charge(entity: number, ranNs: number): void {
    this.#vruntime[entity]! += ranNs * this.#scale[entity]!;
    this.#used[entity]! += ranNs;
    const place = this.#entityPlace[entity]!;
    if (place >= 0) this.#touched.add(place);
  }

  placed(place: number, entity: number): void {
    const before = this.#placeEntity[place]!;
    if (before >= 0 && this.#entityPlace[before] === place) this.#entityPlace[before] = -1;
    this.#placeEntity[place] = entity;
    this.#entityPlace[entity] = place;
    this.#idlePlaces.setBusy(place, true);
    this.#touched.add(place);
  }

  vacated(place: number): void {
    const before = this.#placeEntity[place]!;
    if (before >= 0 && this.#entityPlace[before] === place) this.#entityPlace[before] = -1;
    this.#placeEntity[place] = -1;
    this.#idlePlaces.setBusy(place, false);
    this.#touched.add(place);
  }

  #reindex(): void {
    const view = this.#view;
    const touched = this.#touched;
    for (let i = 0; i < touched.count; i++) {
      const place = touched.take(i);
      const entity = this.#placeEntity[place]!;
      if (view.entityOn(place) !== entity) bug('the policy has entity', entity, 'on place', place, 'where the host runs', view.entityOn(place));
      this.#indexRunning(place, entity);
      this.#indexLimited(place, entity);
    }
    touched.reset();
  }

  #indexLimited(place: number, entity: number): void {
    const limitedClass = entity >= 0 && this.#limitRate[entity]! < 1 ? this.#classOf[entity]! : -1;
    const was = this.#placeLimitedClass[place]!;
    if (was === limitedClass) return;
    if (was >= 0) this.#runningLimited[was]!--;
    if (limitedClass >= 0) this.#runningLimited[limitedClass]!++;
    this.#placeLimitedClass[place] = limitedClass;
  }

  /** `place` now runs `entity` (-1: nothing), at its current virtual runtime. */
  #indexRunning(place: number, entity: number): void {
    const classes = this.#lpClasses[place]!;
    const positions = this.#lpClassPositions[place]!;
    const key = entity < 0 ? Number.POSITIVE_INFINITY : this.#vruntime[entity]!;
    const aheadKey = entity >= 0 && this.#aheadOfPace[entity] === 1 ? -key : Number.POSITIVE_INFINITY;
    for (let i = 0; i < classes.length; i++) {
      this.#runningLeast[classes[i]!]!.set(positions[i]!, key);
      this.#runningMost[classes[i]!]!.set(positions[i]!, entity < 0 ? key : -key);
      this.#runningAhead[classes[i]!]!.set(positions[i]!, aheadKey);
    }
  }

  #positionIn(place: number, classId: number): number {
    const classes = this.#lpClasses[place]!;
    for (let i = 0; i < classes.length; i++) if (classes[i] === classId) return this.#lpClassPositions[place]![i]!;
    return bug('place', place, 'is not in class', classId);
  }

  stopped(entity: number, hasWork: boolean, now: number): void {
    if (hasWork) this.#enqueue(entity, now);
  }

  withdraw(entity: number): void {
    if (this.#queued[entity] === 0) bug('withdrawing entity', entity, 'that is not queued');
    this.#queued[entity] = 0;
    this.#queuedCount--;
    this.#unpaced[entity] = 0;
    if (this.#pace.has(entity)) this.#pace.remove(entity);
    const tier = this.#tierOf(entity);
    if (tier === null) this.#unhold(entity);
    else tier.remove(entity);
    this.#normalChanged(this.#classOf[entity]!);
  }

  #normalChanged(classId: number): void {
    const head = this.#normal[classId]!.peek();
    this.#normalHead[classId] = head;
    this.#normalLead.set(classId, head < 0 ? Number.POSITIVE_INFINITY : this.#afterQuantum(head));
  }

  #tierOf(entity: number): FifoHeap | null {
    const classId = this.#classOf[entity]!;
    if (this.#normal[classId]!.has(entity)) return this.#normal[classId]!;
    if (this.#urgent[classId]!.has(entity)) return this.#urgent[classId]!;
    if (this.#ahead[classId]!.has(entity)) return this.#ahead[classId]!;
    return null;
  }

  pick(place: number): number {
    const classes = this.#lpClasses[place]!;
    // Most hosts have no reserve at all: skip the tier that would always be empty.
    let heap = this.#reserves ? this.#bestOf(classes, this.#urgent) : null;
    if (heap === null) {
      const normal = this.#bestNormal(classes);
      if (normal >= 0) heap = this.#normal[this.#classOf[normal]!]!;
    }
    if (heap === null && this.window > 0) heap = this.#bestOf(classes, this.#ahead);
    if (heap === null) return -1;
    return this.#dequeue(heap.pop());
  }

  pickOver(place: number, loser: number, now: number): number {
    // A held `loser` keeps no place to run on: only one ahead of its pace may go on.
    if (this.#keeps(loser) && this.#ahead[this.#classOf[loser]!]!.has(loser) && this.#wellServed(this.#bestFor(place), this.#servedBar(this.#mayMoveTo(place)))) {
      this.#ahead[this.#classOf[loser]!]!.remove(loser);
      return this.#dequeue(loser);
    }
    return this.pickAgain(place, loser, now);
  }

  pickAgain(place: number, loser: number, now: number): number {
    // Only an unlimited `loser` keeps `place` so: a limited one's limit bounds it, not its share,
    // and the turn it gives costs it nothing it would not get back.
    const best = this.window > 0 ? this.#bestFor(place) : -1;
    if (best >= 0 && best !== loser && this.#tierRank(loser) === 1 && this.#limitRate[loser]! === 1 && this.#waitsForPeer(best, place, now)) {
      this.#normal[this.#classOf[loser]!]!.remove(loser);
      return this.#dequeue(loser);
    }
    return this.pick(place);
  }

  /**
   * Whether limited `entity`, waiting in the middle tier, leaves `place` to the entity there as
   * it would leave a victim of its preemption (#peerBeforeWaiter): a peer's place it may use
   * frees soon and is better taken from the better-served waiter there. So the entity whose turn
   * ends there keeps it (pickOver), and does not move aside for `entity` either (relieve). Taken
   * at the end of a free VP's quantum, the turn was charged to that VP: two VPs limited to 17 %
   * beside six free VPs and a weight-5 VP pinned to core 2 of 7 ran side by side, and the
   * weight-5 VP kept 0.706 where GPS gives 0.66. A VP with a reserve is left out: its turns keep
   * its floor too, and deferred they took the time of VPs beside it (the core sweep's seed 168:
   * 0.862 where GPS gives 0.90).
   */
  #waitsForPeer(entity: number, place: number, now: number): boolean {
    return this.#limitRate[entity]! < 1 && this.#reserveRate[entity] === 0 && this.#tierRank(entity) === 1 && !this.#pressed(entity, now) && this.#peerBeforeWaiter(entity, place, now);
  }

  #dequeue(entity: number): number {
    this.#normalChanged(this.#classOf[entity]!);
    this.#queued[entity] = 0;
    this.#queuedCount--;
    this.#unpaced[entity] = 0;
    if (this.#pace.has(entity)) this.#pace.remove(entity);
    return entity;
  }

  slice(entity: number, now: number): number {
    const elapsed = now - this.#windowStart;
    const used = this.#used[entity]!;
    const reserve = this.#reserveRate[entity]!;
    // Owed its reserve: run until a quarter quantum's worth ahead of the reserve's pace (it is
    // owed again a quarter quantum behind it), not a whole quantum: on average it keeps the pace.
    if (reserve > 0 && this.#reserveUsed(entity) <= reserve * (elapsed - this.#quantum / 4)) {
      return Math.max(1, Math.min(this.#quantum, Math.ceil((reserve * (elapsed + this.#quantum / 4) - this.#reserveUsed(entity)) / (1 - reserve))));
    }
    const rate = this.#limitRate[entity]!;
    if (rate >= 1) return this.#quantum;
    const left = Math.min(this.#quantum, this.#limitBudget[entity]! - used);
    // Until it crosses the next mark of its pace (into the tier behind, or out of its burst
    // limit): its use grows at 1, the burst limit at `rate`, the allowance at most as fast. An
    // eighth of a quantum at least: two entities at their pace on one place, each a few ns short
    // of its mark when the other's turn ended, took turns of 20 ns.
    const allowance = this.#allowance(entity, now);
    if (used < allowance) return Math.max(1, Math.min(left, Math.ceil(Math.max(this.#quantum / 8, (allowance - used) / (1 - this.#allowanceGrowth(entity))))));
    return Math.max(1, Math.min(left, Math.ceil((this.#burstLimit(entity, now) - used) / (1 - rate))));
  }

  get nextPaceAt(): number {
    return this.#pace.size > 0 ? this.#pace.peekKey() : Number.POSITIVE_INFINITY;
  }

  paceDue(now: number, freed: number[], preempting: number[]): void {
    const pace = this.#pace;
    while (pace.size > 0 && pace.peekKey() <= now) {
      const entity = pace.pop();
      const wasHeld = this.isHeld(entity);
      this.withdraw(entity);
      const released = this.#paceKind[entity] === RELEASE;
      // Held beyond its burst limit it earns no credit, as sleeping does not: it would otherwise
      // come back to take places from neighbours it is not short of. Merely ahead of its pace it
      // keeps its virtual runtime: its weight may entitle it to more than its limit, and raised
      // to its competitors' it would wait a turn at every release and fall short of the limit.
      if (released && wasHeld) this.#raiseToFloor(entity, 0);
      this.#enqueue(entity, now);
      const classId = this.#classOf[entity]!;
      if (this.#urgent[classId]!.has(entity)) preempting.push(entity);
      else if (wasHeld && !this.isHeld(entity)) freed.push(entity);
      else if (released && !wasHeld && this.#normal[classId]!.has(entity)) {
        this.#unpaced[entity] = 1;
        preempting.push(entity);
      }
    }
  }

  windowEnded(now: number, preempting: number[] | null): readonly number[] {
    this.#windowStart = now;
    for (let i = 0; i < this.#limited.length; i++) {
      const entity = this.#limited[i]!;
      this.#capBound[entity] = this.#used[entity]! >= this.#limitBudget[entity]! ? 1 : 0;
    }
    for (let i = 0; i < this.#reserved.length; i++) {
      const entity = this.#reserved[i]!;
      this.#reserveCredit[entity] = Math.max(0, Math.min(this.#quantum, this.#used[entity]! - this.#reserveRate[entity]! * this.window));
    }
    this.#lastUsed.set(this.#used);
    this.#used.fill(0);
    const released = this.#held.slice();
    for (const entity of released) {
      this.withdraw(entity);
      // Waiting out a limit earns no credit, as sleeping does not: without this a held entity
      // would come back far behind and hold its place for its whole allowance at once.
      this.#raiseToFloor(entity, 0);
      this.#enqueue(entity, now);
      this.#unpace(entity, preempting);
    }
    for (let i = 0; i < this.#limited.length; i++) {
      const entity = this.#limited[i]!;
      const place = this.#entityPlace[entity]!;
      if (place >= 0 && this.#aheadOfPace[entity] === 1) {
        this.#aheadOfPace[entity] = 0;
        this.#touched.add(place);
      }
      if (!this.#ahead[this.#classOf[entity]!]!.has(entity)) continue;
      this.withdraw(entity);
      this.#enqueue(entity, now);
      this.#unpace(entity, preempting);
    }
    // No reserve is owed at the start of a window: every queued reserve holder starts level.
    for (let i = 0; i < this.#reserved.length; i++) {
      const entity = this.#reserved[i]!;
      const classId = this.#classOf[entity]!;
      const urgent = this.#urgent[classId]!;
      const normal = this.#normal[classId]!;
      if (urgent.has(entity)) {
        urgent.remove(entity);
        normal.push(entity, this.#vruntime[entity]!);
        this.#normalChanged(classId);
      }
      if (normal.has(entity)) this.#schedulePace(entity, OWE, this.#oweAt(entity));
    }
    return released;
  }

  /**
   * The window's end let `entity` back among the rest: as a lifted throttle (paceDue), it is
   * weighed for a preemption. Waiting instead for a quantum to end, a limited entity whose
   * weight entitles it to its limit lost up to a quantum at every window's start. One whose limit
   * leaves more than a quantum of the window to spare can afford that wait: preempting, it took a
   * quantum from a VP pinned beside it and left its own places idle at the window's end.
   */
  #unpace(entity: number, preempting: number[] | null): void {
    if (preempting === null || !this.#normal[this.#classOf[entity]!]!.has(entity)) return;
    if (this.window - this.#limitBudget[entity]! > this.#quantum) return;
    this.#unpaced[entity] = 1;
    preempting.push(entity);
  }

  /**
   * What `entity` may have used by `now`: its limit's pace plus a lead, and at most its limit for
   * the window. Where its class has room for its limited entities (#roomyClasses), the lead is
   * one quantum's worth at the window's start, shrinking to a quarter of one at its end (the
   * slack its reserve's pace has): a constant lead lets limited entities that run behind their
   * pace all use up their limit early and leave places idle together at the window's end (half
   * a quantum still left places only they may use idle); no lead at the end leaves an entity
   * that waits for its turns short of its limit. Where it has none, the lead is a quarter
   * quantum's throughout: what its limited entities run ahead early comes from entities that
   * cannot use all their places (a VP pinned beside VPs limited to 36 % and 72 % on 2 LPs got
   * 0.896, GPS 0.92), and leaves those places idle at the window's end.
   */
  #allowance(entity: number, now: number): number {
    const rate = this.#limitRate[entity]!;
    return Math.min(this.#limitBudget[entity]!, Math.floor(rate * this.#lead(entity) + this.#allowanceGrowth(entity) * (now - this.#windowStart)));
  }

  /** The lead of `entity`'s allowance at the window's start. */
  #lead(entity: number): number {
    return this.#roomy[this.#classOf[entity]!] === 1 ? this.#quantum : this.#quantum / 4;
  }

  /** How fast the allowance of `entity` grows: its pace, or a little slower where its lead shrinks. */
  #allowanceGrowth(entity: number): number {
    const rate = this.#limitRate[entity]!;
    return this.#roomy[this.#classOf[entity]!] === 1 ? rate * (1 - (3 * this.#quantum) / (4 * this.window)) : rate;
  }

  /**
   * How far ahead of its limit's pace `entity` may run where nobody else wants the place: two
   * quanta. Beyond it the entity is held, so it cannot use its window's limit in one burst and
   * leave its places idle at the window's end; closer, and limited entities held at once would
   * leave places idle in the middle of it.
   */
  #burstLimit(entity: number, now: number): number {
    return Math.floor(this.#limitRate[entity]! * (now - this.#windowStart)) + 2 * this.#quantum;
  }

  /** When queued `entity` falls a quarter quantum's worth behind its reserve's pace. */
  #oweAt(entity: number): number {
    return this.#windowStart + Math.ceil(this.#reserveUsed(entity) / this.#reserveRate[entity]! + this.#quantum / 4);
  }

  /**
   * What `entity`'s reserve counts as used in this window: its use, and its credit from the last.
   * A VP whose share is well above its reserve but comes in turns was owed it whenever no turn
   * fell early in a window, and took it from a VP pinned beside it that could not make it up
   * (0.967 where GPS gives 1.0).
   */
  #reserveUsed(entity: number): number {
    return this.#used[entity]! + this.#reserveCredit[entity]!;
  }

  #enqueue(entity: number, now: number): void {
    if (this.#queued[entity] === 1) bug('entity', entity, 'queued twice');
    this.#queued[entity] = 1;
    this.#queuedCount++;
    const rate = this.#limitRate[entity]!;
    const classId = this.#classOf[entity]!;
    this.#aheadOfPace[entity] = 0;
    if (rate < 1) {
      this.#aheadOfPace[entity] = 1;
      const used = this.#used[entity]!;
      const windowEnd = this.#windowStart + this.window;
      if (used >= this.#limitBudget[entity]!) {
        this.#hold(entity);
        return;
      }
      if (used >= this.#burstLimit(entity, now)) {
        this.#hold(entity);
        // Free again once it is half a quantum inside its burst limit.
        const at = this.#windowStart + Math.ceil((used - this.#quantum / 2) / rate);
        if (at < windowEnd) this.#schedulePace(entity, RELEASE, at);
        return;
      }
      const ahead = used >= this.#allowance(entity, now);
      if (ahead || this.#yields(entity, now)) {
        this.#ahead[classId]!.push(entity, this.#vruntime[entity]!);
        // Back among the rest once its allowance leaves it half a quantum's worth to run, and
        // once it no longer yields.
        const allowed = ahead ? this.#windowStart + Math.ceil((used + rate * (this.#quantum / 2 - this.#lead(entity))) / this.#allowanceGrowth(entity)) : now;
        const at = Math.max(allowed, this.#mayYield(entity) ? this.#yieldsUntil(entity) : now);
        if (at < windowEnd) this.#schedulePace(entity, RELEASE, at);
        return;
      }
      this.#aheadOfPace[entity] = 0;
    }
    if (this.owesReserve(entity, now)) {
      this.#urgent[classId]!.push(entity, this.#vruntime[entity]!);
      return;
    }
    this.#normal[classId]!.push(entity, this.#vruntime[entity]!);
    this.#normalChanged(classId);
    if (this.#reserveRate[entity]! > 0) this.#schedulePace(entity, OWE, this.#oweAt(entity));
  }

  /**
   * Which classes' limited entities can all run at their limits while every other entity that
   * may use one of the class's places runs flat out (up to its limit, on its class's places
   * outside this class's first), as if every entity were busy. Only
   * there may a bound entity yield (#yields) with nothing lost: elsewhere its turns come from
   * places others need too, and yielding early it would crowd them later.
   */
  #roomyClasses(entityCount: number, overlaps: readonly ClassOverlap[]): Uint8Array {
    const limits = new Float64Array(this.#classLps.length);
    for (let id = 0; id < entityCount; id++) limits[this.#classOf[id]!]! += this.#limitRate[id]!;
    return Uint8Array.from(overlaps, ({ classes, shared }, classId) => {
      let demand = limits[classId]!;
      classes.forEach((other, i) => {
        // What another class cannot run on places of its own outside this class's.
        const own = this.#classLps[other]!.length;
        demand += Math.max(0, Math.min(limits[other]!, own) - (own - shared[i]!));
      });
      return demand <= this.#classLps[classId]!.length ? 1 : 0;
    });
  }

  /** Per class: the other classes that share a place with it, and how many places each shares. */
  #classOverlaps(): ClassOverlap[] {
    const shared = new Int32Array(this.#classLps.length);
    const touched: number[] = [];
    return this.#classLps.map((places, classId) => {
      for (const place of places) {
        for (const other of this.#lpClasses[place]!) if (other !== classId && shared[other]!++ === 0) touched.push(other);
      }
      const overlap = { classes: Int32Array.from(touched), shared: Int32Array.from(touched, (other) => shared[other]!) };
      for (const other of touched) shared[other] = 0;
      touched.length = 0;
      return overlap;
    });
  }

  /**
   * Whether limited `entity` waits behind every entity not ahead of its pace, as one ahead of its
   * pace does: its limit bound it in the last window, it is within a quantum's worth of its pace,
   * and it could wait a quarter quantum more and still use its whole limit. Weighted max-min
   * fairness gives a bound entity its limit and no more, so its virtual runtime lags its
   * competitors' by design; weighed by it, bound VPs took turns from VPs that needed them (a VP
   * pinned beside them, busy VPs of another guest) and left their own LPs idle later.
   */
  #yields(entity: number, now: number): boolean {
    return this.#mayYield(entity) && now < this.#yieldsUntil(entity);
  }

  /** Whether its limit bound `entity` in the last window, among places where others leave it room to be bound. */
  #mayYield(entity: number): boolean {
    return this.#capBound[entity] === 1 && this.#roomy[this.#classOf[entity]!] === 1;
  }

  /** When queued, bound `entity` stops yielding: a quantum's worth of its pace behind it, or a quarter quantum short of the time its limit needs. */
  #yieldsUntil(entity: number): number {
    const used = this.#used[entity]!;
    const behind = this.#windowStart + Math.ceil(used / this.#limitRate[entity]! + this.#quantum);
    const short = this.#windowStart + this.window - (this.#limitBudget[entity]! - used) - this.#quantum / 4;
    return Math.min(behind, short);
  }

  #hold(entity: number): void {
    this.#heldAt[entity] = this.#held.length;
    this.#held.push(entity);
    this.#heldInClass[this.#classOf[entity]!]!++;
  }

  #unhold(entity: number): void {
    const at = this.#heldAt[entity]!;
    if (at < 0) bug('entity', entity, 'is not held');
    const last = this.#held.pop()!;
    if (last !== entity) {
      this.#held[at] = last;
      this.#heldAt[last] = at;
    }
    this.#heldAt[entity] = -1;
    this.#heldInClass[this.#classOf[entity]!]!--;
  }

  #schedulePace(entity: number, kind: number, at: number): void {
    this.#paceKind[entity] = kind;
    this.#pace.requeue(entity, at);
  }

  /**
   * The first of the middle tier's heads of `classes`, or -1: read from #normalHead, not from the
   * heaps, whose objects a 2048-LP host with a class per pinned VP scatters beyond the caches
   * (looking into them was most of `pick` in world b at 1024 cores).
   */
  #bestNormal(classes: Int32Array): number {
    let best = -1;
    for (let i = 0; i < classes.length; i++) {
      const head = this.#normalHead[classes[i]!]!;
      if (head >= 0 && (best < 0 || this.#before(head, best))) best = head;
    }
    return best;
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
    if (this.#touched.count > 0) this.#reindex();
    const running = this.#runningLeast[classId]!.least;
    return running < floor ? running : floor;
  }

  /** An idle allowed LP: the last one it ran on, else the first on a fully idle core, else any. */
  #idleLpFor(vp: number): number {
    if (this.#view.idlePlaceCount === 0) return -1;
    const classId = this.#classOf[vp]!;
    const last = this.#view.lastPlaceOf(vp);
    if (last >= 0 && this.#placeEntity[last]! < 0 && this.#classAllows[classId * this.#lpClasses.length + last] === 1) return last;
    return this.#idlePlaces.firstFor(classId);
  }
}
