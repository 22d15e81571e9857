// One scenario, one or more modes: build the host for the mode, run it to the horizon, collect
// the books and check the conservation laws.
import { cgroupMemberships } from '../metrics/cgroups.js';
import { collectRun } from '../metrics/collect.js';
import { checkInvariants } from '../metrics/invariants.js';
import type { RunResult, ScenarioResult } from '../metrics/result.js';
import { LongestWaits, type LongestWait } from '../metrics/longest-waits.js';
import { TraceRecorder, type RunTrace, type TimeWindow } from '../metrics/trace.js';
import type { Mode, Scenario } from '../model/scenario.js';
import { buildLayout } from './layout.js';
import { Machine } from './machine.js';
import { MODE_INFO } from './modes.js';

export interface RunOptions {
  /** Record what happened inside this window, for the views that draw time. */
  readonly traceWindow?: TimeWindow;
  /** Hears the simulated time reached, and the events processed so far, every hundredth of the horizon. */
  readonly progress?: (now: number, events: number) => void;
  /** Keep each partition's this many longest single waits (`hvsched explain`); off by default. */
  readonly longestWaits?: number;
}

export interface ModeRun {
  readonly run: RunResult;
  readonly trace: RunTrace | null;
  /** Each partition's longest waits, longest first, by partition name; null unless asked for. */
  readonly longestWaits: ReadonlyMap<string, readonly LongestWait[]> | null;
}

export function runMode(scenario: Scenario, mode: Mode, options: RunOptions = {}): ModeRun {
  const info = MODE_INFO[mode];
  const layout = buildLayout(scenario, info.layout(scenario));
  const machine = new Machine(layout, { seed: scenario.seed, smtThroughput: scenario.host.smtThroughput });
  const recorder = options.traceWindow === undefined ? null : new TraceRecorder(options.traceWindow);
  machine.recorder = recorder;
  const waits =
    options.longestWaits === undefined
      ? null
      : new LongestWaits({ lpCount: layout.lpCount, partitions: layout.partitions.map((p) => p.name), vps: layout.vps }, options.longestWaits);
  machine.steal.listener = waits;
  const { memberships, cpusets } = cgroupMemberships(scenario, layout);
  for (const { vp, lps } of cpusets) machine.measureCpuset(vp, lps);
  const composition = info.compose(scenario, machine);
  machine.run(scenario.duration, composition.start, options.progress);
  for (const os of composition.oses) os.close(scenario.duration);
  for (const meter of composition.meters) meter.close(scenario.duration);
  const measured = new Set(cpusets.map(({ vp }) => vp));
  const run = collectRun({ machine, composition, memberships, measured }, mode, scenario.duration);
  checkInvariants(run, scenario.duration);
  const trace: RunTrace | null =
    recorder === null
      ? null
      : {
          mode,
          window: recorder.window,
          vps: layout.vps.map((vp) => ({ partition: layout.partitions[vp.partition]!.name, index: vp.index })),
          lpSlices: recorder.lpSlices,
          forcedSlices: recorder.forcedSlices,
          vpSlices: recorder.vpSlices,
          threads: recorder.threads,
          threadSlices: recorder.threadSlices,
        };
  return { run, trace, longestWaits: waits === null ? null : waits.waits() };
}

export function simulateMode(scenario: Scenario, mode: Mode): RunResult {
  return runMode(scenario, mode).run;
}

export function simulate(scenario: Scenario, modes: readonly Mode[] = scenario.modes): ScenarioResult {
  return {
    scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration },
    runs: modes.map((mode) => simulateMode(scenario, mode)),
  };
}
