// Turns a finished machine's books into a run result (MODEL.md §7, §8).
import type { Machine } from '../hypervisor/machine.js';
import type { Composition } from '../hypervisor/modes.js';
import type { OsBase } from '../hypervisor/os.js';
import { coreOf, type PartitionSpec } from '../hypervisor/layout.js';
import type { Mode } from '../model/scenario.js';
import type { WorkloadRunner } from '../workloads/runner.js';
import { unitsToNanos } from '../workloads/work.js';
import type { CgroupMembership } from './cgroups.js';
import { sum } from './measures.js';
import type { CgroupResult, Latency, LpResult, PartitionResult, RunResult, StealCauses, Theft, ThreadResult, ThreadTheft, ThreadWait, VpResult } from './result.js';
import type { WaitTotals } from './wait-ledger.js';
import { CAUSES, type RunnerThefts, type StealTotals } from './steal-ledger.js';

export interface RunBooks {
  readonly machine: Machine;
  readonly composition: Composition;
  readonly memberships: readonly CgroupMembership[];
  /** VPs whose time outside their cpuset was measured. */
  readonly measured: ReadonlySet<number>;
}

export function collectRun(books: RunBooks, mode: Mode, durationNs: number): RunResult {
  const { machine, composition } = books;
  const { layout } = machine;
  const osOf = new Map(composition.oses.map((os) => [os.partition, os]));
  const steal = machine.steal.takeTotals(layout.vps.length);
  const stolenFromRunners = machine.steal.takeStolenFromRunners(layout.vps.length);
  const runnerIndex = new Map(stolenFromRunners.runners.map((runner, index) => [runner, index]));
  const thiefName = (thief: number): string | null => (thief === machine.steal.nobody ? null : layout.partitions[thief]!.name);
  const sums = (machine.steal.nobody + 1) * CAUSES.length;
  const theftScratch: TheftScratch = { ns: new Float64Array(sums), seen: new Uint8Array(sums) };
  const partitions = layout.partitions.map((spec): PartitionResult => {
    const vps: VpResult[] = [];
    let outside = 0;
    let measured = false;
    for (let index = 0; index < spec.vpCount; index++) {
      const id = spec.firstVp + index;
      const runner = machine.ownRunnerOf(id);
      const latency = runner !== null && runner.hasBursts ? latencyOf(runner) : null;
      if (books.measured.has(id)) {
        measured = true;
        outside += machine.vpOutsideNs[id]!;
      }
      vps.push({
        index,
        runNs: machine.vpRunNs[id]!,
        stealNs: machine.vpStealNs[id]!,
        idleNs: machine.vpIdleNs[id]!,
        workNs: Math.floor(unitsToNanos(machine.vpWorkUnits[id]!)),
        reportedStealNs: 0,
        stealCauses: causesOf(steal, id),
        stolenBy: theftsOf(steal, id, thiefName),
        latency,
      });
    }
    const runNs = sum(vps, (vp) => vp.runNs);
    const stealNs = sum(vps, (vp) => vp.stealNs);
    const os = osOf.get(spec.name);
    const hasOs = spec.kind === 'root' || spec.kind === 'l1vh';
    const stolenBy = (runner: number): ThreadTheft[] => runnerThefts(stolenFromRunners, runnerIndex.get(runner), thiefName);
    return {
      name: spec.name,
      kind: spec.kind,
      parent: spec.parent,
      runNs,
      stealNs,
      idleNs: sum(vps, (vp) => vp.idleNs),
      workNs: sum(vps, (vp) => vp.workNs),
      reportedStealNs: sum(vps, (vp) => vp.reportedStealNs),
      stealCauses: sumCauses(vps.map((vp) => vp.stealCauses)),
      stolenBy: mergedThefts(steal, spec, thiefName, theftScratch),
      cpuShare: runNs / durationNs,
      stealShare: runNs + stealNs === 0 ? 0 : stealNs / (runNs + stealNs),
      vps,
      outsideCpusetNs: measured ? outside : null,
      threads: hasOs ? (os === undefined ? [] : threadsOf(os, stolenBy)) : null,
      cgroups: hasOs ? books.memberships.filter((m) => m.owner === spec.name).map((m) => cgroupOf(m, os, machine, durationNs)) : null,
    };
  });
  const smt = layout.smt && layout.threadsPerCore > 1;
  const lps = Array.from({ length: layout.lpCount }, (_, index): LpResult => ({
    index,
    core: coreOf(index, layout.threadsPerCore),
    thread: index % layout.threadsPerCore,
    busyNs: machine.lpBusyNs[index]!,
    forcedIdleNs: machine.exclusiveCores ? machine.lpForcedIdleNs[index]! : null,
    mixedNs: smt ? machine.lpMixedNs[index]! : null,
  }));
  const busy = sum(lps, (lp) => lp.busyNs);
  const { gate } = composition;
  return {
    mode,
    l1vhScheduler: gate === null ? null : gate.l1vhScheduler,
    gate,
    partitions,
    lps,
    host: {
      utilisation: busy / (layout.usableLps.length * durationNs),
      usableLps: layout.usableLps.length,
      dispatches: machine.dispatches,
      contextSwitches: machine.contextSwitches,
      migrations: machine.migrations,
      events: machine.loop.processed,
      readyBesideIdleNs: sum(composition.meters, (meter) => meter.readyBesideIdleNs),
    },
    workConservation: composition.meters.map((meter) => ({ scheduler: meter.name, readyBesideIdleNs: meter.readyBesideIdleNs })),
  };
}

