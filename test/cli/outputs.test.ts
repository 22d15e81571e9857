// Output files as shell redirection treats them, written as a set, against the real file system
// (in a directory of the test's own) and the built binary; and stdout into a reader that leaves.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import { SMALL } from '../support/small.js';

const MAIN = resolve('dist/src/cli/main.js');
const DEFAULT = resolve('scenarios/default.yaml');
const RUN = ['run', 'small.yaml', '-f', 'json'];

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const workspaces: string[] = [];
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

/** A directory of the test's own, holding the small scenario. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hvsched-outputs-'));
  workspaces.push(dir);
  writeFileSync(join(dir, 'small.yaml'), SMALL);
  return dir;
}

function started(command: string, args: readonly string[], cwd: string): { readonly child: ReturnType<typeof spawn>; readonly exit: Promise<Exit> } {
  const child = spawn(command, args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<Exit>((done) => child.on('close', (status, signal) => done({ status, signal, stdout, stderr })));
  return { child, exit };
}

function hvsched(args: readonly string[], cwd: string): Promise<Exit> {
  return started(process.execPath, [MAIN, ...args], cwd).exit;
}

async function expected(): Promise<string> {
  return (await cli(RUN, { 'small.yaml': SMALL })).stdout;
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 50_000) throw new Error('gave up waiting');
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

describe('--out as shell redirection', () => {
  test('a FIFO stays a FIFO and its reader gets the whole output', async () => {
    const dir = workspace();
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    const reader = started('cat', ['fifo'], dir).exit;
    const run = await hvsched([...RUN, '--out', 'fifo'], dir);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect((await reader).stdout).toBe(await expected());
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'small.yaml']);
  });

  test('a symlink stays a link and its target gets the output', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'target.json'), 'old');
    symlinkSync('target.json', join(dir, 'link.json'));
    const run = await hvsched([...RUN, '--out', 'link.json'], dir);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe(await expected());
  });

  test('a replaced file keeps its mode: 0640 stays 0640, and 0444 is refused or, as root, stays 0444', async () => {
    const dir = workspace();
    for (const [name, mode] of [['group.json', 0o640], ['read-only.json', 0o444]] as const) {
      writeFileSync(join(dir, name), 'old');
      chmodSync(join(dir, name), mode);
    }
    const group = await hvsched([...RUN, '--out', 'group.json'], dir);
    expect([group.status, group.stderr]).toEqual([0, '']);
    expect(statSync(join(dir, 'group.json')).mode & 0o7777).toBe(0o640);
    expect(readFileSync(join(dir, 'group.json'), 'utf8')).toBe(await expected());
    const readOnly = await hvsched([...RUN, '--out', 'read-only.json'], dir);
    if (process.getuid?.() === 0) {
      expect([readOnly.status, readOnly.stderr]).toEqual([0, '']);
      expect(readFileSync(join(dir, 'read-only.json'), 'utf8')).toBe(await expected());
    } else {
      expect([readOnly.status, readOnly.stderr]).toEqual([2, 'read-only.json: cannot write the output: permission denied\n']);
      expect(readFileSync(join(dir, 'read-only.json'), 'utf8')).toBe('old');
    }
    expect(statSync(join(dir, 'read-only.json')).mode & 0o7777).toBe(0o444);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('outputs as a set', () => {
  test('an output that cannot be written is refused before the run, and no output is written', async () => {
    const dir = workspace();
    const run = await hvsched(['run', 'small.yaml', '--trace', 't.json', '--report', 'r.html', '--out', 'missing/o.json'], dir);
    expect([run.status, run.stderr]).toEqual([2, 'missing/o.json: cannot write the output: no such file or directory\n']);
    expect(readdirSync(dir)).toEqual(['small.yaml']);
    const directory = await hvsched(['run', 'small.yaml', '--trace', '.'], dir);
    expect([directory.status, directory.stderr]).toEqual([2, '.: cannot write the output: it is a directory\n']);
    const twice = await cli(['run', 'small.yaml', '--trace', 'x.json', '--out', 'x.json'], { 'small.yaml': SMALL });
    expect([twice.code, twice.stderr]).toEqual([2, 'x.json: given for two outputs: name a file for each\n']);
    const sweep = await cli(['sweep', 'small.yaml', '--vary', 'hypervisor.quantum=5ms', '--plot', 'p.svg', '--out', '/missing/o.csv'], { 'small.yaml': SMALL });
    expect([sweep.code, sweep.stderr]).toEqual([2, '/missing/o.csv: cannot write the output: no such file or directory\n']);
    expect([...sweep.files.keys()]).toEqual(['small.yaml']);
  });

  test('a FIFO whose reader leaves early is a one-line error, exit 2, and the files are not written', async () => {
    const dir = workspace();
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    // The trace is far larger than a pipe holds, so the write meets the closed end.
    const reader = started('head', ['-c', '1', 'fifo'], dir).exit;
    const run = await hvsched(['run', 'small.yaml', '--trace', 'fifo', '--report', 'r.html', '--out', 'o.json'], dir);
    await reader;
    expect([run.status, run.stderr]).toEqual([2, 'fifo: cannot write the output: the reader closed the pipe\n']);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'small.yaml']);
  });

  // A full file system needs a mount, which needs root: the fake io stands in for one.
  test('a device that is full (ENOSPC) is a one-line error, exit 2, and the files are not written', async () => {
    const run = await cli(['run', 'small.yaml', '--trace', 't.json', '--out', 'full'], { 'small.yaml': SMALL }, { full: ['full'] });
    expect([run.code, run.stderr, run.stdout]).toEqual([2, 'full: cannot write the output: no space left on the device\n', '']);
    expect([...run.files.keys()]).toEqual(['small.yaml']);
    const written = await cli(['run', 'small.yaml', '--trace', 't.json', '--out', 'device'], { 'small.yaml': SMALL }, { devices: ['device'] });
    expect(written.code).toBe(0);
    expect([...written.files.keys()].sort()).toEqual(['device', 'small.yaml', 't.json']);
  });
});

describe('signals', () => {
  test('SIGTERM during a long run leaves no file and the shell sees status 143', () => {
    const dir = workspace();
    const script = '"$0" "$@" & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo "status $?"';
    const run = spawnSync('sh', ['-c', script, process.execPath, MAIN, 'run', DEFAULT, '--duration', '60s', '--trace', 't.json', '--out', 'o.json'], { cwd: dir, encoding: 'utf8' });
    expect(run.stdout).toBe('status 143\n');
    // dash itself may say so of its job; hvsched says nothing.
    expect(run.stderr).toMatch(/^(Terminated\n)?$/);
    expect(readdirSync(dir)).toEqual(['small.yaml']);
  });

  test('SIGTERM while the outputs are written removes every temporary, and the process dies of it', async () => {
    const dir = workspace();
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    // Nobody reads the FIFO: the trace waits written aside until the signal comes.
    const { child, exit } = started(process.execPath, [MAIN, ...RUN, '--trace', 't.json', '--out', 'fifo'], dir);
    await until(() => readdirSync(dir).some((name) => name.endsWith('.tmp')));
    child.kill('SIGTERM');
    const run = await exit;
    expect([run.status, run.signal, run.stderr]).toEqual([null, 'SIGTERM', '']);
    expect(readdirSync(dir).sort()).toEqual(['fifo', 'small.yaml']);
  });
});

describe('pipes', () => {
  test.each([[['schema']], [['run', DEFAULT, '-d', '1s', '-f', 'json']]])('hvsched %j into a reader that stops after one line: quiet, status 141', (args) => {
    const script = '"$0" "$@" | head -n 1; echo "status ${PIPESTATUS[0]}"';
    const run = spawnSync('bash', ['-c', script, process.execPath, MAIN, ...args], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\{\nstatus 141\n$/);
  });
});
