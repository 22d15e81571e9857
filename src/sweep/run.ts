// Runs a planned sweep: every cell of the shard under every seed, on worker threads or in this
// one, then each metric's estimate per cell and mode. The order results arrive in never matters:
// each lands in its own slot, so the document is the same whatever the number of jobs.
import { Tinypool } from 'tinypool';
import { runCell, type CellTask, type CellValues } from './cell.js';
import { cellTask, type SweepPlan } from './plan.js';
import { SWEEP_FORMAT, type SweepCell, type SweepResult } from './result.js';
import { estimate } from './stats.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface SweepRunOptions {
  readonly jobs: number;
  readonly shard?: Shard;
  /** Told after each cell run, with how many are done of how many. */
  readonly progress?: (done: number, total: number) => void;
}

export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepResult> {
  const cells = plan.cells.filter((cell) => options.shard === undefined || cell.cell % options.shard.count === options.shard.index - 1);
  const tasks = cells.flatMap((cell) => Array.from({ length: plan.seeds }, (_, k) => cellTask(plan, cell, k)));
  const values = await runTasks(tasks, options);
  return {
    ...sweepHeader(plan),
    cells: cells.map((cell, c): SweepCell => {
      const runs = values.slice(c * plan.seeds, (c + 1) * plan.seeds);
      return {
        cell: cell.cell,
        values: cell.values,
        estimates: plan.modes.flatMap((mode, m) =>
          plan.metrics.map((metric, i) => ({ mode, metric: metric.name, ...estimate(runs.map((run) => run[m]![i]!)) })),
        ),
      };
    }),
  };
}

/** Everything of the result but its cells: what the parts of one sweep share. */
export function sweepHeader(plan: SweepPlan): Omit<SweepResult, 'cells'> {
  const { name, seed, duration } = plan.scenario;
  return {
    format: SWEEP_FORMAT,
    scenario: { name, seed, durationNs: duration },
    parameters: plan.parameters,
    modes: plan.modes,
    metrics: plan.metrics.map(({ name: metric, unit }) => ({ name: metric, unit })),
    seeds: plan.seeds,
  };
}

async function runTasks(tasks: readonly CellTask[], options: SweepRunOptions): Promise<CellValues[]> {
  const results: CellValues[] = new Array<CellValues>(tasks.length);
  let done = 0;
  const finished = (): void => options.progress?.(++done, tasks.length);
  if (options.jobs <= 1 || tasks.length <= 1) {
    tasks.forEach((task, i) => {
      results[i] = runCell(task);
      finished();
    });
    return results;
  }
  const threads = Math.min(options.jobs, tasks.length);
  const pool = new Tinypool({ filename: new URL('./worker.js', import.meta.url).href, minThreads: threads, maxThreads: threads });
  try {
    await Promise.all(
      tasks.map(async (task, i) => {
        results[i] = (await pool.run(task)) as CellValues;
        finished();
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
