// The result document has one shape: every kind of object carries the same keys in every mode
// and scenario, null where a measure does not apply, so a reader never tests for a key.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { MODES } from '../../src/model/scenario.js';
import { cli } from '../support/cli.js';

/** Everything at once: a root with threads and cgroups, an L1VH with threads, cgroups and children, a guest with a cpuset, bursts and none, on SMT. */
const RICH = `
name: rich
duration: 200ms
seed: 7
modes: [${MODES.join(', ')}]
host: { cores: 8, threadsPerCore: 2 }
hypervisor: { quantum: 10ms, vmmCapabilities: "0x40", integratedSchedulerEnabled: 1 }
partitions:
  - name: root
    kind: root
    cgroups:
      system: { weight: 100, max: "20ms/100ms", cpus: "12-15" }
      vm-l1vh: { weight: 400 }
    threads:
      - { name: housekeeping, cgroup: system, workload: { type: periodic, period: 10ms, work: 500us } }
  - name: l1vh
    kind: l1vh
    cores: [0, 1, 2, 3]
    cgroup: vm-l1vh
    cgroups:
      services: { weight: 300 }
      vms: { weight: 100, max: 2, cpus: "0-3" }
    threads:
      - { name: api, cgroup: services, workload: { type: poisson, interval: 2ms, work: 300us } }
      - { name: batch, count: 2, workload: busy }
    children:
      - { name: child-a, vps: 4, cgroup: vms, cpus: [0, 1], workload: busy }
      - { name: child-b, vps: 2, workload: { type: onoff, on: exp(20ms), off: exp(30ms) } }
  - { name: neighbour, kind: guest, vps: 4, cpus: "8-11", workload: { type: poisson, interval: 1ms, work: 200us } }
  - { name: hog, kind: guest, vps: 2, workload: busy }
`;

type Shapes = Map<string, Set<string>>;

interface LpTimes {
  readonly forcedIdleNs: number | null;
  readonly mixedNs: number | null;
}

/** Each object's keys, in order, by where it sits (list indices dropped): one entry per kind of object. */
function collectShapes(value: unknown, path: string, into: Shapes): void {
  if (Array.isArray(value)) {
    for (const item of value) collectShapes(item, `${path}[]`, into);
  } else if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (!into.has(path)) into.set(path, new Set());
    into.get(path)!.add(keys.join(', '));
    for (const [key, child] of Object.entries(value)) collectShapes(child, `${path}.${key}`, into);
  }
}

async function json(argv: string[], files: Record<string, string>): Promise<string> {
  const run = await cli(argv, files);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('the result document', () => {
  const shapes: Shapes = new Map();
  let rich = '';

  beforeAll(async () => {
    rich = await json(['run', 'rich.yaml', '--format', 'json'], { 'rich.yaml': RICH });
    collectShapes(JSON.parse(rich), '', shapes);
    for (const name of ['smt-sharing', 'l1vh-minimal', 'gate-driver-fails']) {
      const file = `scenarios/${name}.yaml`;
      collectShapes(JSON.parse(await json(['run', file, '--format', 'json'], { [file]: readFileSync(file, 'utf8') })), '', shapes);
    }
  }, 120_000);

  test('runs every mode over a scenario where every kind of object and every null occurs', () => {
    const document = JSON.parse(rich) as { runs: { mode: string; gate: unknown; lps: { forcedIdleNs: unknown; mixedNs: unknown }[]; partitions: Record<string, unknown>[] }[] };
    expect(document.runs.map((run) => run.mode)).toEqual([...MODES]);
    const partitions = document.runs.flatMap((run) => run.partitions);
    const vps = partitions.flatMap((p) => p['vps'] as Record<string, unknown>[]);
    const threads = partitions.flatMap((p) => (p['threads'] as Record<string, unknown>[] | null) ?? []);
    // Each nullable key is seen both null and not, so the shapes below compare real alternatives.
    const both = (values: unknown[]): boolean[] => [...new Set(values.map((v) => v === null))].sort();
    expect(both(document.runs.map((run) => run.gate))).toEqual([false, true]);
    expect(both(document.runs.flatMap((run) => run.lps.map((lp) => lp.forcedIdleNs)))).toEqual([false, true]);
    expect(both(document.runs.flatMap((run) => run.lps.map((lp) => lp.mixedNs)))).toEqual([false, true]);
    for (const key of ['parent', 'outsideCpusetNs', 'threads', 'cgroups']) expect(both(partitions.map((p) => p[key])), key).toEqual([false, true]);
    expect(both(vps.map((vp) => vp['latency']))).toEqual([false, true]);
    expect(both(threads.map((thread) => thread['latency']))).toEqual([false, true]);
    expect(both(threads.map((thread) => thread['cgroup']))).toEqual([false, true]);
  });

  test('gives every kind of object the same keys, in the same order, in every mode and scenario', () => {
    expect(shapes.size).toBeGreaterThan(15);
    const varying = [...shapes].filter(([, keys]) => keys.size > 1).map(([path, keys]) => ({ path, keys: [...keys] }));
    expect(varying).toEqual([]);
  });

  test('opens with its format, formatVersion and the version that wrote it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const document = JSON.parse(rich) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['format', 'formatVersion', 'hvsched', 'scenario', 'runs']);
    expect([document['format'], document['formatVersion'], document['hvsched']]).toEqual(['hvsched-result/1', 1, pkg.version]);
  });

  test('from before formatVersion, with the keys that did not apply left out, still diffs as the document it was', async () => {
    const omitNulls = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(omitNulls);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key, child]) => child !== null || !['parent', 'outsideCpusetNs', 'threads', 'cgroups', 'latency', 'gate', 'l1vhScheduler'].includes(key))
          // Before, an LP's forced idle and mixed time were 0 where they did not apply.
          .map(([key, child]) => [key, key === 'lps' ? (child as LpTimes[]).map((lp) => ({ ...lp, forcedIdleNs: lp.forcedIdleNs ?? 0, mixedNs: lp.mixedNs ?? 0 })) : omitNulls(child)]),
      );
    };
    const { formatVersion: _, ...rest } = JSON.parse(rich) as Record<string, unknown>;
    const old = `${JSON.stringify(omitNulls(rest), null, 2)}\n`;
    expect(old).not.toMatch(/"(parent|outsideCpusetNs|threads|cgroups|latency|gate|l1vhScheduler|forcedIdleNs|mixedNs)": null/);
    const files = { 'new.json': rich, 'old.json': old };
    const fresh = await cli(['diff', 'new.json', 'new.json', '--format', 'json'], files);
    const aged = await cli(['diff', 'old.json', 'new.json', '--format', 'json'], files);
    expect(aged.stderr).toBe('');
    const rows = (text: string): unknown => (JSON.parse(text) as { rows: unknown }).rows;
    expect(rows(aged.stdout)).toEqual(rows(fresh.stdout));
  });
});
