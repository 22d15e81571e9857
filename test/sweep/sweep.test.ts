// `hvsched sweep`: the values grammar, the plan (paths, cells, errors before anything runs), the
// statistics, and that a cell's numbers are the ones `hvsched run` gives for that cell's scenario.
import { readFileSync } from 'node:fs';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, test } from 'vitest';
import { measure } from '../../src/metrics/measures.js';
import type { ScenarioResult } from '../../src/metrics/result.js';
import { planSweep } from '../../src/sweep/plan.js';
import type { SweepResult } from '../../src/sweep/result.js';
import { estimate, loadIntervals } from '../../src/sweep/stats.js';
import { parseValues } from '../../src/sweep/values.js';
import { cli } from '../support/cli.js';

const DEFAULT = readFileSync(new URL('../../scenarios/default.yaml', import.meta.url), 'utf8');
const files = { 'default.yaml': DEFAULT };

describe('values', () => {
  test.each([
    ['1ms,5ms,10ms', ['1ms', '5ms', '10ms']],
    ['1..4', [1, 2, 3, 4]],
    ['2..9:3', [2, 5, 8]],
    ['1ms..3ms:1ms', ['1ms', '2ms', '3ms']],
    ['500us..1.5ms:500us', ['500us', '1ms', '1500us']],
    ['0.5, 1, true, busy', [0.5, 1, true, 'busy']],
  ])('%s', (text, values) => {
    expect(parseValues(text)).toEqual({ ok: true, values });
  });

  test.each([
    ['1..', /expected a list/],
    ['5..1', /from low to high/],
    ['1..5:0', /step > 0/],
    ['1ms..5ms', /needs a step/],
    ['1,,2', /expected a list/],
    ['1..1000000', /at most 10000 values/],
  ])('%s is refused', (text, message) => {
    const parsed = parseValues(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('estimates', () => {
  test('mean and Student t 95 % interval; one value is its own interval; missing values are left out', async () => {
    await loadIntervals();
    const half = tQuantile(0.975, 2) * Math.sqrt(1 / 3);
    expect(half).toBeCloseTo(2.484, 3);
    const e = estimate([1, null, 2, 3]);
    expect(e.mean).toBe(2);
    expect(e.seeds).toBe(3);
    expect(e.ciLow).toBeCloseTo(2 - half, 12);
    expect(e.ciHigh).toBeCloseTo(2 + half, 12);
    expect(estimate([0.4])).toEqual({ mean: 0.4, ciLow: 0.4, ciHigh: 0.4, seeds: 1 });
    expect(estimate([null])).toEqual({ mean: null, ciLow: null, ciHigh: null, seeds: 0 });
  });
});

describe('the plan', () => {
  const plan = (vary: string[], metrics: string[] = []) => planSweep(DEFAULT, 'default.yaml', { vary, metrics, overrides: { duration: '200ms', modes: 'core,integrated' } });

  test('is the cartesian product, the last parameter fastest, each cell the file with its values set', () => {
    const planned = plan(['partitions.l1vh.children.child-a.vps=1..3', 'hypervisor.quantum=5ms,10ms']);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    expect(planned.plan.cells.map((c) => c.values)).toEqual([[1, '5ms'], [1, '10ms'], [2, '5ms'], [2, '10ms'], [3, '5ms'], [3, '10ms']]);
    const cell = JSON.parse(planned.plan.cells[3]!.text);
    expect(cell.partitions[1].children[0].vps).toBe(2);
    expect(cell.hypervisor.quantum).toBe('10ms');
    expect(cell.sweep).toBeUndefined();
    expect(planned.plan.metrics.map((m) => m.name)).toEqual(['l1vh.stealShare', 'l1vh.cpuShare', 'child-a.stealShare', 'child-a.cpuShare', 'child-b.stealShare', 'child-b.cpuShare']);
  });

  test('a child may be named as a partition is, without its L1VH', () => {
    const planned = plan(['partitions.child-b.vps=3']);
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    expect(JSON.parse(planned.plan.cells[0]!.text).partitions[1].children[1].vps).toBe(3);
  });

  test.each([
    [['partitions.l1vh.children.child-x.vps=1..2'], [], 'partitions[1].children has no item named "child-x": did you mean "child-a"?'],
    [['partitions.l1vh.childen.child-a.vps=1..2'], [], 'partitions[1].childen: unknown key "childen": did you mean "children"?'],
    [['partitions.l1vh.children.child-a.vps=0..2'], [], 'sweep cell 0 (partitions.l1vh.children.child-a.vps=0): partitions[1].children[0].vps: expected an integer 1–1024, got 0'],
    [['partitions.l1vh.children=1'], [], 'a parameter sets one value'],
    [['hypervisor.quantum=1ms..3ms'], [], 'a duration range needs a step'],
    [['hypervisor.quantum=5ms'], ['l1vh.stealShar'], 'unknown metric "stealShar" in "l1vh.stealShar": did you mean "stealShare"?'],
    [['hypervisor.quantum=5ms'], ['l1vx.stealShare'], 'no partition or thread named "l1vx": did you mean "l1vh"?'],
    [['hypervisor.quantum=5ms'], ['l1vh.forcedIdleShare'], 'forcedIdleShare does not apply to a partition'],
    [[], [], 'nothing to vary'],
  ])('%j %j is refused before anything runs', (vary, metrics, message) => {
    const planned = plan(vary, metrics);
    expect(planned.ok).toBe(false);
    if (!planned.ok) expect(planned.errors.join('\n')).toContain(message);
  });

  test('a sweep: block in the file says the same, and its errors are positioned', () => {
    const withBlock = `${DEFAULT}\nsweep:\n  vary:\n    hypervisor.quantum: 5ms,10ms\n    partitions.l1vh.children.child-a.vps: [1, 2]\n  seeds: 2\n  metrics: [l1vh.stealShare]\n`;
    const planned = planSweep(withBlock, 'd.yaml', { vary: [], metrics: [], overrides: {} });
    if (!planned.ok) throw new Error(planned.errors.join('\n'));
    expect(planned.plan.parameters).toEqual([
      { path: 'hypervisor.quantum', values: ['5ms', '10ms'] },
      { path: 'partitions.l1vh.children.child-a.vps', values: [1, 2] },
    ]);
    expect(planned.plan.seeds).toBe(2);
    const bad = planSweep(`${DEFAULT}\nsweep:\n  vary:\n    hypervisor.quantum: 1..\n`, 'd.yaml', { vary: [], metrics: [], overrides: {} });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^d\.yaml:\d+:\d+: sweep\.vary\.hypervisor\.quantum: expected a list/);
    const typo = planSweep(`${DEFAULT}\nsweep:\n  vary: { hypervisor.quantum: 5ms }\n  seed: 2\n`, 'd.yaml', { vary: [], metrics: [], overrides: {} });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.errors[0]).toMatch(/^d\.yaml:\d+:\d+: sweep\.seed: unknown key "seed": did you mean "seeds"\?/);
  });
});

describe('hvsched sweep', () => {
  const args = ['sweep', 'default.yaml', '--vary', 'partitions.l1vh.children.child-a.vps=1..3', '-m', 'core,integrated', '-d', '300ms', '--metric', 'l1vh.stealShare', '--metric', 'l1vh/vms.cpus', '-j', '1'];

  test('each cell\'s numbers with one seed are those `hvsched run` gives for that cell\'s scenario', async () => {
    const swept = await cli([...args, '-f', 'json'], files);
    expect(swept.stderr).toBe('');
    const result = JSON.parse(swept.stdout) as SweepResult;
    expect(result.cells).toHaveLength(3);
    for (const cell of result.cells) {
      const text = DEFAULT.replace(/(name: child-a[^\n]*?vps: )\d+/, `$1${cell.values[0]}`);
      expect(text).toMatch(new RegExp(`name: child-a[^\\n]*?vps: ${cell.values[0]}\\b`));
      const run = await cli(['run', 'cell.yaml', '-m', 'core,integrated', '-d', '300ms', '-f', 'json'], { 'cell.yaml': text });
      const document = JSON.parse(run.stdout) as ScenarioResult;
      for (const e of cell.estimates) {
        const runResult = document.runs.find((r) => r.mode === e.mode)!;
        const target = e.metric === 'l1vh.stealShare' ? { kind: 'partition' as const, partition: 'l1vh' } : { kind: 'cgroup' as const, partition: 'l1vh', cgroup: 'vms' };
        const metric = e.metric === 'l1vh.stealShare' ? ('stealShare' as const) : ('cpus' as const);
        expect(e.mean).toBe(measure(runResult, target, metric, document.scenario.durationNs));
        expect([e.ciLow, e.ciHigh, e.seeds]).toEqual([e.mean, e.mean, 1]);
      }
    }
  });

  test('a table with a row per cell and a column per mode × metric, CSV as tidy rows', async () => {
    const table = await cli([...args, '--seeds', '2'], files);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('l1vh-stolen-time · seed 7 · 300ms simulated · 3 cells × 2 seeds');
    const heads = (pattern: RegExp): string[] => lines.filter((line) => pattern.test(line)).flatMap((line) => line.trim().split(/ +/).slice(line.startsWith('partitions') ? 1 : 0));
    expect(heads(/^partitions\.l1vh\.children\.child-a\.vps /)).toEqual(['core', 'core', 'integrated', 'integrated']);
    expect(heads(/^ +l1vh/)).toEqual(['l1vh.stealShare', 'l1vh/vms.cpus', 'l1vh.stealShare', 'l1vh/vms.cpus']);
    // A row per cell in each part of the table.
    expect(lines.filter((line) => /^[123] /.test(line)).length % 3).toBe(0);
    expect(table.stdout).toContain("95 % confidence interval (Student's t)");
    const csv = await cli([...args, '--seeds', '2', '-f', 'csv'], files);
    const rows = csv.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('cell,partitions.l1vh.children.child-a.vps,mode,metric,mean,ciLow,ciHigh,seeds');
    expect(rows).toHaveLength(1 + 3 * 2 * 2);
    expect(rows[1]).toMatch(/^0,1,core,l1vh\.stealShare,[\d.]+,[\d.-]+,[\d.]+,2$/);
  });

  test('a table too wide for a terminal continues below, each part with the cells\' parameters, no line over 100 columns', async () => {
    const run = await cli(['sweep', 'default.yaml', '--vary', 'partitions.child-a.vps=1..2', '-d', '100ms'], files);
    expect(run.code).toBe(0);
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const parts = run.stdout.split('\n').filter((line) => line.startsWith('partitions.child-a.vps'));
    expect(parts.length).toBeGreaterThan(1);
    // Every mode × metric column is there once: 5 modes × the 6 default metrics.
    const heads = run.stdout.split('\n').filter((line) => /^ +\S+\.(stealShare|cpuShare)/.test(line)).flatMap((line) => line.trim().split(/ +/));
    expect(heads).toHaveLength(30);
  });

  test('--plot writes a chart per metric as SVG, or as one HTML page, beside the table', async () => {
    const svg = await cli([...args, '--plot', 'steal.svg'], files);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toContain('3 cells × 1 seed');
    const picture = svg.files.get('steal.svg')!;
    expect(picture.startsWith('<svg')).toBe(true);
    for (const text of ['l1vh.stealShare (%)', 'l1vh/vms.cpus (CPUs)', 'core', 'integrated']) expect(picture).toContain(text);
    const html = await cli([...args, '--plot', 'steal.html'], files);
    expect(html.files.get('steal.html')).toMatch(/^<!DOCTYPE html>[\s\S]*<svg[\s\S]*id="vega-lite-spec"/);
    const bad = await cli([...args, '--plot', 'steal.png'], files);
    expect([bad.code, bad.stderr]).toEqual([2, '--plot: expected a file ending in .svg or .html, got "steal.png"\n']);
  });

  test('bad input is one line per problem, exit 2, nothing written', async () => {
    const run = await cli(['sweep', 'default.yaml', '--vary', 'partitions.l1vh.children.child-a.vps=0..1', '--out', 'o.json'], files);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'default.yaml: sweep cell 0 (partitions.l1vh.children.child-a.vps=0): partitions[1].children[0].vps: expected an integer 1–1024, got 0',
    ]);
    expect(run.files.has('o.json')).toBe(false);
    for (const flags of [['--jobs', '0'], ['--shard', '4/3', '-f', 'json'], ['--shard', '1/3'], ['--seeds', 'x']]) {
      const bad = await cli(['sweep', 'default.yaml', '--vary', 'hypervisor.quantum=5ms', ...flags], files);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  test('merge refuses parts of different sweeps, a missing shard and a file that is not a part', async () => {
    const part = async (index: number, quantum: string) =>
      (await cli(['sweep', 'default.yaml', '--vary', `hypervisor.quantum=${quantum}`, '-m', 'core', '-d', '100ms', '--metric', 'l1vh.stealShare', '-j', '1', '--shard', `${index}/2`, '-f', 'json'], files)).stdout;
    const [a1, a2, b2] = [await part(1, '5ms,10ms'), await part(2, '5ms,10ms'), await part(2, '5ms,20ms')];
    const merge = (parts: Record<string, string>) => cli(['sweep', 'merge', ...Object.keys(parts), '-f', 'json'], parts);
    expect((await merge({ 'a1.json': a1, 'a2.json': a2 })).code).toBe(0);
    const other = await merge({ 'a1.json': a1, 'b2.json': b2 });
    expect([other.code, other.stderr]).toEqual([2, 'b2.json: a part of another sweep than a1.json (they differ in parameters)\n']);
    const missing = await merge({ 'a1.json': a1 });
    expect([missing.code, missing.stderr]).toEqual([2, 'sweep merge: missing shard 2/2\n']);
    const notPart = await merge({ 'a1.json': a1, 'x.json': '{"format":"hvsched-sweep/1"}' });
    expect(notPart.stderr).toBe('x.json: not a sweep part: expected format "hvsched-sweep-part/1" (its format is "hvsched-sweep/1")\n');
  });
});
