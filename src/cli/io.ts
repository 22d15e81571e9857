// Everything the CLI does to the outside world goes through this interface, so tests run the
// whole CLI in-process with fakes.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import { EXIT_CLOSED_PIPE } from './errors.js';
import { fileOutputs, type OutputSet } from './outputs.js';

export interface ProgressBar {
  /** `done` of the total simulated time, while running `mode`. */
  update(done: number, mode: string): void;
  stop(): void;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** A new, empty set of output files for one command (see OutputSet). */
  readonly outputs: () => OutputSet;
  readonly stdoutIsTTY: boolean;
  /** Cores this process may run on: how many worker threads a sweep starts unless told. */
  readonly availableCores: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Wall-clock milliseconds, to decide whether a run is slow enough for a progress bar. */
  readonly now: () => number;
  /** A progress bar for `total` ns of simulated time, or null where nobody would see one. */
  readonly progressBar: (total: number) => ProgressBar | null;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, 'utf8'),
    outputs: fileOutputs,
    stdoutIsTTY: process.stdout.isTTY === true,
    availableCores: availableParallelism(),
    env: process.env,
    now: () => performance.now(),
    progressBar: (total) => (process.stderr.isTTY === true ? terminalProgressBar(total) : null),
  };
}

function terminalProgressBar(total: number): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'simulating {mode} {bar} {percentage}% of {total_s}',
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const totalSeconds = `${(total / 1e9).toFixed(1)} s simulated`;
  bar.start(total, 0, { mode: '', total_s: totalSeconds });
  return {
    update: (done, mode) => bar.update(done, { mode, total_s: totalSeconds }),
    stop: () => bar.stop(),
  };
}

/**
 * A reader that closes the pipe early (`hvsched schema | head -1`) wanted no more: stop quietly
 * with the status a shell gives a coreutils program killed by SIGPIPE, instead of Node's EPIPE
 * stack trace. Node ignores SIGPIPE itself, so the status is exited with, not died of.
 */
export function quitWhenPipesClose(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(EXIT_CLOSED_PIPE);
    });
  }
}
