// The simulated host: LPs with SMT siblings, VPs and the work they carry. It is the mechanism
// every scheduler drives: it runs VPs on LPs, progresses their work at the SMT-dependent speed,
// tells a VP's scheduler when the VP gains or loses work, and keeps the books (run, steal, idle
// per VP; busy, mixed and forced idle per LP). Schedulers decide; only the machine changes state.
//
// Who decides what:
// - every VP has a *host* (VpHost): the hypervisor policy or a dedicated OS that puts it on LPs;
// - every VP has a *source*: the workload runner whose work it executes when on an LP. A guest's
//   VP has its own runner for good; a vCPU of an OS executes whatever thread that OS has on it,
//   so its OS swaps the source (setSource) and the VP has work exactly while the source has;
// - every runner that belongs to an OS thread has an *owner* (RunnerOwner) told when the thread
//   gets work and when it runs out of it.
import { bug } from '../engine/bug.js';
import { EventLoop } from '../engine/event-loop.js';
import { StealLedger } from '../metrics/steal-ledger.js';
import type { TraceRecorder } from '../metrics/trace.js';
import { Random } from '../engine/random.js';
import type { Workload } from '../model/scenario.js';
import { WorkloadRunner } from '../workloads/runner.js';
import { FULL_SPEED, sharedSpeed } from '../workloads/work.js';
import type { Layout } from './layout.js';

export const IDLE = 0;
export const READY = 1;
export const RUNNING = 2;

/** Whoever puts a VP on LPs: a hypervisor policy, or a dedicated OS for its own LPs. */
export interface VpHost {
  /** `vp` got work and is READY. */
  vpWoke(vp: number, now: number): void;
  /** `vp` lost its work and is IDLE; it was running on `lp` (now free), or waiting (`lp` -1). */
  vpSlept(vp: number, lp: number, now: number): void;
  /** The deadline this host set on `lp` passed; its VP is still running and has work. */
  deadline(lp: number, now: number): void;
}

/** The OS a thread's runner belongs to. */
export interface RunnerOwner {
  /** The runner (an OS thread's work) went from no work to work. */
  arrived(runner: number, now: number): void;
  /** The runner ran out of work while `vp` was executing it; the owner must set `vp`'s next source. */
  drained(runner: number, vp: number, now: number): void;
}

/** Something told whenever a watched VP starts or stops running on an LP. */
export interface VpWatcher {
  vpRunning(vp: number, running: boolean, now: number): void;
}

export interface TimerOwner {
  timer(slot: number, now: number): void;
}

export interface MachineOptions {
  readonly seed: number;
  readonly smtThroughput: number;
}

export class Machine {
  readonly layout: Layout;
  readonly lpCount: number;
  readonly loop: EventLoop;
  readonly #sharedSpeed: number;

  readonly #sibling: Int32Array;
  readonly #usable: Uint8Array;
  readonly #lpVp: Int32Array;
  readonly #lpLastVp: Int32Array;
  readonly #lpDeadline: Float64Array;
  readonly #lpSpeed: Float64Array;
  readonly #lpProgressAt: Float64Array;
  readonly #lpBusySince: Float64Array;
  readonly #lpMixedSince: Float64Array;
  readonly #lpClaimed: Uint8Array;
  /** The partition whose virtual core claims each LP, or -1. */
  readonly #lpClaimant: Int32Array;
  readonly #lpForcedSince: Float64Array;
  readonly lpBusyNs: Float64Array;
  readonly lpMixedNs: Float64Array;
  readonly lpForcedIdleNs: Float64Array;

  readonly #vpPartition: Int32Array;
  /** VPs in different domains may never share a core when `exclusiveCores` is set. */
  readonly #vpDomain: Int32Array;
  exclusiveCores = false;
  readonly #vpState: Uint8Array;
  readonly #vpSince: Float64Array;
  readonly #vpLp: Int32Array;
  readonly #vpLastLp: Int32Array;
  readonly vpRunNs: Float64Array;
  readonly vpStealNs: Float64Array;
  readonly vpIdleNs: Float64Array;
  /** vpIdleNs, vpStealNs and vpRunNs indexed by the state each books (IDLE, READY, RUNNING): a load, not a switch. */
  readonly #vpStateNs: readonly [Float64Array, Float64Array, Float64Array];
  readonly vpWorkUnits: Float64Array;
  readonly #vpSource: (WorkloadRunner | null)[];
  /** Index of each VP's source in `runners`, or -1. */
  readonly #vpSourceIndex: Int32Array;
  /** Index of each VP's own workload's runner, or -1 for a vCPU of an OS. */
  readonly #vpOwnRunner: Int32Array;
  readonly #vpHost: (VpHost | null)[];
  readonly #vpWatcher: (VpWatcher | null)[];
  /** For VPs whose cpuset is measured: which LPs it allows. */
  readonly #vpCpuset: (Uint8Array | null)[];
  /** Time each measured VP ran on an LP outside its cpuset. */
  readonly vpOutsideNs: Float64Array;
  /** Who stole each VP's time, and why. */
  readonly steal: StealLedger;

