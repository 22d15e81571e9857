// The fair scheduler of an OS (MODEL.md §5): the root OS in `root` mode and the OS inside every
// L1VH in every mode.
//
// Models Linux's fair class (CFS) with flat cgroups: each CPU runs the runnable, allowed task
// whose top-level entity (its cgroup, or the task itself when ungrouped) has the least virtual
// runtime, and inside a cgroup the member with the least one. Virtual runtime advances by run
// time × 1024 / weight (nice weights from Linux's table; a cgroup's weight is cpu.weight × 1024 /
// 100). A running task keeps its CPU for a slice; a waking task is placed no earlier than the
// least virtual runtime minus half a slice, takes an idle allowed CPU if there is one, and
// otherwise preempts the CPU whose current task is furthest ahead of it when the lead exceeds
// the wake-up granularity. cpu.max throttles a cgroup once it used its quota in the current
// period, until the period ends; cpusets and affinities are never violated. With one run queue
// for all CPUs, three rules keep max-min fairness where affinities and cgroups meet: a task that
// wins its CPU again moves to relieve the most-served neighbour; the time a cgroup gives up is
// taken from its member furthest ahead; and a member ahead of a sibling gets a second CPU for its
// cgroup only once the cgroup is well behind.
// Sources: Linux kernel/sched/fair.c (place_entity, check_preempt_wakeup, throttle_cfs_rq),
// kernel/sched/core.c (sched_prio_to_weight), Documentation/admin-guide/cgroup-v2.rst (cpu.weight,
// cpu.max, cpuset.cpus); shared/reference/domain.md §6.
// Scenario keys: os.slice, os.wakeupGranularity; threads' nice, cgroup and cpus; cgroups' weight,
// max and cpus.
// Simplifications: one global choice per free CPU instead of per-CPU run queues with load
// balancing; a fixed slice instead of one scaled by the number of runnable tasks; one level of
// cgroups. Over windows much longer than a slice the shares match generalised processor sharing
// with these weights, caps and affinities, which is what the tests check.
import { bug } from '../engine/bug.js';
import { FifoHeap, FifoLinks } from '../engine/fifo-heap.js';
import { ListIds } from '../engine/list-ids.js';
import { IdTable } from '../engine/id-table.js';
import { WaitLedger } from '../metrics/wait-ledger.js';
import { WorkConservationMeter } from '../metrics/work-conservation.js';
import { cpuWeightToWeight, NICE_0_WEIGHT } from './nice.js';
import { IdleCpuIndex } from './idle-index.js';
import { RunningIndex } from './running-index.js';

export interface FairTaskSpec {
  readonly weight: number;
  /** Index of its cgroup, or -1. */
  readonly group: number;
  /** CPUs it may run on (already intersected with its cgroup's cpuset), ascending. */
  readonly cpus: readonly number[];
  /** Index of the name others' waits behind it are counted under (WaitLedger), from 0 up. */
  readonly holderName: number;
}

export interface FairGroupSpec {
  /** cpu.weight, 1–10000. */
  readonly cpuWeight: number;
  readonly quota: number | null;
  readonly period: number;
}

export interface FairOptions {
  readonly slice: number;
  readonly wakeupGranularity: number;
  /** Each CPU's SMT sibling, or -1: the OS sees its CPUs' topology, as Linux does. */
  readonly siblings: readonly number[];
  /** The name of its work-conservation meter: the OS it schedules. */
  readonly name: string;
}

/** Timers the scheduler arms; `fire` is called back through `FairScheduler.timer`. */
export interface FairTimers {
  /** A slot; with `delay`, one only ever armed `delay` after the current time (EventLoop.laneFor). */
  alloc(delay?: number): number;
  schedule(slot: number, at: number): void;
  cancel(slot: number): void;
}

/** Told every time a CPU's current task changes (`task` -1: the CPU goes idle). */
export type SwitchListener = (cpu: number, task: number, now: number) => void;

/**
 * How many slices of its own virtual time a cgroup falls behind before a member ahead of a sibling
 * gets a CPU (see #best). Long enough that a cgroup holding a CPU for a member that could use a
 * whole one does not lose it after lending a turn to a lighter member; the shares do not depend on
 * it beyond that, since the lag it allows is bounded.
 */
const HANDICAP_SLICES = 10;
const SLEEPING = 0;
const WAITING = 1;
const RUNNING = 2;

export class FairScheduler {
  readonly cpuCount: number;
  readonly slice: number;
  readonly #granularity: number;
  readonly #timers: FairTimers;
  readonly #listener: SwitchListener;

  readonly #cpuTask: Int32Array;
  readonly #cpuSlot: Int32Array;
  readonly #sibling: Int32Array;
  /** Ready = WAITING; a capped cgroup's members are held while it is throttled or full. */
  readonly meter: WorkConservationMeter;
  readonly #meterClass: Int32Array;
  /** Told when a capped cgroup starts or stops holding its waiting members back. */
  heldChanged: ((group: number, held: boolean, now: number) => void) | null = null;
  /** Told of every period a task spent waiting or running, as it ends (for a trace). */
  periodEnded: ((task: number, running: boolean, start: number, end: number) => void) | null = null;
  readonly #slotCpu = new IdTable();

  readonly #taskState: Uint8Array;
  readonly #taskCpu: Int32Array;
  readonly #taskLastCpu: Int32Array;
  /** A waiting or sleeping task's virtual runtime; a running task's is #taskBase + now × its scale. */
  readonly #taskVruntime: Float64Array;
  /**
   * A running task's virtual runtime less its start time × scale: a key whose order among tasks of
   * one scale never changes while they run, and one formula for the value at any instant, so that
   * a value never depends on when it was last looked at.
   */
  readonly #taskBase: Float64Array;
  readonly #taskScale: Float64Array;
  readonly #taskGroup: Int32Array;
  /** setCount × cpuCount flags: may the tasks of set s (#taskSet) run on CPU c. */
  readonly #setAllows: Uint8Array;
  /** Per set (#taskSet), its CPUs ascending, and those of them that another set has too. */
  readonly #setCpus: readonly Int32Array[];
  readonly #sharedCpus: readonly Int32Array[];
  readonly #idleCpus: IdleCpuIndex;
  readonly #taskSince: Float64Array;
  readonly taskRunNs: Float64Array;
  readonly taskWaitNs: Float64Array;
  /** Whom each task waited behind. */
  readonly waits: WaitLedger;
  /** Each task's first allowed CPU: its home until it first runs. */
  readonly #firstCpu: Int32Array;
  /**
   * Waiting tasks are queued by virtual runtime in one heap per class: the tasks of one cgroup
   * (or none) with the same allowed CPUs. A CPU looks only at the heads of the classes it may
   * serve, so a pick costs the number of classes, not the number of tasks.
   */
  readonly #classOf: Int32Array;
  readonly #classHeaps: readonly FifoHeap[];
  /** Per CPU: the ungrouped classes allowed there. */
  readonly #cpuClasses: readonly Int32Array[];
  /** Per cgroup, per CPU: its classes allowed there. */
  readonly #groupCpuClasses: readonly (readonly Int32Array[])[];
  /** Per cgroup: all its classes. */
  readonly #groupClasses: readonly Int32Array[];
  readonly #groupHeld: Uint8Array;
  /** The running tasks by cgroup and scale, over each task's allowed CPUs (the sets #taskSet names). */
  readonly #running: RunningIndex;
  readonly #taskSet: Int32Array;
  /** What the last #furthestEntity or #furthestMember found: the virtual runtime on the CPU it returned. */
  #found = 0;

