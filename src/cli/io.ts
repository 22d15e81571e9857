// Everything the CLI does to the outside world goes through this interface, so tests run the
// whole CLI in-process with fakes.
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
  /**
   * The text of a regular file, or of stdin for `-`, of at most `maxBytes`; anything else is
   * refused (InputRefused) before a byte is read.
   */
  readonly readFile: (path: string, maxBytes: number) => string;
  /** Whether something is at `path` (a file to read, or not: then a bundled scenario's name). */
  readonly exists: (path: string) => boolean;
  /** The entries of a directory ('' for the current one), directories ending in `/`; none if unreadable. */
  readonly listDirectory: (directory: string) => readonly string[];
  /** The bundled scenarios, by name (the file name without .yaml), each with its path. */
  readonly bundledScenarios: () => ReadonlyMap<string, string>;
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
    readFile: readBounded,
    exists: existsSync,
    listDirectory,
    bundledScenarios: () => bundled(fileURLToPath(new URL('../../../scenarios/', import.meta.url))),
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

/** The path that names stdin. */
export const STDIN = '-';

/** An input the CLI will not read; the message says why, after the file's name. */
export class InputRefused extends Error {
  override readonly name = 'InputRefused';
}

export function checkInputSize(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) throw new InputRefused(`it is ${mebibytes(bytes)}, over the limit of ${mebibytes(maxBytes)}`);
}

function readBounded(path: string, maxBytes: number): string {
  if (path === STDIN) return readUpTo(0, maxBytes);
  // Checked before opening: opening a device can itself do something, a FIFO waits for a writer.
  refuseUnlessRegular(statSync(path));
  // Non-blocking, in case a FIFO took the file's place since the stat.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    refuseUnlessRegular(stats);
    checkInputSize(stats.size, maxBytes);
    return readUpTo(fd, maxBytes);
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(stats: Stats): void {
  if (stats.isFile()) return;
  if (stats.isDirectory()) throw new InputRefused('it is a directory');
  const kind = stats.isFIFO() ? 'a FIFO' : stats.isSocket() ? 'a socket' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a file';
  throw new InputRefused(`it is ${kind}, not a regular file (use - to read stdin)`);
}

const CHUNK_BYTES = 64 * 1024;

/** Reads to the end, but never more than one byte past `maxBytes`: a file may grow, stdin has no size. */
function readUpTo(fd: number, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
    const count = readRetrying(fd, chunk);
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > maxBytes) throw new InputRefused(`it is over the limit of ${mebibytes(maxBytes)}`);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** A stdin pipe left non-blocking by whoever started us answers EAGAIN until data comes. */
function readRetrying(fd: number, into: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, into);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function mebibytes(bytes: number): string {
  const value = bytes / 2 ** 20;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

function listDirectory(directory: string): readonly string[] {
  try {
    return readdirSync(directory === '' ? '.' : directory, { withFileTypes: true }).map((entry) => {
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && existsSync(`${directory}${entry.name}/`));
      return isDirectory ? `${entry.name}/` : entry.name;
    }).sort();
  } catch {
    return [];
  }
}

/** The package's scenarios directory (beside dist/ when installed or built from a clone). */
function bundled(directory: string): ReadonlyMap<string, string> {
  if (!existsSync(directory)) return new Map();
  const files = readdirSync(directory).filter((file) => file.endsWith('.yaml')).sort();
  return new Map(files.map((file) => [file.slice(0, -'.yaml'.length), `${directory}${file}`]));
}
