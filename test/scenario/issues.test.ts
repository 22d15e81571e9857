// Malformed scenarios: every issue is reported once, on one line, at the offending node, with the
// path of keys to it and a message saying what was expected and what was found.
import { describe, expect, test } from 'vitest';
import type { Overrides } from '../../src/scenario/index.js';
import { formatIssue, parseScenario } from '../../src/scenario/index.js';
import { FILE as F, guestWith as G, issueLines, load } from './helpers.js';

/** An L1VH on one SMT core whose child's VPs, without SMT, are a virtual core each. */
const L1VH_WITH_RESERVED_CHILD =
  'host: { cores: 2, threadsPerCore: 2 }\npartitions:\n  - name: l1\n    kind: l1vh\n    cores: 1\n    reserve: 20\n' +
  '    children:\n      - { name: c, vps: 2, threadsPerCore: 1, reserve: 50, workload: busy }\n';

interface Case {
  readonly label: string;
  readonly text: string;
  readonly overrides?: Overrides;
  readonly lines: readonly string[];
}

const CASES: readonly Case[] = [
  {
    label: 'a YAML syntax error',
    text: 'host: { cores: 4\npartitions: []\n',
    lines: [
      `${F}:2:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }`,
    ],
  },
  {
    label: 'a JSON syntax error',
    text: '{"host": {"cores": 4}, "partitions": [}',
    lines: [
      `${F}:1:39: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${F}:1:39: invalid YAML: Flow map must end with a }`,
    ],
  },
  {
    label: 'a duplicate key',
    text: 'host: { cores: 4 }\nhost: { cores: 2 }\npartitions: []\n',
    lines: [
      `${F}:2:1: invalid YAML: Map keys must be unique`,
    ],
  },
  {
    label: 'an empty file',
    text: '',
    lines: [
      `${F}:1:1: expected a scenario map, got null`,
    ],
  },
  {
    label: 'a file that is not a map',
    text: 'hello',
    lines: [
      `${F}:1:1: expected a scenario map, got "hello"`,
    ],
  },
  {
    label: 'empty sections',
    text: 'host:\npartitions:\n  -\n',
    lines: [`${F}:1:6: host: expected a host map, got null`, `${F}:3:4: partitions[0]: expected a partition map, got null`],
  },
  {
    label: 'a partition without a kind',
    text: 'host: { cores: 2 }\npartitions:\n  - { name: g }\n',
    lines: [`${F}:3:5: partitions[0].kind: missing required key: expected a partition kind (root, guest, l1vh)`],
  },
  {
    label: 'a cgroup name that is not a name',
    text: 'host: { cores: 2 }\npartitions:\n  - { name: r, kind: root, cgroups: { "a b": {} } }\n',
    lines: [
      `${F}:3:39: partitions[0].cgroups["a b"]: expected a name of letters, digits, "_", ".", ":" or "-" starting with a letter or digit, got "a b"`,
    ],
  },
  {
    label: 'an unknown key',
    text: G(', wieght: 3'),
    lines: [
      `${F}:3:54: partitions[0].wieght: unknown key "wieght": did you mean "weight"?`,
    ],
  },
  {
    label: 'a missing required section',
    text: 'partitions:\n  - { name: vm, kind: guest, vps: 2, workload: busy }\n',
    lines: [
      `${F}:1:1: host: missing required key: expected a host map`,
    ],
  },
  {
    label: 'a wrong type',
    text: G('', '{ cores: four }'),
    lines: [
      `${F}:1:16: host.cores: expected an integer 1–1024, got "four"`,
    ],
  },
  {
    label: 'an out-of-range weight',
    text: G(', weight: -1'),
    lines: [
      `${F}:3:62: partitions[0].weight: expected an integer 1–10000, got -1`,
    ],
  },
  {
    label: 'a reserve above the limit',
    text: G(', reserve: 60, limit: 50'),
    lines: [
      `${F}:3:63: partitions[0].reserve: expected a reserve ≤ limit (50), got 60`,
    ],
  },
  {
    label: 'two guests pinned to one core with reserves above it, under every mode that enforces reserves',
    text:
      'host: { cores: 2 }\npartitions:\n' +
      '  - { name: g1, kind: guest, vps: 1, reserve: 80, cores: [0], workload: busy }\n' +
      '  - { name: g2, kind: guest, vps: 1, reserve: 30, cores: [0], workload: busy }\n',
    lines: [
      `${F}:4:47: partitions[1].reserve: expected reserves that fit the LPs their VPs may use, got 1 VP × 80 % + 1 VP × 30 % = 110 % on 1 LP (100 %) under classic and classic-nosmt (with g1)`,
      `${F}:4:47: partitions[1].reserve: expected reserves that fit the cores their virtual cores may use, got 1 virtual core × 80 % + 1 virtual core × 30 % = 110 % on 1 core (100 %) under core and integrated (with g1)`,
    ],
  },
  {
    label: 'reserves that fit both threads of a core under classic but not thread 0 alone under classic-nosmt',
    text:
      'modes: [classic, classic-nosmt]\nhost: { cores: 2, threadsPerCore: 2 }\npartitions:\n' +
      '  - { name: g1, kind: guest, vps: 1, reserve: 80, cores: [0], workload: busy }\n' +
      '  - { name: g2, kind: guest, vps: 2, reserve: 80, cores: [0, 1], workload: busy }\n',
    lines: [
      `${F}:5:47: partitions[1].reserve: expected reserves that fit the LPs their VPs may use, got 3 VPs × 80 % = 240 % on 2 LPs (200 %) under classic-nosmt (with g1)`,
    ],
  },
  {
    label: 'a guest without SMT on an SMT host: its VPs fit the LPs of a core, not the core as two virtual cores',
    text:
      'modes: [classic, core]\nhost: { cores: 4, threadsPerCore: 2 }\npartitions:\n' +
      '  - { name: vm, kind: guest, vps: 2, threadsPerCore: 1, reserve: 60, cores: [0], workload: busy }\n',
    lines: [
      `${F}:4:66: partitions[0].reserve: expected reserves that fit the cores their virtual cores may use, got 2 virtual cores × 60 % = 120 % on 1 core (100 %) under core`,
    ],
  },
  {
    label: 'L1VH reserves beside its children under core, where the hypervisor schedules the children',
    text: 'modes: [core]\n' + L1VH_WITH_RESERVED_CHILD,
    lines: [
      `${F}:9:56: partitions[0].children[0].reserve: expected reserves that fit the cores their virtual cores may use, got 1 virtual core × 20 % + 2 virtual cores × 50 % = 120 % on 1 core (100 %) under core (with l1)`,
    ],
  },
  {
    label: 'L1VH reserves beside its children under integrated with the gate closed',
    text: 'modes: [integrated]\nhypervisor: { vmmCapabilities: "0x1f" }\n' + L1VH_WITH_RESERVED_CHILD,
    lines: [
      `${F}:10:56: partitions[0].children[0].reserve: expected reserves that fit the cores their virtual cores may use, got 1 virtual core × 20 % + 2 virtual cores × 50 % = 120 % on 1 core (100 %) under integrated (with l1)`,
    ],
  },
  {
    label: 'two cores oversubscribed apart, one line each',
    text:
      'modes: [classic]\nhost: { cores: 2 }\npartitions:\n' +
      '  - { name: a, kind: guest, vps: 2, reserve: 60, cores: [0], workload: busy }\n' +
      '  - { name: b, kind: guest, vps: 2, reserve: 60, cores: [1], workload: busy }\n',
    lines: [
      `${F}:4:46: partitions[0].reserve: expected reserves that fit the LPs their VPs may use, got 2 VPs × 60 % = 120 % on 1 LP (100 %) under classic`,
      `${F}:5:46: partitions[1].reserve: expected reserves that fit the LPs their VPs may use, got 2 VPs × 60 % = 120 % on 1 LP (100 %) under classic`,
    ],
  },
  {
    label: 'reserves that only a flow could place, one too many',
    text:
      'modes: [classic]\nhost: { cores: 2 }\npartitions:\n' +
      '  - { name: a, kind: guest, vps: 1, reserve: 100, cores: [0], workload: busy }\n' +
      '  - { name: b, kind: guest, vps: 1, reserve: 100, workload: busy }\n' +
      '  - { name: c, kind: guest, vps: 1, reserve: 1, cores: [1], workload: busy }\n',
    lines: [
      `${F}:6:46: partitions[2].reserve: expected reserves that fit the LPs their VPs may use, got 2 VPs × 100 % + 1 VP × 1 % = 201 % on 2 LPs (200 %) under classic (with a and b)`,
    ],
  },
  {
    label: 'a duration without a unit',
    text: 'duration: 10\n' + G(''),
    lines: [
      `${F}:1:11: duration: expected a duration with a unit (e.g. 10ms), got 10`,
    ],
  },
  {
    label: 'a duration that is not whole nanoseconds',
    text: 'duration: 1.5ns\n' + G(''),
    lines: [
      `${F}:1:11: duration: expected a whole number of nanoseconds, got "1.5ns"`,
    ],
  },
  {
    label: 'a duplicate partition name',
    text: G('') + '  - { name: vm, kind: guest, vps: 1, workload: idle }\n',
    lines: [
      `${F}:4:13: partitions[1].name: expected a name not used before, got "vm" (also at partitions[0].name)`,
    ],
  },
  {
    label: 'a child named like a partition',
    text: 'host: { cores: 4 }\npartitions:\n  - name: vm\n    kind: l1vh\n    cores: 2\n    children:\n      - { name: vm, vps: 1, workload: busy }\n',
    lines: [
      `${F}:7:17: partitions[0].children[0].name: expected a name not used before, got "vm" (also at partitions[0].name)`,
    ],
  },
  {
    label: 'two threads with one name',
    text: 'host: { cores: 4 }\npartitions:\n  - name: root\n    kind: root\n    threads:\n      - { name: w, workload: busy }\n      - { name: w, workload: idle }\n',
    lines: [
      `${F}:7:17: partitions[0].threads[1].name: expected a thread name unique in the root partition, got "w" again (also from partitions[0].threads[0].name)`,
    ],
  },
  {
    label: 'an unknown cgroup',
    text: 'host: { cores: 4 }\npartitions:\n  - name: root\n    kind: root\n    cgroups: { system: {} }\n    threads:\n      - { name: t, cgroup: sytem, workload: busy }\n',
    lines: [
      `${F}:7:28: partitions[0].threads[0].cgroup: expected a cgroup of the root partition, got "sytem": did you mean "system"?`,
    ],
  },
  {
    label: 'a child cgroup that is not its L1VH\'s',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: root, kind: root, cgroups: { vms: {} } }\n  - { name: l1, kind: l1vh, cores: 1, children: [{ name: c, vps: 1, cgroup: vms, workload: busy }] }\n',
    lines: [
      `${F}:4:77: partitions[1].children[0].cgroup: expected a cgroup of L1VH "l1", got "vms": it has none`,
    ],
  },
  {
    label: 'child cpus outside the L1VH\'s vCPUs',
    text: 'host: { cores: 4, threadsPerCore: 2 }\npartitions:\n  - name: l1\n    kind: l1vh\n    cores: [0, 1]\n    children:\n      - { name: c, vps: 1, cpus: "0-4", workload: busy }\n',
    lines: [
      `${F}:7:34: partitions[0].children[0].cpus: expected CPUs of L1VH "l1" (vCPUs 0–3), got 4`,
    ],
  },
  {
    label: 'root thread cpus outside the host LPs',
    text: 'host: { cores: 1 }\npartitions:\n  - { name: r, kind: root, threads: [{ name: t, cpus: [0, 1, 5], workload: busy }] }\n',
    lines: [
      `${F}:3:55: partitions[0].threads[0].cpus: expected CPUs of the root partition (host LPs 0–0), got 1, 5`,
    ],
  },
  {
    label: 'L1VH cores outside the host',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: l1, kind: l1vh, cores: [2, 4] }\n',
    lines: [
      `${F}:3:40: partitions[0].cores[1]: expected a host core 0–3, got 4`,
    ],
  },
  {
    label: 'L1VH cores shared or repeated',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: a, kind: l1vh, cores: [0, 1] }\n  - { name: b, kind: l1vh, cores: [1, 2, 2] }\n',
    lines: [
      `${F}:4:36: partitions[1].cores[0]: expected a core no L1VH has, got 1 (it belongs to L1VH "a")`,
      `${F}:4:42: partitions[1].cores[2]: expected each core once, got 2 again`,
    ],
  },
  {
    label: 'an L1VH core count larger than the free cores',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: a, kind: l1vh, cores: [0] }\n  - { name: b, kind: l1vh, cores: 4 }\n',
    lines: [
      `${F}:4:35: partitions[1].cores: expected at most 3 cores (the host cores no other L1VH has), got 4`,
    ],
  },
  {
    label: 'a guest left without cores',
    text: 'host: { cores: 2 }\npartitions:\n  - { name: a, kind: l1vh, cores: 2 }\n  - { name: vm, kind: guest, vps: 1, workload: busy }\n',
    lines: [
      `${F}:4:5: partitions[1].cores: expected at least one host core outside the L1VHs, got none: all 2 cores belong to L1VHs`,
    ],
  },
  {
    label: 'two root partitions',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: r1, kind: root }\n  - { name: r2, kind: root }\n',
    lines: [
      `${F}:4:23: partitions[1].kind: expected at most one partition of kind "root", got a second one (the first is "r1")`,
    ],
  },
  {
    label: 'a guest cgroup without a root partition',
    text: G(', cgroup: vms'),
    lines: [
      `${F}:3:62: partitions[0].cgroup: expected a cgroup of the root partition, got "vms": the scenario has no root partition`,
    ],
  },
  {
    label: 'a workload list of the wrong length',
    text: 'host: { cores: 4 }\npartitions:\n  - { name: vm, kind: guest, vps: 3, workload: [busy, idle] }\n',
    lines: [
      `${F}:3:48: partitions[0].workload: expected 3 workloads (one per VP), got 2`,
    ],
  },
  {
    label: 'an unknown workload type',
    text: G('').replace('workload: busy', 'workload: { type: burst }'),
    lines: [
      `${F}:3:56: partitions[0].workload.type: expected a workload type (busy, idle, periodic, onoff, poisson, trace), got "burst"`,
    ],
  },
  {
    label: 'a misspelt workload shorthand',
    text: G('').replace('workload: busy', 'workload: bsy'),
    lines: [
      `${F}:3:48: partitions[0].workload: expected "busy", "idle" or a workload map with a type, got "bsy": did you mean "busy"?`,
    ],
  },
  {
    label: 'bad distribution syntax',
    text: 'host: { cores: 4 }\npartitions:\n  - name: vm\n    kind: guest\n    vps: 1\n    workload: { type: onoff, on: gauss(1ms), off: 1ms }\n',
    lines: [
      `${F}:6:34: partitions[0].workload.on: expected a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms), got "gauss(1ms)"`,
    ],
  },
  {
    label: 'uniform with min above max',
    text: 'host: { cores: 4 }\npartitions:\n  - name: vm\n    kind: guest\n    vps: 1\n    workload: { type: onoff, on: "uniform(3ms, 1ms)", off: 1ms }\n',
    lines: [
      `${F}:6:34: partitions[0].workload.on: expected uniform(min, max) with min ≤ max, got "uniform(3ms, 1ms)"`,
    ],
  },
  {
    label: 'work with a zero mean',
    text: 'host: { cores: 1 }\npartitions:\n  - { name: r, kind: root, threads: [{ name: t, workload: { type: poisson, interval: 1ms, work: 0ms } }] }\n',
    lines: [
      `${F}:3:97: partitions[0].threads[0].workload.work: expected a distribution with a mean > 0, got "0ms"`,
    ],
  },
  {
    label: 'trace bursts out of order',
    text: 'host: { cores: 4 }\npartitions:\n  - name: vm\n    kind: guest\n    vps: 1\n    workload: { type: trace, bursts: [[0ms, 1ms], [5ms, 1ms], [2ms, 1ms]] }\n',
    lines: [
      `${F}:6:64: partitions[0].workload.bursts[2][0]: expected bursts in order of arrival, got 2ms after 5ms`,
    ],
  },
  {
    label: 'bad hex capabilities',
    text: 'hypervisor: { vmmCapabilities: "0xZZ" }\n' + G(''),
    lines: [
      `${F}:1:32: hypervisor.vmmCapabilities: expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "0xZZ"`,
    ],
  },
  {
    label: 'u64 overflow',
    text: 'hypervisor: { integratedSchedulerEnabled: "0x10000000000000000" }\n' + G(''),
    lines: [
      `${F}:1:43: hypervisor.integratedSchedulerEnabled: expected a u64 (at most 0xffffffffffffffff), got "0x10000000000000000"`,
    ],
  },
  {
    label: 'a quantum longer than the window',
    text: 'hypervisor: { quantum: 1s }\n' + G(''),
    lines: [
      `${F}:1:24: hypervisor.quantum: expected at most a quarter of hypervisor.window (25ms of the default 100ms), so that a reserve or a limit is met in several slices per window, got 1s`,
    ],
  },
  {
    label: 'a quantum above a quarter of the window',
    text: 'hypervisor: { quantum: 30ms, window: 100ms }\n' + G(''),
    lines: [
      `${F}:1:24: hypervisor.quantum: expected at most a quarter of hypervisor.window (25ms), so that a reserve or a limit is met in several slices per window, got 30ms`,
    ],
  },
  {
    label: 'a window under four default quanta',
    text: 'hypervisor: { window: 30ms }\n' + G(''),
    lines: [
      `${F}:1:23: hypervisor.window: expected at least 4 × hypervisor.quantum (4 × the default 10ms = 40ms), so that a reserve or a limit is met in several slices per window, got 30ms`,
    ],
  },
  {
    label: 'no reserve check on cores that were refused: it would only echo that error',
    text:
      'modes: [classic]\nhost: { cores: 2 }\npartitions:\n' +
      '  - { name: l1, kind: l1vh, cores: [1] }\n' +
      '  - { name: vm, kind: guest, vps: 2, reserve: 80, cores: [0, 1], workload: busy }\n',
    lines: [
      `${F}:5:62: partitions[1].cores[1]: expected a core no L1VH has, got 1 (it belongs to L1VH "l1")`,
    ],
  },
  {
    label: 'reserve admission and the quantum among the other issues of the file',
    text:
      'modes: [classic]\nhypervisor: { quantum: 30ms }\nhost: { cores: 2 }\npartitions:\n' +
      '  - { name: g1, kind: guest, vps: 1, reserve: 80, limit: 50, cores: [0], workload: busy }\n' +
      '  - { name: g2, kind: guest, vps: 1, reserve: 30, cores: [0], workload: busy }\n' +
      'expect:\n  - { mode: classic, partition: g3, metric: cpuShare, min: 0.1 }\n',
    lines: [
      `${F}:2:24: hypervisor.quantum: expected at most a quarter of hypervisor.window (25ms of the default 100ms), so that a reserve or a limit is met in several slices per window, got 30ms`,
      `${F}:5:47: partitions[0].reserve: expected a reserve ≤ limit (50), got 80`,
      `${F}:6:47: partitions[1].reserve: expected reserves that fit the LPs their VPs may use, got 1 VP × 80 % + 1 VP × 30 % = 110 % on 1 LP (100 %) under classic (with g1)`,
      `${F}:8:33: expect[0].partition: expected the name of a partition or child, got "g3": did you mean "g1"?`,
    ],
  },
  {
    label: 'guest SMT wider than the host',
    text: G(', threadsPerCore: 2'),
    lines: [
      `${F}:3:70: partitions[0].threadsPerCore: expected threadsPerCore ≤ the host\'s (1), got 2`,
    ],
  },
  {
    label: 'a bad cpulist',
    text: G(', cpus: "0-"'),
    lines: [
      `${F}:3:60: partitions[0].cpus: expected a list of CPU numbers or a cpulist like "0-3,6", got "0-"`,
    ],
  },
  {
    label: 'a bad cpu.max',
    text: 'host: { cores: 1 }\npartitions:\n  - { name: r, kind: root, cgroups: { a: { max: "50ms/10s" } } }\n',
    lines: [
      `${F}:3:49: partitions[0].cgroups.a.max: expected a period 1ms–1s, got "50ms/10s"`,
    ],
  },
  {
    label: 'an absurd duration',
    text: 'duration: 2h\n' + G(''),
    lines: [
      `${F}:1:11: duration: expected a run duration 1ms–1h, got 2h: the engine keeps time and work in integer nanoseconds and needs that bound`,
    ],
  },
  {
    label: 'an absurd event estimate',
    text: 'duration: 1h\nhost: { cores: 64 }\npartitions:\n  - { name: vm, kind: guest, vps: 64, workload: { type: periodic, period: 10us, work: 1us } }\n',
    lines: [
      `${F}:4:49: partitions[0].workload: refused: about 4.6e10 events estimated over 1h, above the limit of 2.0e9; partitions[0].workload accounts for 4.6e10 of them: lengthen its intervals or shorten the duration`,
    ],
  },
  {
    label: 'an OS slice below the least Linux takes, with the reason',
    text: 'os: { slice: 1ns }\nhost: { cores: 8 }\npartitions:\n  - { name: r, kind: root, threads: [{ name: t, count: 16, workload: busy }] }\n',
    lines: [`${F}:1:14: os.slice: expected "auto" or a slice ≥ 100us (Linux's fair scheduler takes no base slice below 100us), got "1ns"`],
  },
  {
    label: 'a quantum below its bound, with the reason',
    text: 'hypervisor: { quantum: 1us }\nhost: { cores: 8 }\npartitions:\n  - { name: g, kind: guest, vps: 1, workload: busy }\n',
    lines: [`${F}:1:24: hypervisor.quantum: expected a duration 100us–1s (a hypervisor's quantum is milliseconds; shorter, a run is mostly dispatches), got "1us"`],
  },
  {
    label: 'an OS slice that, on a large host over an hour, would never end',
    text: 'duration: 1h\nos: { slice: 100us }\nhost: { cores: 1024 }\npartitions:\n  - { name: r, kind: root, threads: [{ name: t, count: 1024, workload: busy }] }\n',
    lines: [
      `${F}:2:14: os.slice: refused: about 3.7e10 events estimated over 1h, above the limit of 2.0e9; os.slice accounts for 3.7e10 of them: lengthen it or shorten the duration`,
    ],
  },
  {
    label: 'an alias bomb',
    text: 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    lines: [
      `${F}:2:8: refused: too many alias expansions (Excessive alias count indicates a resource exhaustion attack)`,
    ],
  },
  {
    label: '__proto__ keys',
    text: '__proto__: { polluted: true }\nhost: { cores: 4 }\npartitions:\n  - name: root\n    kind: root\n    cgroups: { __proto__: { weight: 5 } }\n',
    lines: [
      `${F}:1:1: __proto__: unknown key "__proto__": expected one of $schema, name, description, duration, seed, modes, host, hypervisor, os, partitions, expect, sweep`,
      `${F}:6:16: partitions[0].cgroups.__proto__: unknown key "__proto__"`,
    ],
  },
  {
    label: 'empty partitions',
    text: 'host: { cores: 4 }\npartitions: []\n',
    lines: [
      `${F}:2:13: partitions: expected a non-empty list of partitions, got an empty list`,
    ],
  },
  {
    label: 'an expectation with bad values',
    text: G('') + 'expect:\n  - { mode: cor, partition: vm, metric: steal, max: 1 }\n',
    lines: [
      `${F}:5:13: expect[0].mode: expected a mode (root, classic, classic-nosmt, core, integrated), got "cor"`,
      `${F}:5:41: expect[0].metric: expected a metric (cpuShare, runShare, stealShare, idleShare, reportedStealShare, stolenShare, waitShare, wakeupP99Ns, responseP99Ns, cpus, outsideCpusetShare, utilisation, forcedIdleShare, mixedShare), got "steal"`,
    ],
  },
  {
    label: 'expectations that do not hold together',
    text: G('') + 'expect:\n  - { mode: core, partition: mv, metric: stealShare, min: 0.1 }\n  - { mode: core, partition: vm, metric: cpuShare }\n  - { mode: core, partition: vm, metric: runShare, min: 0.5, max: 0.2 }\n',
    lines: [
      `${F}:5:30: expect[0].partition: expected the name of a partition or child, got "mv": did you mean "vm"?`,
      `${F}:6:5: expect[1]: expected min, max or approx, got none of them`,
      `${F}:7:57: expect[2].min: expected min ≤ max (0.2), got 0.5`,
    ],
  },
  {
    label: 'expectations about things the scenario does not have',
    text:
      G('') +
      'expect:\n' +
      '  - { mode: core, partition: vm, vp: 9, metric: runShare, min: 0.1 }\n' +
      '  - { mode: core, partition: vm, thread: api, metric: runShare, min: 0.1 }\n' +
      '  - { mode: core, partition: vm, metric: cpus, max: 1 }\n' +
      '  - { mode: core, metric: stealShare, max: 1 }\n' +
      '  - { mode: core, partition: vm, metric: stealShare, approx: 0.5, max: 1 }\n',
    lines: [
      `${F}:5:38: expect[0].vp: expected a VP of vm (0–1), got 9`,
      `${F}:6:42: expect[1].thread: expected a thread of vm, got "api": vm has no threads`,
      `${F}:7:42: expect[2].metric: expected a metric of a partition (cpuShare, runShare, stealShare, idleShare, reportedStealShare, stolenShare, waitShare, wakeupP99Ns, responseP99Ns, outsideCpusetShare), got "cpus"`,
      `${F}:8:27: expect[3].metric: expected a metric of a host (utilisation, forcedIdleShare, mixedShare), got "stealShare"`,
      `${F}:9:62: expect[4].approx: expected approx alone or min/max, got both`,
    ],
  },
  {
    label: 'a latency bound that is no duration',
    text: G('') + 'expect:\n  - { mode: core, partition: vm, metric: wakeupP99Ns, max: soon }\n',
    lines: [`${F}:5:60: expect[0].max: expected a number, or a duration with a unit (e.g. 10ms) for a latency, got "soon"`],
  },
  {
    label: 'a mode listed twice',
    text: 'modes: [core, core]\n' + G(''),
    lines: [
      `${F}:1:15: modes[1]: expected each mode once, got "core" again`,
    ],
  },
  {
    label: 'bad overrides',
    text: G(''),
    overrides: { duration: '10', seed: '-1', modes: 'core,bogus,core' },
    lines: [
      `${F}: --duration: expected a duration with a unit (e.g. 10ms), got "10"`,
      `${F}: --seed: expected an integer 0–4294967295, got "-1"`,
      `${F}: --mode: expected modes from root, classic, classic-nosmt, core, integrated separated by commas, got "bogus"`,
      `${F}: --mode: expected each mode once, got "core" twice`,
    ],
  },
  {
    label: 'an override duration that is absurd',
    text: G(''),
    overrides: { duration: '2h' },
    lines: [
      `${F}: --duration: expected a run duration 1ms–1h, got 2h: the engine keeps time and work in integer nanoseconds and needs that bound`,
    ],
  },
];

