// Everything the CLI does to the outside world goes through this interface, so tests run the
// whole CLI in-process with fakes.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';

export interface ProgressBar {
  /** `done` of the total simulated time, while running `mode`. */
  update(done: number, mode: string): void;
  stop(): void;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
  /** Writes the whole text or nothing: a reader never sees a half-written file. */
  readonly writeFile: (path: string, text: string) => void;
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
    writeFile: writeFileAtomic,
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

function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written, or it is gone already
    }
    throw error;
  }
}