  /** Every workload of the run: VPs' own and OS threads'. */
  readonly runners: WorkloadRunner[] = [];
  readonly #runnerOwner: (RunnerOwner | null)[] = [];
  /** For a VP's own runner, its VP; -1 for a thread's. */
  readonly #runnerVp: number[] = [];
  readonly #runnerSlot: number[] = [];
  /** Per event slot: the runner whose arrivals it times, or -1; the owner of a timer, or null. */
  readonly #slotRunner: number[] = [];
  readonly #slotOwner: (TimerOwner | null)[] = [];
  readonly #seed: number;

  dispatches = 0;
  contextSwitches = 0;
  migrations = 0;
  /** Set to record intervals inside a window (views that draw time); null costs nothing. */
  recorder: TraceRecorder | null = null;
  /** When the VP on each LP got it (recorded slices). */
  readonly #lpVpSince: Float64Array;

  constructor(layout: Layout, options: MachineOptions) {
    this.layout = layout;
    this.#seed = options.seed;
    const lpCount = layout.lpCount;
    const vpCount = layout.vps.length;
    this.lpCount = lpCount;
    this.#sharedSpeed = sharedSpeed(options.smtThroughput);
    this.loop = new EventLoop((slot, now) => this.#onEvent(slot, now));

    this.#sibling = new Int32Array(lpCount).fill(-1);
    this.#usable = new Uint8Array(lpCount);
    for (const lp of layout.usableLps) this.#usable[lp] = 1;
    if (layout.threadsPerCore === 2) {
      for (let lp = 0; lp < lpCount; lp++) {
        const sibling = lp ^ 1;
        if (this.#usable[lp] && this.#usable[sibling]) this.#sibling[lp] = sibling;
      }
    }
    this.#lpVp = new Int32Array(lpCount).fill(-1);
    this.#lpVpSince = new Float64Array(lpCount);
    this.#lpLastVp = new Int32Array(lpCount).fill(-1);
    this.#lpDeadline = new Float64Array(lpCount);
    this.#lpSpeed = new Float64Array(lpCount);
    this.#lpProgressAt = new Float64Array(lpCount);
    this.#lpBusySince = new Float64Array(lpCount);
    this.#lpMixedSince = new Float64Array(lpCount).fill(-1);
    this.#lpClaimed = new Uint8Array(lpCount);
    this.#lpClaimant = new Int32Array(lpCount).fill(-1);
    this.#lpForcedSince = new Float64Array(lpCount).fill(-1);
    this.lpBusyNs = new Float64Array(lpCount);
    this.lpMixedNs = new Float64Array(lpCount);
    this.lpForcedIdleNs = new Float64Array(lpCount);
    for (let lp = 0; lp < lpCount; lp++) this.#allocSlot(-1, null);

    this.#vpPartition = new Int32Array(vpCount);
    this.#vpDomain = new Int32Array(vpCount);
    this.#vpState = new Uint8Array(vpCount);
    this.#vpSince = new Float64Array(vpCount);
    this.#vpLp = new Int32Array(vpCount).fill(-1);
    this.#vpLastLp = new Int32Array(vpCount).fill(-1);
    this.vpRunNs = new Float64Array(vpCount);
    this.vpStealNs = new Float64Array(vpCount);
    this.vpIdleNs = new Float64Array(vpCount);
    this.#vpStateNs = [this.vpIdleNs, this.vpStealNs, this.vpRunNs];
    this.vpWorkUnits = new Float64Array(vpCount);
    // Filled from the start, not `new Array(n)`: V8 would keep that holey, checking every read for a hole.
    this.#vpSource = Array.from({ length: vpCount }, () => null);
    this.#vpSourceIndex = new Int32Array(vpCount).fill(-1);
    this.#vpOwnRunner = new Int32Array(vpCount).fill(-1);
    this.#vpHost = Array.from({ length: vpCount }, () => null);
    this.#vpWatcher = Array.from({ length: vpCount }, () => null);
    this.#vpCpuset = Array.from({ length: vpCount }, () => null);
    this.vpOutsideNs = new Float64Array(vpCount);
    this.steal = new StealLedger(lpCount, vpCount, layout.partitions.length);
    layout.vps.forEach((vp, id) => {
      this.#vpPartition[id] = vp.partition;
      this.#vpDomain[id] = vp.partition;
      if (vp.workload === null) return;
      const runner = this.addRunner(vp.workload, vp.label, null, id);
      this.#vpSource[id] = this.runners[runner]!;
      this.#vpSourceIndex[id] = runner;
      this.#vpOwnRunner[id] = runner;
    });
  }

  /** Creates the runner of a workload; `vp` ≥ 0 makes it that VP's own for good. */
  addRunner(workload: Workload, label: string, owner: RunnerOwner | null, vp = -1): number {
    const index = this.runners.length;
    this.runners.push(new WorkloadRunner(workload, Random.fork(this.#seed, label)));
    this.#runnerOwner.push(owner);
    this.#runnerVp.push(vp);
    this.#runnerSlot.push(this.#allocSlot(index, null));
    return index;
  }

  /** A slot whose events go to `owner`, in `lane` (EventLoop.laneFor) or, by default, the heap. */
  allocTimer(owner: TimerOwner, lane = -1): number {
    return this.#allocSlot(-1, owner, lane);
  }

  #allocSlot(runner: number, owner: TimerOwner | null, lane = -1): number {
    const slot = this.loop.allocSlot(lane);
    if (slot !== this.#slotRunner.length) bug('event slot', slot, 'allocated behind the machine');
    this.#slotRunner.push(runner);
    this.#slotOwner.push(owner);
    return slot;
  }

  setHost(vp: number, host: VpHost): void {
    this.#vpHost[vp] = host;
  }

  watch(vp: number, watcher: VpWatcher): void {
    this.#vpWatcher[vp] = watcher;
  }

  /** Measures the time `vp` runs on LPs other than `lps` (a cpuset its scheduler may ignore). */
  measureCpuset(vp: number, lps: readonly number[]): void {
    const mask = new Uint8Array(this.lpCount);
    for (const lp of lps) mask[lp] = 1;
    this.#vpCpuset[vp] = mask;
  }

  setDomain(vp: number, domain: number): void {
    this.#vpDomain[vp] = domain;
  }

  // What schedulers may read.
  vpOn(lp: number): number {
    return this.#lpVp[lp]!;
  }
  siblingOf(lp: number): number {
    return this.#sibling[lp]!;
  }
  lastLpOf(vp: number): number {
    return this.#vpLastLp[vp]!;
  }
  lpOf(vp: number): number {
    return this.#vpLp[vp]!;
  }
  stateOf(vp: number): number {
    return this.#vpState[vp]!;
  }
  hasWork(vp: number): boolean {
    const source = this.#vpSource[vp];
    return source !== null && source !== undefined && source.hasWork;
  }
  /** The runner of `vp`'s own workload, or null for a vCPU of an OS. */
  ownRunnerOf(vp: number): WorkloadRunner | null {
    const runner = this.#vpOwnRunner[vp]!;
    return runner < 0 ? null : this.runners[runner]!;
  }
  partitionOf(vp: number): number {
    return this.#vpPartition[vp]!;
  }

  /**
   * Runs the whole horizon and closes every open interval at `duration`; `progress`, if given,
   * hears the simulated time reached, and the events processed so far, every hundredth of the horizon.
   */
  run(duration: number, start: (now: number) => void, progress?: (now: number, events: number) => void): void {
    this.runners.forEach((runner, index) => {
      if (runner.nextArrivalAt < duration) this.loop.schedule(this.#runnerSlot[index]!, runner.nextArrivalAt);
    });
    start(0);
    this.runners.forEach((runner, index) => {
      if (!runner.hasWork) return;
      const owner = this.#runnerOwner[index];
      if (owner === null || owner === undefined) this.#workChanged(this.#runnerVp[index]!, 0);
      else owner.arrived(index, 0);
    });
    if (progress === undefined) this.loop.run(duration);
    else {
      const steps = 100;
      for (let step = 1; step <= steps; step++) {
        const until = Math.round((duration * step) / steps);
        this.loop.run(until);
        progress(until, this.loop.processed);
      }
    }
    this.#close(duration);
  }

  // What hosts do.

  /** Runs READY `vp` on idle `lp` until `deadline` (+Infinity: until the host says otherwise). */
  dispatch(lp: number, vp: number, deadline: number, now: number): void {
    if (this.#lpVp[lp]! >= 0) bug('LP', lp, 'would run VP', vp, 'while running VP', this.#lpVp[lp]!);
    if (!this.#usable[lp]) bug('dispatching on unusable LP', lp);
    this.#checkDispatch(lp, vp);
    this.#lpBusySince[lp] = now;
    this.#lpProgressAt[lp] = now;
    this.#occupy(lp, vp, deadline, now);
    this.steal.holderChanged(lp, this.#vpPartition[vp]!, false, now);
    this.#updateForced(lp, now);
    const sibling = this.#sibling[lp]!;
    this.#lpSpeed[lp] = sibling >= 0 && this.#lpVp[sibling]! >= 0 ? this.#sharedSpeed : FULL_SPEED;
    this.#siblingChanged(sibling, now);
    this.#start(lp, vp, now);
  }

  /** Takes the running VP off `lp`; it stays READY (it has work). */
  preempt(lp: number, now: number): void {
    this.#stop(lp, READY, now);
  }

  /** Replaces the VP running on `lp` (it stays READY) with READY `vp`, the LP never idle between. */
  switchTo(lp: number, vp: number, deadline: number, now: number): void {
    this.#switch(lp, vp, deadline, false, now);
  }

  /**
   * What preempt then dispatch leave behind, without the LP idling between: switchTo, and the
   * sibling's completion armed again, as those two arm it (going solo and back), so that events
   * at its time keep their order. The zero-time idle they book shows only in a trace, on an LP
   * core scheduling claims (forced idle) or to a listener on the steal ledger: with any of those
   * it is preempt then dispatch.
   */
  replace(lp: number, vp: number, deadline: number, now: number): void {
    if (this.recorder !== null || this.steal.listener !== null || this.#lpClaimed[lp] === 1) {
      this.preempt(lp, now);
      this.dispatch(lp, vp, deadline, now);
      return;
    }
    this.#switch(lp, vp, deadline, true, now);
  }

  #switch(lp: number, vp: number, deadline: number, rearmSibling: boolean, now: number): void {
    const previous = this.#lpVp[lp]!;
    this.#checkDispatch(lp, vp);
    this.#progress(lp, now);
    this.#measureOutside(previous, lp, now);
    if (this.recorder !== null) this.recorder.lp(lp, previous, this.#lpVpSince[lp]!, now);
    this.#setState(previous, READY, now);
    this.#vpLp[previous] = -1;
    this.#watched(previous, false, now);
    this.#occupy(lp, vp, deadline, now);
    // A running VP's partition holds its LP: only a switch to another partition changes who does,
    // and, on a core whose sibling LP is in use, the mixed books.
    const otherPartition = this.#vpPartition[previous] !== this.#vpPartition[vp];
    if (otherPartition) this.steal.holderChanged(lp, this.#vpPartition[vp]!, false, now);
    this.steal.waitBegan(previous, lp, now);
    const sibling = this.#sibling[lp]!;
    if (otherPartition && sibling >= 0) this.#remix(lp, sibling, now);
    if (rearmSibling && sibling >= 0 && this.#lpVp[sibling]! >= 0) {
      this.#progress(sibling, now);
      this.#arm(sibling, now);
    }
    this.#start(lp, vp, now);
  }

  #checkDispatch(lp: number, vp: number): void {
    if (this.#vpState[vp] !== READY) bug('dispatching VP', vp, 'that is not ready');
    if (this.exclusiveCores) this.#checkExclusive(lp, vp);
  }

  #checkExclusive(lp: number, vp: number): void {
    const sibling = this.#sibling[lp]!;
    if (sibling < 0) return;
    const other = this.#lpVp[sibling]!;
    if (other >= 0 && this.#vpDomain[other] !== this.#vpDomain[vp]) {
      bug('VP', vp, 'and VP', other, 'of different partitions would share a core: LPs', lp, sibling);
    }
  }

  /** The books of `vp` taking `lp`: counters, states, who runs where. */
  #occupy(lp: number, vp: number, deadline: number, now: number): void {
    this.dispatches++;
    if (this.#lpLastVp[lp] !== vp) this.contextSwitches++;
    const lastLp = this.#vpLastLp[vp]!;
    if (lastLp >= 0 && lastLp !== lp) this.migrations++;
    this.steal.waitEnded(vp, now);
    this.#setState(vp, RUNNING, now);
    this.#lpVp[lp] = vp;
    this.#lpLastVp[lp] = vp;
    this.#lpVpSince[lp] = now;
    this.#vpLp[vp] = lp;
    this.#vpLastLp[vp] = lp;
    this.#lpDeadline[lp] = deadline;
  }

  /** `vp`, now on `lp`, starts executing its source. */
  #start(lp: number, vp: number, now: number): void {
    this.#vpSource[vp]!.markExecuting(now);
    this.#arm(lp, now);
    this.#watched(vp, true, now);
  }

  /** Counts a re-granted slice of the VP already on `lp` as a dispatch, with a new deadline. */
  extend(lp: number, deadline: number, now: number): void {
    this.dispatches++;
    this.#lpDeadline[lp] = deadline;
    // The core scheduler extends from its own timer, not the LP's: settle the work done so far,
    // or the LP's completion would be timed from a stale remainder (and run without work).
    this.#progress(lp, now);
    this.#arm(lp, now);
  }

  /**
   * Marks `lp` as given to the virtual core of `claimant`, a VP (core scheduling), or to none
   * (-1): idle time there is forced idle, and steal of a VP waiting for it is the claimant's.
   */
  claim(lp: number, claimant: number, now: number): void {
    this.#lpClaimed[lp] = claimant >= 0 ? 1 : 0;
    this.#lpClaimant[lp] = claimant >= 0 ? this.#vpPartition[claimant]! : -1;
    this.#updateForced(lp, now);
    if (this.#lpVp[lp]! < 0) this.#idleHolder(lp, now);
  }

  /** Its limit or its cgroup's cap holds `vp` back (or no longer does): what its steal is called. */
  capped(vp: number, capped: boolean, now: number): void {
    this.steal.setCapped(vp, capped, now);
  }

  /** Tells the steal ledger who holds idle `lp`: its claimant, or nobody. */
  #idleHolder(lp: number, now: number): void {
    const claimant = this.#lpClaimant[lp]!;
    this.steal.holderChanged(lp, claimant >= 0 ? claimant : this.steal.nobody, claimant >= 0, now);
  }

  /** The LP a waiting VP waits for: where it last ran, else the first it may use. */
  #homeOf(vp: number): number {
    const last = this.#vpLastLp[vp]!;
    if (last >= 0) return last;
    const allowed = this.layout.vps[vp]!.allowedLps;
    const mask = this.#vpCpuset[vp];
    if (mask !== null && mask !== undefined) {
      for (const lp of allowed) if (mask[lp] === 1) return lp;
    }
    return allowed[0]!;
  }

  // What OSes do.

  /** `vp` now executes `runner` (or nothing); its host learns if that gave or took its work. */
  setSource(vp: number, runner: number, now: number): void {
    const lp = this.#vpLp[vp]!;
    if (lp >= 0) this.#progress(lp, now);
    this.steal.sourceChanged(vp, runner, now);
    const source = runner >= 0 ? this.runners[runner]! : null;
    this.#vpSource[vp] = source;
    this.#vpSourceIndex[vp] = runner;
    if (lp >= 0 && source !== null && source.hasWork) {
      source.markExecuting(now);
      this.#arm(lp, now);
    }
    this.#workChanged(vp, now);
  }

  #onEvent(slot: number, now: number): void {
    if (slot < this.lpCount) {
      this.#onLpTimer(slot, now);
      return;
    }
    const runner = this.#slotRunner[slot]!;
    if (runner >= 0) this.#onArrival(runner, now);
    else this.#slotOwner[slot]!.timer(slot, now);
  }

  #onArrival(index: number, now: number): void {
    const runner = this.runners[index]!;
    const becameRunnable = runner.arrive(now);
    if (runner.nextArrivalAt !== Number.POSITIVE_INFINITY) this.loop.schedule(this.#runnerSlot[index]!, runner.nextArrivalAt);
    if (!becameRunnable) return;
    const owner = this.#runnerOwner[index];
    if (owner === null || owner === undefined) this.#workChanged(this.#runnerVp[index]!, now);
    else owner.arrived(index, now);
  }

  #onLpTimer(lp: number, now: number): void {
    const vp = this.#lpVp[lp]!;
    const runner = this.#vpSource[vp]!;
    this.#progress(lp, now);
    if (runner.headRemaining <= 0) {
      if (runner.completeHead(now)) runner.markExecuting(now);
      else {
        const index = this.#vpSourceIndex[vp]!;
        const owner = this.#runnerOwner[index];
        if (owner === null || owner === undefined) this.#workChanged(vp, now);
        else owner.drained(index, vp, now);
        if (this.#lpVp[lp] !== vp) return;
      }
    }
    if (now >= this.#lpDeadline[lp]!) this.#vpHost[vp]!.deadline(lp, now);
    else this.#arm(lp, now);
  }

  /** Tells `vp`'s host when its work appeared or vanished. */
  #workChanged(vp: number, now: number): void {
    const hasWork = this.hasWork(vp);
    const state = this.#vpState[vp];
    if (state === IDLE) {
      if (!hasWork) return;
      this.#setState(vp, READY, now);
      this.steal.waitBegan(vp, this.#homeOf(vp), now);
      this.#vpHost[vp]!.vpWoke(vp, now);
      return;
    }
    if (hasWork) return;
    const lp = this.#vpLp[vp]!;
    if (state === RUNNING) this.#stop(lp, IDLE, now);
    else {
      this.steal.waitEnded(vp, now);
      this.#setState(vp, IDLE, now);
    }
    this.#vpHost[vp]!.vpSlept(vp, lp, now);
  }

  #stop(lp: number, state: typeof IDLE | typeof READY, now: number): void {
    const vp = this.#lpVp[lp]!;
    this.#progress(lp, now);
    this.#measureOutside(vp, lp, now);
    if (this.recorder !== null) this.recorder.lp(lp, vp, this.#lpVpSince[lp]!, now);
    this.#setState(vp, state, now);
    if (state === READY) this.steal.waitBegan(vp, lp, now);
    this.#closeMixed(lp, now);
    this.lpBusyNs[lp]! += now - this.#lpBusySince[lp]!;
    this.#lpVp[lp] = -1;
    this.#vpLp[vp] = -1;
    this.loop.cancel(lp);
    this.#updateForced(lp, now);
    this.#idleHolder(lp, now);
    this.#siblingChanged(this.#sibling[lp]!, now);
    this.#watched(vp, false, now);
  }

  /** The sibling of `sibling` changed occupancy: settle its work at the old speed, re-time it. */
  #siblingChanged(sibling: number, now: number): void {
    if (sibling < 0) return;
    const lp = this.#sibling[sibling]!;
    this.#remix(sibling, lp, now);
    if (this.#lpVp[sibling]! < 0) return;
    this.#progress(sibling, now);
    this.#lpSpeed[sibling] = this.#lpVp[lp]! >= 0 ? this.#sharedSpeed : FULL_SPEED;
    this.#arm(sibling, now);
  }

  /** Re-opens the mixed books of both LPs of a core after either changed VP. */
  #remix(lp: number, sibling: number, now: number): void {
    this.#closeMixed(lp, now);
    this.#openMixed(lp, now);
    this.#closeMixed(sibling, now);
    this.#openMixed(sibling, now);
  }

  #openMixed(lp: number, now: number): void {
    const vp = this.#lpVp[lp]!;
    const sibling = this.#sibling[lp]!;
    if (vp < 0 || sibling < 0) return;
    const other = this.#lpVp[sibling]!;
    if (other >= 0 && this.#vpPartition[other] !== this.#vpPartition[vp]) this.#lpMixedSince[lp] = now;
  }

  #closeMixed(lp: number, now: number): void {
    const since = this.#lpMixedSince[lp]!;
    if (since < 0) return;
    this.lpMixedNs[lp]! += now - since;
    this.#lpMixedSince[lp] = -1;
  }

  #updateForced(lp: number, now: number): void {
    const forced = this.#lpClaimed[lp] === 1 && this.#lpVp[lp]! < 0;
    const since = this.#lpForcedSince[lp]!;
    if (forced && since < 0) this.#lpForcedSince[lp] = now;
    else if (!forced && since >= 0) {
      this.lpForcedIdleNs[lp]! += now - since;
      if (this.recorder !== null) this.recorder.forced(lp, since, now);
      this.#lpForcedSince[lp] = -1;
    }
  }

  /** Credits the work done on `lp` since it was last settled. */
  #progress(lp: number, now: number): void {
    const elapsed = now - this.#lpProgressAt[lp]!;
    if (elapsed === 0) return;
    this.#lpProgressAt[lp] = now;
    const vp = this.#lpVp[lp]!;
    const runner = this.#vpSource[vp]!;
    if (runner === null) return;
    const possible = elapsed * this.#lpSpeed[lp]!;
    // Its completion is timed to the nanosecond (rounded up): a VP that could have done a whole
    // nanosecond more than it had ran without work, and would count as running while idle.
    if (possible - runner.headRemaining >= this.#lpSpeed[lp]!) this.#ranPastWork(vp, lp, now);
    const done = Math.min(possible, runner.headRemaining);
    runner.headRemaining -= done;
    this.vpWorkUnits[vp]! += done;
  }

  /** Out of line, as every rare branch of the dispatch path: V8 inlines the path only while it stays small. */
  #ranPastWork(vp: number, lp: number, now: number): never {
    bug('VP', vp, 'ran past the end of its work on LP', lp, 'at', now);
  }

  /** Sets `lp`'s timer to the earlier of its deadline and its head burst's completion. */
  #arm(lp: number, now: number): void {
    const remaining = this.#vpSource[this.#lpVp[lp]!]!.headRemaining;
    const deadline = this.#lpDeadline[lp]!;
    const completion = remaining === Number.POSITIVE_INFINITY ? deadline : now + Math.ceil(remaining / this.#lpSpeed[lp]!);
    const at = completion < deadline ? completion : deadline;
    if (at === Number.POSITIVE_INFINITY) this.loop.cancel(lp);
    else this.loop.schedule(lp, at);
  }

  /**
   * Tells `vp`'s watcher, if any, that it started or stopped running. A strict test against null,
   * not `?.`: at every dispatch that is one comparison instead of a look at the object's map.
   */
  #watched(vp: number, running: boolean, now: number): void {
    const watcher = this.#vpWatcher[vp]!;
    if (watcher !== null) watcher.vpRunning(vp, running, now);
  }

  #measureOutside(vp: number, lp: number, now: number): void {
    const mask = this.#vpCpuset[vp]!;
    if (mask !== null && mask[lp] === 0) this.vpOutsideNs[vp]! += now - this.#vpSince[vp]!;
  }

  #setState(vp: number, state: number, now: number): void {
    const since = this.#vpSince[vp]!;
    const from = this.#vpState[vp]!;
    if (this.recorder !== null && now > since) this.recorder.vp(vp, from, since, now);
    this.#vpStateNs[from]![vp]! += now - since;
    this.#vpState[vp] = state;
    this.#vpSince[vp] = now;
  }

  #close(duration: number): void {
    for (let lp = 0; lp < this.lpCount; lp++) {
      if (this.#lpForcedSince[lp]! >= 0) {
        this.lpForcedIdleNs[lp]! += duration - this.#lpForcedSince[lp]!;
        this.recorder?.forced(lp, this.#lpForcedSince[lp]!, duration);
        this.#lpForcedSince[lp] = -1;
      }
      if (this.#lpVp[lp]! < 0) continue;
      this.#progress(lp, duration);
      this.#measureOutside(this.#lpVp[lp]!, lp, duration);
      this.recorder?.lp(lp, this.#lpVp[lp]!, this.#lpVpSince[lp]!, duration);
      this.#closeMixed(lp, duration);
      this.lpBusyNs[lp]! += duration - this.#lpBusySince[lp]!;
    }
    for (let vp = 0; vp < this.#vpState.length; vp++) {
      if (this.#vpState[vp] === READY) this.steal.waitEnded(vp, duration);
      this.#setState(vp, this.#vpState[vp]!, duration);
    }
  }
}
