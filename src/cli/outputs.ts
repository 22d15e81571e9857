// The files a command writes, written as a set and as shell redirection would: a reader sees all
// of them complete or none, a symlink stays a link, a device or FIFO stays what it is.
import { accessSync, constants, lstatSync, readlinkSync, statSync, unlinkSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** The outputs of one command, checked before it does its work and written together after. */
export interface OutputSet {
  /** Throws the error writing `path` would meet (a missing directory, a directory in its place), before the work starts. */
  check(path: string): void;
  /** Keeps `text` for a `path` already checked; nothing reaches the path before `commit`. */
  stage(path: string, text: string): void;
  /**
   * Writes every staged output, or on the first failure none of the files (an OutputWriteError).
   * Devices and FIFOs, which cannot be written aside and renamed, are written after every file
   * is written aside, so their failure still leaves the files untouched.
   */
  commit(): Promise<void>;
  /** Removes whatever `commit` has written aside; safe to call at any time, and more than once. */
  abort(): void;
}

/** Writing `path` failed; `cause` is the file system's error. */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';
  readonly path: string;

  constructor(path: string, cause: unknown) {
    super(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.path = path;
  }
}

/** Where the bytes go: a file replaced by a renamed temporary, or a device or FIFO written in place. */
type Target = { readonly kind: 'file'; readonly path: string; readonly mode: number | null } | { readonly kind: 'direct'; readonly path: string };

/** How many symlinks a path may go through, as Linux allows (MAXSYMLINKS). */
const MAX_LINKS = 40;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function fileOutputs(): OutputSet {
  const targets = new Map<string, Target>();
  const staged: { readonly path: string; readonly target: Target; readonly text: string }[] = [];
  const temporaries = new Set<string>();

  const abort = (): void => {
    for (const temporary of temporaries) {
      try {
        unlinkSync(temporary);
      } catch {
        // a temporary not yet created, or removed already: nothing to clean
      }
    }
    temporaries.clear();
  };

  return {
    check(path) {
      targets.set(path, targetOf(path));
    },
    stage(path, text) {
      const target = targets.get(path) ?? targetOf(path);
      staged.push({ path, target, text });
    },
    async commit() {
      // A signal now would leave temporaries behind: remove them, then die of the signal as
      // the caller expects (a shell reports 128 + its number). Before this the work makes no
      // files, so the signals keep their default action and stop a long run at once.
      const onSignal = (signal: NodeJS.Signals): void => {
        abort();
        for (const name of SIGNALS) process.removeListener(name, onSignal);
        process.kill(process.pid, signal);
      };
      for (const name of SIGNALS) process.on(name, onSignal);
      process.on('exit', abort);
      try {
        const renames: { readonly path: string; readonly temporary: string; readonly target: string }[] = [];
        for (const { path, target, text } of staged) {
          if (target.kind !== 'file') continue;
          const temporary = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
          temporaries.add(temporary);
          await writing(path, writeAside(temporary, text, target.mode));
          renames.push({ path, temporary, target: target.path });
        }
        for (const { path, target, text } of staged) {
          if (target.kind === 'direct') await writing(path, writeInPlace(target.path, text));
        }
        // Only a rename failing half-way through the set (a file system gone) breaks the all-or-none.
        for (const { path, temporary, target } of renames) {
          await writing(path, rename(temporary, target));
          temporaries.delete(temporary);
        }
      } finally {
        abort();
        for (const name of SIGNALS) process.removeListener(name, onSignal);
        process.removeListener('exit', abort);
      }
    },
    abort,
  };
}

/** What writing `path` would write to, or the error it would meet. */
function targetOf(path: string): Target {
  let current = path;
  for (let links = 0; links <= MAX_LINKS; links++) {
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
      writableDirectory(dirname(current));
      return { kind: 'file', path: current, mode: null };
    }
    if (stats.isSymbolicLink()) {
      current = resolve(dirname(current), readlinkSync(current));
      continue;
    }
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    if (stats.isFile()) {
      // A shell refuses `>` onto a file it may not write; the rename would not notice.
      accessSync(current, constants.W_OK);
      writableDirectory(dirname(current));
      return { kind: 'file', path: current, mode: stats.mode & 0o7777 };
    }
    accessSync(current, constants.W_OK);
    return { kind: 'direct', path: current };
  }
  throw Object.assign(new Error(`ELOOP: ${path}`), { code: 'ELOOP' });
}

/** The temporary and the rename need the directory to exist and to take new entries. */
function writableDirectory(dir: string): void {
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${dir}`), { code: 'ENOTDIR' });
  accessSync(dir, constants.W_OK);
}

/** `work` on the output named `path`, its failure told as that output's. */
async function writing(path: string, work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    throw new OutputWriteError(path, error);
  }
}

async function writeAside(temporary: string, text: string, mode: number | null): Promise<void> {
  const file = await open(temporary, 'wx');
  try {
    // The umask applied at open would narrow a replaced file's mode: set it exactly.
    if (mode !== null) await file.chmod(mode);
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function writeInPlace(path: string, text: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
