// Runs the whole CLI in-process against an in-memory file system.
import { runCli } from '../../src/cli/program.js';
import { checkInputSize, STDIN, type CliIo } from '../../src/cli/io.js';

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

export async function cli(
  argv: string[],
  files: Record<string, string> = {},
  options: { tty?: boolean; env?: Record<string, string>; clock?: FakeClock; progress?: string[]; stdin?: string } = {},
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
    writeFile: (path, text) => {
      if (path.startsWith('/missing/')) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      store.set(path, text);
    },
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
