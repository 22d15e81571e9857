// Runs a planned sweep: every cell of the shard under every seed, on this thread and any worker
// threads beside it, then each metric's estimate per cell and mode. The order results arrive in
// never matters: each lands in its own slot, so the document is the same whatever the number of jobs.
import { Tinypool } from 'tinypool';
import { runCell, type CellTask, type CellValues } from './cell.js';
import { cellTask, type SweepPlan } from './plan.js';
import { SWEEP_FORMAT, type SweepCell, type SweepResult } from './result.js';
import { estimate, loadIntervals } from './stats.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface SweepRunOptions {
  /** Worker threads that share the cells with this thread; without them this thread runs every cell. */
  readonly workers?: SweepWorkers;
  readonly shard?: Shard;
  /** Told after each run (one mode of a cell under one seed), with how many are done of how many. */
  readonly progress?: (done: number, total: number) => void;
}

/**
 * The threads beside this one that run cells: up to `jobs - 1` of them, since this thread runs
 * cells too. The first is started before the sweep is planned, so that it loads the simulator
 * while this thread validates the cells; the others start as cells are handed out, no more of
 * them than there are runs beyond this thread's. Closed by whoever started them.
 */
export class SweepWorkers {
  // Each worker holds two tasks beyond the one it runs: this thread hands out work only between
  // its own runs, and a worker with nothing queued would idle until then.
  static readonly #BACKLOG = 3;
  readonly #pool: Tinypool | null;
  readonly #threads: number;

  constructor(jobs: number) {
    this.#threads = Math.max(0, jobs - 1);
    this.#pool =
      this.#threads === 0
        ? null
        : new Tinypool({
            filename: new URL('./worker.js', import.meta.url).href,
            minThreads: 1,
            maxThreads: this.#threads,
            concurrentTasksPerWorker: SweepWorkers.#BACKLOG,
          });
  }

  /** How many tasks to keep handed out at once, for a sweep of `tasks`. */
  slotsFor(tasks: number): number {
    return Math.max(0, Math.min(this.#threads, tasks - 1)) * SweepWorkers.#BACKLOG;
  }

  run(task: CellTask): Promise<CellValues> {
    if (this.#pool === null) throw new Error('Bug: a sweep task was sent to no worker');
    return this.#pool.run(task) as Promise<CellValues>;
  }

  async close(): Promise<void> {
    await this.#pool?.destroy();
  }
}

export async function runSweep(plan: SweepPlan, options: SweepRunOptions): Promise<SweepResult> {
  const cells = plan.cells.filter((cell) => options.shard === undefined || cell.cell % options.shard.count === options.shard.index - 1);
  // One task per mode of each cell and seed: the threads share out work in pieces small enough
  // that none waits long at the end for another's last one.
  const modes = plan.modes.length;
  const tasks = cells.flatMap((cell) =>
    Array.from({ length: plan.seeds }, (_, k) => plan.modes.map((mode) => cellTask(plan, cell, k, mode))).flat(),
  );
  const values = await runTasks(tasks, options);
  if (plan.seeds > 1) await loadIntervals();
  return {
    ...sweepHeader(plan),
    cells: cells.map((cell, c): SweepCell => {
      const runOf = (k: number, m: number): (number | null)[] => values[(c * plan.seeds + k) * modes + m]!;
      return {
        cell: cell.cell,
        values: cell.values,
        estimates: plan.modes.flatMap((mode, m) =>
          plan.metrics.map((metric, i) => ({ mode, metric: metric.name, ...estimate(Array.from({ length: plan.seeds }, (_, k) => runOf(k, m)[i]!)) })),
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
  let next = 0;
  let done = 0;
  const finished = (): void => options.progress?.(++done, tasks.length);
  const workers = options.workers;
  const feeders =
    workers === undefined
      ? []
      : Array.from({ length: workers.slotsFor(tasks.length) }, async () => {
          while (next < tasks.length) {
            const i = next++;
            results[i] = await workers.run(tasks[i]!);
            finished();
          }
        });
  // Handled from the start: a worker that fails while this thread still runs cells must stop
  // the sweep with its error, not surface as an unhandled rejection.
  const failures: unknown[] = [];
  const feeding = Promise.all(feeders).catch((error: unknown) => {
    failures.push(error);
  });
  while (next < tasks.length && failures.length === 0) {
    const i = next++;
    results[i] = runCell(tasks[i]!);
    finished();
    // Lets the workers' finished cells in, so their feeders hand them the next ones.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await feeding;
  if (failures.length > 0) throw failures[0];
  return results;
}
