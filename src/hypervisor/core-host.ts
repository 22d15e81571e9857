// The core scheduler at work (MODEL.md §4 `core`): the hypervisor gang-schedules *virtual cores*
// (up to `threadsPerCore` VPs of one partition, its guest SMT) onto physical cores with the same
// weighted fair share, quantum, reserve and limit as classic. A dispatched virtual core puts each
// of its VPs that has work on its sibling LP; an LP whose VP has no work, or that the virtual core
// has no VP for (guest SMT 1 on an SMT host), is forced idle. At no instant do two partitions
// share a core: the machine checks it at every dispatch.
// Sources: Microsoft, "About Hyper-V hypervisor scheduler type selection" [S9] and "Manage
// Hyper-V hypervisor scheduler types" [S8] (shared/reference/domain.md §3.2).
// Scenario keys: host.threadsPerCore, each partition's threadsPerCore (guest SMT), weight,
// reserve, limit, cores; hypervisor.quantum and window.
// Simplifications: virtual core k of a partition is its VPs k·w … k·w + w − 1 (w its guest SMT)
// and VP j of a virtual core always takes thread j of the core; a virtual core is charged the
// wall time it holds a core, whatever its VPs do there (A, [Q7]); no wake-up preemption (A).
import { IdTable } from '../engine/id-table.js';
import { WorkConservationMeter } from '../metrics/work-conservation.js';
import type { HypervisorPolicy, PlaceView } from '../schedulers/policy.js';
import { WeightedSharePolicy } from '../schedulers/weighted-share.js';
import type { HostOptions } from './classic-host.js';
import { coreOf } from './layout.js';
import { READY, type Machine, type TimerOwner, type VpHost } from './machine.js';

export class CoreHost implements VpHost, TimerOwner, PlaceView {
  readonly #machine: Machine;
  readonly #policy: HypervisorPolicy;
  readonly #threadsPerCore: number;
  readonly #coreLps: readonly Int32Array[];
  readonly #vcoreOf: Int32Array;
  /** Position of each VP in its virtual core: the thread of the core it takes. */
  readonly #threadOf: Int32Array;
  readonly #members: readonly Int32Array[];
  readonly #working: Int32Array;
  readonly #vcoreCore: Int32Array;
  readonly #vcoreLastCore: Int32Array;
  readonly #chargedAt: Float64Array;
  readonly #cores: readonly number[];
  readonly #coreVcore: Int32Array;
  readonly #coreSlot: Int32Array;
  readonly #slotCore = new IdTable();
  readonly #windowSlot: number;
  readonly #paceSlot: number;
  #idle: number;
  /** Work conservation over cores: a virtual core is ready while a VP of it has work, it holds no core and is not capped. */
  readonly meter: WorkConservationMeter;
  readonly #meterClass: Int32Array;
  readonly #counted: Uint8Array;

