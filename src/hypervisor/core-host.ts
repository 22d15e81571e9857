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
  readonly #slotCore = new Map<number, number>();
  readonly #windowSlot: number;
  #idle: number;

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
    for (const vp of vps) {
      const spec = layout.vps[vp]!;
      const width = layout.partitions[spec.partition]!.threadsPerCore;
      if (spec.index % width === 0) {
        members.push([]);
        const allowedPlaces = [...new Set(spec.allowedLps.map((lp) => coreOf(lp, layout.threadsPerCore)))];
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
    const vcore = this.#vcoreOf[vp]!;
    this.#working[vcore]!++;
    const core = this.#vcoreCore[vcore]!;
    if (core >= 0) {
      this.#machine.dispatch(this.#lpFor(vp, core), vp, Number.POSITIVE_INFINITY, now);
      return;
    }
    if (this.#working[vcore] !== 1) return;
    // With preemption the waking virtual core is placed against its competitors as of now.
    if (this.#policy.wakeupPreemption) this.#chargeRunning(now);
    const place = this.#policy.wake(vcore);
    if (place >= 0) {
      this.#start(vcore, place, now);
      return;
    }
    if (!this.#policy.wakeupPreemption) return;
    const victim = this.#policy.preemptionFor(vcore);
    if (victim >= 0) this.#quantumEnded(victim, now);
  }

  vpSlept(vp: number, _lp: number, now: number): void {
    const vcore = this.#vcoreOf[vp]!;
    this.#working[vcore]!--;
    if (this.#working[vcore]! > 0) return;
    const core = this.#vcoreCore[vcore]!;
    if (core < 0) {
      this.#policy.withdraw(vcore);
      return;
    }
    this.#policy.charge(vcore, now - this.#chargedAt[vcore]!);
    this.#policy.stopped(vcore, false);
    this.#release(core, now);
    this.#fill(core, now);
  }

  deadline(lp: number): void {
    throw new Error(`Bug: the core scheduler sets no LP deadlines (LP ${lp})`);
  }

  // TimerOwner: a core's quantum ended, or a reserve/limit window did.
  timer(slot: number, now: number): void {
    const core = this.#slotCore.get(slot);
    if (core === undefined) this.#windowEnded(now);
    else this.#quantumEnded(core, now);
  }

  #quantumEnded(core: number, now: number): void {
    const vcore = this.#coreVcore[core]!;
    const policy = this.#policy;
    policy.charge(vcore, now - this.#chargedAt[vcore]!);
    this.#chargedAt[vcore] = now;
    policy.stopped(vcore, true);
    const next = policy.pick(core);
    if (next === vcore) {
      for (const lp of this.#lpsOf(core)) {
        if (this.#machine.vpOn(lp) >= 0) this.#machine.extend(lp, Number.POSITIVE_INFINITY, now);
      }
      this.#machine.loop.schedule(this.#coreSlot[core]!, now + policy.slice(vcore));
      return;
    }
    this.#release(core, now);
    if (next >= 0) this.#start(next, core, now);
  }

  #windowEnded(now: number): void {
    const policy = this.#policy;
    this.#chargeRunning(now);
    policy.windowEnded();
    this.#machine.loop.schedule(this.#windowSlot, now + policy.window);
    for (const core of this.#cores) {
      if (this.#coreVcore[core]! < 0) this.#fill(core, now);
    }
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

  #fill(core: number, now: number): void {
    const next = this.#policy.pick(core);
    if (next >= 0) this.#start(next, core, now);
  }

  /** Gives `core` to `vcore`: every LP of the core is claimed, each VP with work dispatched. */
  #start(vcore: number, core: number, now: number): void {
    this.#idle--;
    this.#coreVcore[core] = vcore;
    this.#vcoreCore[vcore] = core;
    this.#vcoreLastCore[vcore] = core;
    this.#chargedAt[vcore] = now;
    for (const lp of this.#lpsOf(core)) this.#machine.claim(lp, true, now);
    for (const vp of this.#members[vcore]!) {
      if (this.#machine.stateOf(vp) === READY) this.#machine.dispatch(this.#lpFor(vp, core), vp, Number.POSITIVE_INFINITY, now);
    }
    this.#machine.loop.schedule(this.#coreSlot[core]!, now + this.#policy.slice(vcore));
  }

  /** Takes `core` back: its running VPs wait, its LPs are no longer claimed. */
  #release(core: number, now: number): void {
    const vcore = this.#coreVcore[core]!;
    for (const lp of this.#lpsOf(core)) {
      if (this.#machine.vpOn(lp) >= 0) this.#machine.preempt(lp, now);
      this.#machine.claim(lp, false, now);
    }
    this.#coreVcore[core] = -1;
    this.#vcoreCore[vcore] = -1;
    this.#machine.loop.cancel(this.#coreSlot[core]!);
    this.#idle++;
  }

  #lpsOf(core: number): Int32Array {
    return this.#coreLps[core]!;
  }

  /** VP j of a virtual core always takes thread j of the core. */
  #lpFor(vp: number, core: number): number {
    return core * this.#threadsPerCore + this.#threadOf[vp]!;
  }
}
