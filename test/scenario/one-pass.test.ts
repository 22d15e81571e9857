// One `validate` shows every problem: the resolver's checks run on the parts of the file the
// schema accepted, and what they would say only because a bad part was left out is not said.
import { describe, expect, test } from 'vitest';
import { FILE as F, issueLines } from './helpers.js';

const ROOT = '  - { name: root, kind: root, cgroups: { sys: {} } }\n';

describe('type errors and relations in one pass, sorted by position', () => {
  test.each([
    [
      'a type error and a dangling reference',
      `host: { cores: 4 }\npartitions:\n  - { name: vm, kind: guest, vps: 0, workload: busy }\n  - { name: ok, kind: guest, vps: 1, workload: busy }\nexpect:\n  - { mode: core, partition: ghost, metric: stealShare, max: 1 }\n`,
      [`${F}:3:35: partitions[0].vps: expected an integer 1–1024, got 0`, `${F}:6:30: expect[0].partition: expected the name of a partition or child, got "ghost"`],
    ],
    [
      'a duplicate name after a type error',
      `host: { cores: 4 }\nseed: -1\npartitions:\n  - { name: vm, kind: guest, vps: 1, workload: busy }\n  - { name: vm, kind: guest, vps: 1, workload: busy }\n`,
      [`${F}:2:7: seed: expected an integer 0–4294967295, got -1`, `${F}:5:13: partitions[1].name: expected a name not used before, got "vm" (also at partitions[0].name)`],
    ],
    [
      'a run too long beside an unknown key',
      `duration: 2h\nhost: { cores: 4 }\ncolour: red\npartitions:\n  - { name: vm, kind: guest, vps: 1, workload: busy }\n`,
      [
        `${F}:1:11: duration: expected a run duration 1ms–1h, got 2h: the engine keeps time and work in integer nanoseconds and needs that bound`,
        `${F}:3:1: colour: unknown key "colour": expected one of $schema, name, description, duration, seed, modes, host, hypervisor, os, partitions, expect, sweep`,
      ],
    ],
    [
      'too many L1VH cores beside a bad workload',
      `host: { cores: 4 }\npartitions:\n  - { name: l1, kind: l1vh, cores: 9 }\n  - { name: vm, kind: guest, vps: 1, workload: bussy }\n`,
      [
        `${F}:3:36: partitions[0].cores: expected at most 4 cores (the host cores no other L1VH has), got 9`,
        `${F}:4:48: partitions[1].workload: expected "busy", "idle" or a workload map with a type, got "bussy": did you mean "busy"?`,
      ],
    ],
  ])('%s', (_label, text, lines) => {
    expect(issueLines(text)).toEqual(lines);
  });
});

describe('no knock-on effects of a part left out', () => {
  test('a reference to a partition with a type error is not reported as dangling', () => {
    const text = `host: { cores: 4 }\npartitions:\n  - { name: vm, kind: guest, vps: 0, workload: busy }\nexpect:\n  - { mode: core, partition: vm, metric: stealShare, max: 1 }\n`;
    expect(issueLines(text)).toEqual([`${F}:3:35: partitions[0].vps: expected an integer 1–1024, got 0`]);
  });

  test("a cgroup of a root with a type error is not reported missing, nor the root's absence", () => {
    const text = `host: { cores: 4 }\npartitions:\n  - { name: root, kind: root, cgroups: { sys: {} }, threads: 5 }\n  - { name: vm, kind: guest, vps: 1, workload: busy, cgroup: sys }\n`;
    expect(issueLines(text)).toEqual([`${F}:3:62: partitions[0].threads: expected a list of threads, got 5`]);
  });

  test('limits computed from a bad hypervisor block wait until it is fixed', () => {
    const text = `host: { cores: 4 }\nhypervisor: { quantum: 10 }\npartitions:\n${ROOT}  - { name: vm, kind: guest, vps: 4, reserve: 100, workload: busy }\n  - { name: vm2, kind: guest, vps: 4, reserve: 100, workload: busy }\n`;
    expect(issueLines(text)).toEqual([`${F}:2:24: hypervisor.quantum: expected a duration with a unit (e.g. 10ms), got 10`]);
  });

  test('the issues of the parts that parsed keep their own paths', () => {
    const text = `host: { cores: 4 }\npartitions:\n  - { name: a, kind: guest, vps: 0, workload: busy }\n  - { name: b, kind: guest, vps: 1, workload: busy, cgroup: x }\n`;
    expect(issueLines(text)).toEqual([
      `${F}:3:34: partitions[0].vps: expected an integer 1–1024, got 0`,
      `${F}:4:61: partitions[1].cgroup: expected a cgroup of the root partition, got "x": the scenario has no root partition`,
    ]);
  });

  test('a partition that is its own child, through an alias, is a type error and no crash (found by the fuzzer)', () => {
    const text = `host: { cores: 2 }\npartitions:\n  - &a\n    name: l1\n    kind: l1vh\n    cores: 1\n    children:\n      - *a\n`;
    const lines = issueLines(text);
    expect(lines[0]).toBe(`${F}:5:11: partitions[0].children[0].kind: expected "child", or no kind, got "l1vh"`);
    expect(lines.every((line) => line.includes('partitions[0].children[0].'))).toBe(true);
  });
});