  /** A cgroup's virtual runtime when its running members last changed (#groupChangedAt): it grows at running × scale. */
  readonly #groupVruntime: Float64Array;
  readonly #groupChangedAt: Float64Array;
  readonly #groupScale: Float64Array;
  readonly #groupFloor: Float64Array;
  readonly #memberFloorScratch: Float64Array;
  readonly #groupRunnable: Int32Array;
  readonly #groupRunning: Int32Array;
  /** Per cgroup: its running members in the first groupRunning places; #runningAt is each one's place. */
  readonly #groupRunningTasks: readonly Int32Array[];
  readonly #runningAt: Int32Array;
  readonly #groupThrottled: Uint8Array;
  readonly #groupQuota: Float64Array;
  /**
   * At most ⌈quota left / period left⌉ members of a capped cgroup run at once (A): ⌈quota /
   * period⌉ as a period starts, one fewer each time the quota left would no longer keep one more
   * running to the period's end. Linux's per-CPU run queues keep a capped group's tasks together,
   * so it uses its quota at its rate instead of in bursts on every CPU; with one global run queue
   * this cap is what keeps the shares those of generalised processor sharing under the cap
   * (checked against Linux by `npm run parity`): the cgroup's use is spread over the period, and
   * the member that stops as it narrows is the one furthest ahead.
   */
  readonly #groupMaxRunning: Float64Array;
  readonly #groupPeriod: Float64Array;
  readonly #groupPeriodEnd: Float64Array;
  readonly #groupUsed: Float64Array;
  readonly #groupSettledAt: Float64Array;
  readonly #groupThrottleSlot: Int32Array;
  readonly #groupPeriodSlot: Int32Array;
  /** Per timer of a capped cgroup: 2 × the cgroup, + 1 for its period's end (else its throttle). */
  readonly #slotGroup = new IdTable();
  /** Periods in which a cgroup was throttled or its cap narrowed. */
  readonly groupThrottles: Float64Array;
  readonly #groupNarrowed: Uint8Array;
  #floor = 0;
  /** Tasks in the queues, held ones included; of them, those of held cgroups, and each cgroup's. */
  #waitingCount = 0;
  #heldWaiting = 0;
  readonly #groupWaiting: Int32Array;
  /** The top-level key the last #best chose by, a cgroup's handicap included. */
  #bestKey = 0;

