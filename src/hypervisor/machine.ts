// The simulated host: LPs with SMT siblings, VPs and the work they carry. It is the mechanism
// every hypervisor policy drives: it dispatches and stops VPs on LPs, progresses work at the
// SMT-dependent speed, wakes VPs when bursts arrive, and keeps the books (run, steal, idle per VP;
// busy and mixed per LP). Policies decide; only the machine changes state.
import { EventLoop } from '../engine/event-loop.js';
import { Random } from '../engine/random.js';
import type { HostView, HypervisorPolicy } from '../schedulers/policy.js';
import { WorkloadRunner } from '../workloads/runner.js';
import { FULL_SPEED, sharedSpeed } from '../workloads/work.js';
import type { Layout } from './layout.js';

const IDLE = 0;
const READY = 1;
const RUNNING = 2;

export interface MachineOptions {
  readonly seed: number;
  readonly smtThroughput: number;
}

export class Machine implements HostView {
  readonly layout: Layout;
  readonly lpCount: number;
  readonly loop: EventLoop;
  #policy: HypervisorPolicy | null = null;
  readonly #sharedSpeed: number;

  readonly #sibling: Int32Array;
  readonly #usable: Uint8Array;
  readonly #lpVp: Int32Array;
  readonly #lpLastVp: Int32Array;
  readonly #lpSliceEnd: Float64Array;
  readonly #lpSpeed: Float64Array;
  readonly #lpProgressAt: Float64Array;
  readonly #lpBusySince: Float64Array;
  readonly #lpMixedSince: Float64Array;
  readonly lpBusyNs: Float64Array;
  readonly lpMixedNs: Float64Array;
  readonly lpForcedIdleNs: Float64Array;
  #idleLps: number;

  readonly #vpPartition: Int32Array;
  readonly #vpState: Uint8Array;
  readonly #vpSince: Float64Array;
  readonly #vpLp: Int32Array;
  readonly #vpLastLp: Int32Array;
  readonly #vpChargedAt: Float64Array;
  readonly vpRunNs: Float64Array;
  readonly vpStealNs: Float64Array;
  readonly vpIdleNs: Float64Array;
  readonly vpWorkUnits: Float64Array;
  /** Work source of each VP; null for a VP without work of its own. */
  readonly runners: readonly (WorkloadRunner | null)[];
  readonly #runnerVp: Int32Array;
  readonly #runnerList: readonly WorkloadRunner[];

  readonly #firstRunnerSlot: number;
  readonly #windowSlot: number;

  dispatches = 0;
  contextSwitches = 0;
  migrations = 0;

  constructor(layout: Layout, options: MachineOptions) {
    this.layout = layout;
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
    this.#lpLastVp = new Int32Array(lpCount).fill(-1);
    this.#lpSliceEnd = new Float64Array(lpCount);
    this.#lpSpeed = new Float64Array(lpCount);
    this.#lpProgressAt = new Float64Array(lpCount);
    this.#lpBusySince = new Float64Array(lpCount);
    this.#lpMixedSince = new Float64Array(lpCount).fill(-1);
    this.lpBusyNs = new Float64Array(lpCount);
    this.lpMixedNs = new Float64Array(lpCount);
    this.lpForcedIdleNs = new Float64Array(lpCount);
    this.#idleLps = layout.usableLps.length;

    this.#vpPartition = new Int32Array(vpCount);
    this.#vpState = new Uint8Array(vpCount);
    this.#vpSince = new Float64Array(vpCount);
    this.#vpLp = new Int32Array(vpCount).fill(-1);
    this.#vpLastLp = new Int32Array(vpCount).fill(-1);
    this.#vpChargedAt = new Float64Array(vpCount);
    this.vpRunNs = new Float64Array(vpCount);
    this.vpStealNs = new Float64Array(vpCount);
    this.vpIdleNs = new Float64Array(vpCount);
    this.vpWorkUnits = new Float64Array(vpCount);

    for (let lp = 0; lp < lpCount; lp++) this.loop.allocSlot();
    this.#firstRunnerSlot = lpCount;
    const runners: (WorkloadRunner | null)[] = [];
    const runnerList: WorkloadRunner[] = [];
    const runnerVp: number[] = [];
    layout.vps.forEach((vp, id) => {
      this.#vpPartition[id] = vp.partition;
      if (vp.workload === null) {
        runners.push(null);
        return;
      }
      const runner = new WorkloadRunner(vp.workload, Random.fork(options.seed, vp.label));
      runners.push(runner);
      runnerList.push(runner);
      runnerVp.push(id);
      this.loop.allocSlot();
    });
    this.runners = runners;
    this.#runnerList = runnerList;
    this.#runnerVp = Int32Array.from(runnerVp);
    this.#windowSlot = this.loop.allocSlot();
  }

