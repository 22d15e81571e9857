import { describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { MODES } from '../../src/model/scenario.js';
import { parseScenario } from '../../src/scenario/index.js';
import { FILE, guestWith, load } from './helpers.js';

describe('defaults', () => {
  test('a minimal file gets every documented default', () => {
    const scenario = load(guestWith(''));
    expect(scenario).toEqual({
      name: 'test',
      description: '',
      duration: 10_000_000_000,
      seed: 1,
      modes: [...MODES],
      host: { cores: 4, threadsPerCore: 1, smtThroughput: 1.25 },
      hypervisor: {
        quantum: 10_000_000,
        window: 100_000_000,
        wakeupPreemption: false,
        vmmCapabilities: { kind: 'value', value: 0x40n },
        integratedSchedulerEnabled: { kind: 'value', value: 1n },
      },
      os: { slice: 'auto', wakeupGranularity: 1_000_000 },
      partitions: [
        {
          kind: 'guest',
          name: 'vm',
          vps: 2,
          controls: { weight: 100, reserve: 0, limit: 100 },
          threadsPerCore: 1,
          workloads: [{ kind: 'busy' }, { kind: 'busy' }],
          cores: [0, 1, 2, 3],
          cgroup: null,
          cpus: null,
        },
      ],
      expect: [],
    });
  });

  test.each([
    ['scenarios/a.b.yaml', 'a.b'],
    ['C:\\files\\x.json', 'x'],
    ['plain', 'plain'],
    ['.hidden', '.hidden'],
  ])('the name defaults to the base name of %j', (file, name) => {
    const text = file.endsWith('.json') ? JSON.stringify(parse(guestWith(''))) : guestWith('');
    const result = parseScenario(text, file);
    expect(result.ok && result.scenario.name).toBe(name);
  });

  test("a guest and a child default to the host's threadsPerCore", () => {
    const scenario = load(
      'host: { cores: 4, threadsPerCore: 2 }\npartitions:\n' +
        '  - { name: vm, kind: guest, vps: 1, workload: busy }\n' +
        '  - { name: l1, kind: l1vh, cores: 1, children: [{ name: c, vps: 1, workload: idle }] }\n',
    );
    const [guest, l1vh] = scenario.partitions;
    expect(guest?.kind === 'guest' && guest.threadsPerCore).toBe(2);
    expect(l1vh?.kind === 'l1vh' && l1vh.children[0]?.threadsPerCore).toBe(2);
  });

  test('a periodic workload starts at offset 0 and a plain poisson interval becomes exponential', () => {
    const scenario = load(
      'host: { cores: 1 }\npartitions:\n  - name: vm\n    kind: guest\n    vps: 2\n    workload:\n' +
        '      - { type: periodic, period: 10ms, work: "uniform(1ms, 2ms)" }\n' +
        '      - { type: poisson, interval: 2ms, work: exp(300us) }\n',
    );
    const guest = scenario.partitions[0];
    expect(guest?.kind === 'guest' && guest.workloads).toEqual([
      {
        kind: 'periodic',
        period: { kind: 'const', value: 10_000_000 },
        work: { kind: 'uniform', min: 1_000_000, max: 2_000_000 },
        offset: { kind: 'const', value: 0 },
      },
      { kind: 'poisson', interval: { kind: 'exp', mean: 2_000_000 }, work: { kind: 'exp', mean: 300_000 } },
    ]);
  });

  test('a poisson interval written as a distribution is used as given', () => {
    const scenario = load(guestWith('').replace('workload: busy', 'workload: { type: poisson, interval: "uniform(1ms, 3ms)", work: 1ms }'));
    const guest = scenario.partitions[0];
    expect(guest?.kind === 'guest' && guest.workloads[0]).toMatchObject({
      interval: { kind: 'uniform', min: 1_000_000, max: 3_000_000 },
    });
  });
});

describe('threads and cgroups', () => {
  const rootWith = (threads: string, cgroups = '{}') =>
    `host: { cores: 2, threadsPerCore: 2 }\npartitions:\n  - name: root\n    kind: root\n    cgroups: ${cgroups}\n    threads:\n${threads}`;

  test('replicas are expanded as name#0, name#1… and a single thread keeps its plain name', () => {
    const scenario = load(
      rootWith('      - { name: api, workload: busy }\n      - { name: batch, count: 3, nice: 5, cgroup: bg, workload: idle }\n', '{ bg: {} }'),
    );
    const root = scenario.partitions[0];
    expect(root?.kind === 'root' && root.threads.map((t) => [t.name, t.nice, t.cgroup])).toEqual([
      ['api', 0, null],
      ['batch#0', 5, 'bg'],
      ['batch#1', 5, 'bg'],
      ['batch#2', 5, 'bg'],
    ]);
  });

  test('cpulists and CPU lists resolve sorted and unique', () => {
    const scenario = load(rootWith('      - { name: a, cpus: "3,0-1,1", workload: busy }\n      - { name: b, cpus: [2, 0, 2], workload: busy }\n'));
    const root = scenario.partitions[0];
    expect(root?.kind === 'root' && root.threads.map((t) => t.cpus)).toEqual([
      [0, 1, 3],
      [0, 2],
    ]);
  });

  test('cgroups keep file order and resolve cpu.max from CPUs or quota/period', () => {
    const scenario = load(
      rootWith('      - { name: a, workload: busy }\n', '{ web: { weight: 300, max: 0.5, cpus: "0-1" }, batch: { max: "20ms/50ms" }, rest: {} }'),
    );
    const root = scenario.partitions[0];
    expect(root?.kind === 'root' && root.cgroups).toEqual([
      { name: 'web', weight: 300, max: { quota: 50_000_000, period: 100_000_000 }, cpus: [0, 1] },
      { name: 'batch', weight: 100, max: { quota: 20_000_000, period: 50_000_000 }, cpus: null },
      { name: 'rest', weight: 100, max: null, cpus: null },
    ]);
  });
});

describe('L1VH cores', () => {
  test('counts take the lowest free cores after every explicit list, in file order', () => {
    const scenario = load(
      'host: { cores: 8 }\npartitions:\n' +
        '  - { name: a, kind: l1vh, cores: 2 }\n' +
        '  - { name: b, kind: l1vh, cores: [0, 5] }\n' +
        '  - { name: c, kind: l1vh, cores: 3 }\n' +
        '  - { name: vm, kind: guest, vps: 1, workload: busy }\n',
    );
    const cores = scenario.partitions.map((p) => (p.kind === 'root' ? [] : p.cores));
    expect(cores).toEqual([[1, 2], [0, 5], [3, 4, 6], [7]]);
  });

  test('explicit lists are sorted; vCPUs of children count every LP of those cores', () => {
    const scenario = load(
      'host: { cores: 4, threadsPerCore: 2 }\npartitions:\n' +
        '  - name: l1\n    kind: l1vh\n    cores: [3, 1]\n    cgroups: { vms: { cpus: "0-3" } }\n' +
        '    children: [{ name: c, vps: 2, cgroup: vms, cpus: [3], workload: busy }]\n',
    );
    const l1vh = scenario.partitions[0];
    expect(l1vh?.kind === 'l1vh' && l1vh.cores).toEqual([1, 3]);
    expect(l1vh?.kind === 'l1vh' && l1vh.children[0]).toMatchObject({ kind: 'child', parent: 'l1', cgroup: 'vms', cpus: [3] });
  });

  test('a guest given explicit cores keeps them; by default it gets the cores outside every L1VH', () => {
    const scenario = load(
      'host: { cores: 4 }\npartitions:\n' +
        '  - { name: l1, kind: l1vh, cores: [0] }\n' +
        '  - { name: a, kind: guest, vps: 1, cores: [3, 2], workload: busy }\n' +
        '  - { name: b, kind: guest, vps: 1, workload: busy }\n',
    );
    expect(scenario.partitions.map((p) => (p.kind === 'root' ? [] : p.cores))).toEqual([[0], [2, 3], [1, 2, 3]]);
  });
});

describe('file formats and overrides', () => {
  const document = {
    name: 'same',
    duration: '2s',
    seed: 7,
    modes: ['core', 'integrated'],
    host: { cores: 8, threadsPerCore: 2 },
    hypervisor: { quantum: '5ms', vmmCapabilities: '0x40', integratedSchedulerEnabled: 'unreadable' },
    os: { slice: '2.8ms' },
    partitions: [
      { name: 'root', kind: 'root', threads: [{ name: 'h', workload: { type: 'periodic', period: '10ms', work: '500us' } }] },
      {
        name: 'l1vh',
        kind: 'l1vh',
        cores: [0, 1, 2, 3],
        cgroups: { services: { weight: 300 }, vms: { max: 2 } },
        threads: [{ name: 'batch', count: 2, cgroup: 'services', workload: 'busy' }],
        children: [{ name: 'child', vps: 4, cgroup: 'vms', cpus: '0-1', workload: { type: 'onoff', on: 'exp(20ms)', off: 'exp(30ms)' } }],
      },
      { name: 'neighbour', kind: 'guest', vps: 8, weight: 200, limit: 50, workload: { type: 'trace', bursts: [['0ms', '1ms'], ['5ms', '2ms']] } },
    ],
    expect: [{ mode: 'core', partition: 'l1vh', metric: 'stealShare', min: 0.2 }],
  };

  test('JSON input gives the same Scenario as YAML', () => {
    const fromYaml = parseScenario(stringify(document), 'a.yaml');
    const fromJson = parseScenario(JSON.stringify(document, null, 2), 'a.json');
    expect(fromYaml.ok).toBe(true);
    expect(fromJson).toEqual(fromYaml);
  });

  test('a "$schema" key for editors is accepted and ignored', () => {
    expect(parseScenario(JSON.stringify({ $schema: './scenario.schema.json', ...document }), 'a.json')).toEqual(
      parseScenario(JSON.stringify(document), 'a.json'),
    );
  });

  test('CLI overrides replace the file values', () => {
    const scenario = load(stringify(document), { duration: '500ms', seed: '42', modes: 'root, classic' });
    expect([scenario.duration, scenario.seed, scenario.modes]).toEqual([500_000_000, 42, ['root', 'classic']]);
  });

  test('anchors and aliases may be used for reuse', () => {
    const scenario = load(
      'host: { cores: 2 }\npartitions:\n' +
        '  - { name: a, kind: guest, vps: 1, workload: &w { type: onoff, on: 1ms, off: 2ms } }\n' +
        '  - { name: b, kind: guest, vps: 1, workload: *w }\n',
    );
    expect(scenario.partitions.map((p) => p.kind === 'guest' && p.workloads[0]?.kind)).toEqual(['onoff', 'onoff']);
  });

  test('a __proto__ key never reaches any prototype', () => {
    parseScenario('__proto__: { polluted: 1 }\nhost: { cores: 1, __proto__: { polluted: 2 } }\npartitions: []\n', FILE);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