  constructor(
    cpuCount: number,
    tasks: readonly FairTaskSpec[],
    groups: readonly FairGroupSpec[],
    options: FairOptions,
    timers: FairTimers,
    listener: SwitchListener,
  ) {
    this.cpuCount = cpuCount;
    this.slice = options.slice;
    this.#granularity = options.wakeupGranularity;
    this.#timers = timers;
    this.#listener = listener;
    const taskCount = tasks.length;
    this.#cpuTask = new Int32Array(cpuCount).fill(-1);
    this.#cpuSlot = new Int32Array(cpuCount);
    this.#sibling = Int32Array.from(options.siblings);
    this.meter = new WorkConservationMeter(options.name, cpuCount);
    for (let cpu = 0; cpu < cpuCount; cpu++) {
      const slot = timers.alloc(this.slice);
      this.#cpuSlot[cpu] = slot;
      this.#slotCpu.set(slot, cpu);
    }
    this.#taskState = new Uint8Array(taskCount);
    this.#taskCpu = new Int32Array(taskCount).fill(-1);
    this.#taskLastCpu = new Int32Array(taskCount).fill(-1);
    this.#taskVruntime = new Float64Array(taskCount);
    this.#taskScale = new Float64Array(taskCount);
    this.#taskGroup = new Int32Array(taskCount);
    this.#taskSince = new Float64Array(taskCount);
    this.#taskBase = new Float64Array(taskCount);
    this.taskRunNs = new Float64Array(taskCount);
    this.taskWaitNs = new Float64Array(taskCount);
    const holderNames = tasks.map((task) => task.holderName);
    this.waits = new WaitLedger(cpuCount, holderNames, Math.max(0, ...holderNames) + 1);
    this.#firstCpu = Int32Array.from(tasks, (task) => task.cpus[0] ?? bug('a task may run on no CPU'));
    this.#classOf = new Int32Array(taskCount);
    const classIds = new ListIds();
    const classes: { group: number; cpus: readonly number[] }[] = [];
    tasks.forEach((task, id) => {
      this.#taskScale[id] = NICE_0_WEIGHT / task.weight;
      this.#taskGroup[id] = task.group;
      const classId = classIds.idOf(task.cpus, task.group);
      if (classId === classes.length) classes.push({ group: task.group, cpus: task.cpus });
      this.#classOf[id] = classId;
    });
    const setIds = new ListIds();
    const sets: (readonly number[])[] = [];
    this.#taskSet = Int32Array.from(tasks, (task) => {
      const set = setIds.idOf(task.cpus);
      if (set === sets.length) sets.push(task.cpus);
      return set;
    });
    this.#setAllows = new Uint8Array(sets.length * cpuCount);
    sets.forEach((cpus, set) => {
      for (const cpu of cpus) this.#setAllows[set * cpuCount + cpu] = 1;
    });
    this.#setCpus = sets.map((cpus) => Int32Array.from(cpus).sort());
    const setsAt = new Int32Array(cpuCount);
    for (const cpus of sets) for (const cpu of cpus) setsAt[cpu]!++;
    this.#sharedCpus = this.#setCpus.map((cpus) => cpus.filter((cpu) => setsAt[cpu]! > 1));
    this.#idleCpus = new IdleCpuIndex(cpuCount, options.siblings, sets);
    // Each owner's (ungrouped, then each cgroup's) distinct scales, numbered as first seen.
    const ownerScales = Array.from({ length: groups.length + 1 }, () => new Map<number, number>());
    const runningSpecs = tasks.map((task, id) => {
      const scales = ownerScales[task.group + 1]!;
      const scale = this.#taskScale[id]!;
      if (!scales.has(scale)) scales.set(scale, scales.size);
      return { owner: task.group + 1, set: this.#taskSet[id]!, scale: scales.get(scale)! };
    });
    this.#running = new RunningIndex(cpuCount, runningSpecs, sets, ownerScales.map((scales) => scales.size));
    const links = new FifoLinks(taskCount);
    this.#classHeaps = classes.map(() => new FifoHeap(links));
    // Per cgroup (ungrouped first), per CPU: the classes allowed there, in class order.
    const classesAt = Array.from({ length: groups.length + 1 }, () => Array.from({ length: cpuCount }, (): number[] => []));
    classes.forEach((c, classId) => {
      for (const cpu of c.cpus) classesAt[c.group + 1]![cpu]!.push(classId);
    });
    this.#cpuClasses = classesAt[0]!.map((ids) => Int32Array.from(ids));
    this.#groupCpuClasses = classesAt.slice(1).map((perCpu) => perCpu.map((ids) => Int32Array.from(ids)));
    this.#groupClasses = groups.map((_, group) => Int32Array.from(classes.flatMap((c, classId) => (c.group === group ? [classId] : []))));
    this.#meterClass = Int32Array.from(classes, (c) => this.meter.classOf(c.cpus, c.group));

    const groupCount = groups.length;
    this.#groupVruntime = new Float64Array(groupCount);
    this.#groupChangedAt = new Float64Array(groupCount);
    this.#groupScale = new Float64Array(groupCount);
    this.#groupFloor = new Float64Array(groupCount);
    this.#memberFloorScratch = new Float64Array(groupCount).fill(Number.POSITIVE_INFINITY);
    this.#groupRunnable = new Int32Array(groupCount);
    this.#groupRunning = new Int32Array(groupCount);
    this.#groupWaiting = new Int32Array(groupCount);
    const memberCounts = new Int32Array(groupCount);
    for (const task of tasks) if (task.group >= 0) memberCounts[task.group]!++;
    this.#groupRunningTasks = Array.from(memberCounts, (count) => new Int32Array(count));
    this.#runningAt = new Int32Array(taskCount);
    this.#groupThrottled = new Uint8Array(groupCount);
    this.#groupHeld = new Uint8Array(groupCount);
    this.#groupQuota = new Float64Array(groupCount);
    this.#groupMaxRunning = new Float64Array(groupCount);
    this.#groupPeriod = new Float64Array(groupCount);
    this.#groupPeriodEnd = new Float64Array(groupCount);
    this.#groupUsed = new Float64Array(groupCount);
    this.#groupSettledAt = new Float64Array(groupCount);
    this.#groupThrottleSlot = new Int32Array(groupCount).fill(-1);
    this.#groupPeriodSlot = new Int32Array(groupCount).fill(-1);
    this.groupThrottles = new Float64Array(groupCount);
    this.#groupNarrowed = new Uint8Array(groupCount);
    groups.forEach((group, id) => {
      this.#groupScale[id] = NICE_0_WEIGHT / cpuWeightToWeight(group.cpuWeight);
      this.#groupQuota[id] = group.quota ?? Number.POSITIVE_INFINITY;
      this.#groupMaxRunning[id] = group.quota === null ? Number.POSITIVE_INFINITY : Math.ceil(group.quota / group.period);
      this.#groupPeriod[id] = group.period;
      this.#groupPeriodEnd[id] = group.period;
      if (group.quota === null) return;
      const throttle = timers.alloc();
      const period = timers.alloc();
      this.#groupThrottleSlot[id] = throttle;
      this.#groupPeriodSlot[id] = period;
      this.#slotGroup.set(throttle, 2 * id);
      this.#slotGroup.set(period, 2 * id + 1);
      timers.schedule(period, group.period);
    });
  }

  /** `task` got work. */
  wake(task: number, now: number): void {
    if (this.#taskState[task] !== SLEEPING) throw new Error(`Bug: waking task ${task} that is not asleep`);
    this.#updateFloors(now);
    const group = this.#taskGroup[task]!;
    const credit = this.slice / 2;
    // Placed before it is queued: a queued task's key must not change.
    if (group >= 0) {
      const floor = this.#groupFloor[group]! - credit;
      if (this.#taskVruntime[task]! < floor) this.#taskVruntime[task] = floor;
      if (this.#groupRunnable[group]! === 0 && this.#groupVruntime[group]! < this.#floor - credit) {
        this.#groupVruntime[group] = this.#floor - credit;
      }
    } else if (this.#taskVruntime[task]! < this.#floor - credit) {
      this.#taskVruntime[task] = this.#floor - credit;
    }
    this.#setState(task, WAITING, now);
    if (group >= 0) {
      this.#groupRunnable[group]!++;
      if (this.#groupThrottled[group] === 1) return;
      this.#updateHeld(group, now);
      if (this.#groupHeld[group] === 1) {
        this.#preemptFor(task, now);
        return;
      }
    }
    const idle = this.#idleCpuFor(task);
    if (idle >= 0) {
      this.#start(task, idle, now);
      return;
    }
    if (this.#makeRoom(task, now)) return;
    this.#preemptFor(task, now);
  }

  /** `task` ran out of work, on a CPU or while waiting for one. */
  block(task: number, now: number): void {
    const state = this.#taskState[task];
    if (state === SLEEPING) throw new Error(`Bug: blocking task ${task} that is asleep`);
    const group = this.#taskGroup[task]!;
    if (state === RUNNING) {
      const cpu = this.#taskCpu[task]!;
      this.#stop(task, SLEEPING, now);
      if (group >= 0) this.#groupRunnable[group]!--;
      this.#refillCpu(cpu, group, now);
      return;
    }
    this.#setState(task, SLEEPING, now);
    if (group >= 0) this.#groupRunnable[group]!--;
  }

  /** A slot this scheduler armed fired. */
  timer(slot: number, now: number): void {
    const cpu = this.#slotCpu.get(slot);
    if (cpu >= 0) {
      this.#sliceEnded(cpu, now);
      return;
    }
    const target = this.#slotGroup.get(slot);
    if (target < 0) throw new Error(`Bug: slot ${slot} is not the fair scheduler's`);
    if (target % 2 === 0) this.#throttle(target >> 1, now);
    else this.#refill(target >> 1, now);
  }

  /** Settles every running task's accounting up to `now` (end of run). */
  close(now: number): void {
    for (let task = 0; task < this.#taskState.length; task++) this.#settleState(task, now);
    this.waits.close(now);
    this.meter.close(now);
  }

  /**
   * The slice of the task on `cpu` ended. On a core whose sibling is busy, while a whole core it
   * may use is idle, it moves there (Linux's idle balancing: two busy threads never share a core
   * while one is free). Otherwise it goes back to the queue, the CPU takes the best task, and if
   * that was another, the task may still take an idle CPU of its own.
   */
  #sliceEnded(cpu: number, now: number): void {
    const task = this.#cpuTask[cpu]!;
    const group = this.#taskGroup[task]!;
    const sibling = this.#sibling[cpu]!;
    const spare = sibling >= 0 && this.#cpuTask[sibling]! >= 0 ? this.#idleCoreFor(task) : -1;
    // The best of the others, found while `task` still holds `cpu`.
    const waiting = spare >= 0 ? -1 : this.#best(cpu, now);
    const waitingKey = this.#bestKey;
    if (waiting >= 0 && group < 0 && this.#winsAgain(task, waiting, waitingKey, now)) {
      // Behind `waiting`, it is never the one furthest ahead of it: the CPU it relieves is the
      // same whether or not it still runs. With none to relieve it keeps its CPU: what going to
      // the queue and straight back would leave, without the round trip.
      const target = this.#relieveTarget(task, waiting, waitingKey, now);
      if (target < 0) this.#renewSlice(cpu, task, now);
      else {
        this.#stop(task, WAITING, now);
        this.#relieveAt(cpu, task, waiting, target, now);
      }
      return;
    }
    this.#stop(task, WAITING, now);
    if (spare >= 0) {
      // It leaves `cpu` before it starts on `spare`: a thread is never on two CPUs at once.
      this.#listener(cpu, -1, now);
      this.#start(task, spare, now);
      this.#pick(cpu, now);
      return;
    }
    if (waiting >= 0) {
      const winner = this.#best(cpu, now);
      if (winner === task ? this.#relieve(cpu, task, waiting, waitingKey, now) : this.#yieldAhead(cpu, task, winner, now)) return;
    }
    this.#refillCpu(cpu, group, now);
    this.#offer(task, now);
  }

  /**
   * `task` won `cpu` again while `waiting` waits for it: it moves instead to the CPU whose task is
   * furthest ahead of `waiting`, and `waiting` takes `cpu`. A task that wins every choice it is in
   * would otherwise stay where it is while the tasks pinned beside it share what it leaves
   * unevenly; moving it to relieve the most-served neighbour is how max-min fairness shares it.
   */
  #relieve(cpu: number, task: number, waiting: number, waitingKey: number, now: number): boolean {
    const target = this.#relieveTarget(task, waiting, waitingKey, now);
    if (target < 0) return false;
    this.#relieveAt(cpu, task, waiting, target, now);
    return true;
  }

  /** The CPU `task` would move to so that `waiting` (of key `waitingKey`) takes its own: the one whose entity is furthest ahead of `waiting`; -1 if none is ahead. */
  #relieveTarget(task: number, waiting: number, waitingKey: number, now: number): number {
    const set = this.#taskSet[task]!;
    const waitingGroup = this.#taskGroup[waiting]!;
    let target = -1;
    let furthest = 0;
    if (waitingGroup >= 0) {
      const sibling = this.#furthestMember(set, waitingGroup, now);
      if (sibling >= 0 && this.#found - this.#taskVruntime[waiting]! > furthest) {
        furthest = this.#found - this.#taskVruntime[waiting]!;
        target = sibling;
      }
    }
    const other = this.#furthestEntity(set, waitingGroup, -1, now);
    if (other >= 0) {
      const lead = this.#found - waitingKey;
      if (lead > furthest || (target >= 0 && lead === furthest && other < target)) target = other;
    }
    return target;
  }

  /** Waiting `task` moves to `target`, whose entity goes back to the queue, and `waiting` takes `cpu`. */
  #relieveAt(cpu: number, task: number, waiting: number, target: number, now: number): void {
    const relieved = this.#cpuTask[target]!;
    this.#stop(relieved, WAITING, now);
    this.#start(waiting, cpu, now);
    this.#start(task, target, now);
    this.#offer(relieved, now);
  }

  /**
   * Whether ungrouped `task`, its slice over, would win its CPU back from `waiting` (the best of
   * the others there, of key `waitingKey`) once queued, as #best would find: it would head its
   * class's queue (behind an equal key it queues last) and come before `waiting` by key, then
   * by entity (tasks before cgroups).
   */
  #winsAgain(task: number, waiting: number, waitingKey: number, now: number): boolean {
    const vruntime = this.#vruntime(task, now);
    const head = this.#classHeaps[this.#classOf[task]!]!.peek();
    if (head >= 0 && !(vruntime < this.#taskVruntime[head]!)) return false;
    const group = this.#taskGroup[waiting]!;
    const entity = group < 0 ? waiting : this.#taskState.length + group;
    return vruntime < waitingKey || (vruntime === waitingKey && task < entity);
  }

  /**
   * Ungrouped `task` starts a new slice on `cpu`: the books of taking it off and putting it
   * back at one instant (its run so far booked, its base recomputed from its virtual runtime),
   * and nothing that a zero-time stay in the queue would undo.
   */
  #renewSlice(cpu: number, task: number, now: number): void {
    this.#taskVruntime[task] = this.#vruntime(task, now);
    this.#settleState(task, now);
    this.#taskBase[task] = this.#taskVruntime[task]! - now * this.#taskScale[task]!;
    this.#running.started(task, cpu, this.#taskBase[task]!);
    this.#timers.schedule(this.#cpuSlot[cpu]!, now + this.slice);
    this.#listener(cpu, task, now);
  }

  /**
   * `winner` takes `cpu` from `task`'s cgroup: the time the cgroup gives up is taken from its
   * member furthest ahead, so `winner` takes that member's CPU instead if it may and `task` stays.
   * With every other CPU busy, it likewise takes the CPU of the entity furthest ahead of `task`
   * (of neither one's cgroup): whose slice ended first must not decide who waits, or a task
   * pinned where a free one's turn comes up loses time that a more-served one should give.
   */
  #yieldAhead(cpu: number, task: number, winner: number, now: number): boolean {
    const group = this.#taskGroup[task]!;
    if (winner < 0 || (group >= 0 && this.#taskGroup[winner] === group)) return false;
    let ahead = group >= 0 ? this.#furthestSibling(group, winner, this.#vruntime(task, now), now) : -1;
    if (ahead < 0 && this.meter.idlePlaces === 1) {
      const other = this.#furthestEntity(this.#taskSet[winner]!, group, this.#taskGroup[winner]!, now);
      if (other >= 0 && this.#found > this.#entityVruntime(task, now)) ahead = this.#cpuTask[other]!;
    }
    if (ahead < 0) return false;
    const target = this.#taskCpu[ahead]!;
    this.#stop(ahead, WAITING, now);
    this.#start(winner, target, now);
    this.#start(task, cpu, now);
    this.#offer(ahead, now);
    return true;
  }

  /** `group`'s running member furthest ahead beyond `beyond`, on a CPU `task` may use; -1 if none. */
  #furthestSibling(group: number, task: number, beyond: number, now: number): number {
    const running = this.#groupRunningTasks[group]!;
    let ahead = -1;
    let furthest = beyond;
    for (let i = 0; i < this.#groupRunning[group]!; i++) {
      const sibling = running[i]!;
      if (!this.#mayRun(task, this.#taskCpu[sibling]!)) continue;
      const vruntime = this.#vruntime(sibling, now);
      if (vruntime > furthest) {
        furthest = vruntime;
        ahead = sibling;
      }
    }
    return ahead;
  }

  /**
   * `cpu` was freed by a task of `group` (-1: none). The cgroup's turn goes first to its member
   * furthest behind, wherever that one may run: left to `cpu`, it would always go to the members
   * allowed there, and a member pinned elsewhere would starve. That member takes an idle CPU of
   * its own, or one whose task may move to `cpu`, or preempts as a waking task would. Then `cpu`
   * takes the best task for it, and any place a capped cgroup still has goes to members with
   * idle CPUs.
   */
  #refillCpu(cpu: number, group: number, now: number): void {
    if (group >= 0 && this.#groupHeld[group] === 0) {
      const behind = this.#leastWaitingMember(group);
      if (behind >= 0 && !this.#mayRun(behind, cpu)) {
        const idle = this.#idleCpuFor(behind);
        if (idle >= 0) this.#start(behind, idle, now);
        else if (!this.#makeRoom(behind, now, cpu)) this.#preemptFor(behind, now);
      }
    }
    // The member placed first may have displaced a task that then took `cpu` itself.
    if (this.#cpuTask[cpu]! < 0) this.#pick(cpu, now);
    if (group >= 0 && this.#groupMaxRunning[group]! !== Number.POSITIVE_INFINITY) this.#fillGroup(group, now);
  }

  /** Places the waiting `task` on an idle CPU it may use, if its cgroup lets it run. */
  #offer(task: number, now: number): void {
    if (this.#taskState[task] !== WAITING) return;
    const group = this.#taskGroup[task]!;
    if (group >= 0 && this.#groupHeld[group] === 1) return;
    const idle = this.#idleCpuFor(task);
    if (idle >= 0) this.#start(task, idle, now);
    else if (!this.#makeRoom(task, now) && group >= 0) this.#displaceSibling(task, now);
  }

  /**
   * Waiting `task` lost its CPU to another entity: its cgroup gave up that time, and the member
   * that gives it up is the one furthest ahead, so `task` takes the CPU of a running sibling ahead
   * of it. Otherwise which member yields depends on where the cgroup lost, and a member that
   * could take a whole CPU would share one with what is pinned there while a lighter one runs free.
   */
  #displaceSibling(task: number, now: number): void {
    const ahead = this.#furthestSibling(this.#taskGroup[task]!, task, this.#taskVruntime[task]!, now);
    if (ahead < 0) return;
    const cpu = this.#taskCpu[ahead]!;
    this.#stop(ahead, WAITING, now);
    this.#start(task, cpu, now);
    this.#offer(ahead, now);
  }

  /**
   * Waiting `task` has no idle CPU of its own while others are idle: a task on one of its CPUs
   * that may use an idle CPU (`into`, or else any of its own) moves there and `task` takes its
   * place (Linux's load balancer does the same within a tick; without it a pinned task waits
   * beside a CPU only its neighbour could use).
   */
  #makeRoom(task: number, now: number, into = -1): boolean {
    if (this.meter.idlePlaces === 0) return false;
    const set = this.#taskSet[task]!;
    // A task with the same CPUs has an idle one, or may use `into`, only if `task` has or may:
    // while it has neither, only the occupants of CPUs another set has too can move, and a
    // search of those finds what a search of all would.
    const alone = this.#idleCpus.firstFor(set) < 0 && (into < 0 || !this.#mayRun(task, into));
    const cpus = alone ? this.#sharedCpus[set]! : this.#setCpus[set]!;
    for (let i = 0; i < cpus.length; i++) {
      const cpu = cpus[i]!;
      const occupant = this.#cpuTask[cpu]!;
      // An occupant of the same class has no idle CPU either.
      if (occupant < 0 || this.#classOf[occupant] === this.#classOf[task]) continue;
      const target = into < 0 ? this.#idleCpuFor(occupant) : this.#mayRun(occupant, into) ? into : -1;
      if (target < 0) continue;
      this.#stop(occupant, WAITING, now);
      this.#start(task, cpu, now);
      this.#start(occupant, target, now);
      return true;
    }
    return false;
  }

  /** While capped `group` has places left, its waiting members take idle CPUs they may use. */
  #fillGroup(group: number, now: number): void {
    const classes = this.#groupClasses[group]!;
    let placed = true;
    while (placed && this.#groupHeld[group] === 0) {
      placed = false;
      for (let i = 0; i < classes.length && this.#groupHeld[group] === 0; i++) {
        const task = this.#classHeaps[classes[i]!]!.peek();
        if (task < 0) continue;
        const idle = this.#idleCpuFor(task);
        if (idle < 0) continue;
        this.#start(task, idle, now);
        placed = true;
      }
    }
  }

  #leastWaitingMember(group: number): number {
    const classes = this.#groupClasses[group]!;
    let best = -1;
    for (let i = 0; i < classes.length; i++) {
      const task = this.#classHeaps[classes[i]!]!.peek();
      if (task >= 0 && (best < 0 || this.#taskVruntime[task]! < this.#taskVruntime[best]! || (this.#taskVruntime[task] === this.#taskVruntime[best] && task < best))) best = task;
    }
    return best;
  }

  /** The held state of `group`'s waiting members follows its throttle and its cap. */
  #updateHeld(group: number, now: number): void {
    if (this.#groupThrottleSlot[group]! >= 0) {
      this.#settle(group, now);
      const left = this.#groupQuota[group]! - this.#groupUsed[group]!;
      this.#groupMaxRunning[group] = Math.ceil(left / (this.#groupPeriodEnd[group]! - now));
    }
    const held = this.#groupThrottled[group] === 1 || this.#groupRunning[group]! >= this.#groupMaxRunning[group]! ? 1 : 0;
    if (this.#groupHeld[group] === held) return;
    this.#groupHeld[group] = held;
    this.#heldWaiting += held === 1 ? this.#groupWaiting[group]! : -this.#groupWaiting[group]!;
    const classes = this.#groupClasses[group]!;
    for (let i = 0; i < classes.length; i++) this.meter.hold(this.#meterClass[classes[i]!]!, held === 1, now);
    this.heldChanged?.(group, held === 1, now);
  }

  #start(task: number, cpu: number, now: number): void {
    if (this.#cpuTask[cpu]! >= 0) bug('CPU', cpu, 'would run task', task, 'while running task', this.#cpuTask[cpu]!);
    this.#setState(task, RUNNING, now);
    this.#taskCpu[task] = cpu;
    this.#taskLastCpu[task] = cpu;
    this.#taskBase[task] = this.#taskVruntime[task]! - now * this.#taskScale[task]!;
    this.#cpuTask[cpu] = task;
    this.#idleCpus.setBusy(cpu, true);
    this.#running.started(task, cpu, this.#taskBase[task]!);
    this.waits.holderChanged(cpu, task, now);
    this.meter.idle(cpu, false, now);
    this.#timers.schedule(this.#cpuSlot[cpu]!, now + this.slice);
    const group = this.#taskGroup[task]!;
    if (group >= 0) {
      this.#settle(group, now);
      this.#commitGroupVruntime(group, now);
      const at = this.#groupRunning[group]!;
      this.#groupRunningTasks[group]![at] = task;
      this.#runningAt[task] = at;
      this.#groupRunning[group]!++;
      this.#armThrottle(group, now);
      this.#updateHeld(group, now);
    }
    this.#listener(cpu, task, now);
  }

  /** Takes `task` off its CPU into `state`; the caller decides what the CPU does next. */
  #stop(task: number, state: typeof WAITING | typeof SLEEPING, now: number): void {
    const cpu = this.#taskCpu[task]!;
    this.#taskVruntime[task] = this.#vruntime(task, now);
    this.#setState(task, state, now);
    this.#taskCpu[task] = -1;
    this.#cpuTask[cpu] = -1;
    this.#idleCpus.setBusy(cpu, false);
    this.#running.stopped(cpu);
    this.waits.holderChanged(cpu, -1, now);
    this.meter.idle(cpu, true, now);
    this.#timers.cancel(this.#cpuSlot[cpu]!);
    const group = this.#taskGroup[task]!;
    if (group >= 0) {
      this.#settle(group, now);
      this.#commitGroupVruntime(group, now);
      const running = this.#groupRunningTasks[group]!;
      const last = running[--this.#groupRunning[group]!]!;
      running[this.#runningAt[task]!] = last;
      this.#runningAt[last] = this.#runningAt[task]!;
      this.#armThrottle(group, now);
      this.#updateHeld(group, now);
    }
  }

  /** Gives `cpu` to the best eligible task, or to one that may move there to make room, or leaves it idle. */
  #pick(cpu: number, now: number): void {
    const task = this.#best(cpu, now);
    if (task >= 0) this.#start(task, cpu, now);
    else if (!this.#pull(cpu, now)) this.#listener(cpu, -1, now);
  }

  /**
   * Nothing waiting may use idle `cpu`: a task running where one waits moves there, and the best
   * task waiting for its CPU takes that (the reverse of #makeRoom, for a CPU a throttle or a
   * narrowing cap frees while tasks wait only beside it).
   */
  #pull(cpu: number, now: number): boolean {
    // Only held cgroups' members wait: no CPU has a task to give (#best skips held cgroups).
    if (this.#waitingCount === this.#heldWaiting) return false;
    const cpus = this.cpuCount;
    for (let other = 0; other < cpus; other++) {
      const occupant = this.#cpuTask[other]!;
      if (occupant < 0 || !this.#mayRun(occupant, cpu)) continue;
      const waiting = this.#best(other, now);
      if (waiting < 0) continue;
      // It leaves `other` before it starts on `cpu`: a thread is never on two CPUs at once.
      this.#stop(occupant, WAITING, now);
      this.#start(waiting, other, now);
      this.#start(occupant, cpu, now);
      return true;
    }
    return false;
  }

  /**
   * A cgroup whose best member here is ahead of another runnable member (running, or waiting for
   * CPUs this one is not) competes HANDICAP_SLICES of its own virtual time later. Its turn is owed
   * to the member behind, which cannot take it here; given to the one ahead, every member would
   * get as many turns as the cgroup gets CPUs, whatever their weights. Once the cgroup is that far
   * behind, the members behind cannot use all it is owed (they have a whole CPU each, or all the
   * CPUs they may use), and the rest goes to the one ahead.
   */
  #best(cpu: number, now: number): number {
    let bestTask = -1;
    let bestKey = Number.POSITIVE_INFINITY;
    let bestEntity = -1;
    const classes = this.#cpuClasses[cpu]!;
    for (let i = 0; i < classes.length; i++) {
      const task = this.#classHeaps[classes[i]!]!.peek();
      if (task < 0) continue;
      const key = this.#taskVruntime[task]!;
      if (key < bestKey || (key === bestKey && task < bestEntity)) {
        bestKey = key;
        bestTask = task;
        bestEntity = task;
      }
    }
    const taskCount = this.#taskState.length;
    for (let group = 0; group < this.#groupCpuClasses.length; group++) {
      if (
        this.#groupThrottled[group] === 1 ||
        this.#groupRunnable[group]! <= this.#groupRunning[group]! ||
        this.#groupRunning[group]! >= this.#groupMaxRunning[group]!
      ) {
        continue;
      }
      const entity = taskCount + group;
      // The handicap only raises the key.
      const groupVruntime = this.#groupVruntimeAt(group, now);
      if (groupVruntime > bestKey || (groupVruntime === bestKey && entity > bestEntity)) continue;
      const member = this.#bestMember(group, cpu);
      if (member < 0) continue;
      const least = this.#leastWaitingMember(group);
      const ahead = this.#taskVruntime[member]! > Math.min(this.#taskVruntime[least]!, this.#leastRunningVruntime(group + 1, now));
      const key = groupVruntime + (ahead ? HANDICAP_SLICES * this.slice * this.#groupScale[group]! : 0);
      if (key > bestKey || (key === bestKey && entity > bestEntity)) continue;
      bestKey = key;
      bestTask = member;
      bestEntity = entity;
    }
    this.#bestKey = bestKey;
    return bestTask;
  }

  /**
   * The least virtual runtime among the running tasks of `owner` (RunningIndex's: 0 for ungrouped
   * tasks, else a cgroup's index + 1), brought up to `now`: within a scale the least base is the
   * least virtual runtime, so the index answers in O(scales), not O(running members).
   */
  #leastRunningVruntime(owner: number, now: number): number {
    let least = Number.POSITIVE_INFINITY;
    for (let scale = 0; scale < this.#running.scalesOf(owner); scale++) {
      const task = this.#running.least(owner, scale);
      if (task < 0) continue;
      const vruntime = this.#vruntime(task, now);
      if (vruntime < least) least = vruntime;
    }
    return least;
  }

  #bestMember(group: number, cpu: number): number {
    const classes = this.#groupCpuClasses[group]![cpu]!;
    let best = -1;
    let bestKey = Number.POSITIVE_INFINITY;
    for (let i = 0; i < classes.length; i++) {
      const task = this.#classHeaps[classes[i]!]!.peek();
      if (task < 0) continue;
      const key = this.#taskVruntime[task]!;
      if (key < bestKey || (key === bestKey && task < best)) {
        bestKey = key;
        best = task;
      }
    }
    return best;
  }

  /**
   * Raises the floors (CFS's min_vruntime, one for the top level and one per cgroup) to the least
   * virtual runtime among runnable entities; they never go down.
   */
  #updateFloors(now: number): void {
    const least = this.#memberFloorScratch;
    let top = Number.POSITIVE_INFINITY;
    // The least of each class is its heap's head; of running tasks, the index's.
    for (let i = 0; i < this.#classHeaps.length; i++) {
      const task = this.#classHeaps[i]!.peek();
      if (task < 0) continue;
      const group = this.#taskGroup[task]!;
      const vruntime = this.#taskVruntime[task]!;
      if (group < 0) {
        if (vruntime < top) top = vruntime;
      } else if (vruntime < least[group]!) least[group] = vruntime;
    }
    for (let owner = 0; owner <= least.length; owner++) {
      if (owner > 0 && this.#groupRunning[owner - 1] === 0) continue;
      const vruntime = this.#leastRunningVruntime(owner, now);
      if (owner === 0) {
        if (vruntime < top) top = vruntime;
      } else if (vruntime < least[owner - 1]!) least[owner - 1] = vruntime;
    }
    for (let group = 0; group < least.length; group++) {
      const floor = least[group]!;
      least[group] = Number.POSITIVE_INFINITY;
      if (floor === Number.POSITIVE_INFINITY) continue;
      if (floor > this.#groupFloor[group]!) this.#groupFloor[group] = floor;
      const groupVruntime = this.#groupVruntimeAt(group, now);
      if (groupVruntime < top) top = groupVruntime;
    }
    if (top !== Number.POSITIVE_INFINITY && top > this.#floor) this.#floor = top;
  }

  /**
   * An idle CPU `task` may use, as Linux's wake-up path chooses one (select_idle_sibling): the
   * last one it ran on, else the lowest on a fully idle core, else the lowest.
   */
  #idleCpuFor(task: number): number {
    if (this.meter.idlePlaces === 0) return -1;
    const last = this.#taskLastCpu[task]!;
    if (last >= 0 && this.#cpuTask[last]! < 0 && this.#mayRun(task, last)) return last;
    return this.#idleCpus.firstFor(this.#taskSet[task]!);
  }

  /** The lowest CPU `task` may use on a core whose every CPU is idle, or -1. */
  #idleCoreFor(task: number): number {
    if (this.meter.idlePlaces < 2) return -1;
    return this.#idleCpus.firstOnIdlePair(this.#taskSet[task]!);
  }

  /** Wake-up preemption: take the allowed CPU whose current task is furthest ahead, if far enough. */
  #preemptFor(task: number, now: number): void {
    const set = this.#taskSet[task]!;
    const group = this.#taskGroup[task]!;
    let victimCpu = -1;
    let victimLead = 0;
    if (group >= 0) {
      const sibling = this.#furthestMember(set, group, now);
      const lead = this.#found - this.#taskVruntime[task]!;
      if (sibling >= 0 && lead > this.#granularity * this.#taskScale[task]! && lead > victimLead) {
        victimLead = lead;
        victimCpu = sibling;
      }
    }
    // A cgroup running as many members as its cap allows may only replace one of them.
    const full = group >= 0 && this.#groupRunning[group]! >= this.#groupMaxRunning[group]!;
    const other = full ? -1 : this.#furthestEntity(set, group, -1, now);
    if (other >= 0) {
      const lead = this.#found - this.#entityVruntime(task, now);
      const granularity = this.#granularity * (group >= 0 ? this.#groupScale[group]! : this.#taskScale[task]!);
      if (lead > granularity && (lead > victimLead || (victimCpu >= 0 && lead === victimLead && other < victimCpu))) victimCpu = other;
    }
    if (victimCpu < 0) return;
    const victim = this.#cpuTask[victimCpu]!;
    this.#stop(victim, WAITING, now);
    this.#start(task, victimCpu, now);
    this.#offer(victim, now);
    // A capped cgroup that lost a running member to another entity may run one more elsewhere:
    // its members waiting beside idle CPUs take them, as when a member's slice ends (#refillCpu).
    const victimGroup = this.#taskGroup[victim]!;
    if (victimGroup >= 0 && victimGroup !== group && this.#groupMaxRunning[victimGroup]! !== Number.POSITIVE_INFINITY) this.#fillGroup(victimGroup, now);
  }

  #mayRun(task: number, cpu: number): boolean {
    return this.#setAllows[this.#taskSet[task]! * this.cpuCount + cpu] === 1;
  }

  #entityVruntime(task: number, now: number): number {
    const group = this.#taskGroup[task]!;
    return group >= 0 ? this.#groupVruntimeAt(group, now) : this.#vruntime(task, now);
  }

  /**
   * The CPU of `set` whose task's top-level entity (the task, or its cgroup) is furthest ahead in
   * virtual runtime, the first among equals, leaving out the cgroups `skip` and `skipToo` (-1:
   * none); -1 if none runs there. Its virtual runtime is left in #found.
   */
  #furthestEntity(set: number, skip: number, skipToo: number, now: number): number {
    // Ungrouped tasks are their own top-level entities.
    let found = this.#furthestOf(set, 0, now);
    let furthest = this.#found;
    for (let group = 0; group < this.#groupRunning.length; group++) {
      if (this.#groupRunning[group] === 0 || group === skip || group === skipToo) continue;
      const cpu = this.#running.first(set, group + 1);
      if (cpu < 0) continue;
      const vruntime = this.#groupVruntimeAt(group, now);
      if (vruntime > furthest || (vruntime === furthest && cpu < found)) {
        furthest = vruntime;
        found = cpu;
      }
    }
    this.#found = furthest;
    return found;
  }

  /** The CPU of `set` whose member of `group` is furthest ahead in virtual runtime, the first among equals; -1 if none. Its virtual runtime is left in #found. */
  #furthestMember(set: number, group: number, now: number): number {
    return this.#furthestOf(set, group + 1, now);
  }

  /** The CPU of `set` whose task of `owner` (RunningIndex's) is furthest ahead, the first among equals; its virtual runtime in #found. */
  #furthestOf(set: number, owner: number, now: number): number {
    let found = -1;
    let furthest = Number.NEGATIVE_INFINITY;
    for (let scale = 0; scale < this.#running.scalesOf(owner); scale++) {
      const cpu = this.#running.furthest(set, owner, scale);
      if (cpu < 0) continue;
      const vruntime = this.#vruntime(this.#cpuTask[cpu]!, now);
      if (vruntime > furthest || (vruntime === furthest && cpu < found)) {
        furthest = vruntime;
        found = cpu;
      }
    }
    this.#found = furthest;
    return found;
  }

  #vruntime(task: number, now: number): number {
    return this.#taskState[task] === RUNNING ? this.#taskBase[task]! + now * this.#taskScale[task]! : this.#taskVruntime[task]!;
  }

  #groupVruntimeAt(group: number, now: number): number {
    return this.#groupVruntime[group]! + (now - this.#groupChangedAt[group]!) * this.#groupRunning[group]! * this.#groupScale[group]!;
  }

  /** Its running members are about to change: its virtual runtime so far is settled at `now`. */
  #commitGroupVruntime(group: number, now: number): void {
    this.#groupVruntime[group] = this.#groupVruntimeAt(group, now);
    this.#groupChangedAt[group] = now;
  }

  #setState(task: number, state: number, now: number): void {
    const classId = this.#classOf[task]!;
    const heap = this.#classHeaps[classId]!;
    this.#settleState(task, now);
    if (this.#taskState[task] === WAITING) {
      this.#waitingCount--;
      this.#countGroupWaiting(task, -1);
      heap.remove(task);
      this.meter.ready(this.#meterClass[classId]!, -1, now);
      this.waits.waitEnded(task, now);
    }
    if (state === WAITING) {
      this.waits.waitBegan(task, this.#taskLastCpu[task]! >= 0 ? this.#taskLastCpu[task]! : this.#firstCpu[task]!, now);
      this.#waitingCount++;
      this.#countGroupWaiting(task, 1);
      heap.push(task, this.#taskVruntime[task]!);
      this.meter.ready(this.#meterClass[classId]!, 1, now);
    }
    this.#taskState[task] = state;
  }

  #countGroupWaiting(task: number, change: 1 | -1): void {
    const group = this.#taskGroup[task]!;
    if (group < 0) return;
    this.#groupWaiting[group]! += change;
    if (this.#groupHeld[group] === 1) this.#heldWaiting += change;
  }

  /** Books the time since `task`'s last change of state as run or wait. */
  #settleState(task: number, now: number): void {
    const elapsed = now - this.#taskSince[task]!;
    const state = this.#taskState[task]!;
    if (state === RUNNING) this.taskRunNs[task]! += elapsed;
    else if (state === WAITING) this.taskWaitNs[task]! += elapsed;
    if (this.periodEnded !== null && state !== SLEEPING && elapsed > 0) this.periodEnded(task, state === RUNNING, this.#taskSince[task]!, now);
    this.#taskSince[task] = now;
  }

  /** Brings a throttled cgroup's quota use up to `now`. */
  #settle(group: number, now: number): void {
    this.#groupUsed[group]! += this.#groupRunning[group]! * (now - this.#groupSettledAt[group]!);
    this.#groupSettledAt[group] = now;
  }

  #armThrottle(group: number, now: number): void {
    const slot = this.#groupThrottleSlot[group]!;
    if (slot < 0) return;
    const running = this.#groupRunning[group]!;
    if (running === 0) {
      this.#timers.cancel(slot);
      return;
    }
    // One fewer member runs once the quota left only keeps the others running to the period's end.
    const left = this.#groupQuota[group]! - this.#groupUsed[group]!;
    const others = (running - 1) * (this.#groupPeriodEnd[group]! - now);
    this.#timers.schedule(slot, now + Math.max(0, Math.ceil(left - others)));
  }

  /** `group`'s cap narrows: its member furthest ahead stops, or with its quota used, all do. */
  #throttle(group: number, now: number): void {
    this.#settle(group, now);
    if (this.#groupNarrowed[group] === 0) this.groupThrottles[group]!++;
    this.#groupNarrowed[group] = 1;
    if (this.#groupRunning[group]! > 1 && this.#groupUsed[group]! < this.#groupQuota[group]!) {
      const running = this.#groupRunningTasks[group]!;
      let ahead = running[0]!;
      for (let i = 0; i < this.#groupRunning[group]!; i++) {
        const task = running[i]!;
        const vruntime = this.#vruntime(task, now);
        const aheadVruntime = this.#vruntime(ahead, now);
        if (vruntime > aheadVruntime || (vruntime === aheadVruntime && task > ahead)) ahead = task;
      }
      const cpu = this.#taskCpu[ahead]!;
      this.#stop(ahead, WAITING, now);
      this.#pick(cpu, now);
      return;
    }
    this.#groupThrottled[group] = 1;
    this.#updateHeld(group, now);
    const freed: number[] = [];
    for (let cpu = 0; cpu < this.cpuCount; cpu++) {
      const task = this.#cpuTask[cpu]!;
      if (task < 0 || this.#taskGroup[task] !== group) continue;
      this.#stop(task, WAITING, now);
      freed.push(cpu);
    }
    for (const cpu of freed) this.#pick(cpu, now);
  }

  #refill(group: number, now: number): void {
    this.#settle(group, now);
    this.#groupUsed[group] = 0;
    this.#groupPeriodEnd[group] = now + this.#groupPeriod[group]!;
    this.#timers.schedule(this.#groupPeriodSlot[group]!, this.#groupPeriodEnd[group]!);
    this.#groupThrottled[group] = 0;
    this.#groupNarrowed[group] = 0;
    this.#armThrottle(group, now);
    this.#updateHeld(group, now);
    // A cgroup that was throttled, or narrowed, may run more members again.
    if (this.meter.idlePlaces === 0) return;
    for (let cpu = 0; cpu < this.cpuCount; cpu++) {
      if (this.#cpuTask[cpu]! < 0) this.#pick(cpu, now);
    }
  }
}
