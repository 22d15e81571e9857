// The two ways an OS's fair scheduler sits on the machine (MODEL.md §4, §5):
// - GuestOs: an OS whose CPUs are VPs the hypervisor (or the root OS) schedules: the root OS in
//   classic/core, an L1VH in classic/core/root and when its gate stays closed. Putting a thread
//   on vCPU i makes that VP execute the thread's work; the VP has work exactly while its OS has a
//   thread on it, and a thread whose vCPU is not on an LP is *stolen*: the OS believes it runs.
// - DedicatedOs: an OS that owns LPs outright: the root OS in `root` mode, an L1VH whose gate
//   opens in `integrated` mode (its vCPU i on its LP i, A). Besides its own threads it runs one
//   VMM thread per VP it hosts; running that thread runs the VP on the LP (DispatchVp), so the
//   OS's cgroups and cpusets steer its guests.
import { IdTable } from '../engine/id-table.js';
import { effectiveCpus, type Cgroup, type Thread } from '../model/scenario.js';
import type { WorkConservationMeter } from '../metrics/work-conservation.js';
import { FairScheduler, type FairGroupSpec, type FairTaskSpec } from '../schedulers/fair.js';
import { autoSliceNs, niceToWeight } from '../schedulers/nice.js';
import { THREAD_RUNNING, THREAD_STOLEN, THREAD_WAITING } from '../metrics/trace.js';
import type { WorkloadRunner } from '../workloads/runner.js';
import type { Machine, RunnerOwner, TimerOwner, VpHost, VpWatcher } from './machine.js';

export interface OsOptions {
  readonly slice: number | 'auto';
  readonly wakeupGranularity: number;
}

/** A VP an OS hosts through a VMM thread, with the cgroup and cpuset of that thread. */
export interface HostedVp {
  readonly vp: number;
  readonly name: string;
  /** The VM whose VP it is: waits behind its VMM threads are counted under `vmm:<vm>`. */
  readonly vm: string;
  readonly cgroup: string | null;
  readonly cpus: readonly number[] | null;
}

/** What an OS is made of. */
export interface OsConfig {
  readonly partition: string;
  /**
   * The number the scenario uses for each CPU of this OS: host LPs for the root OS, vCPU
   * indices for an L1VH. Threads' and cgroups' `cpus` are written in these numbers.
   */
  readonly cpuNames: readonly number[];
  /** The host LP each CPU is, or stands for: its SMT sibling there is its sibling in the OS. */
  readonly cpuLps: readonly number[];
  readonly threads: readonly Thread[];
  readonly cgroups: readonly Cgroup[];
  /** VPs it runs through VMM threads (a dedicated OS only). */
  readonly hosted: readonly HostedVp[];
  readonly options: OsOptions;
}

export interface TaskReport {
  readonly name: string;
  /** The VP a VMM thread runs, or -1 for an ordinary thread. */
  readonly vp: number;
  /** The runner of an ordinary thread, or -1. */
  readonly runner: number;
  readonly cgroup: string | null;
}

/** Names others' waits behind its tasks are counted under, and each task's index among them. */
class HolderNames {
  readonly names: string[] = [];
  readonly #index = new Map<string, number>();

  indexOf(name: string): number {
    let index = this.#index.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.#index.set(name, index);
    }
    return index;
  }
}

/** What every OS shares: its threads, cgroups and fair scheduler, and the books on them. */
export abstract class OsBase implements RunnerOwner, TimerOwner {
  readonly partition: string;
  readonly cpuCount: number;
  readonly cgroups: readonly Cgroup[];
  readonly tasks: TaskReport[] = [];
  protected readonly machine: Machine;
  readonly fair: FairScheduler;
  readonly #taskOfRunner = new IdTable();
  readonly #holderNames = new HolderNames();

  /** By the index a wait's holder has in the fair scheduler's WaitLedger. */
  get holderNames(): readonly string[] {
    return this.#holderNames.names;
  }
  /** Time each thread was current on a vCPU that was not on an LP. */
  readonly stolenNs: Float64Array;
  readonly meter: WorkConservationMeter;

