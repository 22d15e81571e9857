// Whom an OS thread waited behind (docs/model.md, "Steal attribution", threads). Every
// nanosecond a runnable thread is off its CPUs is charged to exactly one holder, so its split
// sums to its waitNs exactly.
//
// The rule is the hypervisor's for VPs, one level up: a waiting thread waits for its *home* CPU,
// the one it last ran on (before it ever ran, the first it may use), and at each instant the
// holder is the thread on that CPU, or nobody while it idles (its cgroup's cpu.max holds the
// waiter back, or a zero-time decision is being made).
//
// A holder is counted under its name as written, replicas together, and a VMM thread under its
// VM: a wait split by each replica of each thread would keep one total per pair of threads that
// ever met, tens of millions on a large host in a long run, so memory would grow with the horizon.
// By written name the totals are at most threads × (written names + 1) and every pair has met
// early in a run.
//
// Cost: a CPU's change of thread settles only the threads waiting for that CPU (an intrusive
// list per CPU); a thread's wait is kept as one running total while its holder stays the same.
import { WaiterLists } from '../engine/waiter-lists.js';
import { SumTable } from './sum-table.js';

export interface WaitTotals {
  readonly start: Int32Array;
  /** Holder names' indices, `nobody` for an idle CPU. */
  readonly holder: Int32Array;
  readonly ns: Float64Array;
}

export class WaitLedger {
  /** Holder name index meaning nobody: the home CPU idled. */
  readonly nobody: number;
  readonly #tasks: number;
  /** Per task: the index of the name waits behind it are counted under. */
  readonly #nameOf: Int32Array;
  /** Per CPU: its holder's name index, or `nobody`. */
  readonly #holder: Int32Array;
  /**
   * Per CPU: when its waiters were last settled. A thread's stop and the next one's start change
   * a CPU's holder twice at one instant; the second settling would charge nobody anything.
   */
  readonly #settledAt: Float64Array;
  readonly #waiters: WaiterLists;
  readonly #home: Int32Array;
  readonly #chargedTo: Float64Array;
  /** Per waiter: the holder its running total is for (-1: none yet), and that total. */
  readonly #runningHolder: Int32Array;
  readonly #runningNs: Float64Array;
  /** Settled totals by waiter × (nobody + 1) + holder, for holders the running total moved past. */
  readonly #settled: SumTable;

  /** `holderNames[task]`: the index of the name a wait behind `task` is counted under, below `nameCount`. */
  constructor(cpuCount: number, holderNames: readonly number[], nameCount: number) {
    const taskCount = holderNames.length;
    this.nobody = nameCount;
    this.#tasks = taskCount;
    this.#nameOf = Int32Array.from(holderNames);
    this.#holder = new Int32Array(cpuCount).fill(nameCount);
    this.#settledAt = new Float64Array(cpuCount).fill(-1);
    this.#waiters = new WaiterLists(cpuCount, taskCount);
    this.#home = new Int32Array(taskCount).fill(-1);
    this.#chargedTo = new Float64Array(taskCount);
    this.#runningHolder = new Int32Array(taskCount).fill(-1);
    this.#runningNs = new Float64Array(taskCount);
    this.#settled = new SumTable(taskCount * (nameCount + 1));
  }

  /** `cpu` now runs `task` (-1: it idles). */
  holderChanged(cpu: number, task: number, now: number): void {
    const holder = task < 0 ? this.nobody : this.#nameOf[task]!;
    if (this.#holder[cpu] === holder) return;
    if (this.#settledAt[cpu] !== now) {
      // Charged to the holder until now, so settled before it changes.
      for (let waiter = this.#waiters.first(cpu); waiter >= 0; waiter = this.#waiters.next(waiter)) this.#settle(waiter, now);
      this.#settledAt[cpu] = now;
    }
    this.#holder[cpu] = holder;
  }

  /** `task` starts waiting for `home`. */
  waitBegan(task: number, home: number, now: number): void {
    this.#home[task] = home;
    this.#chargedTo[task] = now;
    this.#waiters.join(task, home);
  }

  waitEnded(task: number, now: number): void {
    this.#settle(task, now);
    this.#waiters.leave(task, this.#home[task]!);
    this.#home[task] = -1;
  }

  /** Brings every wait up to `now` (end of run). */
  close(now: number): void {
    for (let task = 0; task < this.#tasks; task++) if (this.#home[task]! >= 0) this.#settle(task, now);
  }

  #settle(task: number, now: number): void {
    const elapsed = now - this.#chargedTo[task]!;
    if (elapsed === 0) return;
    this.#chargedTo[task] = now;
    const holder = this.#holder[this.#home[task]!]!;
    if (this.#runningHolder[task] !== holder) {
      this.#flush(task);
      this.#runningHolder[task] = holder;
    }
    this.#runningNs[task]! += elapsed;
  }

  #flush(task: number): void {
    const holder = this.#runningHolder[task]!;
    if (holder < 0 || this.#runningNs[task] === 0) return;
    const key = task * (this.nobody + 1) + holder;
    this.#settled.add(key, this.#runningNs[task]!);
    this.#runningNs[task] = 0;
  }

  /** Settled totals kept: one per waiter and holder name that ever met, so at most tasks × (names + 1), whatever the horizon. */
  get entries(): number {
    return this.#settled.size;
  }

  /**
   * Every task's wait by holder in holder order (`nobody` last), those with none left out: task
   * t's are `holder` and `ns` over `start[t]` to `start[t + 1]`, flat, as a long run has millions.
   * Once, at the end of a run: the ledger hands its totals over and forgets them, so the
   * result's objects are not made while it still holds them.
   */
  takeTotals(): WaitTotals {
    for (let task = 0; task < this.#tasks; task++) this.#flush(task);
    const stride = this.nobody + 1;
    const { keys, sums } = this.#settled.take();
    const start = new Int32Array(this.#tasks + 1);
    const holder = new Int32Array(keys.length);
    const ns = new Float64Array(keys.length);
    let task = -1;
    keys.forEach((key, index) => {
      const keyTask = Math.floor(key / stride);
      for (; task < keyTask; task++) start[task + 1] = index;
      holder[index] = key % stride;
      ns[index] = sums[index]!;
    });
    for (; task < this.#tasks; task++) start[task + 1] = keys.length;
    return { start, holder, ns };
  }
}