  // HostView
  vpOn(lp: number): number {
    return this.#lpVp[lp]!;
  }
  siblingOf(lp: number): number {
    return this.#sibling[lp]!;
  }
  lastLpOf(vp: number): number {
    return this.#vpLastLp[vp]!;
  }
  get idleLpCount(): number {
    return this.#idleLps;
  }

  /** Runs the whole horizon under `policy` and closes every open interval at `duration`. */
  run(policy: HypervisorPolicy, duration: number): void {
    this.#policy = policy;
    this.#runnerList.forEach((runner, index) => {
      if (runner.nextArrivalAt < duration) this.loop.schedule(this.#firstRunnerSlot + index, runner.nextArrivalAt);
    });
    if (policy.window > 0 && policy.window < duration) this.loop.schedule(this.#windowSlot, policy.window);
    for (let vp = 0; vp < this.runners.length; vp++) {
      if (this.runners[vp]?.hasWork) this.#wake(vp, 0);
    }
    this.loop.run(duration);
    this.#close(duration);
  }

  #onEvent(slot: number, now: number): void {
    if (slot < this.#firstRunnerSlot) this.#onLpTimer(slot, now);
    else if (slot === this.#windowSlot) this.#onWindow(now);
    else this.#onArrival(slot - this.#firstRunnerSlot, now);
  }

  #onArrival(index: number, now: number): void {
    const runner = this.#runnerList[index]!;
    const becameRunnable = runner.arrive(now);
    if (runner.nextArrivalAt !== Number.POSITIVE_INFINITY) this.loop.schedule(this.#firstRunnerSlot + index, runner.nextArrivalAt);
    if (becameRunnable) this.#wake(this.#runnerVp[index]!, now);
  }

  #onWindow(now: number): void {
    const policy = this.#policy!;
    for (let lp = 0; lp < this.lpCount; lp++) {
      const vp = this.#lpVp[lp]!;
      if (vp < 0) continue;
      policy.charge(vp, now - this.#vpChargedAt[vp]!);
      this.#vpChargedAt[vp] = now;
    }
    policy.windowEnded();
    this.loop.schedule(this.#windowSlot, now + policy.window);
    for (let lp = 0; lp < this.lpCount; lp++) {
      if (this.#usable[lp] && this.#lpVp[lp]! < 0) this.#fill(lp, now);
    }
  }

  #onLpTimer(lp: number, now: number): void {
    const vp = this.#lpVp[lp]!;
    const runner = this.runners[vp]!;
    this.#progress(lp, now);
    if (runner.headRemaining <= 0 && runner.completeHead(now)) runner.markExecuting(now);
    if (!runner.hasWork) {
      this.#stop(lp, now, IDLE);
      this.#fill(lp, now);
      return;
    }
    if (now < this.#lpSliceEnd[lp]!) {
      this.#arm(lp, now);
      return;
    }
    const policy = this.#policy!;
    policy.charge(vp, now - this.#vpChargedAt[vp]!);
    this.#vpChargedAt[vp] = now;
    policy.stopped(vp, true);
    const next = policy.pick(lp, now);
    if (next === vp) {
      // Re-picked: it keeps the LP without a switch.
      this.dispatches++;
      this.#lpSliceEnd[lp] = now + policy.slice(vp);
      this.#arm(lp, now);
      return;
    }
    this.#stop(lp, now, READY);
    if (next >= 0) this.#dispatch(lp, next, now);
  }

  #wake(vp: number, now: number): void {
    if (this.#vpState[vp] !== IDLE) throw new Error(`Bug: waking VP ${vp} that is not idle`);
    this.#setState(vp, READY, now);
    const lp = this.#policy!.wake(vp, now);
    if (lp >= 0) this.#dispatch(lp, vp, now);
  }

  /** Gives the free `lp` to the policy's choice, if any. */
  #fill(lp: number, now: number): void {
    const next = this.#policy!.pick(lp, now);
    if (next >= 0) this.#dispatch(lp, next, now);
  }

  #dispatch(lp: number, vp: number, now: number): void {
    if (this.#lpVp[lp]! >= 0) throw new Error(`Bug: LP ${lp} would run VP ${vp} while running VP ${this.#lpVp[lp]}`);
    if (this.#vpState[vp] !== READY) throw new Error(`Bug: dispatching VP ${vp} that is not ready`);
    if (!this.#usable[lp]) throw new Error(`Bug: dispatching on unusable LP ${lp}`);
    this.dispatches++;
    if (this.#lpLastVp[lp] !== vp) this.contextSwitches++;
    const lastLp = this.#vpLastLp[vp]!;
    if (lastLp >= 0 && lastLp !== lp) this.migrations++;
    this.#setState(vp, RUNNING, now);
    this.#lpVp[lp] = vp;
    this.#lpLastVp[lp] = vp;
    this.#vpLp[vp] = lp;
    this.#vpLastLp[vp] = lp;
    this.#vpChargedAt[vp] = now;
    this.#idleLps--;
    this.#lpBusySince[lp] = now;
    this.#lpProgressAt[lp] = now;
    const sibling = this.#sibling[lp]!;
    this.#lpSpeed[lp] = sibling >= 0 && this.#lpVp[sibling]! >= 0 ? this.#sharedSpeed : FULL_SPEED;
    this.#siblingChanged(sibling, now);
    this.runners[vp]!.markExecuting(now);
    this.#lpSliceEnd[lp] = now + this.#policy!.slice(vp);
    this.#arm(lp, now);
  }

  /** Takes the VP off `lp` into `state`, telling the policy unless it stays queued for a re-pick. */
  #stop(lp: number, now: number, state: typeof IDLE | typeof READY): void {
    const vp = this.#lpVp[lp]!;
    this.#progress(lp, now);
    if (state === IDLE) {
      const policy = this.#policy!;
      policy.charge(vp, now - this.#vpChargedAt[vp]!);
      policy.stopped(vp, false);
    }
    this.#setState(vp, state, now);
    this.#closeMixed(lp, now);
    this.lpBusyNs[lp]! += now - this.#lpBusySince[lp]!;
    this.#lpVp[lp] = -1;
    this.#vpLp[vp] = -1;
    this.#idleLps++;
    this.loop.cancel(lp);
    this.#siblingChanged(this.#sibling[lp]!, now);
  }

  /** The sibling of `sibling` changed occupancy: settle its work at the old speed, re-time it. */
  #siblingChanged(sibling: number, now: number): void {
    if (sibling < 0) return;
    const lp = this.#sibling[sibling]!;
    this.#closeMixed(sibling, now);
    this.#openMixed(sibling, now);
    this.#closeMixed(lp, now);
    this.#openMixed(lp, now);
    if (this.#lpVp[sibling]! < 0) return;
    this.#progress(sibling, now);
    this.#lpSpeed[sibling] = this.#lpVp[lp]! >= 0 ? this.#sharedSpeed : FULL_SPEED;
    this.#arm(sibling, now);
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

  /** Credits the work done on `lp` since it was last settled. */
  #progress(lp: number, now: number): void {
    const elapsed = now - this.#lpProgressAt[lp]!;
    if (elapsed === 0) return;
    this.#lpProgressAt[lp] = now;
    const vp = this.#lpVp[lp]!;
    const runner = this.runners[vp]!;
    const done = Math.min(elapsed * this.#lpSpeed[lp]!, runner.headRemaining);
    runner.headRemaining -= done;
    this.vpWorkUnits[vp]! += done;
  }

  /** Sets `lp`'s timer to the earlier of its slice end and its head burst's completion. */
  #arm(lp: number, now: number): void {
    const remaining = this.runners[this.#lpVp[lp]!]!.headRemaining;
    const sliceEnd = this.#lpSliceEnd[lp]!;
    const completion = remaining === Number.POSITIVE_INFINITY ? sliceEnd : now + Math.ceil(remaining / this.#lpSpeed[lp]!);
    this.loop.schedule(lp, completion < sliceEnd ? completion : sliceEnd);
  }

  #setState(vp: number, state: number, now: number): void {
    const elapsed = now - this.#vpSince[vp]!;
    switch (this.#vpState[vp]) {
      case IDLE:
        this.vpIdleNs[vp]! += elapsed;
        break;
      case READY:
        this.vpStealNs[vp]! += elapsed;
        break;
      case RUNNING:
        this.vpRunNs[vp]! += elapsed;
        break;
    }
    this.#vpState[vp] = state;
    this.#vpSince[vp] = now;
  }

  #close(duration: number): void {
    for (let lp = 0; lp < this.lpCount; lp++) {
      if (this.#lpVp[lp]! < 0) continue;
      this.#progress(lp, duration);
      this.#closeMixed(lp, duration);
      this.lpBusyNs[lp]! += duration - this.#lpBusySince[lp]!;
    }
    for (let vp = 0; vp < this.#vpState.length; vp++) this.#setState(vp, this.#vpState[vp]!, duration);
  }
}
