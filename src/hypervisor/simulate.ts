// One scenario, one or more modes: build the host for the mode, run it to the horizon, collect
// the books and check the conservation laws.
import { collectRun } from '../metrics/collect.js';
import { checkInvariants } from '../metrics/invariants.js';
import type { RunResult, ScenarioResult } from '../metrics/result.js';
import type { Mode, Scenario } from '../model/scenario.js';
import { buildLayout } from './layout.js';
import { Machine } from './machine.js';
import { MODE_INFO } from './modes.js';

/** A scenario asks for something this version of hvsched does not model yet. */
export class UnsupportedError extends Error {
  override readonly name = 'UnsupportedError';
}

/** Why `scenario` cannot run under `mode` yet, or null if it can. */
export function unsupportedReason(scenario: Scenario, mode: Mode): string | null {
  if (MODE_INFO[mode].compose === null) {
    const built = (Object.keys(MODE_INFO) as Mode[]).filter((m) => MODE_INFO[m].compose !== null);
    return `mode "${mode}" is not built yet (available: ${built.join(', ')})`;
  }
  for (const partition of scenario.partitions) {
    if ((partition.kind === 'root' || partition.kind === 'l1vh') && partition.threads.length > 0) {
      return `partition "${partition.name}" has threads, which need the OS fair scheduler that is not built yet`;
    }
  }
  return null;
}

export function simulateMode(scenario: Scenario, mode: Mode): RunResult {
  const compose = MODE_INFO[mode].compose;
  const reason = unsupportedReason(scenario, mode);
  if (compose === null || reason !== null) throw new UnsupportedError(reason ?? `mode "${mode}" is not built yet`);
  const layout = buildLayout(scenario, MODE_INFO[mode].smt);
  const machine = new Machine(layout, { seed: scenario.seed, smtThroughput: scenario.host.smtThroughput });
  machine.run(scenario.duration, compose(scenario, machine));
  const run = collectRun(machine, mode, scenario.duration);
  checkInvariants(run, scenario.duration);
  return run;
}

export function simulate(scenario: Scenario, modes: readonly Mode[] = scenario.modes): ScenarioResult {
  return {
    scenario: { name: scenario.name, seed: scenario.seed, durationNs: scenario.duration },
    runs: modes.map((mode) => simulateMode(scenario, mode)),
  };
}
