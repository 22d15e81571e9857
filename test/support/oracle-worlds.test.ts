// The oracle sweep's harness, checked on its own: a reproducer is only worth printing if the file
// loads to the very world that failed, the oracle must be asked the question each mode's scheduler
// answers, and the shrinker must stop only where nothing smaller still fails.
import { describe, expect, test } from 'vitest';
import { simulateMode } from '../../src/hypervisor/simulate.js';
import { ms } from '../../src/model/time.js';
import { scenarioFrom } from './load.js';
import {
  buildWorld,
  compareShares,
  FAMILIES,
  oracleShares,
  oracleWorld,
  shrinkWorld,
  smallerWorlds,
  TOLERANCE,
  worldYaml,
  type Family,
  type GuestSpec,
  type OracleWorld,
  type WorldSpec,
} from './oracle-worlds.js';

const loaded = (world: OracleWorld) => scenarioFrom(worldYaml(world, [{ id: 'g0/vp0', simulated: 0.5, oracle: 1 }]));

const guest = (name: string, extra: Partial<GuestSpec> = {}): GuestSpec => ({
  kind: 'guest',
  name,
  vps: 1,
  weight: 100,
  reserve: 0,
  limit: 100,
  threadsPerCore: 2,
  cores: [0, 1],
  cgroup: null,
  cpus: null,
  ...extra,
});

const world = (family: Family, partitions: WorldSpec['partitions']): OracleWorld =>
  buildWorld({ family, seed: 0, cores: 2, threadsPerCore: 2, quantum: ms(10), slice: 'auto', partitions });

describe('printed worlds', () => {
  test.each(FAMILIES.flatMap((family) => [0, 1, 2].map((seed) => [family, seed] as const)))('%s seed %i loads to the same scenario and run', (family, seed) => {
    const generated = oracleWorld(family, seed);
    const scenario = loaded(generated);
    expect(scenario).toEqual(generated.scenario);
    expect(simulateMode(scenario, generated.mode)).toEqual(simulateMode(generated.scenario, generated.mode));
  });

  test.each(FAMILIES.flatMap((family) => [3, 4, 5, 6].map((seed) => [family, seed] as const)))(
    'every world the shrinker may try from %s seed %i is a valid file and a well-posed oracle problem',
    (family, seed) => {
      for (const spec of smallerWorlds(oracleWorld(family, seed).spec)) {
        const smaller = buildWorld(spec);
        expect(loaded(smaller)).toEqual(smaller.scenario);
        oracleShares(smaller.problem);
      }
    },
  );

  test('mismatches are comments at the head of the file', () => {
    const text = worldYaml(oracleWorld('classic', 0), [{ id: 'g0/vp1', simulated: 0.5, oracle: 0.75 }]);
    expect(text.split('\n').slice(0, 2)).toEqual([
      `# oracle world classic seed 0: share of one place, simulated vs oracle (tolerance ${TOLERANCE})`,
      '#   g0/vp1: simulated 0.500, oracle 0.750',
    ]);
  });
});

