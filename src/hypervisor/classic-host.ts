// The classic hypervisor scheduler at work (MODEL.md §4 `classic`, `classic-nosmt`): every VP it
// hosts is an entity of the weighted fair share, every LP a place. The policy decides; this host
// turns its decisions into dispatches on the machine.
import type { HypervisorPolicy, PlaceView } from '../schedulers/policy.js';
import { WeightedSharePolicy } from '../schedulers/weighted-share.js';
import type { Machine, TimerOwner, VpHost } from './machine.js';

export interface HostOptions {
  readonly quantum: number;
  readonly window: number;
  readonly wakeupPreemption: boolean;
}

export class ClassicHost implements VpHost, TimerOwner, PlaceView {
  readonly #machine: Machine;
  readonly #policy: HypervisorPolicy;
  readonly #entityOf: Int32Array;
  readonly #vpOf: Int32Array;
  readonly #chargedAt: Float64Array;
  readonly #lps: readonly number[];
  readonly #windowSlot: number;
  #idle: number;

  /** Hosts `vps` on `lps`; each VP may run on the LPs the layout allows it. */
  constructor(machine: Machine, vps: readonly number[], lps: readonly number[], options: HostOptions) {
    this.#machine = machine;
    this.#lps = lps;
    this.#idle = lps.length;
    this.#entityOf = new Int32Array(machine.layout.vps.length).fill(-1);
    this.#vpOf = Int32Array.from(vps);
    vps.forEach((vp, entity) => {
      this.#entityOf[vp] = entity;
      machine.setHost(vp, this);
    });
    this.#chargedAt = new Float64Array(vps.length);
    const entities = vps.map((vp) => {
      const spec = machine.layout.vps[vp]!;
      return { weight: spec.weight, reserve: spec.reserve, limit: spec.limit, allowedPlaces: spec.allowedLps };
    });
    this.#policy = new WeightedSharePolicy(entities, machine.lpCount, this, options);
    this.#windowSlot = machine.allocTimer(this);
  }

  start(now: number): void {
    if (this.#policy.window > 0) this.#machine.loop.schedule(this.#windowSlot, now + this.#policy.window);
  }

  // PlaceView
  entityOn(lp: number): number {
    const vp = this.#machine.vpOn(lp);
    return vp < 0 ? -1 : this.#entityOf[vp]!;
  }
  siblingOf(lp: number): number {
    return this.#machine.siblingOf(lp);
  }
  lastPlaceOf(entity: number): number {
    return this.#machine.lastLpOf(this.#vpOf[entity]!);
  }
  get idlePlaceCount(): number {
    return this.#idle;
  }

  // VpHost
  vpWoke(vp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    // With preemption the waking VP is placed against its competitors as of now.
    if (this.#policy.wakeupPreemption) this.#chargeRunning(now);
    const lp = this.#policy.wake(entity);
    if (lp >= 0) {
      this.#dispatch(lp, vp, now);
      return;
    }
    if (!this.#policy.wakeupPreemption) return;
    const victim = this.#policy.preemptionFor(entity);
    // Preempting is ending the victim's slice now: the policy then picks who runs.
    if (victim >= 0) this.deadline(victim, now);
  }

  vpSlept(vp: number, lp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    if (lp < 0) {
      this.#policy.withdraw(entity);
      return;
    }
    this.#policy.charge(entity, now - this.#chargedAt[entity]!);
    this.#policy.stopped(entity, false);
    this.#idle++;
    this.#fill(lp, now);
  }

  deadline(lp: number, now: number): void {
    const vp = this.#machine.vpOn(lp);
    const entity = this.#entityOf[vp]!;
    const policy = this.#policy;
    policy.charge(entity, now - this.#chargedAt[entity]!);
    this.#chargedAt[entity] = now;
    policy.stopped(entity, true);
    const next = policy.pick(lp);
    if (next === entity) {
      this.#machine.extend(lp, now + policy.slice(entity), now);
      return;
    }
    if (next < 0) {
      this.#machine.preempt(lp, now);
      this.#idle++;
      return;
    }
    this.#chargedAt[next] = now;
    this.#machine.switchTo(lp, this.#vpOf[next]!, now + policy.slice(next), now);
  }

  // TimerOwner: the end of a reserve/limit window.
  timer(_slot: number, now: number): void {
    const policy = this.#policy;
    this.#chargeRunning(now);
    policy.windowEnded();
    this.#machine.loop.schedule(this.#windowSlot, now + policy.window);
    for (const lp of this.#lps) {
      if (this.#machine.vpOn(lp) < 0) this.#fill(lp, now);
    }
  }

  /** Brings every running VP's charge up to `now`. */
  #chargeRunning(now: number): void {
    for (const lp of this.#lps) {
      const vp = this.#machine.vpOn(lp);
      if (vp < 0) continue;
      const entity = this.#entityOf[vp]!;
      this.#policy.charge(entity, now - this.#chargedAt[entity]!);
      this.#chargedAt[entity] = now;
    }
  }

  #fill(lp: number, now: number): void {
    const next = this.#policy.pick(lp);
    if (next >= 0) this.#dispatch(lp, this.#vpOf[next]!, now);
  }

  #dispatch(lp: number, vp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    this.#chargedAt[entity] = now;
    this.#idle--;
    this.#machine.dispatch(lp, vp, now + this.#policy.slice(entity), now);
  }
}
