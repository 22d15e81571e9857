// The tidy CSV tables as an analyst loads them, with a real CSV parser (and pandas where it is
// installed): each integer column holds integers in every row, and the tables add up to the JSON
// document of the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ScenarioResult } from '../../src/metrics/result.js';
import { MODES } from '../../src/model/scenario.js';
import { CSV_TABLE_NAMES, csvColumns, type CsvTable } from '../../src/report/csv.js';
import { cli } from '../support/cli.js';

const SCENARIO = `
name: tables
duration: 200ms
seed: 5
modes: [${MODES.join(', ')}]
host: { cores: 6, threadsPerCore: 2 }
hypervisor: { quantum: 10ms, vmmCapabilities: "0x40", integratedSchedulerEnabled: 1 }
partitions:
  - name: root
    kind: root
    cgroups: { system: { weight: 100, max: "20ms/100ms", cpus: "8-11" }, vm-l1vh: { weight: 400 } }
    threads: [ { name: housekeeping, cgroup: system, workload: { type: periodic, period: 10ms, work: 500us } } ]
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2]
    cgroup: vm-l1vh
    cgroups: { services: { weight: 300 }, vms: { weight: 100, max: 2, cpus: "0-3" } }
    threads:
      - { name: api, cgroup: services, workload: { type: poisson, interval: 2ms, work: 300us } }
      - { name: batch, count: 2, workload: busy }
    children: [ { name: child, vps: 4, cgroup: vms, cpus: [0, 1], workload: busy } ]
  - { name: web, kind: guest, vps: 4, cpus: "6-9", workload: { type: poisson, interval: 1ms, work: 200us } }
  - { name: hog, kind: guest, vps: 2, workload: busy }
`;

/** Columns that hold text, where an empty cell means none; every other column is a number in every row. */
const TEXT = new Set(['scenario', 'mode', 'partition', 'kind', 'parent', 'thread', 'cgroup', 'cpuset', 'l1vhScheduler']);
/** Columns of fractions; the rest are integers. `maxCpus` is empty without a cpu.max. */
const FLOAT = new Set(['cpuShare', 'stealShare', 'runShare', 'idleShare', 'reportedStealShare', 'cpus', 'maxCpus', 'utilisation', 'forcedIdleShare', 'mixedShare']);
const isInteger = (column: string): boolean => !TEXT.has(column) && !FLOAT.has(column);

type Record = { readonly [column: string]: string };

