// Inputs that are not scenario files, read through the real file access: each is refused on one
// line naming it, with exit 2, before anything is parsed and without waiting on a FIFO.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { processIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { cli } from '../support/cli.js';

const SCENARIO = 'host: { cores: 2 }\nduration: 10ms\nmodes: [classic]\npartitions:\n  - { name: vm, kind: guest, vps: 1, workload: busy }\n';

const dir = mkdtempSync(join(tmpdir(), 'hvsched-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function realCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { ...processIo(), stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function expectOneLine(run: { code: number; stdout: string; stderr: string }, line: string): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`${line}\n`);
}

describe('what is not a regular file of sane size is refused before it is read', () => {
  test('a file over 8 MiB', async () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, `# ${'x'.repeat(8 * 2 ** 20)}\n${SCENARIO}`);
    expectOneLine(await realCli(['validate', file]), `${file}: cannot read the file: it is 8.0 MiB, over the limit of 8 MiB`);
  });

  test('a FIFO nobody writes to', async () => {
    const fifo = join(dir, 'fifo.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expectOneLine(await realCli(['run', fifo]), `${fifo}: cannot read the file: it is a FIFO, not a regular file (use - to read stdin)`);
  });

  test('a directory', async () => {
    const sub = join(dir, 'scenarios.yaml');
    mkdirSync(sub);
    expectOneLine(await realCli(['validate', sub]), `${sub}: cannot read the file: it is a directory`);
  });

  test('a regular file is read as before', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, SCENARIO);
    const run = await realCli(['validate', file]);
    expect(run).toEqual({ code: 0, stdout: `${file}: ok (ok: 1 partition, modes classic)\n`, stderr: '' });
  });
});

describe('stdin', () => {
  test('`run -` reads the scenario from stdin, named <stdin>', async () => {
    const run = await cli(['run', '-', '--format', 'json'], {}, { stdin: SCENARIO });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).scenario.name).toBe('<stdin>');
  });

  test('issues of stdin name <stdin>, and explain reads it once', async () => {
    expectOneLine(await cli(['validate', '-'], {}, { stdin: SCENARIO.replace('vps: 1', 'vps: 0') }), '<stdin>:5:35: partitions[0].vps: expected an integer 1–1024, got 0');
    const explained = await cli(['explain', '-', '--mode', 'core'], {}, { stdin: SCENARIO });
    expect(explained.code).toBe(0);
  });

  test('stdin is bounded like a file', async () => {
    expectOneLine(await cli(['validate', '-'], {}, { stdin: 'x'.repeat(8 * 2 ** 20 + 1) }), '<stdin>: cannot read stdin: it is 8.0 MiB, over the limit of 8 MiB');
  });
});

describe('hostile text reaches the terminal escaped, one line per problem', () => {
  test("validate's ok line escapes a name with a newline and an escape sequence", async () => {
    const run = await cli(['validate', 'x.yaml'], { 'x.yaml': `name: "a\\nb\\e[31m"\n${SCENARIO}` });
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: 'x.yaml: ok (a\\nb\\x1b[31m: 1 partition, modes classic)\n' });
  });

  test("run's table heading escapes the name too", async () => {
    const run = await cli(['run', 'x.yaml'], { 'x.yaml': `name: "a\\nb\\e[31m"\n${SCENARIO}` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('a\\nb\\x1b[31m · seed 1');
    expect(run.stdout).not.toContain('\u001b');
  });

  test('a file name with control characters is escaped', async () => {
    expectOneLine(await cli(['validate', 'a\nb\u001b.yaml']), 'a\\nb\\x1b.yaml: cannot read the file: no such file or directory');
  });

  test('a YAML 1.1 merge of a scalar is a positioned error, not an internal error', async () => {
    const text = `%YAML 1.1\n---\nbase: &b 5\n<<: *b\n${SCENARIO}`;
    expectOneLine(await cli(['validate', 'm.yaml'], { 'm.yaml': text }), 'm.yaml:4:1: refused: merge keys (<<) are not supported: write the keys out, or reuse a whole map with an alias');
  });

  test('a collection key is one line on stderr and no Node warning', async () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const text = `? [a, b]\n: 1\n${SCENARIO}`;
    expectOneLine(await cli(['validate', 'k.yaml'], { 'k.yaml': text }), 'k.yaml:1:3: expected a plain key, got a list used as a key');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  test('a trailing comma in a .json file is refused with its line and column', async () => {
    const text = '{\n  "host": { "cores": 2 },\n  "partitions": [{ "name": "vm", "kind": "guest", "vps": 1, "workload": "busy" },]\n}\n';
    expectOneLine(await cli(['validate', 's.json'], { 's.json': text }), 's.json:3:82: invalid JSON: expected a value, got "]\\n}\\n"');
  });

  test('a long CPU list is capped', async () => {
    const text = SCENARIO.replace('workload: busy', 'workload: busy, cpus: "0-2047"');
    expectOneLine(
      await cli(['validate', 'c.yaml'], { 'c.yaml': text }),
      'c.yaml:5:60: partitions[0].cpus: expected CPUs of the root partition (host LPs 0–1), got 2, 3, 4, 5, 6, 7, …, 2047 (2046 values)',
    );
  });
});

describe('a trace or report too big to build is refused before the run', () => {
  const FLOOD = 'host: { cores: 2 }\nduration: 100ms\nmodes: [core, integrated]\npartitions:\n  - { name: vm, kind: guest, vps: 4, workload: { type: poisson, interval: 100ns, work: 50ns } }\n';

  test('with the estimate, the limit and a window that fits, and no file written', async () => {
    const run = await cli(['run', 'f.yaml', '--trace', 't.json', '--out', 'o.txt'], { 'f.yaml': FLOOD });
    expectOneLine(
      run,
      '--trace: refused: about 1.6e7 events in 0ns..100ms under 2 modes, about 977 MiB, above the limit of 256 MiB: ' +
        'shorten --trace-window (about 20ms fits, e.g. --trace-window 0ns..20ms) or run fewer modes (--mode)',
    );
    expect([...run.files.keys()]).toEqual(['f.yaml']);
  });

  test('a report is bounded the same way, on its own window', async () => {
    const run = await cli(['run', 'f.yaml', '--mode', 'core', '--report', 'r.html', '--report-window', '0ms..50ms'], { 'f.yaml': FLOOD });
    expectOneLine(
      run,
      '--report: refused: about 4.0e6 events in 0ns..50ms under 1 mode, about 1.5 GiB, above the limit of 256 MiB: ' +
        'shorten --report-window (about 5ms fits, e.g. --report-window 0ns..5ms)',
    );
  });
});
