// One run of a sweep: a cell's scenario under one seed, every mode, every metric. Pure and
// self-contained (plain data in, plain data out), so a worker thread runs it as the main thread
// would and the results are the same whatever the number of jobs.
import { measure } from '../metrics/measures.js';
import { simulateMode } from '../hypervisor/simulate.js';
import type { ExpectMetric, ExpectTarget, Mode } from '../model/scenario.js';
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
  readonly modes: readonly Mode[];
  readonly metrics: readonly MetricSpec[];
}

/** Per mode, per metric: the value, or null where the run had none (a target absent in that mode). */
export type CellValues = (number | null)[][];

export function runCell(task: CellTask): CellValues {
  const overrides = { seed: String(task.seed), modes: task.modes.join(','), ...(task.duration === undefined ? {} : { duration: task.duration }) };
  const loaded = parseScenarioData(JSON.parse(task.text), task.file, overrides);
  // The plan validated every cell before any ran: failing here is a bug, not bad input.
  if (!loaded.ok) throw new Error(`Bug: a planned sweep cell does not load: ${loaded.issues.map(formatIssue).join('; ')}`);
  const scenario = loaded.scenario;
  return task.modes.map((mode) => {
    const run = simulateMode(scenario, mode);
    return task.metrics.map(({ target, metric }) => {
      const value = measure(run, target, metric, scenario.duration);
      return typeof value === 'number' ? value : null;
    });
  });
}
