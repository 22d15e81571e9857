// The contract between the simulated host (mechanism: LPs, dispatch, work progress, accounting)
// and a hypervisor scheduling policy. A policy sees the host through a read-only view and
// answers with decisions (a VP id, an LP id, a slice length); only the host changes the machine.

/** What a policy may read of the host. */
export interface HostView {
  readonly lpCount: number;
  /** The VP running on `lp`, or -1. */
  vpOn(lp: number): number;
  /** The other LP of `lp`'s core, or -1 without SMT. */
  siblingOf(lp: number): number;
  /** The LP `vp` ran on last, or -1. */
  lastLpOf(vp: number): number;
  /** Number of usable LPs running nothing. */
  readonly idleLpCount: number;
}

export interface HypervisorPolicy {
  /** `vp` just got work. Return an idle LP to run it on now, or -1 after queueing it. */
  wake(vp: number, now: number): number;
  /** Charge `ranNs` of LP time to `vp` (called when it stops and at window boundaries). */
  charge(vp: number, ranNs: number): void;
  /** `vp` left its LP; if it still has work the policy queues it (or holds it back, capped). */
  stopped(vp: number, hasWork: boolean): void;
  /** Choose and dequeue the VP to run on the free `lp`, or -1 to leave it idle. */
  pick(lp: number, now: number): number;
  /** How long `vp` may run from now before the policy wants to decide again. */
  slice(vp: number): number;
  /** Length of the accounting window, or 0 if the policy needs none. */
  readonly window: number;
  /** A window ended (running VPs were charged up to it). */
  windowEnded(): void;
}
