// The contract between a hypervisor host and its scheduling policy. The policy places
// *entities* (VPs under classic, virtual cores under core) on *places* (LPs, or cores). It sees
// the host through a read-only view and answers with decisions (an entity, a place, a slice
// length); only the host changes the machine.

export interface EntitySpec {
  /** 1–10000. */
  readonly weight: number;
  /** Percent of one place, per window. */
  readonly reserve: number;
  readonly limit: number;
  /** Places it may run on, ascending. */
  readonly allowedPlaces: readonly number[];
}

/** What a policy may read of its host. */
export interface PlaceView {
  /** The entity on `place`, or -1. */
  entityOn(place: number): number;
  /** The other place sharing hardware with `place` (an SMT sibling LP), or -1. */
  siblingOf(place: number): number;
  /** The place `entity` ran on last, or -1. */
  lastPlaceOf(entity: number): number;
  /** Number of the host's places running nothing. */
  readonly idlePlaceCount: number;
}

export interface HypervisorPolicy {
  /** `entity` just got work. Return an idle place to run it on now, or -1 after queueing it. */
  wake(entity: number, now: number): number;
  /**
   * After `wake` or `paceDue` queued `entity`: a place whose running entity it should preempt
   * now, or -1. An entity still owed its reserve preempts the running entity furthest ahead, one
   * let back by its limit's pace one more than a quantum ahead of it; a woken one only with
   * wake-up preemption on. The host charges its running entities first.
   */
  preemptionFor(entity: number, now: number): number;
  /**
   * `entity` just lost its place to a preemption (`preemptionFor`) and waits: a place whose
   * running entity is more than a quantum of `entity`'s time ahead of it, for it to take now, or -1.
   */
  passOn(entity: number, now: number): number;
  /** `entity` (charged up to `now`) has fallen behind its reserve's pace. */
  owesReserve(entity: number, now: number): boolean;
  /**
   * `entity` is queued (it lost its place to another): if an idle place may take it, dequeue it
   * and return that place, else -1. Keeps the host work-conserving after every requeue.
   */
  placeQueued(entity: number): number;
  /**
   * `entity` is queued, no place of its is idle, but others are: a place of its whose running
   * entity may move to an idle place of its own, as `place × placeCount + target`, or -1. Without
   * the move a pinned entity would wait beside an idle place that only its neighbour could use.
   */
  roomFor(entity: number): number;
  /**
   * Nothing may run on the idle `place`, but entities wait elsewhere: a place whose running
   * entity may move to `place`, leaving its own place to one that waits for it, or -1. With
   * `leaving`, the entity whose turn on `place` just ended: a limited one ahead of its pace while
   * a limited peer is off too keeps `place` from a waiter better served than the entities that
   * run beside it.
   */
  roomAt(place: number, aheadToo?: boolean, leaving?: number): number;
  /**
   * `entity` won `place` again, and an entity waits for it: another place of `entity`'s whose
   * running entity is further ahead than the one waiting, to move `entity` to, or -1. An entity
   * that already has a whole place wins every choice it is in; moving it to where it relieves
   * the most-served neighbour is how max-min fairness shares what it leaves.
   */
  relieve(place: number, entity: number, now: number): number;
  /**
   * Whether the best entity for `place` is one ahead of its limit's pace, or none: then an
   * entity running elsewhere that may move here should, if one not ahead waits for its place.
   */
  wouldPickAhead(place: number): boolean;
  /**
   * `place`'s turn is to be given: a place whose running entity may move to `place`, leaving its
   * own to an entity that may not run on `place` and has a better claim to the turn than the
   * best that may (ahead of its limit's pace or not, then virtual runtime), or -1. `leaving` as
   * for `roomAt`.
   */
  chainAt(place: number, now: number, leaving?: number): number;
  /**
   * `pick(place)` just gave `place` to `entity` over `loser`, who ran there and now waits: another
   * place of `entity`'s to run it on instead, leaving `place` to `loser`, or -1. First a place
   * whose running entity came from the tier ahead of its limit's pace (it runs only where nobody
   * else would, so it waits before any entity that is not ahead, wherever their places are); else,
   * if `loser` is among the rest and `entity` is not owed its reserve, the place whose running
   * entity is furthest ahead in virtual runtime, if further than `loser` (as `relieve` does for
   * an entity that won its own place again). Without it a free entity took the only place a
   * pinned one may use while a limited or better-served one ran on a place the free one could.
   */
  insteadOf(entity: number, place: number, loser: number, now: number): number;
  /** `entity` waits for a documented reason: its limit holds it. */
  isHeld(entity: number): boolean;
  /**
   * The host now runs `entity` on `place` (it dispatched it, or switched to it there). The host
   * tells each change as it makes it, so the policy can keep indexes of what runs where instead
   * of scanning the view; the view must already agree.
   */
  placed(place: number, entity: number): void;
  /** The host took the entity off `place`, which is now idle. */
  vacated(place: number): void;
  /** Charge `ranNs` of time to `entity` (called when it stops and at window boundaries). */
  charge(entity: number, ranNs: number): void;
  /** `entity` left its place; if it still has work the policy queues it (or holds it, capped). */
  stopped(entity: number, hasWork: boolean, now: number): void;
  /** `entity`, queued, lost its work before it ran. */
  withdraw(entity: number): void;
  /** Choose and dequeue the entity to run on the free `place`, or -1 to leave it idle. */
  pick(place: number): number;
  /**
   * As `pick`, at the end of `loser`'s turn on `place` (`loser` queued again): a limited `loser`
   * ahead of its pace, while a limited peer is off too, keeps `place` from a waiter better served
   * than the entities that run beside it, as `roomAt` keeps it from a move; and any `loser` keeps
   * it from a limited winner that would rather wait for a peer's place, as it would leave a
   * victim of its preemption be.
   */
  pickOver(place: number, loser: number, now: number): number;
  /**
   * As `pickOver`, once the winner at the end of `loser`'s turn took another place instead
   * (`insteadOf`): only the limited winner's wait for a peer's place is weighed again.
   */
  pickAgain(place: number, loser: number, now: number): number;
  /** How long `entity` may run from now before the policy wants to decide again. */
  slice(entity: number, now: number): number;
  readonly wakeupPreemption: boolean;
  /** Length of the accounting window, or 0 if the policy needs none. */
  readonly window: number;
  /**
   * A window ended (running entities were charged up to it); returns the entities it un-held.
   * Those it let back among the rest go into `preempting` (unless null), to be weighed by
   * `preemptionFor` as `paceDue`'s are.
   */
  windowEnded(now: number, preempting: number[] | null): readonly number[];
  /** When a queued entity next moves between tiers of its reserve's or limit's pace; +Infinity if never. */
  readonly nextPaceAt: number;
  /**
   * Applies the pace changes due by `now`: entities no longer held go into `freed`; those newly
   * owed their reserve, or let back among the rest by their limit's pace, into `preempting`, to
   * be weighed by `preemptionFor`.
   */
  paceDue(now: number, freed: number[], preempting: number[]): void;
}