function causesOf(steal: StealTotals, vp: number): StealCauses {
  const ns = [0, 0, 0, 0];
  for (let i = steal.start[vp]!; i < steal.start[vp + 1]!; i++) ns[steal.cause[i]!]! += steal.ns[i]!;
  return { contention: ns[0]!, capped: ns[1]!, gang: ns[2]!, idle: ns[3]! };
}

function theftsOf(steal: StealTotals, vp: number, thiefName: (thief: number) => string | null): Theft[] {
  const thefts: Theft[] = [];
  for (let i = steal.start[vp]!; i < steal.start[vp + 1]!; i++) thefts.push({ partition: thiefName(steal.thief[i]!), cause: CAUSES[steal.cause[i]!]!, ns: steal.ns[i]! });
  return thefts;
}

function runnerThefts(thefts: RunnerThefts, index: number | undefined, thiefName: (thief: number) => string | null): ThreadTheft[] {
  if (index === undefined) return [];
  const out: ThreadTheft[] = [];
  for (let i = thefts.start[index]!; i < thefts.start[index + 1]!; i++) out.push({ partition: thiefName(thefts.thief[i]!), ns: thefts.ns[i]! });
  return out;
}

function sumCauses(all: readonly StealCauses[]): StealCauses {
  return { contention: sum(all, (c) => c.contention), capped: sum(all, (c) => c.capped), gang: sum(all, (c) => c.gang), idle: sum(all, (c) => c.idle) };
}

/** A sum per thief and cause, and whether it has one, kept zero between uses. */
interface TheftScratch {
  readonly ns: Float64Array;
  readonly seen: Uint8Array;
}

/**
 * A partition's VPs' thefts summed per thief and cause, in the order of the partitions (nobody
 * last), then of the causes. A Map per partition was a fifth of the cost of making a 1024-core
 * run's result.
 */
function mergedThefts(steal: StealTotals, spec: PartitionSpec, thiefName: (thief: number) => string | null, scratch: TheftScratch): Theft[] {
  const touched: number[] = [];
  for (let i = steal.start[spec.firstVp]!; i < steal.start[spec.firstVp + spec.vpCount]!; i++) {
    const key = steal.thief[i]! * CAUSES.length + steal.cause[i]!;
    if (scratch.seen[key] === 0) {
      scratch.seen[key] = 1;
      touched.push(key);
    }
    scratch.ns[key]! += steal.ns[i]!;
  }
  return touched
    .sort((a, b) => a - b)
    .map((key) => {
      const ns = scratch.ns[key]!;
      scratch.ns[key] = 0;
      scratch.seen[key] = 0;
      return { partition: thiefName(Math.floor(key / CAUSES.length)), cause: CAUSES[key % CAUSES.length]!, ns };
    });
}

function threadsOf(os: OsBase, stolenBy: (runner: number) => ThreadTheft[]): ThreadResult[] {
  const waits = os.fair.waits;
  const behind = waits.takeTotals();
  const holderName = (holder: number): string | null => (holder === waits.nobody ? null : os.holderNames[holder]!);
  return os.tasks.map((task, index): ThreadResult => {
    const runner = task.runner >= 0 ? os.runnerOf(task.runner) : null;
    return {
      name: task.name,
      cgroup: task.cgroup,
      runNs: os.runNs(index),
      waitNs: os.waitNs(index),
      waitBehind: waitsBehind(behind, index, holderName),
      stolenNs: os.stolenNs[index]!,
      stolenBy: task.runner >= 0 ? stolenBy(task.runner) : [],
      latency: runner !== null && runner.hasBursts ? latencyOf(runner) : null,
    };
  });
}

function waitsBehind(behind: WaitTotals, task: number, holderName: (holder: number) => string | null): ThreadWait[] {
  const waits: ThreadWait[] = [];
  for (let i = behind.start[task]!; i < behind.start[task + 1]!; i++) waits.push({ thread: holderName(behind.holder[i]!), ns: behind.ns[i]! });
  return waits;
}

function cgroupOf(membership: CgroupMembership, os: OsBase | undefined, machine: Machine, durationNs: number): CgroupResult {
  const { cgroup } = membership;
  let cpuNs = sum(membership.vps, (vp) => machine.vpRunNs[vp]!);
  let throttles = 0;
  if (os !== undefined) {
    os.tasks.forEach((task, index) => {
      if (task.vp < 0 && task.cgroup === cgroup.name) cpuNs += os.runNs(index) - os.stolenNs[index]!;
    });
    throttles = os.throttles(os.cgroups.indexOf(cgroup));
  }
  return {
    name: cgroup.name,
    weight: cgroup.weight,
    cpuNs,
    cpus: cpuNs / durationNs,
    maxCpus: cgroup.max === null ? null : cgroup.max.quota / cgroup.max.period,
    cpuset: cgroup.cpus,
    outsideCpusetNs: membership.cpusetLps === null ? 0 : sum(membership.vps, (vp) => machine.vpOutsideNs[vp]!),
    throttles,
  };
}

function latencyOf(runner: WorkloadRunner): Latency {
  return { count: runner.response.count, wakeup: runner.wakeup.percentiles(), response: runner.response.percentiles() };
}