  /** Hosts `vps` (whole partitions) on `cores`. */
  constructor(machine: Machine, vps: readonly number[], cores: readonly number[], options: HostOptions) {
    this.#machine = machine;
    const { layout } = machine;
    this.#threadsPerCore = layout.threadsPerCore;
    this.#cores = cores;
    this.#idle = cores.length;
    this.#vcoreOf = new Int32Array(layout.vps.length).fill(-1);
    this.#threadOf = new Int32Array(layout.vps.length).fill(-1);
    const members: number[][] = [];
    const entities = [];
    // A partition's VPs share their list of LPs, and so its virtual cores share their list of cores.
    const coresOfLps = new Map<readonly number[], number[]>();
    for (const vp of vps) {
      const spec = layout.vps[vp]!;
      const width = layout.partitions[spec.partition]!.threadsPerCore;
      if (spec.index % width === 0) {
        members.push([]);
        let allowedPlaces = coresOfLps.get(spec.allowedLps);
        if (allowedPlaces === undefined) {
          allowedPlaces = [...new Set(spec.allowedLps.map((lp) => coreOf(lp, layout.threadsPerCore)))];
          coresOfLps.set(spec.allowedLps, allowedPlaces);
        }
        entities.push({ weight: spec.weight, reserve: spec.reserve, limit: spec.limit, allowedPlaces });
      }
      this.#vcoreOf[vp] = members.length - 1;
      this.#threadOf[vp] = spec.index % width;
      members[members.length - 1]!.push(vp);
      machine.setHost(vp, this);
    }
    this.#members = members.map((list) => Int32Array.from(list));
    this.#working = new Int32Array(members.length);
    this.#vcoreCore = new Int32Array(members.length).fill(-1);
    this.#vcoreLastCore = new Int32Array(members.length).fill(-1);
    this.#chargedAt = new Float64Array(members.length);
    const coreCount = layout.lpCount / layout.threadsPerCore;
    this.#coreLps = Array.from({ length: coreCount }, (_, core) =>
      Int32Array.from({ length: layout.threadsPerCore }, (_, thread) => core * layout.threadsPerCore + thread),
    );
    this.#coreVcore = new Int32Array(coreCount).fill(-1);
    this.#coreSlot = new Int32Array(coreCount).fill(-1);
    for (const core of cores) {
      const slot = machine.allocTimer(this);
      this.#coreSlot[core] = slot;
      this.#slotCore.set(slot, core);
    }
    this.#policy = new WeightedSharePolicy(entities, coreCount, this, options);
    this.#windowSlot = machine.allocTimer(this);
    this.#paceSlot = machine.allocTimer(this);
    this.meter = new WorkConservationMeter('core host', coreCount);
    const hosted = new Uint8Array(coreCount);
    for (const core of cores) hosted[core] = 1;
    // Cores not hosted here are an integrated L1VH's: dedicated to it, a documented reason.
    for (let core = 0; core < coreCount; core++) if (hosted[core] === 0) this.meter.idle(core, false, 0);
    this.#meterClass = Int32Array.from(entities, (entity) => this.meter.classOf(entity.allowedPlaces));
    this.#counted = new Uint8Array(members.length);
  }

  start(now: number): void {
    if (this.#policy.window > 0) this.#machine.loop.schedule(this.#windowSlot, now + this.#policy.window);
  }

  // PlaceView
  entityOn(core: number): number {
    return this.#coreVcore[core]!;
  }
  siblingOf(): number {
    return -1;
  }
  lastPlaceOf(vcore: number): number {
    return this.#vcoreLastCore[vcore]!;
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
    const vcore = this.#vcoreOf[vp]!;
    this.#working[vcore]!++;
    const core = this.#vcoreCore[vcore]!;
    if (core >= 0) {
      this.#machine.dispatch(this.#lpFor(vp, core), vp, Number.POSITIVE_INFINITY, now);
      return;
    }
    if (this.#working[vcore] !== 1) return;
    const policy = this.#policy;
    // With preemption, or a reserve owed, the waking virtual core is weighed against its competitors as of now.
    if (policy.wakeupPreemption || policy.owesReserve(vcore, now)) this.#chargeRunning(now);
    const place = policy.wake(vcore, now);
    if (place >= 0) {
      this.#start(vcore, place, now);
      return;
    }
    if (this.#makeRoom(vcore, now)) return;
    this.#sync(vcore, now);
    const victim = policy.preemptionFor(vcore, now);
    if (victim >= 0) this.#quantumEnded(victim, now);
  }

  vpSlept(vp: number, _lp: number, now: number): void {
    const vcore = this.#vcoreOf[vp]!;
    this.#working[vcore]!--;
    if (this.#working[vcore]! > 0) return;
    const core = this.#vcoreCore[vcore]!;
    if (core < 0) {
      this.#policy.withdraw(vcore);
      this.#sync(vcore, now);
      return;
    }
    this.#policy.charge(vcore, now - this.#chargedAt[vcore]!);
    this.#policy.stopped(vcore, false, now);
    this.#release(core, now);
    this.#fill(core, now);
    this.#armPace(now);
  }

  deadline(lp: number): void {
    throw new Error(`Bug: the core scheduler sets no LP deadlines (LP ${lp})`);
  }

  // TimerOwner: a core's quantum ended, or a reserve/limit window did.
  timer(slot: number, now: number): void {
    const core = this.#slotCore.get(slot);
    if (core >= 0) this.#quantumEnded(core, now);
    else if (slot === this.#paceSlot) this.#paceDue(now);
    else this.#windowEnded(now);
    this.#armPace(now);
  }

  #quantumEnded(core: number, now: number): void {
    const vcore = this.#coreVcore[core]!;
    const policy = this.#policy;
    policy.charge(vcore, now - this.#chargedAt[vcore]!);
    this.#chargedAt[vcore] = now;
    policy.stopped(vcore, true, now);
    // The turn goes to the virtual core with the best claim to it, if need be one that may not
    // run here: the virtual core on one of its cores moves here and leaves it that core. Else a
    // pinned virtual core waits while a free one holds the only core it may use.
    const from = policy.chainAt(core, now, vcore);
    if (from >= 0) {
      this.#release(core, now);
      this.#moveInto(core, from, now);
      const place = policy.placeQueued(vcore);
      if (place >= 0) this.#start(vcore, place, now);
      else if (!this.#makeRoom(vcore, now)) this.#sync(vcore, now);
      return;
    }
    let next = policy.pickOver(core, vcore, now);
    if (next >= 0 && next !== vcore) {
      // `next` won `core` from `vcore`: where it may instead take a core with a weaker claim, it
      // does, and `core` is given again.
      const instead = policy.insteadOf(next, core, vcore, now);
      if (instead >= 0) {
        this.#displace(instead, next, now);
        next = policy.pickAgain(core, vcore, now);
      }
    }
    if (next === vcore) {
      if (this.#relieve(core, vcore, now)) return;
      for (const lp of this.#lpsOf(core)) {
        if (this.#machine.vpOn(lp) >= 0) this.#machine.extend(lp, Number.POSITIVE_INFINITY, now);
      }
      this.#machine.loop.schedule(this.#coreSlot[core]!, now + policy.slice(vcore, now));
      return;
    }
    this.#release(core, now);
    if (next >= 0) this.#start(next, core, now);
    // It lost its core to `next` (or to its limit): another idle core of its may still take it.
    if (this.#idle > 0) {
      const place = policy.placeQueued(vcore);
      if (place >= 0) {
        this.#start(vcore, place, now);
        return;
      }
      if (this.#makeRoom(vcore, now)) return;
    }
    this.#sync(vcore, now);
  }

  /** Runs `vcore`, just picked, on `core` in place of the virtual core there, which waits or moves. */
  #displace(core: number, vcore: number, now: number): void {
    const policy = this.#policy;
    const displaced = this.#coreVcore[core]!;
    policy.charge(displaced, now - this.#chargedAt[displaced]!);
    this.#release(core, now);
    policy.stopped(displaced, true, now);
    this.#start(vcore, core, now);
    const place = policy.placeQueued(displaced);
    if (place >= 0) this.#start(displaced, place, now);
    else if (!this.#makeRoom(displaced, now)) this.#sync(displaced, now);
  }

  /** `vcore` won `core` again while another waits for it: it moves where it relieves the most-served virtual core instead. */
  #relieve(core: number, vcore: number, now: number): boolean {
    const policy = this.#policy;
    const other = policy.relieve(core, vcore, now);
    if (other < 0) return false;
    const relieved = this.#coreVcore[other]!;
    policy.charge(relieved, now - this.#chargedAt[relieved]!);
    this.#release(other, now);
    policy.stopped(relieved, true, now);
    this.#release(core, now);
    this.#start(vcore, other, now);
    const waiting = policy.pick(core);
    if (waiting >= 0) this.#start(waiting, core, now);
    const place = policy.placeQueued(relieved);
    if (place >= 0) this.#start(relieved, place, now);
    else if (!this.#makeRoom(relieved, now)) this.#sync(relieved, now);
    return true;
  }

  /** Runs queued `vcore` on a core of its whose virtual core moves to an idle core of its own, if there is one. */
  #makeRoom(vcore: number, now: number): boolean {
    const policy = this.#policy;
    const room = policy.roomFor(vcore);
    if (room < 0) return false;
    const coreCount = this.#coreVcore.length;
    const core = Math.floor(room / coreCount);
    const moving = this.#coreVcore[core]!;
    policy.withdraw(vcore);
    policy.charge(moving, now - this.#chargedAt[moving]!);
    this.#release(core, now);
    this.#start(moving, room % coreCount, now);
    this.#start(vcore, core, now);
    return true;
  }

  #windowEnded(now: number): void {
    const policy = this.#policy;
    this.#chargeRunning(now);
    const released = policy.windowEnded(now, null);
    this.#machine.loop.schedule(this.#windowSlot, now + policy.window);
    for (const vcore of released) this.#sync(vcore, now);
    for (const core of this.#cores) {
      if (this.#coreVcore[core]! < 0) this.#fill(core, now);
    }
  }

  #paceDue(now: number): void {
    const policy = this.#policy;
    const freed: number[] = [];
    const preempting: number[] = [];
    policy.paceDue(now, freed, preempting);
    for (const vcore of freed) {
      const place = policy.placeQueued(vcore);
      if (place >= 0) this.#start(vcore, place, now);
      else if (!this.#makeRoom(vcore, now)) this.#sync(vcore, now);
    }
    if (preempting.length === 0) return;
    this.#chargeRunning(now);
    for (const vcore of preempting) {
      const victim = policy.preemptionFor(vcore, now);
      if (victim < 0) continue;
      const displaced = this.#coreVcore[victim]!;
      this.#quantumEnded(victim, now);
      const core = policy.passOn(displaced, now);
      if (core >= 0) {
        policy.withdraw(displaced);
        this.#displace(core, displaced, now);
      }
    }
  }

  #armPace(now: number): void {
    if (this.#policy.window === 0) return;
    const at = this.#policy.nextPaceAt;
    if (at === Number.POSITIVE_INFINITY) this.#machine.loop.cancel(this.#paceSlot);
    else this.#machine.loop.schedule(this.#paceSlot, Math.max(at, now));
  }

  /** Brings every dispatched virtual core's charge up to `now`. */
  #chargeRunning(now: number): void {
    for (const core of this.#cores) {
      const vcore = this.#coreVcore[core]!;
      if (vcore < 0) continue;
      this.#policy.charge(vcore, now - this.#chargedAt[vcore]!);
      this.#chargedAt[vcore] = now;
    }
  }

  /** Gives the idle `core` the best virtual core that may run there, or makes room elsewhere with one that may. */
  #fill(core: number, now: number): void {
    const policy = this.#policy;
    const next = policy.pick(core);
    if (next >= 0) {
      this.#start(next, core, now);
      return;
    }
    const from = policy.roomAt(core);
    if (from >= 0) this.#moveInto(core, from, now);
  }

  /** Moves the virtual core on `from` to the idle `core`, and gives `from` to the best one waiting for it. */
  #moveInto(core: number, from: number, now: number): void {
    const policy = this.#policy;
    const moving = this.#coreVcore[from]!;
    policy.charge(moving, now - this.#chargedAt[moving]!);
    this.#release(from, now);
    this.#start(moving, core, now);
    const waiting = policy.pick(from);
    if (waiting >= 0) this.#start(waiting, from, now);
  }

  /** Gives `core` to `vcore`: every LP of the core is claimed, each VP with work dispatched. */
  #start(vcore: number, core: number, now: number): void {
    this.#idle--;
    this.meter.idle(core, false, now);
    this.#coreVcore[core] = vcore;
    this.#vcoreCore[vcore] = core;
    this.#vcoreLastCore[vcore] = core;
    this.#chargedAt[vcore] = now;
    this.#policy.placed(core, vcore);
    for (const lp of this.#lpsOf(core)) this.#machine.claim(lp, this.#members[vcore]![0]!, now);
    for (const vp of this.#members[vcore]!) {
      if (this.#machine.stateOf(vp) === READY) this.#machine.dispatch(this.#lpFor(vp, core), vp, Number.POSITIVE_INFINITY, now);
    }
    this.#machine.loop.schedule(this.#coreSlot[core]!, now + this.#policy.slice(vcore, now));
    this.#sync(vcore, now);
  }

  /** Takes `core` back: its running VPs wait, its LPs are no longer claimed. */
  #release(core: number, now: number): void {
    const vcore = this.#coreVcore[core]!;
    for (const lp of this.#lpsOf(core)) {
      if (this.#machine.vpOn(lp) >= 0) this.#machine.preempt(lp, now);
      this.#machine.claim(lp, -1, now);
    }
    this.#coreVcore[core] = -1;
    this.#vcoreCore[vcore] = -1;
    this.#policy.vacated(core);
    this.#machine.loop.cancel(this.#coreSlot[core]!);
    this.#idle++;
    this.meter.idle(core, true, now);
  }

  /** Tells the meter whether `vcore` is ready now (it has work, holds no core and is not capped), and the machine whether it is capped. */
  #sync(vcore: number, now: number): void {
    const held = this.#policy.isHeld(vcore);
    if (this.#policy.window > 0) {
      for (const vp of this.#members[vcore]!) this.#machine.capped(vp, held, now);
    }
    const ready = this.#working[vcore]! > 0 && this.#vcoreCore[vcore]! < 0 && !held ? 1 : 0;
    if (this.#counted[vcore] === ready) return;
    this.#counted[vcore] = ready;
    this.meter.ready(this.#meterClass[vcore]!, ready === 1 ? 1 : -1, now);
  }

  #lpsOf(core: number): Int32Array {
    return this.#coreLps[core]!;
  }

  /** VP j of a virtual core always takes thread j of the core. */
  #lpFor(vp: number, core: number): number {
    return core * this.#threadsPerCore + this.#threadOf[vp]!;
  }
}