const DIR = mkdtempSync(join(tmpdir(), 'hvsched-csv-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let result: ScenarioResult;
const texts = new Map<CsvTable, string>();
const tables = new Map<CsvTable, Record[]>();

beforeAll(async () => {
  const files = { 'tables.yaml': SCENARIO };
  const json = await cli(['run', 'tables.yaml', '--format', 'json'], files);
  expect(json.code).toBe(0);
  result = JSON.parse(json.stdout) as ScenarioResult;
  for (const table of CSV_TABLE_NAMES) {
    const run = await cli(['run', 'tables.yaml', '--format', 'csv', '--table', table], files);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    texts.set(table, run.stdout);
    tables.set(table, parse(run.stdout, { columns: true }) as Record[]);
  }
}, 120_000);

const rows = (table: CsvTable): Record[] => tables.get(table)!;
const int = (text: string | undefined): number => {
  expect(text).toMatch(/^-?\d+$/);
  return Number(text);
};
const sumOf = (records: readonly Record[], column: string): number => records.reduce((total, record) => total + int(record[column]), 0);
const runOf = (mode: string) => result.runs.find((run) => run.mode === mode)!;
const partitionOf = (mode: string, name: string) => runOf(mode).partitions.find((p) => p.name === name)!;

describe.each(CSV_TABLE_NAMES)('--table %s', (table) => {
  test('has its documented header, a row per mode and entity, a value in every number column', () => {
    const header = texts.get(table)!.split('\n')[0];
    expect(header).toBe(csvColumns(table).join(','));
    expect(rows(table).length).toBeGreaterThan(MODES.length - 1);
    expect(new Set(rows(table).map((record) => record['mode']))).toEqual(new Set(MODES));
    for (const record of rows(table)) {
      expect(Object.keys(record)).toEqual(csvColumns(table));
      expect(record['formatVersion']).toBe('1');
      expect([record['scenario'], record['seed'], record['durationNs']]).toEqual(['tables', '5', String(result.scenario.durationNs)]);
      for (const [column, value] of Object.entries(record)) {
        if (isInteger(column)) expect(value, `${column} of ${JSON.stringify(record)}`).toMatch(/^-?\d+$/);
        else if (FLOAT.has(column) && column !== 'maxCpus') expect(Number.isFinite(Number(value)) && value !== '', column).toBe(true);
      }
    }
  });
});

test('vps: each row is its VP, and run + steal + idle is the duration', () => {
  const { durationNs } = result.scenario;
  const expected = result.runs.flatMap((run) => run.partitions.flatMap((p) => p.vps.map((vp) => ({ run, p, vp }))));
  expect(rows('vps')).toHaveLength(expected.length);
  rows('vps').forEach((record, i) => {
    const { run, p, vp } = expected[i]!;
    expect([record['mode'], record['partition'], int(record['vp'])]).toEqual([run.mode, p.name, vp.index]);
    expect(int(record['runNs']) + int(record['stealNs']) + int(record['idleNs'])).toBe(durationNs);
    expect(int(record['stealContentionNs']) + int(record['stealCappedNs']) + int(record['stealGangNs']) + int(record['stealIdleNs'])).toBe(int(record['stealNs']));
    expect([int(record['runNs']), int(record['stealNs']), int(record['workNs'])]).toEqual([vp.runNs, vp.stealNs, vp.workNs]);
    expect(int(record['bursts'])).toBe(vp.latency?.count ?? 0);
    expect(int(record['wakeupP99Ns'])).toBe(vp.latency?.wakeup.p99Ns ?? 0);
  });
  expect(rows('vps').some((record) => int(record['bursts']) > 0)).toBe(true);
});

test('partitions: a partition\'s times are the sums of its VPs\' rows, and its shares are the JSON\'s', () => {
  for (const record of rows('partitions')) {
    const mode = record['mode']!;
    const name = record['partition']!;
    const vps = rows('vps').filter((vp) => vp['mode'] === mode && vp['partition'] === name);
    const partition = partitionOf(mode, name);
    expect(int(record['vps'])).toBe(vps.length);
    for (const column of ['runNs', 'stealNs', 'idleNs', 'workNs', 'stealContentionNs', 'stealCappedNs', 'stealGangNs', 'stealIdleNs']) {
      expect(int(record[column]), `${mode} ${name} ${column}`).toBe(sumOf(vps, column));
    }
    expect(int(record['runNs'])).toBe(partition.runNs);
    expect(Number(record['cpuShare'])).toBe(partition.cpuShare);
    expect(Number(record['stealShare'])).toBe(partition.stealShare);
    expect(int(record['outsideCpusetNs'])).toBe(partition.outsideCpusetNs ?? 0);
    expect(record['parent']).toBe(partition.parent ?? '');
  }
  expect(rows('partitions')).toHaveLength(result.runs.reduce((total, run) => total + run.partitions.length, 0));
  expect(rows('partitions').some((record) => int(record['outsideCpusetNs']) > 0)).toBe(true);
});

test('threads: each row is its thread of the JSON', () => {
  const expected = result.runs.flatMap((run) => run.partitions.flatMap((p) => (p.threads ?? []).map((thread) => ({ run, p, thread }))));
  expect(rows('threads')).toHaveLength(expected.length);
  rows('threads').forEach((record, i) => {
    const { run, p, thread } = expected[i]!;
    expect([record['mode'], record['partition'], record['thread'], record['cgroup']]).toEqual([run.mode, p.name, thread.name, thread.cgroup ?? '']);
    expect([int(record['runNs']), int(record['waitNs']), int(record['stolenNs'])]).toEqual([thread.runNs, thread.waitNs, thread.stolenNs]);
    expect(int(record['bursts'])).toBe(thread.latency?.count ?? 0);
  });
  expect(rows('threads').some((record) => record['thread']!.startsWith('vmm:'))).toBe(true);
});

test('cgroups: each row is its cgroup of the JSON, a cpuset as a cpulist, no cpu.max empty', () => {
  const expected = result.runs.flatMap((run) => run.partitions.flatMap((p) => (p.cgroups ?? []).map((cgroup) => ({ run, p, cgroup }))));
  expect(rows('cgroups')).toHaveLength(expected.length);
  rows('cgroups').forEach((record, i) => {
    const { run, p, cgroup } = expected[i]!;
    expect([record['mode'], record['partition'], record['cgroup']]).toEqual([run.mode, p.name, cgroup.name]);
    expect([int(record['cpuNs']), int(record['outsideCpusetNs']), int(record['throttles']), int(record['weight'])]).toEqual([cgroup.cpuNs, cgroup.outsideCpusetNs, cgroup.throttles, cgroup.weight]);
    expect(Number(record['cpus'])).toBe(cgroup.cpus);
    expect(record['maxCpus']).toBe(cgroup.maxCpus === null ? '' : String(cgroup.maxCpus));
  });
  expect(rows('cgroups').find((record) => record['cgroup'] === 'system')?.['cpuset']).toBe('8-11');
});

test('lps and hosts: a host\'s LP times are the sums of its LP rows, and its utilisation their busy share', () => {
  const { durationNs } = result.scenario;
  for (const host of rows('hosts')) {
    const mode = host['mode']!;
    const run = runOf(mode);
    const lps = rows('lps').filter((lp) => lp['mode'] === mode);
    expect(lps).toHaveLength(run.lps.length);
    lps.forEach((lp, i) => expect([int(lp['lp']), int(lp['busyNs']), int(lp['forcedIdleNs'])]).toEqual([i, run.lps[i]!.busyNs, run.lps[i]!.forcedIdleNs ?? 0]));
    for (const column of ['busyNs', 'forcedIdleNs', 'mixedNs']) expect(int(host[column]), `${mode} ${column}`).toBe(sumOf(lps, column));
    expect(Number(host['utilisation'])).toBe(run.host.utilisation);
    expect(Number(host['utilisation'])).toBeCloseTo(int(host['busyNs']) / (int(host['usableLps']) * durationNs), 12);
    expect([int(host['dispatches']), int(host['events']), int(host['readyBesideIdleNs'])]).toEqual([run.host.dispatches, run.host.events, 0]);
    expect(host['l1vhScheduler']).toBe(run.l1vhScheduler ?? '');
  }
  expect(rows('hosts')).toHaveLength(MODES.length);
  expect(rows('hosts').some((host) => int(host['forcedIdleNs']) > 0)).toBe(true);
});

const PANDAS = spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;

test.skipIf(!PANDAS)(`pandas reads every integer column as int64${PANDAS ? '' : ' (skipped: /usr/bin/python3 has no pandas)'}`, () => {
  const paths = CSV_TABLE_NAMES.map((table) => {
    const path = join(DIR, `${table}.csv`);
    writeFileSync(path, texts.get(table)!);
    return [table, path];
  });
  const script = [
    'import json, sys, pandas',
    'tables = json.loads(sys.argv[1])',
    'print(json.dumps({table: {column: str(dtype) for column, dtype in pandas.read_csv(path).dtypes.items()} for table, path in tables}))',
  ].join('\n');
  const run = spawnSync('/usr/bin/python3', ['-c', script, JSON.stringify(paths)], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  const dtypes = JSON.parse(run.stdout) as { [table: string]: { [column: string]: string } };
  for (const table of CSV_TABLE_NAMES) {
    const integers = csvColumns(table).filter(isInteger);
    expect(integers.length).toBeGreaterThan(3);
    expect(Object.fromEntries(integers.map((column) => [column, dtypes[table]![column]]))).toEqual(Object.fromEntries(integers.map((column) => [column, 'int64'])));
  }
});

test('--table without --format csv is refused in one line, exit 2, before anything runs', async () => {
  const run = await cli(['run', 'tables.yaml', '--table', 'lps', '--out', 'out.txt'], { 'tables.yaml': SCENARIO });
  expect([run.code, run.stdout, run.stderr]).toEqual([2, '', '--table: picks a CSV table: add --format csv (got --format table)\n']);
  expect(run.files.has('out.txt')).toBe(false);
  const unknown = await cli(['run', 'tables.yaml', '--format', 'csv', '--table', 'vp'], { 'tables.yaml': SCENARIO });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('vps, threads, partitions, cgroups, lps, hosts');
});