describe('a malformed scenario is refused with every issue', () => {
  test.each(CASES)('$label', ({ text, overrides, lines }) => {
    expect(issueLines(text, overrides)).toEqual(lines);
  });
});

describe('reserves and a quantum the hypervisor can honour are accepted', () => {
  test.each([
    {
      label: 'reserves that fill thread 0 of every core exactly under classic-nosmt',
      text:
        'host: { cores: 2, threadsPerCore: 2 }\npartitions:\n' +
        '  - { name: a, kind: guest, vps: 1, reserve: 100, cores: [0], workload: busy }\n' +
        '  - { name: b, kind: guest, vps: 2, reserve: 50, workload: busy }\n',
    },
    {
      label: 'a flexible reserve that fits only beside a pinned one',
      text:
        'host: { cores: 2 }\npartitions:\n' +
        '  - { name: a, kind: guest, vps: 1, reserve: 100, cores: [0], workload: busy }\n' +
        '  - { name: b, kind: guest, vps: 1, reserve: 100, workload: busy }\n',
    },
    {
      label: 'an L1VH child reserve under integrated with the gate open: the L1VH schedules it',
      text: 'modes: [integrated]\n' + L1VH_WITH_RESERVED_CHILD,
    },
    {
      label: 'oversubscribed reserves in root mode, which ignores them',
      text:
        'modes: [root]\nhost: { cores: 1 }\npartitions:\n' +
        '  - { name: vm, kind: guest, vps: 2, reserve: 80, workload: busy }\n',
    },
    { label: 'a quantum of exactly a quarter of the window', text: 'hypervisor: { quantum: 25ms, window: 100ms }\n' + G('') },
  ])('$label', ({ text }) => {
    expect(load(text).partitions.length).toBeGreaterThan(0);
  });
});

