// One run of a sweep: a cell's scenario under one seed, every mode, every metric. Pure and
// self-contained (plain data in, plain data out), so a worker thread runs it as the main thread
// would and the results are the same whatever the number of jobs.
import { measure } from '../metrics/measures.js';
import { simulateMode } from '../hypervisor/simulate.js';
import type { ExpectMetric, ExpectTarget, Mode, Scenario } from '../model/scenario.js';
import { formatIssue, parseScenarioData } from '../scenario/index.js';

export interface MetricSpec {
  readonly target: ExpectTarget;
  readonly metric: ExpectMetric;
}

export interface CellTask {
  /** The cell's scenario as JSON text, already validated. */
  readonly text: string;
  readonly file: string;
  readonly seed: number;
  /** A `--duration` override, as typed. */
  readonly duration?: string;
  /** The sweep's modes, which the scenario was validated for. */
  readonly modes: readonly Mode[];
  /** The one of them this task runs. */
  readonly mode: Mode;
  readonly metrics: readonly MetricSpec[];
}

/** Per metric: the value, or null where the run had none (a target absent in that mode). */
export type CellValues = (number | null)[];

/**
 * The last scenario this thread loaded, and what it was loaded from: a sweep's tasks are a cell's
 * modes one after another, and loading (validation included) is a fifth of a short run's cost.
 * A run never changes its scenario, so the next mode of the same cell and seed reuses it.
 */
let loadedFrom: CellTask | null = null;
let loadedScenario: Scenario | null = null;

function scenarioOf(task: CellTask): Scenario {
  const from = loadedFrom;
  const same =
    from !== null && from.text === task.text && from.file === task.file && from.seed === task.seed && from.duration === task.duration && from.modes.join() === task.modes.join();
  if (same && loadedScenario !== null) return loadedScenario;
  const overrides = { seed: String(task.seed), modes: task.modes.join(','), ...(task.duration === undefined ? {} : { duration: task.duration }) };
  const loaded = parseScenarioData(JSON.parse(task.text), task.file, overrides);
  // The plan validated every cell before any ran: failing here is a bug, not bad input.
  if (!loaded.ok) throw new Error(`Bug: a planned sweep cell does not load: ${loaded.issues.map(formatIssue).join('; ')}`);
  loadedFrom = task;
  loadedScenario = loaded.scenario;
  return loaded.scenario;
}

export function runCell(task: CellTask): CellValues {
  const scenario = scenarioOf(task);
  const run = simulateMode(scenario, task.mode);
  return task.metrics.map(({ target, metric }) => {
    const value = measure(run, target, metric, scenario.duration);
    return typeof value === 'number' ? value : null;
  });
}
