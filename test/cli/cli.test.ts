import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { cli } from '../support/cli.js';
import { scratchDir } from '../support/scratch.js';
import { SMALL } from '../support/small.js';


describe('hvsched run', () => {
  test('prints a table by default, without colour when stdout is not a terminal', async () => {
    const run = await cli(['run', 'small.yaml'], { 'small.yaml': SMALL });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('mode classic');
    expect(run.stdout).toMatch(/│ a\s+│ guest │\s+2 │/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('colours the table on a terminal unless NO_COLOR or --no-color says otherwise', async () => {
    const files = { 'small.yaml': SMALL };
    expect((await cli(['run', 'small.yaml'], files, { tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['run', 'small.yaml'], files, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['run', 'small.yaml', '--no-color'], files, { tty: true })).stdout).not.toContain('\u001b[');
  });

  test('--format json prints the MODEL.md §8 document', async () => {
    const run = await cli(['run', 'small.yaml', '--format', 'json'], { 'small.yaml': SMALL });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.scenario).toEqual({ name: 'small', seed: 3, durationNs: 1e9 });
    expect(result.runs).toHaveLength(1);
    const [a, b] = result.runs[0].partitions;
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['name', 'kind', 'runNs', 'stealNs', 'idleNs', 'vps']));
    expect(a.vps[0]).toEqual(expect.objectContaining({ index: 0, runNs: expect.any(Number), workNs: expect.any(Number) }));
    expect(b.vps[0].latency).toEqual({
      count: expect.any(Number),
      wakeup: { p50Ns: expect.any(Number), p95Ns: expect.any(Number), p99Ns: expect.any(Number), maxNs: expect.any(Number) },
      response: { p50Ns: expect.any(Number), p95Ns: expect.any(Number), p99Ns: expect.any(Number), maxNs: expect.any(Number) },
    });
    // Classic never gives a whole core to one partition, and one thread per core has no sibling: neither applies.
    expect(result.runs[0].lps[1]).toEqual({ index: 1, core: 1, thread: 0, busyNs: expect.any(Number), forcedIdleNs: null, mixedNs: null });
  });

  test('the same file and seed give byte-identical JSON; --seed changes it', async () => {
    const files = { 'small.yaml': SMALL };
    const first = await cli(['run', 'small.yaml', '-f', 'json'], files);
    const second = await cli(['run', 'small.yaml', '-f', 'json'], files);
    expect(second.stdout).toBe(first.stdout);
    const reseeded = await cli(['run', 'small.yaml', '-f', 'json', '--seed', '4'], files);
    expect(reseeded.stdout).not.toBe(first.stdout);
    expect(JSON.parse(reseeded.stdout).scenario.seed).toBe(4);
  });

  test('--duration and --mode override the file', async () => {
    const run = await cli(['run', 'small.yaml', '-f', 'json', '--duration', '250ms', '--mode', 'classic-nosmt,classic'], { 'small.yaml': SMALL });
    const result = JSON.parse(run.stdout);
    expect(result.scenario.durationNs).toBe(250_000_000);
    expect(result.runs.map((r: { mode: string }) => r.mode)).toEqual(['classic-nosmt', 'classic']);
  });

  test('a scenario that lists no modes runs every mode', async () => {
    const run = await cli(['run', 'small.yaml', '-f', 'json'], { 'small.yaml': SMALL.replace('modes: [classic]\n', '') });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).runs.map((r: { mode: string }) => r.mode)).toEqual(['root', 'classic', 'classic-nosmt', 'core', 'integrated']);
  });

  test('an integrated run records the gate decision', async () => {
    const run = await cli(['run', 'small.yaml', '-f', 'json', '--mode', 'integrated'], { 'small.yaml': SMALL });
    const [integrated] = JSON.parse(run.stdout).runs;
    expect(integrated.l1vhScheduler).toBe('root');
    expect(integrated.gate.outcome).toBe('integrated');
    expect(integrated.gate.vmmCapabilities.bank0).toBe('0x40');
  });

  test('--format csv adds a row per OS thread', async () => {
    const withThreads = `${SMALL}  - { name: root, kind: root, threads: [ { name: web, count: 2, workload: busy } ] }\n`;
    const run = await cli(['run', 'small.yaml', '-f', 'csv'], { 'small.yaml': withThreads });
    const threadRows = run.stdout.split('\n').filter((line) => line.includes(',thread,'));
    expect(threadRows).toHaveLength(2);
    expect(threadRows[0]).toContain(',root,root,,thread,web#0,');
  });

  test('--format csv splits each thread\'s wait into rows by the thread it waited behind as written, summing to its waitNs', async () => {
    const withThreads = `${SMALL}  - { name: root, kind: root, threads: [ { name: web, count: 3, workload: busy } ] }\n`;
    const run = await cli(['run', 'small.yaml', '-f', 'csv', '-m', 'root'], { 'small.yaml': withThreads });
    const rows = run.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(','));
    const column = (row: string[], name: (typeof CSV_COLUMNS)[number]): string => row[CSV_COLUMNS.indexOf(name)]!;
    const threads = rows.filter((row) => column(row, 'entity') === 'thread');
    const names = threads.map((row) => column(row, 'name'));
    expect(names.filter((name) => name.startsWith('web#'))).toHaveLength(3);
    // Holders are named as written: the replicas as `web`, a VM's VMM threads as `vmm:<vm>`.
    const writtenNames = new Set(names.map((name) => name.replace(/#\d+$/, '').replace(/\/vp\d+$/, '')));
    for (const thread of threads) {
      const waits = rows.filter((row) => column(row, 'entity') === 'thread-wait' && column(row, 'name') === column(thread, 'name'));
      expect(waits.reduce((total, row) => total + Number(column(row, 'waitNs')), 0)).toBe(Number(column(thread, 'waitNs')));
      for (const wait of waits) expect(['', ...writtenNames]).toContain(column(wait, 'behind'));
    }
    expect(rows.filter((row) => column(row, 'entity') === 'thread-wait' && column(row, 'behind') === 'web').length).toBeGreaterThan(0);
  });

  test('--format csv prints the documented header, one row per mode × partition × VP and one per VP × thief × cause of its steal', async () => {
    const run = await cli(['run', 'small.yaml', '-f', 'csv'], { 'small.yaml': SMALL });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    const rows = lines.slice(1).map((line) => line.split(','));
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const column = (row: string[], name: (typeof CSV_COLUMNS)[number]): string => row[CSV_COLUMNS.indexOf(name)]!;
    const vps = rows.filter((row) => column(row, 'entity') === 'vp');
    expect(vps).toHaveLength(4);
    expect(lines[1]!.startsWith('small,3,1000000000,classic,a,guest,,vp,0,')).toBe(true);
    for (const vp of vps) {
      const thefts = rows.filter((row) => column(row, 'entity') === 'steal' && column(row, 'partition') === column(vp, 'partition') && column(row, 'name') === column(vp, 'name'));
      expect(thefts.reduce((total, row) => total + Number(column(row, 'stealNs')), 0)).toBe(Number(column(vp, 'stealNs')));
      for (const theft of thefts) expect(['contention', 'capped', 'gang', 'idle']).toContain(column(theft, 'cause'));
    }
  });

  test('--out writes the file and nothing to stdout', async () => {
    const run = await cli(['run', 'small.yaml', '-f', 'json', '--out', 'result.json'], { 'small.yaml': SMALL });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.files.get('result.json')!).scenario.name).toBe('small');
  });

  test('an unwritable --out is a one-line error with exit code 2', async () => {
    const run = await cli(['run', 'small.yaml', '--out', '/missing/result.txt'], { 'small.yaml': SMALL });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('/missing/result.txt: cannot write the output: no such file or directory\n');
  });

  test('a missing file is a one-line error with exit code 2', async () => {
    const run = await cli(['run', 'nope.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('nope.yaml: cannot read the file: no such file or directory\n');
  });

  test('bad input lists every problem with file:line:col and exits 2', async () => {
    const bad = 'duration: 10\nhost: { cores: 2 }\npartitions:\n  - { name: a, kind: guest, vps: 2, wieght: 5, workload: busy }\n';
    const run = await cli(['run', 'bad.yaml'], { 'bad.yaml': bad });
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^bad\.yaml:1:11: duration: expected a duration with a unit/);
    expect(lines[1]).toMatch(/^bad\.yaml:4:\d+: partitions\[0\]\.wieght: .*did you mean "weight"/);
    expect(run.stdout).toBe('');
  });

  test('a bad override is reported against its flag', async () => {
    const run = await cli(['run', 'small.yaml', '--mode', 'clasic'], { 'small.yaml': SMALL });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^small\.yaml: --mode: /);
  });

  test('an unknown option is a usage error with exit code 2', async () => {
    const run = await cli(['run', 'small.yaml', '--frobnicate'], { 'small.yaml': SMALL });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--frobnicate'");
  });

  test('an unknown format is refused', async () => {
    const run = await cli(['run', 'small.yaml', '--format', 'xml'], { 'small.yaml': SMALL });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Allowed choices are table, json, csv');
  });
});