describe('what the oracle is asked', () => {
  test('classic: a VP may use every LP of its cores, with reserve and limit as floor and ceiling', () => {
    const { problem, readings } = world('classic', [guest('g0', { vps: 2, cores: [1], reserve: 10, limit: 50 })]);
    expect(problem.placeCount).toBe(4);
    expect(problem.entities).toEqual([
      { id: 'g0/vp0', weight: 100, places: [2, 3], floor: 0.1, ceiling: 0.5 },
      { id: 'g0/vp1', weight: 100, places: [2, 3], floor: 0.1, ceiling: 0.5 },
    ]);
    expect(readings.map((r) => r.at)).toEqual([{ partition: 'g0', vp: 0 }, { partition: 'g0', vp: 1 }]);
  });

  test('classic-nosmt: one place per core', () => {
    const { problem } = world('classic-nosmt', [guest('g0', { cores: [1] })]);
    expect(problem.placeCount).toBe(2);
    expect(problem.entities).toEqual([{ id: 'g0/vp0', weight: 100, places: [1] }]);
  });

  test('core: consecutive VPs form virtual cores, each VP read as its virtual core', () => {
    const { problem, readings } = world('core', [guest('g0', { vps: 3, weight: 300 }), guest('g1', { vps: 2, threadsPerCore: 1 })]);
    expect(problem.placeCount).toBe(2);
    expect(problem.entities.map((e) => [e.id, e.weight, e.places])).toEqual([
      ['g0/vc0', 300, [0, 1]],
      ['g0/vc1', 300, [0, 1]],
      ['g1/vc0', 100, [0, 1]],
      ['g1/vc1', 100, [0, 1]],
    ]);
    expect(readings.map((r) => [r.id, r.entity])).toEqual([
      ['g0/vp0', 'g0/vc0'],
      ['g0/vp1', 'g0/vc0'],
      ['g0/vp2', 'g0/vc1'],
      ['g1/vp0', 'g1/vc0'],
      ['g1/vp1', 'g1/vc1'],
    ]);
  });

  test('root: nice and cgroup weights, cpusets over affinities, VMM threads on their cores, Hyper-V controls ignored', () => {
    const { problem, readings } = world('root', [
      {
        kind: 'root',
        name: 'root',
        cgroups: [{ name: 'cg0', weight: 200, quota: ms(150), cpus: [1, 2] }],
        threads: [
          { name: 'a', nice: 5, count: 2, cgroup: 'cg0', cpus: [0] },
          { name: 'b', nice: 0, count: 1, cgroup: null, cpus: [0, 3] },
        ],
      },
      guest('g0', { cores: [1], reserve: 50, limit: 60, weight: 9, cgroup: 'cg0' }),
      guest('g1', { cpus: [3] }),
    ]);
    expect(problem.placeCount).toBe(4);
    expect(problem.groups).toEqual([{ id: 'cg0', weight: 2048, ceiling: 1.5 }]);
    expect(problem.entities).toEqual([
      { id: 'root/a#0', weight: 335, places: [1, 2], group: 'cg0' },
      { id: 'root/a#1', weight: 335, places: [1, 2], group: 'cg0' },
      { id: 'root/b', weight: 1024, places: [0, 3] },
      { id: 'g0/vp0', weight: 1024, places: [2], group: 'cg0' },
      { id: 'g1/vp0', weight: 1024, places: [3] },
    ]);
    expect(readings.map((r) => r.at)).toEqual([
      { partition: 'root', thread: 'a#0' },
      { partition: 'root', thread: 'a#1' },
      { partition: 'root', thread: 'b' },
      { partition: 'g0', vp: 0 },
      { partition: 'g1', vp: 0 },
    ]);
  });

  test('integrated: the L1VH vCPUs are the places, its threads and its children VMM threads the entities', () => {
    const { problem, readings } = world('integrated', [
      {
        kind: 'l1vh',
        name: 'l1',
        coreCount: 1,
        cgroups: [{ name: 'cg0', weight: 100, quota: null, cpus: [1] }],
        threads: [{ name: 't0', nice: -1, count: 1, cgroup: null, cpus: [0] }],
        children: [{ name: 'c0', vps: 2, cgroup: 'cg0', cpus: null }],
      },
      guest('g0', { cores: [1] }),
    ]);
    expect(problem).toEqual({
      placeCount: 2,
      groups: [{ id: 'cg0', weight: 1024 }],
      entities: [
        { id: 'l1/t0', weight: 1277, places: [0] },
        { id: 'c0/vp0', weight: 1024, places: [1], group: 'cg0' },
        { id: 'c0/vp1', weight: 1024, places: [1], group: 'cg0' },
      ],
    });
    expect(readings.map((r) => r.at)).toEqual([{ partition: 'l1', thread: 't0' }, { partition: 'c0', vp: 0 }, { partition: 'c0', vp: 1 }]);
  });
});

describe('comparison', () => {
  test('a share is off only beyond the tolerance', () => {
    const generated = world('classic', [guest('g0', { vps: 3 })]);
    const run = simulateMode(generated.scenario, generated.mode);
    const simulated = run.partitions.find((p) => p.name === 'g0')!.vps.map((vp) => vp.runNs / generated.scenario.duration);
    const shares = (offsets: readonly number[]) => new Map(simulated.map((share, vp) => [`g0/vp${vp}`, share + offsets[vp]!]));
    expect(compareShares(generated, run, shares([0, TOLERANCE * 0.9, -TOLERANCE * 0.9]))).toEqual([]);
    expect(compareShares(generated, run, shares([0, TOLERANCE * 1.1, 0]))).toEqual([{ id: 'g0/vp1', simulated: simulated[1], oracle: simulated[1]! + TOLERANCE * 1.1 }]);
  });
});

describe('shrinking', () => {
  // A property that needs no simulation: "fails" while at least two shares are read.
  const twoOrMore = (candidate: OracleWorld) => (candidate.readings.length >= 2 ? [{ id: 'x', simulated: 0, oracle: 1 }] : []);

  test.each(FAMILIES.flatMap((family) => [0, 1, 2, 3].map((seed) => [family, seed] as const)))('%s seed %i shrinks to a world no smaller world of which fails', (family, seed) => {
    const start = oracleWorld(family, seed);
    const shrunk = shrinkWorld(start, twoOrMore(start), twoOrMore, Number.POSITIVE_INFINITY);
    if (start.readings.length < 2) expect(shrunk.world).toBe(start);
    else expect(shrunk.world.readings).toHaveLength(2);
    for (const spec of smallerWorlds(shrunk.world.spec)) expect(twoOrMore(buildWorld(spec))).toEqual([]);
  });
});