  constructor(machine: Machine, config: OsConfig) {
    const { partition, cpuNames, cpuLps, threads, cgroups, hosted, options } = config;
    const cpuCount = cpuNames.length;
    this.machine = machine;
    this.partition = partition;
    this.cpuCount = cpuCount;
    this.cgroups = cgroups;
    const groupIndex = new Map(cgroups.map((cgroup, index) => [cgroup.name, index]));
    const specs: FairTaskSpec[] = [];
    const allCpus = Array.from({ length: cpuCount }, (_, cpu) => cpu);
    const cpuIndex = new Map(cpuNames.map((name, index) => [name, index]));
    // CPUs this OS does not have in this mode (a root thread pinned to an LP that has no root VP)
    // are dropped; a set left empty means every CPU.
    // Kept per list: the VMM threads of one VM share theirs, and on a large host converting it
    // for each of them was most of the run's set-up.
    const known = new Map<readonly number[], readonly number[] | null>();
    const indices = (names: readonly number[] | null): readonly number[] | null => {
      if (names === null) return null;
      let found = known.get(names);
      if (found === undefined) {
        const converted = names.flatMap((name) => {
          const index = cpuIndex.get(name);
          return index === undefined ? [] : [index];
        });
        found = converted.length > 0 ? converted : null;
        known.set(names, found);
      }
      return found;
    };
    const affinity = (cpus: readonly number[] | null, cgroup: string | null): readonly number[] =>
      effectiveCpus(indices(cpus), cgroup === null ? null : indices(cgroups[groupIndex.get(cgroup)!]!.cpus)) ?? allCpus;
    for (const thread of threads) {
      const runner = machine.addRunner(thread.workload, `${partition}/${thread.name}`, this);
      this.#taskOfRunner.set(runner, this.tasks.length);
      this.tasks.push({ name: thread.name, vp: -1, runner, cgroup: thread.cgroup });
      specs.push({
        weight: niceToWeight(thread.nice),
        group: thread.cgroup === null ? -1 : groupIndex.get(thread.cgroup)!,
        cpus: affinity(thread.cpus, thread.cgroup),
        holderName: this.#holderNames.indexOf(thread.writtenName),
      });
    }
    for (const { vp, name, vm, cgroup, cpus } of hosted) {
      this.tasks.push({ name, vp, runner: -1, cgroup });
      specs.push({
        weight: niceToWeight(0),
        group: cgroup === null ? -1 : groupIndex.get(cgroup)!,
        cpus: affinity(cpus, cgroup),
        holderName: this.#holderNames.indexOf(`vmm:${vm}`),
      });
    }
    const groups: FairGroupSpec[] = cgroups.map((cgroup) => ({
      cpuWeight: cgroup.weight,
      quota: cgroup.max?.quota ?? null,
      period: cgroup.max?.period ?? 100_000_000,
    }));
    const slice = options.slice === 'auto' ? autoSliceNs(cpuCount) : options.slice;
    const timers = {
      alloc: (delay?: number): number => machine.allocTimer(this, delay === undefined ? -1 : machine.loop.laneFor(delay)),
      schedule: (slot: number, at: number): void => machine.loop.schedule(slot, at),
      cancel: (slot: number): void => machine.loop.cancel(slot),
    };
    this.stolenNs = new Float64Array(specs.length);
    const cpuOfLp = new Map(cpuLps.map((lp, cpu) => [lp, cpu]));
    const siblings = cpuLps.map((lp) => cpuOfLp.get(machine.siblingOf(lp)) ?? -1);
    const fairOptions = { slice, wakeupGranularity: options.wakeupGranularity, siblings, name: `${partition} OS` };
    this.fair = new FairScheduler(cpuCount, specs, groups, fairOptions, timers, (cpu, task, now) => this.switched(cpu, task, now));
    this.meter = this.fair.meter;
    // A VP whose VMM thread's cgroup holds it back is capped, as a VP held by its limit is.
    const vmmVps = cgroups.map((cgroup) => hosted.filter((h) => h.cgroup === cgroup.name).map((h) => h.vp));
    if (vmmVps.some((vps) => vps.length > 0)) {
      const capGroups = vmmVps.map((vps) => machine.steal.capGroup(vps));
      this.fair.heldChanged = (group, held, now) => machine.steal.setGroupCapped(capGroups[group]!, held, now);
    }
    const recorder = machine.recorder;
    if (recorder !== null) {
      this.firstTracedThread = recorder.addThreads(partition, this.tasks.map((task) => task.name));
      const first = this.firstTracedThread;
      this.fair.periodEnded = (task, running, start, end) => {
        if (!running) recorder.thread(first + task, THREAD_WAITING, start, end);
        else if (!this.splitsRunning) recorder.thread(first + task, THREAD_RUNNING, start, end);
      };
    }
  }

  /** The trace's id of this OS's thread 0, or -1 when the run is not traced. */
  protected readonly firstTracedThread: number = -1;
  /** Whether it traces its threads' time on a CPU itself, split into running and stolen. */
  protected abstract readonly splitsRunning: boolean;

  /** The fair scheduler put `task` (-1: nothing) on `cpu`. */
  protected abstract switched(cpu: number, task: number, now: number): void;

