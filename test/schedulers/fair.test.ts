import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import type { RunResult, ThreadResult } from '../../src/metrics/result.js';
import { scenarioFrom } from '../support/load.js';

const TOLERANCE = 0.02;
const DURATION = 10e9;

function threads(run: RunResult, partition = 'root'): readonly ThreadResult[] {
  return run.partitions.find((p) => p.name === partition)!.threads!;
}

function thread(run: RunResult, name: string, partition = 'root'): ThreadResult {
  return threads(run, partition).find((t) => t.name === name)!;
}

/** A root partition with `threads` (YAML list items) and `cgroups` on a host of `cores` cores, in root mode. */
function rootRun(cores: number, threadsYaml: string, cgroupsYaml = '{}', extra = ''): RunResult {
  return simulateMode(
    scenarioFrom(`
duration: 10s
host: { cores: ${cores} }
${extra}
partitions:
  - name: root
    kind: root
    cgroups: ${cgroupsYaml}
    threads:
${threadsYaml}
`),
    'root',
  );
}

describe('fair scheduler (root mode): shares match generalised processor sharing', () => {
  test('nice 0 vs nice 5 on one LP give 75 % and 25 %', () => {
    const run = rootRun(1, `      - { name: normal, workload: busy }\n      - { name: nice, nice: 5, workload: busy }`);
    // Linux's weights: 1024 and 335.
    expect(Math.abs(thread(run, 'normal').runNs / DURATION - 1024 / 1359)).toBeLessThan(TOLERANCE);
    expect(Math.abs(thread(run, 'nice').runNs / DURATION - 335 / 1359)).toBeLessThan(TOLERANCE);
  });

  test('cgroups of weight 300 and 100 over two LPs get 1.5 and 0.5 CPUs', () => {
    const run = rootRun(
      2,
      `      - { name: a, count: 2, cgroup: big, workload: busy }\n      - { name: b, count: 2, cgroup: small, workload: busy }`,
      '{ big: { weight: 300 }, small: { weight: 100 } }',
    );
    const cgroups = run.partitions[0]!.cgroups!;
    expect(Math.abs(cgroups.find((c) => c.name === 'big')!.cpus - 1.5)).toBeLessThan(2 * TOLERANCE);
    expect(Math.abs(cgroups.find((c) => c.name === 'small')!.cpus - 0.5)).toBeLessThan(2 * TOLERANCE);
  });

  test('members of a cgroup share its time equally', () => {
    const run = rootRun(
      1,
      `      - { name: a, count: 3, cgroup: g, workload: busy }\n      - { name: loner, workload: busy }`,
      '{ g: { weight: 100 } }',
    );
    // The group and the ungrouped thread are peers: half each; the group's half splits three ways.
    expect(Math.abs(thread(run, 'loner').runNs / DURATION - 0.5)).toBeLessThan(TOLERANCE);
    for (const name of ['a#0', 'a#1', 'a#2']) expect(Math.abs(thread(run, name).runNs / DURATION - 1 / 6)).toBeLessThan(TOLERANCE);
  });

  test('cpu.max throttles a cgroup to its quota', () => {
    const run = rootRun(4, `      - { name: hog, count: 4, cgroup: capped, workload: busy }`, '{ capped: { max: "150ms/100ms" } }');
    const capped = run.partitions[0]!.cgroups![0]!;
    expect(capped.maxCpus).toBe(1.5);
    expect(capped.cpus).toBeLessThanOrEqual(1.5 + 1e-9);
    expect(Math.abs(capped.cpus - 1.5)).toBeLessThan(TOLERANCE);
    expect(capped.throttles).toBeGreaterThan(90);
  });

  test('a capped cgroup uses its quota at its rate: an unlimited neighbour keeps a whole CPU (as on Linux)', () => {
    const run = rootRun(
      2,
      `      - { name: capped, count: 2, cgroup: capped, workload: busy }\n      - { name: free, workload: busy }`,
      '{ capped: { max: "50ms/100ms" } }',
    );
    expect(Math.abs(run.partitions[0]!.cgroups![0]!.cpus - 0.5)).toBeLessThan(TOLERANCE);
    // Generalised processor sharing under the cap, and what `npm run parity` measured on Linux.
    expect(thread(run, 'free').runNs / DURATION).toBeGreaterThan(0.98);
  });

  test('a cpuset is never violated and confines its members', () => {
    const run = rootRun(
      4,
      `      - { name: pinned, count: 3, cgroup: narrow, workload: busy }\n      - { name: free, workload: busy }`,
      '{ narrow: { cpus: "1" } }',
    );
    expect(Math.abs(run.partitions[0]!.cgroups![0]!.cpus - 1)).toBeLessThan(1e-9);
    expect(run.lps[1]!.busyNs).toBe(DURATION);
  });

  test('thread affinity holds: two threads pinned to one CPU share it', () => {
    const run = rootRun(2, `      - { name: a, cpus: [0], workload: busy }\n      - { name: b, cpus: [0], workload: busy }`);
    expect(Math.abs(thread(run, 'a').runNs / DURATION - 0.5)).toBeLessThan(TOLERANCE);
    expect(run.lps[1]!.busyNs).toBe(0);
  });

  test('a waking thread preempts a long runner at once when its lead exceeds the granularity', () => {
    const run = rootRun(
      4,
      `      - { name: hog, count: 4, workload: busy }\n      - { name: api, workload: { type: periodic, period: "uniform(4ms, 6ms)", work: 100us } }`,
    );
    const api = thread(run, 'api');
    expect(api.latency!.count).toBeGreaterThan(1500);
    expect(api.latency!.wakeup.p99Ns).toBeLessThan(1000);
  });

  test('without enough lead a waking thread waits for the end of the slice, not longer', () => {
    const run = rootRun(1, `      - { name: hog, workload: busy }\n      - { name: api, workload: { type: periodic, period: "uniform(4ms, 6ms)", work: 100us } }`);
    const api = thread(run, 'api');
    // One CPU: slice 0.7 ms, credit 0.35 ms < 1 ms granularity.
    expect(api.latency!.wakeup.maxNs).toBeLessThanOrEqual(700_000);
    expect(api.latency!.wakeup.p99Ns).toBeGreaterThan(100_000);
  });

  test('Hyper-V controls do not apply in root mode: a guest limit is ignored', () => {
    const run = simulateMode(
      scenarioFrom(`
duration: 10s
host: { cores: 1 }
partitions:
  - { name: g, kind: guest, vps: 1, limit: 10, workload: busy }
`),
      'root',
    );
    expect(run.partitions[0]!.cpuShare).toBe(1);
  });

  test('guests in root cgroups share like threads: weight 300 vs 100 on one LP', () => {
    const run = simulateMode(
      scenarioFrom(`
duration: 10s
host: { cores: 1 }
partitions:
  - { name: root, kind: root, cgroups: { fast: { weight: 300 }, slow: { weight: 100 } } }
  - { name: a, kind: guest, vps: 1, cgroup: fast, workload: busy }
  - { name: b, kind: guest, vps: 1, cgroup: slow, workload: busy }
`),
      'root',
    );
    expect(Math.abs(run.partitions.find((p) => p.name === 'a')!.cpuShare - 0.75)).toBeLessThan(TOLERANCE);
    expect(run.partitions.find((p) => p.name === 'a')!.stealShare).toBeCloseTo(0.25, 1);
  });
});
