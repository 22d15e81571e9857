import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { DiffRow } from '../../src/diff/diff.js';
import { MODES } from '../../src/model/scenario.js';
import { DIFF_CSV_COLUMNS } from '../../src/report/diff.js';
import { cli } from '../support/cli.js';

const DEFAULT = readFileSync('scenarios/default.yaml', 'utf8');
const PARTITIONS = ['root', 'l1vh', 'child-a', 'child-b', 'neighbour'];

interface Doc {
  scenario: { name: string; seed: number; durationNs: number };
  runs: { mode: string; partitions: { name: string; stealShare: number }[] }[];
}

/** `hvsched run scenarios/default.yaml --format json` with these extra flags. */
async function resultOf(...flags: string[]): Promise<string> {
  const run = await cli(['run', 'default.yaml', '-f', 'json', ...flags], { 'default.yaml': DEFAULT });
  expect(run.code).toBe(0);
  return run.stdout;
}

function edited(text: string, edit: (doc: Doc) => void): string {
  const doc = JSON.parse(text) as Doc;
  edit(doc);
  return JSON.stringify(doc, null, 2);
}

describe('hvsched diff', () => {
  let seed1: string;
  let seed2: string;
  beforeAll(async () => {
    [seed1, seed2] = await Promise.all([resultOf('-d', '1s', '-s', '1'), resultOf('-d', '1s', '-s', '2')]);
  }, 120_000);

  test('two seeds of the default scenario: a row per mode, partition and measure, and a header saying what differs', async () => {
    const files = { 'a.json': seed1, 'b.json': seed2 };
    const table = await cli(['diff', 'a.json', 'b.json'], files);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('hvsched diff · a: a.json · b: b.json');
    expect(table.stdout).toContain('  seed      1 → 2\n');
    expect(table.stdout).toContain('  scenario  l1vh-stolen-time (both)\n');
    expect(table.stdout).toContain('  duration  1s (both)\n');
    for (const mode of MODES) expect(table.stdout).toContain(`\nmode ${mode}\n`);
    expect(table.stdout).toMatch(/\n  child-a +CPUs used +\d\.\d\d +\d\.\d\d +[+-]?\d\.\d\d/);
    expect(table.stdout).not.toContain('\u001b[');

    const json = await cli(['diff', 'a.json', 'b.json', '-f', 'json'], files);
    const diff = JSON.parse(json.stdout) as { format: string; rows: DiffRow[]; modes: { compared: string[] } };
    expect(diff.format).toBe('hvsched-diff/1');
    expect(diff.modes.compared).toEqual([...MODES]);
    for (const mode of MODES) {
      for (const partition of PARTITIONS) {
        const measures = diff.rows.filter((r) => r.mode === mode && r.partition === partition && r.cgroup === null).map((r) => r.measure);
        expect(measures).toEqual(expect.arrayContaining(['cpuShare', 'stealShare', 'reportedStealShare']));
      }
      const host = diff.rows.filter((r) => r.mode === mode && r.partition === null).map((r) => r.measure);
      expect(host).toEqual(['utilisation', 'forcedIdleShare', 'mixedShare']);
      expect(diff.rows.filter((r) => r.mode === mode && r.cgroup !== null).map((r) => `${r.partition}/${r.cgroup}`)).toEqual(['l1vh/services', 'l1vh/vms']);
    }
    const marked = diff.rows.filter((r) => r.marked).length;
    expect(marked).toBeGreaterThan(0);
    expect(table.stdout).toContain(`${marked} change${marked === 1 ? '' : 's'} over 1pp, 0.1cpus, x1.5; largest: `);
  });

  test('a measure is measured as `check` measures it', async () => {
    const json = await cli(['diff', 'a.json', 'b.json', '-f', 'json', '--mode', 'core'], { 'a.json': seed1, 'b.json': seed2 });
    const { rows } = JSON.parse(json.stdout) as { rows: DiffRow[] };
    const steal = rows.find((r) => r.partition === 'l1vh' && r.measure === 'stealShare')!;
    const stored = (doc: string): number => (JSON.parse(doc) as Doc).runs.find((r) => r.mode === 'core')!.partitions.find((p) => p.name === 'l1vh')!.stealShare;
    expect(steal).toMatchObject({ mode: 'core', unit: 'share', a: stored(seed1), b: stored(seed2) });
    expect(steal.change).toBeCloseTo(stored(seed2) - stored(seed1), 12);
  });

  test('identical documents: nothing marked, exit 0 even with --fail-over 0pp', async () => {
    const files = { 'a.json': seed1, 'b.json': seed1 };
    const table = await cli(['diff', 'a.json', 'b.json', '--fail-over', '0pp,0cpus,x1'], files);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('no change over 1pp, 0.1cpus, x1.5\nno change over --fail-over 0pp, 0cpus, x1\n');
    const json = JSON.parse((await cli(['diff', 'a.json', 'b.json', '-f', 'json'], files)).stdout) as { rows: DiffRow[]; summary: unknown };
    expect(json.summary).toEqual({ marked: 0, failed: 0 });
    expect(json.rows.every((r) => r.change === 0 && !r.marked)).toBe(true);
  });

  test('a share 3pp higher fails --fail-over 2pp with exit 3 and is marked; --fail-over 4pp only marks it', async () => {
    const raised = edited(seed1, (doc) => {
      doc.runs.find((r) => r.mode === 'core')!.partitions.find((p) => p.name === 'neighbour')!.stealShare += 0.03;
    });
    const files = { 'a.json': seed1, 'b.json': raised };
    const failing = await cli(['diff', 'a.json', 'b.json', '--fail-over', '2pp'], files);
    expect(failing.code).toBe(3);
    expect(failing.stdout).toMatch(/\nneighbour +CPUs used[^\n]*\n +steal\/wanted +\d+\.\d % +\d+\.\d % +\+3\.0pp ✗\n/);
    expect(failing.stdout).toContain('1 change over 1pp, 0.1cpus, x1.5; largest: neighbour steal/wanted core ');
    expect(failing.stdout).toContain('1 change over --fail-over 2pp ✗');
    expect(failing.stderr).toMatch(/^hvsched diff: 1 change over --fail-over 2pp: neighbour steal\/wanted core \d+\.\d % → \d+\.\d %\n$/);

    const json = await cli(['diff', 'a.json', 'b.json', '--fail-over', '2pp', '-f', 'json'], files);
    expect(json.code).toBe(3);
    const { rows } = JSON.parse(json.stdout) as { rows: DiffRow[] };
    expect(rows.filter((r) => r.marked)).toEqual([expect.objectContaining({ mode: 'core', partition: 'neighbour', measure: 'stealShare', marked: true, failed: true })]);

    const passing = await cli(['diff', 'a.json', 'b.json', '--fail-over', '4pp'], files);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/steal\/wanted +\d+\.\d % +\d+\.\d % +\+3\.0pp \*\n/);
    expect(passing.stdout).toContain('no change over --fail-over 4pp');
  });

  test('--threshold sets what is marked; --mode what is compared', async () => {
    const files = { 'a.json': seed1, 'b.json': seed2 };
    const json = await cli(['diff', 'a.json', 'b.json', '-f', 'json', '--mode', 'integrated,core', '--threshold', '100pp,100cpus,x1000'], files);
    const diff = JSON.parse(json.stdout) as { rows: DiffRow[]; modes: { compared: string[] } };
    expect(diff.modes.compared).toEqual(['core', 'integrated']);
    expect(new Set(diff.rows.map((r) => r.mode))).toEqual(new Set(['core', 'integrated']));
    expect(diff.rows.filter((r) => r.marked)).toEqual([]);
  });

  test('CSV: one tidy row per JSON row, with the same fields', async () => {
    const files = { 'a.json': seed1, 'b.json': seed2 };
    const csv = (await cli(['diff', 'a.json', 'b.json', '-f', 'csv'], files)).stdout.trimEnd().split('\n');
    const { rows } = JSON.parse((await cli(['diff', 'a.json', 'b.json', '-f', 'json'], files)).stdout) as { rows: DiffRow[] };
    expect(csv[0]).toBe(DIFF_CSV_COLUMNS.join(','));
    expect(csv).toHaveLength(rows.length + 1);
    const first = rows[0]!;
    expect(csv[1]).toBe(DIFF_CSV_COLUMNS.map((column) => (first[column] === null ? '' : String(first[column]))).join(','));
  });

  test('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
    const files = { 'a.json': seed1, 'b.json': seed2 };
    expect((await cli(['diff', 'a.json', 'b.json'], files, { tty: true })).stdout).toContain('\u001b[');
    expect((await cli(['diff', 'a.json', 'b.json'], files, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['diff', 'a.json', 'b.json', '--no-color'], files, { tty: true })).stdout).not.toContain('\u001b[');
    expect((await cli(['diff', 'a.json', 'b.json', '-f', 'json'], files, { tty: true })).stdout).not.toContain('\u001b[');
  });

  test('different durations and a partition only one side has are said, not refused', async () => {
    const shorter = edited(seed1, (doc) => {
      doc.scenario.durationNs = 500_000_000;
      for (const run of doc.runs) run.partitions = run.partitions.filter((p) => p.name !== 'neighbour');
    });
    const run = await cli(['diff', 'a.json', 'b.json'], { 'a.json': shorter, 'b.json': seed2 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  duration  500ms → 1s: shares and CPUs compare as they are');
    expect(run.stdout).toContain('partitions only in b (added): neighbour');
    expect(run.stdout).toMatch(/\nneighbour \(only in b\) +CPUs used +– +\d\.\d\d +–\n/);
  });

  test('a file that is not JSON: one line with file:line:column, exit 2', async () => {
    const broken = '{\n  "scenario": { "name": "x", "seed": 1, },\n  "runs": []\n}\n';
    const run = await cli(['diff', 'a.json', 'bad.json'], { 'a.json': seed1, 'bad.json': broken });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('bad.json:2:41: invalid JSON: expected a double-quoted property name\n');
  });

  test('JSON of the wrong shape: one line naming the file, the place and the key, exit 2', async () => {
    const wrong = edited(seed1, (doc) => {
      doc.runs[1]!.mode = 'fast';
    });
    const run = await cli(['diff', 'wrong.json', 'b.json'], { 'wrong.json': wrong, 'b.json': seed2 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^wrong\.json:\d+:\d+: not a result of `hvsched run --format json`: runs\[1\]\.mode: expected a mode: root, classic, classic-nosmt, core and integrated, got "fast"\n$/);

    const scenario = await cli(['diff', 'default.yaml', 'b.json'], { 'default.yaml': '{"name": "x", "partitions": []}', 'b.json': seed2 });
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toBe('default.yaml:1:1: not a result of `hvsched run --format json`: scenario: missing required key: expected a map (and 1 more problem)\n');

    const sweep = await cli(['diff', 'sweep.json', 'b.json'], { 'sweep.json': '{"format": "hvsched-sweep/1", "cells": []}', 'b.json': seed2 });
    expect(sweep.stderr).toBe('sweep.json: not a result of `hvsched run --format json`: it is a "hvsched-sweep/1" document\n');
  });

  test('a missing file, bad flags and a mode one side lacks: every problem on its own line, exit 2', async () => {
    const run = await cli(['diff', 'a.json', 'missing.json', '--fail-over', '2', '--mode', 'cor'], { 'a.json': seed1 });
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      '--fail-over: expected amounts like "2pp", "0.1cpus" or "x1.5" separated by commas, got "2"',
      expect.stringMatching(/^--mode: expected modes from .* got "cor": did you mean "core"\?$/),
      'missing.json: cannot read the file: no such file or directory',
    ]);
    const coreOnly = await resultOf('-d', '100ms', '--mode', 'core');
    const lacking = await cli(['diff', 'a.json', 'core.json', '--mode', 'integrated'], { 'a.json': seed1, 'core.json': coreOnly });
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toBe('--mode: core.json has no integrated run (it has core)\n');
    const disjoint = await cli(['diff', 'core.json', 'int.json'], { 'core.json': coreOnly, 'int.json': await resultOf('-d', '100ms', '--mode', 'integrated') });
    expect(disjoint.code).toBe(2);
    expect(disjoint.stderr).toBe('core.json (core) and int.json (integrated): no mode in common to compare\n');
  });
});
