// Runs the whole CLI in-process against an in-memory file system.
import { runCli } from '../../src/cli/program.js';
import { checkInputSize, STDIN, type CliIo } from '../../src/cli/io.js';
import { OutputWriteError, type OutputSet } from '../../src/cli/outputs.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

export interface FakeClock {
  /** Milliseconds the fake clock advances at every reading. */
  readonly step: number;
}

/**
 * The fake file system's special paths: anything under /missing/ has no directory, a path ending
 * in / is a directory, and `devices` are written in place, as devices and FIFOs are, a `full` one
 * failing with ENOSPC.
 */
export interface FakeDevices {
  readonly devices?: readonly string[];
  readonly full?: readonly string[];
}

export async function cli(
  argv: string[],
  files: Record<string, string> = {},
  options: { tty?: boolean; env?: Record<string, string>; clock?: FakeClock; progress?: string[]; stdin?: string } & FakeDevices = {},
): Promise<CliRun> {
  const store = new Map(Object.entries(files));
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (path, maxBytes) => {
      const text = path === STDIN ? (options.stdin ?? '') : store.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      checkInputSize(Buffer.byteLength(text), maxBytes);
      return text;
    },
    exists: (path) => store.has(path),
    listDirectory: (directory) => [
      ...new Set(
        [...store.keys()]
          .filter((path) => path.startsWith(directory))
          .map((path) => path.slice(directory.length).replace(/\/.*$/s, '/')),
      ),
    ].sort(),
    // The in-memory files under scenarios/ stand for the package's bundled ones.
    bundledScenarios: () =>
      new Map(
        [...store.keys()]
          .filter((path) => /^scenarios\/[^/]+\.yaml$/.test(path))
          .sort()
          .map((path) => [path.slice('scenarios/'.length, -'.yaml'.length), path]),
      ),
    outputs: () => fakeOutputs(store, options),
    stdoutIsTTY: options.tty ?? false,
    // Worker threads run the built code, which the in-process CLI does not: one job, in-process.
    availableCores: 1,
    env: options.env ?? {},
    now: (() => {
      let time = 0;
      return () => (time += options.clock?.step ?? 0);
    })(),
    progressBar: (total) => {
      const log = options.progress;
      if (log === undefined) return null;
      log.push(`start ${total}`);
      return { update: (done, mode) => log.push(`${mode} ${done}`), stop: () => log.push('stop') };
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, files: store };
}

function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${path}`), { code });
}

/** The OutputSet contract on the in-memory store: every file written, or none. */
function fakeOutputs(store: Map<string, string>, { devices = [], full = [] }: FakeDevices): OutputSet {
  const staged = new Map<string, string>();
  const check = (path: string): void => {
    if (path.startsWith('/missing/')) throw fsError('ENOENT', path);
    if (path.endsWith('/')) throw fsError('EISDIR', path);
  };
  return {
    check,
    stage(path, text) {
      check(path);
      staged.set(path, text);
    },
    async commit() {
      const inPlace = [...staged].filter(([path]) => devices.includes(path) || full.includes(path));
      for (const [path] of inPlace) if (full.includes(path)) throw new OutputWriteError(path, fsError('ENOSPC', path));
      for (const [path, text] of staged) store.set(path, text);
      staged.clear();
    },
    abort() {
      staged.clear();
    },
  };
}