describe('hvsched validate', () => {
  test('reports ok files and every problem of bad ones, exit 2 if any is bad', async () => {
    const files = { 'good.yaml': SMALL, 'bad.yaml': 'host: { cores: 0 }\npartitions: []\n' };
    const run = await cli(['validate', 'good.yaml', 'bad.yaml'], files);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('good.yaml: ok (small: 2 partitions, modes classic)\n');
    const l1vh = await cli(['validate', 'l1vh.yaml'], { 'l1vh.yaml': 'host: { cores: 2 }\npartitions:\n  - { name: l1vh, kind: l1vh, cores: 2, children: [{ name: a, vps: 1, workload: busy }, { name: b, vps: 1, workload: busy }] }\n' });
    expect(l1vh.stdout).toBe('l1vh.yaml: ok (l1vh: 1 partition and 2 children, modes root, classic, classic-nosmt, core, integrated)\n');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^bad\.yaml:1:\d+: host\.cores: /m);
  });

  test('exit 0 when every file is valid', async () => {
    const run = await cli(['validate', 'good.yaml'], { 'good.yaml': SMALL });
    expect(run.code).toBe(0);
  });
});

describe('hvsched schema', () => {
  test('prints a JSON Schema', async () => {
    const run = await cli(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.properties.partitions).toBeDefined();
  });

  test('the bundled schema file is up to date', async () => {
    const run = await cli(['schema']);
    expect(readFileSync('scenarios/schema.json', 'utf8')).toBe(run.stdout);
  });
});

