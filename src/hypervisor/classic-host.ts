// The classic hypervisor scheduler at work (MODEL.md §4 `classic`, `classic-nosmt`): every VP it
// hosts is an entity of the weighted fair share, every LP a place. The policy decides; this host
// turns its decisions into dispatches on the machine.
import { WorkConservationMeter } from '../metrics/work-conservation.js';
import type { HypervisorPolicy, PlaceView } from '../schedulers/policy.js';
import { WeightedSharePolicy } from '../schedulers/weighted-share.js';
import { READY, type Machine, type TimerOwner, type VpHost } from './machine.js';

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
  readonly #paceSlot: number;
  #idle: number;
  /** Work conservation, from the machine's states: a VP is ready while READY and not capped. */
  readonly meter: WorkConservationMeter;
  readonly #meterClass: Int32Array;
  readonly #counted: Uint8Array;

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
    this.#paceSlot = machine.allocTimer(this);
    this.meter = new WorkConservationMeter('classic host', machine.lpCount);
    const hosted = new Uint8Array(machine.lpCount);
    for (const lp of lps) hosted[lp] = 1;
    for (let lp = 0; lp < machine.lpCount; lp++) if (hosted[lp] === 0) this.meter.idle(lp, false, 0);
    this.#meterClass = Int32Array.from(entities, (entity) => this.meter.classOf(entity.allowedPlaces));
    this.#counted = new Uint8Array(vps.length);
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
    this.#woke(vp, now);
    this.#armPace(now);
  }

  #woke(vp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    const policy = this.#policy;
    // With preemption, or a reserve owed, the waking VP is weighed against its competitors as of now.
    if (policy.wakeupPreemption || policy.owesReserve(entity, now)) this.#chargeRunning(now);
    const lp = policy.wake(entity, now);
    if (lp >= 0) {
      this.#dispatch(lp, vp, now);
      return;
    }
    if (this.#makeRoom(entity, now)) return;
    this.#sync(entity, now);
    const victim = policy.preemptionFor(entity, now);
    // Preempting is ending the victim's slice now: the policy then picks who runs.
    if (victim >= 0) this.#sliceEnded(victim, now);
  }

  vpSlept(vp: number, lp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    if (lp < 0) {
      this.#policy.withdraw(entity);
      this.#sync(entity, now);
    } else {
      this.#policy.charge(entity, now - this.#chargedAt[entity]!);
      this.#policy.stopped(entity, false, now);
      this.#freed(lp, now);
      this.#fill(lp, now);
    }
    this.#armPace(now);
  }

  deadline(lp: number, now: number): void {
    this.#sliceEnded(lp, now);
    this.#armPace(now);
  }

  /** The VP on `lp` ended its slice (or is preempted): the policy picks who runs there next. */
  #sliceEnded(lp: number, now: number): void {
    const vp = this.#machine.vpOn(lp);
    const entity = this.#entityOf[vp]!;
    const policy = this.#policy;
    policy.charge(entity, now - this.#chargedAt[entity]!);
    this.#chargedAt[entity] = now;
    policy.stopped(entity, true, now);
    if (policy.window > 0 && this.#moveInto(lp, policy.wouldPickAhead(lp) ? policy.roomAt(lp, false, entity) : policy.chainAt(lp, now, entity), now)) {
      const place = policy.placeQueued(entity);
      if (place >= 0) this.#dispatch(place, vp, now);
      else if (!this.#makeRoom(entity, now)) this.#sync(entity, now);
      return;
    }
    let next = policy.pickOver(lp, entity, now);
    if (next >= 0 && next !== entity) {
      // `next` won `lp` from `entity`: where it may instead take a place with a weaker claim, it
      // does, and `lp` is given again.
      const instead = policy.insteadOf(next, lp, entity, now);
      if (instead >= 0) {
        this.#displace(instead, next, now);
        next = policy.pickAgain(lp, entity, now);
      }
    }
    if (next === entity) {
      if (!this.#relieve(lp, entity, now)) this.#machine.extend(lp, now + policy.slice(entity, now), now);
      return;
    }
    if (next < 0) {
      this.#machine.preempt(lp, now);
      this.#freed(lp, now);
    } else {
      this.#chargedAt[next] = now;
      this.#machine.switchTo(lp, this.#vpOf[next]!, now + policy.slice(next, now), now);
      policy.placed(lp, next);
      this.#sync(next, now);
    }
    // It lost its LP to `next` (or to its limit): another idle LP of its may still take it.
    if (this.#idle > 0) {
      const place = policy.placeQueued(entity);
      if (place >= 0) {
        this.#dispatch(place, vp, now);
        return;
      }
      if (this.#makeRoom(entity, now)) return;
    }
    this.#sync(entity, now);
  }

  /** Takes `lp` from the VP running there, which waits; returns that VP. */
  #evict(lp: number, now: number): number {
    const vp = this.#machine.vpOn(lp);
    const entity = this.#entityOf[vp]!;
    this.#policy.charge(entity, now - this.#chargedAt[entity]!);
    this.#machine.preempt(lp, now);
    this.#freed(lp, now);
    this.#policy.stopped(entity, true, now);
    return vp;
  }

  /** Runs `entity`, dequeued, on `lp` instead of the VP there, which waits (or takes an idle LP of its). */
  #displace(lp: number, entity: number, now: number): void {
    const vp = this.#evict(lp, now);
    const displaced = this.#entityOf[vp]!;
    this.#dispatch(lp, this.#vpOf[entity]!, now);
    const place = this.#policy.placeQueued(displaced);
    if (place >= 0) this.#dispatch(place, vp, now);
    else this.#sync(displaced, now);
  }

  // TimerOwner: the end of a reserve/limit window, or a pace change of a reserve or a limit.
  timer(slot: number, now: number): void {
    if (slot === this.#paceSlot) this.#paceDue(now);
    else this.#windowEnded(now);
    this.#armPace(now);
  }

  #windowEnded(now: number): void {
    const policy = this.#policy;
    this.#chargeRunning(now);
    const preempting: number[] = [];
    const released = policy.windowEnded(now, preempting);
    this.#machine.loop.schedule(this.#windowSlot, now + policy.window);
    for (const entity of released) this.#sync(entity, now);
    for (const lp of this.#lps) {
      if (this.#machine.vpOn(lp) < 0) this.#fill(lp, now);
    }
    this.#preempt(preempting, now);
  }

  #paceDue(now: number): void {
    const policy = this.#policy;
    const freed: number[] = [];
    const preempting: number[] = [];
    policy.paceDue(now, freed, preempting);
    for (const entity of freed) {
      const place = policy.placeQueued(entity);
      if (place >= 0) this.#dispatch(place, this.#vpOf[entity]!, now);
      else if (!this.#makeRoom(entity, now)) this.#sync(entity, now);
    }
    this.#preempt(preempting, now);
  }

  /** Weighs each of `preempting` that still waits against the running VPs, as of now. */
  #preempt(preempting: readonly number[], now: number): void {
    if (preempting.length === 0) return;
    const policy = this.#policy;
    this.#chargeRunning(now);
    for (const entity of preempting) {
      const victim = policy.preemptionFor(entity, now);
      if (victim < 0) continue;
      const displaced = this.#entityOf[this.#machine.vpOn(victim)]!;
      this.#sliceEnded(victim, now);
      const place = policy.passOn(displaced, now);
      if (place >= 0) {
        policy.withdraw(displaced);
        this.#displace(place, displaced, now);
      }
    }
  }

  #armPace(now: number): void {
    if (this.#policy.window === 0) return;
    const at = this.#policy.nextPaceAt;
    if (at === Number.POSITIVE_INFINITY) this.#machine.loop.cancel(this.#paceSlot);
    else this.#machine.loop.schedule(this.#paceSlot, Math.max(at, now));
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

  /** Gives the idle `lp` the best VP that may run there, or makes room elsewhere with a VP that may. */
  #fill(lp: number, now: number): void {
    const policy = this.#policy;
    const next = policy.pick(lp);
    if (next >= 0) {
      this.#dispatch(lp, this.#vpOf[next]!, now);
      return;
    }
    const other = policy.roomAt(lp);
    if (other < 0) return;
    this.#move(other, lp, now);
    const waiting = policy.pick(other);
    if (waiting >= 0) this.#dispatch(other, this.#vpOf[waiting]!, now);
  }

  #dispatch(lp: number, vp: number, now: number): void {
    const entity = this.#entityOf[vp]!;
    this.#chargedAt[entity] = now;
    this.#idle--;
    this.meter.idle(lp, false, now);
    this.#machine.dispatch(lp, vp, now + this.#policy.slice(entity, now), now);
    this.#policy.placed(lp, entity);
    this.#sync(entity, now);
  }

  /** `entity` won `lp` again while another waits for it: it moves where it relieves the most-served VP instead. */
  #relieve(lp: number, entity: number, now: number): boolean {
    const policy = this.#policy;
    const other = policy.relieve(lp, entity, now);
    if (other < 0) return false;
    const relieved = this.#evict(other, now);
    const relievedEntity = this.#entityOf[relieved]!;
    const waiting = policy.pick(lp);
    this.#chargedAt[waiting] = now;
    this.#machine.switchTo(lp, this.#vpOf[waiting]!, now + policy.slice(waiting, now), now);
    policy.placed(lp, waiting);
    this.#sync(waiting, now);
    this.#dispatch(other, this.#vpOf[entity]!, now);
    const place = policy.placeQueued(relievedEntity);
    if (place >= 0) this.#dispatch(place, relieved, now);
    else if (!this.#makeRoom(relievedEntity, now)) this.#sync(relievedEntity, now);
    return true;
  }

  /**
   * The VP on `other` moves to the busy `lp` and the best VP waiting for `other` takes it (-1:
   * nothing moves). Where only VPs ahead of their limit's pace (or none) want `lp`, `other` is a
   * place a VP not ahead waits for (roomAt): a limited VP would otherwise hold on to an LP only it
   * could use while a pinned VP waits for the other. Else it is where a waiting VP has a better
   * claim than any that `lp` would take (chainAt), as the core scheduler weighs it.
   */
  #moveInto(lp: number, other: number, now: number): boolean {
    const policy = this.#policy;
    if (other < 0) return false;
    const moving = this.#machine.vpOn(other);
    const movingEntity = this.#entityOf[moving]!;
    policy.charge(movingEntity, now - this.#chargedAt[movingEntity]!);
    this.#machine.preempt(other, now);
    this.#chargedAt[movingEntity] = now;
    this.#machine.switchTo(lp, moving, now + policy.slice(movingEntity, now), now);
    policy.placed(lp, movingEntity);
    this.#freed(other, now);
    const waiting = policy.pick(other);
    if (waiting >= 0) this.#dispatch(other, this.#vpOf[waiting]!, now);
    return true;
  }

  /** Runs queued `entity` on an LP of its whose VP moves to an idle LP of its own, if there is one. */
  #makeRoom(entity: number, now: number): boolean {
    const policy = this.#policy;
    const room = policy.roomFor(entity);
    if (room < 0) return false;
    const lpCount = this.#machine.lpCount;
    const lp = Math.floor(room / lpCount);
    policy.withdraw(entity);
    this.#move(lp, room % lpCount, now);
    this.#dispatch(lp, this.#vpOf[entity]!, now);
    return true;
  }

  /** Moves the VP running on `from` to the idle `to`, charged up to now; `from` is left idle. */
  #move(from: number, to: number, now: number): void {
    const moving = this.#machine.vpOn(from);
    const movingEntity = this.#entityOf[moving]!;
    this.#policy.charge(movingEntity, now - this.#chargedAt[movingEntity]!);
    this.#machine.preempt(from, now);
    this.#freed(from, now);
    this.#dispatch(to, moving, now);
  }

  #freed(lp: number, now: number): void {
    this.#idle++;
    this.#policy.vacated(lp);
    this.meter.idle(lp, true, now);
  }

  /** Tells the meter whether `entity` is ready now, as the machine and its limit say, and the machine whether it is capped. */
  #sync(entity: number, now: number): void {
    const vp = this.#vpOf[entity]!;
    const held = this.#policy.isHeld(entity);
    // Without a window nothing is ever held: the common case skips the call.
    if (this.#policy.window > 0) this.#machine.capped(vp, held, now);
    const ready = this.#machine.stateOf(vp) === READY && !held ? 1 : 0;
    if (this.#counted[entity] === ready) return;
    this.#counted[entity] = ready;
    this.meter.ready(this.#meterClass[entity]!, ready === 1 ? 1 : -1, now);
  }
}