  arrived(runner: number, now: number): void {
    this.fair.wake(this.#taskOfRunner.get(runner), now);
  }

  drained(runner: number, _vp: number, now: number): void {
    this.fair.block(this.#taskOfRunner.get(runner), now);
  }

  timer(slot: number, now: number): void {
    this.fair.timer(slot, now);
  }

  runnerOf(runner: number): WorkloadRunner {
    return this.machine.runners[runner]!;
  }

  runNs(task: number): number {
    return this.fair.taskRunNs[task]!;
  }

  waitNs(task: number): number {
    return this.fair.taskWaitNs[task]!;
  }

  throttles(group: number): number {
    return this.fair.groupThrottles[group]!;
  }

  close(now: number): void {
    this.fair.close(now);
  }
}

export class GuestOs extends OsBase implements VpWatcher {
  protected readonly splitsRunning = true;
  readonly #vcpus: readonly number[];
  readonly #cpuOf = new IdTable();
  readonly #current: Int32Array;
  readonly #onLp: Uint8Array;
  readonly #settledAt: Float64Array;

  /** An OS on the VPs `vcpus` (its CPU i is `vcpus[i]`). */
  constructor(machine: Machine, vcpus: readonly number[], config: OsConfig) {
    super(machine, config);
    this.#vcpus = vcpus;
    this.#current = new Int32Array(vcpus.length).fill(-1);
    this.#onLp = new Uint8Array(vcpus.length);
    this.#settledAt = new Float64Array(vcpus.length);
    vcpus.forEach((vp, cpu) => {
      this.#cpuOf.set(vp, cpu);
      machine.watch(vp, this);
    });
  }

  protected switched(cpu: number, task: number, now: number): void {
    this.#settle(cpu, now);
    if (this.#current[cpu] === task) return;
    this.#current[cpu] = task;
    this.machine.setSource(this.#vcpus[cpu]!, task < 0 ? -1 : this.tasks[task]!.runner, now);
  }

  vpRunning(vp: number, running: boolean, now: number): void {
    const cpu = this.#cpuOf.get(vp);
    this.#settle(cpu, now);
    this.#onLp[cpu] = running ? 1 : 0;
  }

  override close(now: number): void {
    for (let cpu = 0; cpu < this.cpuCount; cpu++) this.#settle(cpu, now);
    super.close(now);
  }

  #settle(cpu: number, now: number): void {
    const task = this.#current[cpu]!;
    if (task >= 0 && this.#onLp[cpu] === 0) this.stolenNs[task]! += now - this.#settledAt[cpu]!;
    if (task >= 0 && this.firstTracedThread >= 0) {
      this.machine.recorder!.thread(this.firstTracedThread + task, this.#onLp[cpu] === 0 ? THREAD_STOLEN : THREAD_RUNNING, this.#settledAt[cpu]!, now);
    }
    this.#settledAt[cpu] = now;
  }
}

export class DedicatedOs extends OsBase implements VpHost {
  // Its threads run on LPs it owns: never stolen.
  protected readonly splitsRunning = false;
  readonly #lps: readonly number[];
  /** The OS's own VP on each of its CPUs (runs its threads there), or -1 when it has none. */
  readonly #ownVps: readonly number[];
  /** Per own VP, its CPU. */
  readonly #own = new IdTable();
  readonly #taskOfVp = new IdTable();

  /**
   * An OS on `lps` (its CPU i is `lps[i]`), running its threads through `ownVps[i]` and one VMM
   * thread for each hosted VP.
   */
  constructor(machine: Machine, lps: readonly number[], ownVps: readonly number[], config: OsConfig) {
    super(machine, config);
    this.#lps = lps;
    this.#ownVps = ownVps;
    ownVps.forEach((vp, cpu) => {
      if (vp < 0) return;
      this.#own.set(vp, cpu);
      machine.setHost(vp, this);
    });
    this.tasks.forEach((task, index) => {
      if (task.vp < 0) return;
      this.#taskOfVp.set(task.vp, index);
      machine.setHost(task.vp, this);
    });
  }

  protected switched(cpu: number, task: number, now: number): void {
    const machine = this.machine;
    const lp = this.#lps[cpu]!;
    const ownVp = this.#ownVps[cpu]!;
    const current = machine.vpOn(lp);
    const target = task < 0 ? -1 : this.tasks[task]!.vp >= 0 ? this.tasks[task]!.vp : ownVp;
    if (target >= 0 && target === current) {
      if (target === ownVp) machine.setSource(ownVp, this.tasks[task]!.runner, now);
      return;
    }
    if (current >= 0 && !this.#own.has(current) && target >= 0 && target !== ownVp) {
      machine.replace(lp, target, Number.POSITIVE_INFINITY, now);
      return;
    }
    if (current >= 0) {
      if (this.#own.has(current)) machine.setSource(current, -1, now);
      else machine.preempt(lp, now);
    }
    if (target < 0) return;
    if (target === ownVp) {
      if (ownVp < 0) throw new Error(`Bug: ${this.partition} has a thread on CPU ${cpu} but no VP there`);
      machine.setSource(ownVp, this.tasks[task]!.runner, now);
    }
    machine.dispatch(lp, target, Number.POSITIVE_INFINITY, now);
  }

  // VpHost: hosted VPs gain and lose work; own VPs only ever change because this OS said so.
  vpWoke(vp: number, now: number): void {
    if (this.#own.has(vp)) return;
    this.fair.wake(this.#taskOfVp.get(vp), now);
  }

  vpSlept(vp: number, _lp: number, now: number): void {
    if (this.#own.has(vp)) return;
    this.fair.block(this.#taskOfVp.get(vp), now);
  }

  deadline(lp: number): void {
    throw new Error(`Bug: a dedicated OS sets no LP deadlines (LP ${lp})`);
  }
}