describe('the real binary', () => {
  const main = join('dist', 'src', 'cli', 'main.js');

  test('runs the bundled default scenario and validates every bundled scenario', () => {
    const run = spawnSync(process.execPath, [main, 'run', 'scenarios/default.yaml', '--duration', '1s'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/root +classic +classic-nosmt +core +integrated/);
    expect(run.stdout).toMatch(/l1vh steal: core \d+\.\d % → integrated 0\.0 %/);
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const scenarios = readdirSync('scenarios').filter((file) => file.endsWith('.yaml')).map((file) => join('scenarios', file));
    const validate = spawnSync(process.execPath, [main, 'validate', ...scenarios], { encoding: 'utf8' });
    expect(validate.stderr).toBe('');
    expect(validate.status).toBe(0);
  });

  test('bad input exits 2 with one line and no stack trace; --out leaves no partial file', () => {
    const dir = scratchDir('bad-input');
    const run = spawnSync(process.execPath, [main, 'run', 'scenarios/does-not-exist.yaml', '--out', join(dir, 'out.json')], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('views beside the run', () => {
  const files = { 'small.yaml': SMALL };

  test('--trace writes a Chrome trace of the default window, byte-stable', async () => {
    const first = await cli(['run', 'small.yaml', '--trace', 'trace.json'], files);
    expect(first.code).toBe(0);
    const trace = JSON.parse(first.files.get('trace.json')!);
    expect(trace.otherData.scenario).toBe('small');
    expect(trace.traceEvents.length).toBeGreaterThan(100);
    const second = await cli(['run', 'small.yaml', '--trace', 'trace.json'], files);
    expect(second.files.get('trace.json')).toBe(first.files.get('trace.json'));
  });

  test('--trace-window limits the trace', async () => {
    const run = await cli(['run', 'small.yaml', '--trace', 't.json', '--trace-window', '100ms..150ms'], files);
    const events = JSON.parse(run.files.get('t.json')!).traceEvents.filter((e: { ph: string }) => e.ph === 'X');
    for (const event of events) {
      expect(event.ts).toBeGreaterThanOrEqual(100_000);
      expect(event.ts + event.dur).toBeLessThanOrEqual(150_000);
    }
  });

  test.each([
    ['--trace-window', '5ms'],
    ['--trace-window', '40ms..10ms'],
    ['--trace-window', '2s..3s'],
    ['--timeline', 'soon..later'],
  ])('%s %s is refused with the expected form', async (flag, value) => {
    const run = await cli(['run', 'small.yaml', '--trace', 't.json', flag, value], files);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${flag}: expected a window like 0ms\\.\\.40ms inside the run's 1s, got "`));
    expect(run.files.has('t.json')).toBe(false);
  });

  test('a window end without its unit is named, not the whole range', async () => {
    const run = await cli(['run', 'small.yaml', '--timeline', '0..40ms'], files);
    expect([run.code, run.stderr]).toEqual([2, '--timeline: "0" has no unit: expected a window like 0ms..40ms, got "0..40ms"\n']);
  });

  test('a child written at the top level is told where it belongs', async () => {
    const run = await cli(['validate', 'c.yaml'], { 'c.yaml': 'host: { cores: 1 }\npartitions:\n  - { name: c, kind: child, vps: 1, workload: busy }\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a partition kind (root, guest, l1vh), got "child": a child partition belongs under its L1VH\'s `children`');
  });

  test('--report writes one self-contained HTML file', async () => {
    const run = await cli(['run', 'small.yaml', '--report', 'r.html'], files);
    expect(run.code).toBe(0);
    expect(run.files.get('r.html')).toMatch(/^<!DOCTYPE html>/i);
  });

  test('--timeline draws after the table, and is refused beside json on stdout', async () => {
    const run = await cli(['run', 'small.yaml', '--timeline', '0ms..40ms'], files);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/LP 0/);
    const refused = await cli(['run', 'small.yaml', '--timeline', '0ms..40ms', '-f', 'json'], files);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^--timeline: /);
    const toFile = await cli(['run', 'small.yaml', '--timeline', '0ms..40ms', '-f', 'json', '--out', 'r.json'], files);
    expect(toFile.code).toBe(0);
    expect(JSON.parse(toFile.files.get('r.json')!).runs).toHaveLength(1);
  });

  test('a run that takes over a second shows progress to the end, a quick one none', async () => {
    const slow: string[] = [];
    await cli(['run', 'small.yaml', '--mode', 'classic,core'], files, { clock: { step: 100 }, progress: slow });
    expect(slow[0]).toBe(`start ${2 * 1e9}`);
    expect(slow.at(-2)).toBe(`core ${2 * 1e9}`);
    expect(slow.at(-1)).toBe('stop');
    const quick: string[] = [];
    await cli(['run', 'small.yaml'], files, { clock: { step: 0 }, progress: quick });
    expect(quick).toEqual([]);
  });
});

test('the version the CLI reports is the package version', async () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const run = await cli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(pkg.version);
  }
  const json = JSON.parse((await cli(['run', 'small.yaml', '-f', 'json'], { 'small.yaml': SMALL })).stdout) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(['format', 'formatVersion', 'hvsched', 'scenario', 'runs']);
  expect([json['format'], json['formatVersion'], json['hvsched']]).toEqual(['hvsched-result/1', 1, pkg.version]);
});

describe('bundled scenarios by name', () => {
  const bundled = { 'scenarios/l1vh-minimal.yaml': readFileSync('scenarios/l1vh-minimal.yaml', 'utf8'), 'scenarios/smt-sharing.yaml': readFileSync('scenarios/smt-sharing.yaml', 'utf8') };

  test('a bare name that is no file here runs the bundled scenario; a file of that name wins', async () => {
    const byName = await cli(['run', 'l1vh-minimal', '-d', '100ms', '-m', 'core'], bundled);
    expect(byName.stderr).toBe('');
    expect(byName.stdout).toMatch(/^l1vh-minimal · seed 1 · 100ms simulated/);
    const local = await cli(['validate', 'l1vh-minimal'], { ...bundled, 'l1vh-minimal': SMALL });
    expect(local.stdout).toBe('l1vh-minimal: ok (small: 2 partitions, modes classic)\n');
    const unknown = await cli(['run', 'nope'], bundled);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'nope: cannot read the file: no such file or directory\n']);
  });

  test('`scenarios` lists them with the first sentence of each description; `check --all` checks them all', async () => {
    const list = await cli(['scenarios'], bundled);
    expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[0])).toEqual(['l1vh-minimal', 'smt-sharing']);
    expect(list.stdout).toMatch(/^l1vh-minimal {17}The smallest stolen-time story: an L1VH on 4 cores runs 4 busy tasks a…$/m);
    for (const line of list.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const all = await cli(['check', '--all'], bundled);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('scenarios/l1vh-minimal.yaml');
    expect(all.stdout).toContain('scenarios/smt-sharing.yaml');
    const none = await cli(['check'], bundled);
    expect([none.code, none.stderr]).toEqual([2, 'check: expected scenario files or --all (every bundled scenario), got none\n']);
  });
});

