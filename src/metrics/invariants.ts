// Conservation laws every run must satisfy (MODEL.md §7). A violation is a bug in hvsched, not
// a property of the scenario, so it throws instead of being reported as a result.
import type { RunResult } from './result.js';

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

export function checkInvariants(run: RunResult, durationNs: number): void {
  const fail = (what: string): never => {
    throw new InvariantViolation(`Invariant violated in mode ${run.mode}: ${what}`);
  };
  let vpRun = 0;
  for (const partition of run.partitions) {
    for (const vp of partition.vps) {
      const total = vp.runNs + vp.stealNs + vp.idleNs;
      if (total !== durationNs) fail(`${partition.name} VP ${vp.index}: run + steal + idle = ${total}, not ${durationNs}`);
      if (vp.runNs < 0 || vp.stealNs < 0 || vp.idleNs < 0) fail(`${partition.name} VP ${vp.index}: negative time`);
      if (vp.workNs > vp.runNs) fail(`${partition.name} VP ${vp.index}: did ${vp.workNs} ns of work in ${vp.runNs} ns`);
      const { contention, capped, gang, idle } = vp.stealCauses;
      const causes = contention + capped + gang + idle;
      if (causes !== vp.stealNs) fail(`${partition.name} VP ${vp.index}: steal causes sum to ${causes} ns, not its steal ${vp.stealNs} ns`);
      const stolen = vp.stolenBy.reduce((total, theft) => total + theft.ns, 0);
      if (stolen !== vp.stealNs) fail(`${partition.name} VP ${vp.index}: thieves took ${stolen} ns, not its steal ${vp.stealNs} ns`);
      vpRun += vp.runNs;
    }
    for (const thread of partition.threads ?? []) {
      const stolen = thread.stolenBy.reduce((total, theft) => total + theft.ns, 0);
      if (stolen !== thread.stolenNs) fail(`${partition.name} thread ${thread.name}: thieves took ${stolen} ns, not its stolen ${thread.stolenNs} ns`);
      const waited = thread.waitBehind.reduce((total, wait) => total + wait.ns, 0);
      if (waited !== thread.waitNs) fail(`${partition.name} thread ${thread.name}: waited ${waited} ns behind other threads, not its wait ${thread.waitNs} ns`);
    }
  }
  let lpBusy = 0;
  for (const lp of run.lps) {
    if (lp.busyNs > durationNs) fail(`LP ${lp.index} busy ${lp.busyNs} ns in ${durationNs} ns`);
    if ((lp.mixedNs ?? 0) > lp.busyNs) fail(`LP ${lp.index} mixed longer than busy`);
    if (lp.busyNs + (lp.forcedIdleNs ?? 0) > durationNs) fail(`LP ${lp.index} busy + forced idle exceeds the duration`);
    lpBusy += lp.busyNs;
  }
  // Each LP runs at most one VP at a time (also asserted at every dispatch), so LP busy time
  // and VP run time are the same time counted twice.
  if (lpBusy !== vpRun) fail(`LPs were busy ${lpBusy} ns but VPs ran ${vpRun} ns`);
  if (run.host.readyBesideIdleNs !== 0) {
    const culprits = run.workConservation.filter((m) => m.readyBesideIdleNs > 0).map((m) => `${m.scheduler} ${m.readyBesideIdleNs} ns`);
    fail(`work was ready beside an idle place it may use for ${run.host.readyBesideIdleNs} ns (${culprits.join(', ')})`);
  }
}
