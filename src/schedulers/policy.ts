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
  wake(entity: number): number;
  /**
   * After `wake` queued `entity`: a place whose running entity it should preempt now, or -1.
   * Always -1 unless wake-up preemption is on; the host charges its running entities first.
   */
  preemptionFor(entity: number): number;
  /** Charge `ranNs` of time to `entity` (called when it stops and at window boundaries). */
  charge(entity: number, ranNs: number): void;
  /** `entity` left its place; if it still has work the policy queues it (or holds it, capped). */
  stopped(entity: number, hasWork: boolean): void;
  /** `entity`, queued, lost its work before it ran. */
  withdraw(entity: number): void;
  /** Choose and dequeue the entity to run on the free `place`, or -1 to leave it idle. */
  pick(place: number): number;
  /** How long `entity` may run from now before the policy wants to decide again. */
  slice(entity: number): number;
  readonly wakeupPreemption: boolean;
  /** Length of the accounting window, or 0 if the policy needs none. */
  readonly window: number;
  /** A window ended (running entities were charged up to it). */
  windowEnded(): void;
}