describe('hvsched check', () => {
  const WITH_EXPECT = `${SMALL}expect:
  - { mode: classic, partition: a, metric: cpuShare, approx: 2, tolerance: 0.5 }
  - { mode: core, partition: b, vp: 0, metric: wakeupP99Ns, max: 2s }
  - { mode: classic, metric: utilisation, min: 0.9 }
`;

  test('prints each expectation with the value measured, and exits 0 when all hold', async () => {
    const run = await cli(['check', 'x.yaml'], { 'x.yaml': WITH_EXPECT });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ classic a cpuShare = [\d.]+, expected ≈ 2 ± 0\.5/);
    expect(run.stdout).toMatch(/✓ core b VP 0 wakeupP99Ns = [\d.]+\w+, expected ≤ 2s/);
    expect(run.stdout).toMatch(/✓ classic host utilisation = /);
    expect(run.stdout).toContain('3 passed, 0 failed');
  });

  test('exits 3 when an expectation fails, and says by how much', async () => {
    const failing = WITH_EXPECT.replace('approx: 2, tolerance: 0.5', 'max: 0.5');
    const run = await cli(['check', 'x.yaml'], { 'x.yaml': failing });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✗ classic a cpuShare = [\d.]+, expected ≤ 0\.5/);
    expect(run.stdout).toContain('2 passed, 1 failed');
  });

  test('a latency expectation on a workload without bursts fails with the reason', async () => {
    const run = await cli(['check', 'x.yaml'], { 'x.yaml': `${SMALL}expect:\n  - { mode: classic, partition: a, metric: wakeupP99Ns, max: 1ms }\n` });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/✗ classic a wakeupP99Ns = no wakeupP99Ns: nothing measured it/);
  });

  test('a bad file is reported and the others still checked; bad input wins the exit code', async () => {
    const run = await cli(['check', 'bad.yaml', 'x.yaml'], { 'bad.yaml': 'host: {}\n', 'x.yaml': WITH_EXPECT });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^bad\.yaml:/);
    expect(run.stdout).toContain('3 passed, 0 failed');
  });

  test('every bundled scenario passes its own expectations', async () => {
    const files = readdirSync('scenarios').filter((file) => file.endsWith('.yaml')).map((file) => `scenarios/${file}`);
    const contents = Object.fromEntries(files.map((file) => [file, readFileSync(file, 'utf8')]));
    const run = await cli(['check', ...files], contents);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('✗');
    expect(run.code).toBe(0);
  });
});