describe('issue reporting', () => {
  test('a file with three errors gives three lines, sorted by position', () => {
    const text =
      'seed: -4\n' +
      'host: { cores: 4 }\n' +
      'partitions:\n' +
      '  - { name: vm, kind: guest, vps: 2, weight: 0, workload: busy }\n' +
      '  - { name: other, kind: guest, vps: 1, workload: { type: periodic, period: 10, work: 1ms } }\n';
    expect(issueLines(text)).toEqual([
      `${F}:1:7: seed: expected an integer 0–4294967295, got -4`,
      `${F}:4:46: partitions[0].weight: expected an integer 1–10000, got 0`,
      `${F}:5:77: partitions[1].workload.period: expected a duration with a unit (e.g. 10ms), got 10`,
    ]);
  });

  test('issues found while resolving are sorted by position too, whatever order they were found in', () => {
    const text =
      'host: { cores: 2 }\n' +
      'partitions:\n' +
      '  - { name: a, kind: guest, vps: 1, cgroup: x, workload: busy }\n' +
      '  - { name: b, kind: l1vh, cores: [5] }\n' +
      '  - { name: a, kind: guest, vps: 1, workload: busy }\n';
    expect(issueLines(text).map((line) => line.split(': ')[0])).toEqual([`${F}:3:45`, `${F}:4:36`, `${F}:5:13`]);
  });

  test('an issue without a position is formatted without line and column', () => {
    const issue = { file: 'x.yaml', line: null, col: null, path: '--seed', message: 'expected an integer' };
    expect(formatIssue(issue)).toBe('x.yaml: --seed: expected an integer');
  });

  test('unknown keys in a JSON file point at the key', () => {
    const json = '{\n  "host": { "cores": 4, "treadsPerCore": 2 },\n  "partitions": []\n}\n';
    const result = parseScenario(json, 'x.json');
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'x.json:2:25: host.treadsPerCore: unknown key "treadsPerCore": did you mean "threadsPerCore"?',
      'x.json:3:17: partitions: expected a non-empty list of partitions, got an empty list',
    ]);
  });
});
