// Turns a finished machine's books into a run result (MODEL.md §7, §8).
import type { Machine } from '../hypervisor/machine.js';
import { coreOf } from '../hypervisor/layout.js';
import type { Mode } from '../model/scenario.js';
import { unitsToNanos } from '../workloads/work.js';
import type { Latency, LpResult, PartitionResult, RunResult, VpResult } from './result.js';
import type { WorkloadRunner } from '../workloads/runner.js';

export function collectRun(machine: Machine, mode: Mode, durationNs: number): RunResult {
  const { layout } = machine;
  const partitions = layout.partitions.map((spec): PartitionResult => {
    const vps: VpResult[] = [];
    for (let index = 0; index < spec.vpCount; index++) {
      const id = spec.firstVp + index;
      const runner = machine.runners[id] ?? null;
      const latency = runner !== null && runner.hasBursts ? latencyOf(runner) : null;
      vps.push({
        index,
        runNs: machine.vpRunNs[id]!,
        stealNs: machine.vpStealNs[id]!,
        idleNs: machine.vpIdleNs[id]!,
        workNs: Math.floor(unitsToNanos(machine.vpWorkUnits[id]!)),
        reportedStealNs: 0,
        ...(latency === null ? {} : { latency }),
      });
    }
    const runNs = sum(vps, (vp) => vp.runNs);
    const stealNs = sum(vps, (vp) => vp.stealNs);
    return {
      name: spec.name,
      kind: spec.kind,
      ...(spec.parent === null ? {} : { parent: spec.parent }),
      runNs,
      stealNs,
      idleNs: sum(vps, (vp) => vp.idleNs),
      workNs: sum(vps, (vp) => vp.workNs),
      reportedStealNs: sum(vps, (vp) => vp.reportedStealNs),
      cpuShare: runNs / durationNs,
      stealShare: runNs + stealNs === 0 ? 0 : stealNs / (runNs + stealNs),
      vps,
    };
  });
  const lps = Array.from({ length: layout.lpCount }, (_, index): LpResult => ({
    index,
    core: coreOf(index, layout.threadsPerCore),
    thread: index % layout.threadsPerCore,
    busyNs: machine.lpBusyNs[index]!,
    forcedIdleNs: machine.lpForcedIdleNs[index]!,
    mixedNs: machine.lpMixedNs[index]!,
  }));
  const busy = sum(lps, (lp) => lp.busyNs);
  return {
    mode,
    partitions,
    lps,
    host: {
      utilisation: busy / (layout.usableLps.length * durationNs),
      usableLps: layout.usableLps.length,
      dispatches: machine.dispatches,
      contextSwitches: machine.contextSwitches,
      migrations: machine.migrations,
      events: machine.loop.processed,
    },
  };
}

function latencyOf(runner: WorkloadRunner): Latency {
  return { count: runner.response.count, wakeup: runner.wakeup.percentiles(), response: runner.response.percentiles() };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
