// Runs the whole CLI in-process against an in-memory file system.
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

export async function cli(argv: string[], files: Record<string, string> = {}, options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<CliRun> {
  const store = new Map(Object.entries(files));
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: (path) => {
      const text = store.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    writeFile: (path, text) => {
      if (path.startsWith('/missing/')) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      store.set(path, text);
    },
    stdoutIsTTY: options.tty ?? false,
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, files: store };
}
