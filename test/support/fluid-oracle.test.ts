// Tests for the fluid oracle: closed-form shares for small worlds whose max-min fair answer is known by
// hand, and seeded random worlds checked against properties that pin the answer down (feasible, work
// conserving, and no transfer between two competitors that would favour the richer one is possible).
// The properties are checked with a separate Edmonds–Karp max flow written here, not the oracle's own,
// so a flaw in the oracle's flow code cannot vouch for itself.
import { describe, expect, test } from 'vitest';
import { fluidShares, type FluidEntity, type FluidGroup, type FluidProblem } from './fluid-oracle.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const ALL = (placeCount: number): number[] => range(placeCount);

function expectShares(problem: FluidProblem, expected: Record<string, number>): void {
  const shares = fluidShares(problem);
  expect(shares.size).toBe(problem.entities.length);
  for (const [id, share] of Object.entries(expected)) {
    expect(shares.get(id), id).toBeCloseTo(share, 12);
  }
}

/** Mulberry32: a tiny seeded generator so failures reproduce. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

interface WorldShape {
  readonly maxPlaces: number;
  readonly maxEntities: number;
  readonly maxGroups: number;
  readonly floors: boolean;
}

function randomProblem(random: () => number, shape: WorldShape): FluidProblem {
  const placeCount = 1 + Math.floor(random() * shape.maxPlaces);
  const groups: FluidGroup[] = range(Math.floor(random() * (shape.maxGroups + 1))).map((g) => ({
    id: `g${g}`,
    weight: pick(random, [1, 2, 0.5, 0.1 + random() * 5]),
    ...(random() < 0.4 ? { ceiling: 0.2 + random() * 3 } : {}),
  }));
  const entities = range(1 + Math.floor(random() * shape.maxEntities)).map((i): FluidEntity => {
    const layout = random();
    const places = layout < 0.4 ? ALL(placeCount) : layout < 0.7 ? [Math.floor(random() * placeCount)] : ALL(placeCount).filter(() => random() < 0.5);
    const ceiling = random() < 0.25 ? 0.1 + random() * 0.9 : 1;
    const floor = shape.floors && random() < 0.35 ? Math.min(ceiling, random() * 0.6) : 0;
    const group = groups.length > 0 && random() < 0.5 ? pick(random, groups).id : undefined;
    return {
      id: `e${i}`,
      weight: pick(random, [1, 2, 3, 0.5, 0.25 + random() * 4]),
      places: places.length > 0 ? places : [0],
      ...(ceiling < 1 ? { ceiling } : {}),
      ...(floor > 0 ? { floor } : {}),
      ...(group !== undefined ? { group } : {}),
    };
  });
  return { placeCount, entities, groups };
}

/** Σ x minus the max flow of the transportation network: how much of x no split over places can carry. */
function unmet(problem: FluidProblem, x: ReadonlyMap<string, number>): number {
  const n = problem.entities.length;
  const size = n + problem.placeCount + 2;
  const sink = size - 1;
  const residual = range(size).map(() => new Float64Array(size));
  let demand = 0;
  problem.entities.forEach((entity, i) => {
    const share = x.get(entity.id) ?? 0;
    demand += share;
    residual[0]![1 + i] = share;
    for (const place of entity.places) residual[1 + i]![1 + n + place] = Infinity;
  });
  for (let place = 0; place < problem.placeCount; place++) residual[1 + n + place]![sink] = 1;
  let flow = 0;
  for (;;) {
    const parent = new Int32Array(size).fill(-1);
    parent[0] = 0;
    const queue = [0];
    for (let read = 0; read < queue.length && parent[sink] === -1; read++) {
      const u = queue[read]!;
      for (let v = 0; v < size; v++) {
        if (parent[v] === -1 && residual[u]![v]! > 1e-13) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[sink] === -1) return demand - flow;
    let bottleneck = Infinity;
    for (let v = sink; v !== 0; v = parent[v]!) bottleneck = Math.min(bottleneck, residual[parent[v]!]![v]!);
    for (let v = sink; v !== 0; v = parent[v]!) {
      residual[parent[v]!]![v]! -= bottleneck;
      residual[v]![parent[v]!]! += bottleneck;
    }
    flow += bottleneck;
  }
}

const nudged = (x: ReadonlyMap<string, number>, changes: Record<string, number>): Map<string, number> => {
  const result = new Map(x);
  for (const [id, delta] of Object.entries(changes)) result.set(id, (result.get(id) ?? 0) + delta);
  return result;
};

const ceilingOf = (entity: FluidEntity): number => Math.min(entity.ceiling ?? 1, 1);

/**
 * Checks every property the max-min fair allocation must have (together they determine it when there
 * are no groups) and returns how many growth or transfer probes it ran, so a sweep can tell it was not vacuous.
 */
function checkAllocation(problem: FluidProblem, x: ReadonlyMap<string, number>): number {
  let probes = 0;
  const delta = 1e-6;
  const groupTotal = new Map<string, number>();
  const groupFloors = new Map<string, number>();
  for (const entity of problem.entities) {
    const share = x.get(entity.id)!;
    expect(share).toBeGreaterThanOrEqual((entity.floor ?? 0) - 1e-9);
    expect(share).toBeLessThanOrEqual(ceilingOf(entity) + 1e-9);
    if (entity.group !== undefined) {
      groupTotal.set(entity.group, (groupTotal.get(entity.group) ?? 0) + share);
      groupFloors.set(entity.group, (groupFloors.get(entity.group) ?? 0) + (entity.floor ?? 0));
    }
  }
  const heldByGroup = new Set<string>();
  for (const group of problem.groups ?? []) {
    const total = groupTotal.get(group.id) ?? 0;
    const ceiling = group.ceiling ?? Infinity;
    expect(total).toBeLessThanOrEqual(Math.max(ceiling, groupFloors.get(group.id) ?? 0) + 1e-9);
    if (total >= ceiling - 1e-7) heldByGroup.add(group.id);
  }
  expect(unmet(problem, x)).toBeLessThanOrEqual(1e-9);

  for (const entity of problem.entities) {
    const roomy = x.get(entity.id)! < ceilingOf(entity) - 1e-7;
    if (roomy && !(entity.group !== undefined && heldByGroup.has(entity.group))) {
      expect(unmet(problem, nudged(x, { [entity.id]: delta })), `${entity.id} could grow`).toBeGreaterThan(delta / 2);
      probes++;
    }
  }

  // Max-min fairness among peers (two top-level entities, or two members of one group): if the poorer
  // one (by share per weight) could take from the richer, the richer would not have been allowed ahead.
  for (const poor of problem.entities) {
    if (x.get(poor.id)! > ceilingOf(poor) - 1e-5) continue;
    for (const rich of problem.entities) {
      if (rich === poor || rich.group !== poor.group || x.get(rich.id)! < (rich.floor ?? 0) + 1e-5) continue;
      if (x.get(rich.id)! / rich.weight <= x.get(poor.id)! / poor.weight + 1e-6) continue;
      expect(unmet(problem, nudged(x, { [poor.id]: delta, [rich.id]: -delta })), `${poor.id} could take from ${rich.id}`).toBeGreaterThan(delta / 2);
      probes++;
    }
  }
  return probes;
}

describe('fluidShares closed forms', () => {
  test('M equal entities on N places each get min(1, N/M)', () => {
    for (let places = 1; places <= 4; places++) {
      for (let count = 1; count <= 9; count++) {
        const entities = range(count).map((i) => ({ id: `e${i}`, weight: 1, places: ALL(places) }));
        const shares = fluidShares({ placeCount: places, entities });
        for (const share of shares.values()) expect(share).toBeCloseTo(Math.min(1, places / count), 12);
      }
    }
  });

  test('weights 2:1 on one place split it 2/3 : 1/3', () => {
    expectShares(
      { placeCount: 1, entities: [{ id: 'a', weight: 2, places: [0] }, { id: 'b', weight: 1, places: [0] }] },
      { a: 2 / 3, b: 1 / 3 },
    );
  });

  test('a heavy entity is capped at one place and the light ones share the other', () => {
    const light = range(3).map((i) => ({ id: `l${i}`, weight: 100, places: ALL(2) }));
    expectShares({ placeCount: 2, entities: [{ id: 'heavy', weight: 1000, places: ALL(2) }, ...light] }, { heavy: 1, l0: 1 / 3, l1: 1 / 3, l2: 1 / 3 });
  });

  test('a pinned and a free entity on two places each get a whole place', () => {
    expectShares({ placeCount: 2, entities: [{ id: 'pinned', weight: 1, places: [0] }, { id: 'free', weight: 1, places: ALL(2) }] }, { pinned: 1, free: 1 });
  });

  test('one pinned and two free entities on two places each get 2/3', () => {
    expectShares(
      { placeCount: 2, entities: [{ id: 'a', weight: 1, places: [0] }, { id: 'b', weight: 1, places: ALL(2) }, { id: 'c', weight: 1, places: ALL(2) }] },
      { a: 2 / 3, b: 2 / 3, c: 2 / 3 },
    );
  });

  test('three entities pinned to place 0 share it; the free one gets place 1 alone', () => {
    const pinned = range(3).map((i) => ({ id: `p${i}`, weight: 1, places: [0] }));
    expectShares({ placeCount: 2, entities: [...pinned, { id: 'free', weight: 1, places: ALL(2) }] }, { p0: 1 / 3, p1: 1 / 3, p2: 1 / 3, free: 1 });
  });

  test('a floor is served first and the rest is shared by weight', () => {
    const others = range(4).map((i) => ({ id: `o${i}`, weight: 1, places: [0] }));
    expectShares({ placeCount: 1, entities: [{ id: 'reserved', weight: 1, places: [0], floor: 0.3 }, ...others] }, { reserved: 0.3, o0: 0.175, o1: 0.175, o2: 0.175, o3: 0.175 });
  });

  test('a floor below the fair share changes nothing', () => {
    expectShares({ placeCount: 1, entities: [{ id: 'a', weight: 1, places: [0], floor: 0.2 }, { id: 'b', weight: 1, places: [0] }] }, { a: 0.5, b: 0.5 });
  });

  test('a ceiling caps an entity and the others take what it leaves', () => {
    expectShares(
      { placeCount: 1, entities: [{ id: 'capped', weight: 1, places: [0], ceiling: 0.3 }, { id: 'b', weight: 1, places: [0] }, { id: 'c', weight: 1, places: [0] }] },
      { capped: 0.3, b: 0.35, c: 0.35 },
    );
    const free = range(3).map((i) => ({ id: `f${i}`, weight: 1, places: ALL(2) }));
    expectShares({ placeCount: 2, entities: [{ id: 'capped', weight: 5, places: ALL(2), ceiling: 0.3 }, ...free] }, { capped: 0.3, f0: 1.7 / 3, f1: 1.7 / 3, f2: 1.7 / 3 });
  });

  test('a group competes as one: its members split the group share', () => {
    const members = range(3).map((i) => ({ id: `m${i}`, weight: 1, places: ALL(2), group: 'g' }));
    expectShares(
      { placeCount: 2, entities: [...members, { id: 'solo', weight: 1, places: ALL(2) }], groups: [{ id: 'g', weight: 1 }] },
      { m0: 1 / 3, m1: 1 / 3, m2: 1 / 3, solo: 1 },
    );
  });

  test('a group competes by its weight and its members share by theirs', () => {
    expectShares(
      {
        placeCount: 1,
        entities: [{ id: 'm1', weight: 3, places: [0], group: 'g' }, { id: 'm2', weight: 1, places: [0], group: 'g' }, { id: 'solo', weight: 1, places: [0] }],
        groups: [{ id: 'g', weight: 3 }],
      },
      { m1: 0.5625, m2: 0.1875, solo: 0.25 },
    );
  });

  test('a group ceiling holds its members even with capacity to spare', () => {
    const members = range(5).map((i) => ({ id: `m${i}`, weight: 1 + i, places: ALL(2), group: 'g' }));
    const shares = fluidShares({ placeCount: 2, entities: [...members, { id: 'solo', weight: 1, places: ALL(2) }], groups: [{ id: 'g', weight: 10, ceiling: 0.5 }] });
    expect(members.reduce((sum, m) => sum + shares.get(m.id)!, 0)).toBeCloseTo(0.5, 12);
    members.forEach((m, i) => expect(shares.get(m.id)).toBeCloseTo((0.5 * (1 + i)) / 15, 12));
    expect(shares.get('solo')).toBeCloseTo(1, 12);
  });

  test('a group ceiling of 1.5 places splits evenly over five members, one of them pinned', () => {
    const free = range(4).map((i) => ({ id: `f${i}`, weight: 1, places: ALL(4), group: 'g' }));
    expectShares(
      { placeCount: 4, entities: [{ id: 'pinned', weight: 1, places: [3], group: 'g' }, ...free], groups: [{ id: 'g', weight: 1, ceiling: 1.5 }] },
      { pinned: 0.3, f0: 0.3, f1: 0.3, f2: 0.3, f3: 0.3 },
    );
  });

  test('a group member bottlenecked by an ungrouped entity hands its growth to the other member', () => {
    // x, m1 share place 0 (x at twice the level of m1); once it is full the group's growth goes to m2,
    // so the group still matches the equally weighted y.
    expectShares(
      {
        placeCount: 2,
        entities: [
          { id: 'x', weight: 2, places: [0] },
          { id: 'm1', weight: 1, places: [0], group: 'g' },
          { id: 'm2', weight: 1, places: ALL(2), group: 'g' },
          { id: 'y', weight: 1, places: ALL(2) },
        ],
        groups: [{ id: 'g', weight: 1 }],
      },
      { x: 0.8, m1: 0.2, m2: 0.4, y: 0.6 },
    );
  });

  test('infeasible floors throw', () => {
    const overbooked = { placeCount: 3, entities: [{ id: 'a', weight: 1, places: [0], floor: 0.6 }, { id: 'b', weight: 1, places: [0], floor: 0.6 }, { id: 'c', weight: 1, places: ALL(3) }] };
    expect(() => fluidShares(overbooked)).toThrow(/infeasible floors: a, b/);
    expect(() => fluidShares({ placeCount: 1, entities: [{ id: 'a', weight: 1, places: [0], floor: 1.2 }] })).toThrow(/floor 1.2 above its ceiling/);
    expect(() => fluidShares({ placeCount: 2, entities: [{ id: 'a', weight: 1, places: [0], floor: 0.5 }, { id: 'b', weight: 1, places: [0], floor: 0.5 }] })).not.toThrow();
  });

  test('malformed problems throw', () => {
    expect(() => fluidShares({ placeCount: 2, entities: [{ id: 'a', weight: 1, places: [2] }] })).toThrow(/place 2/);
    expect(() => fluidShares({ placeCount: 2, entities: [{ id: 'a', weight: 0, places: [0] }] })).toThrow(/weight/);
    expect(() => fluidShares({ placeCount: 2, entities: [{ id: 'a', weight: 1, places: [0], group: 'nope' }] })).toThrow(/unknown group/);
    expect(() => fluidShares({ placeCount: 2, entities: [{ id: 'a', weight: 1, places: [0] }, { id: 'a', weight: 1, places: [1] }] })).toThrow(/duplicate/);
  });
});

describe('fluidShares on random worlds', () => {
  test('the shares do not depend on the order of entities, groups or places, nor on place labels', () => {
    const random = seeded(7);
    for (let world = 0; world < 200; world++) {
      const problem = randomProblem(random, { maxPlaces: 6, maxEntities: 12, maxGroups: 3, floors: false });
      const relabel = shuffled(random, ALL(problem.placeCount));
      const permuted: FluidProblem = {
        placeCount: problem.placeCount,
        entities: shuffled(random, problem.entities).map((entity) => ({ ...entity, places: shuffled(random, entity.places.map((place) => relabel[place]!)) })),
        groups: shuffled(random, problem.groups ?? []),
      };
      const expected = fluidShares(problem);
      const actual = fluidShares(permuted);
      for (const [id, share] of expected) expect(actual.get(id), `world ${world}, ${id}`).toBeCloseTo(share, 10);
    }
  });

  test('every allocation is feasible, work conserving and max-min fair; floors throw exactly when infeasible', () => {
    const random = seeded(42);
    let thrown = 0;
    let probes = 0;
    for (let world = 0; world < 400; world++) {
      const problem = randomProblem(random, { maxPlaces: 6, maxEntities: 10, maxGroups: 3, floors: world % 2 === 0 });
      const floors = new Map(problem.entities.map((entity) => [entity.id, entity.floor ?? 0]));
      if (unmet(problem, floors) > 1e-9) {
        expect(() => fluidShares(problem), `world ${world}`).toThrow(/infeasible floors/);
        thrown++;
        continue;
      }
      probes += checkAllocation(problem, fluidShares(problem));
    }
    expect(probes).toBeGreaterThan(1000);
    expect(thrown).toBeGreaterThan(0);
    expect(thrown).toBeLessThan(100);
  });

  test('the largest worlds (16 places, 60 entities, 6 groups) are solved correctly in well under 20 ms each', () => {
    const random = seeded(3);
    const problems = range(20).map((): FluidProblem => ({
      placeCount: 16,
      groups: range(6).map((g) => ({ id: `g${g}`, weight: 1 + g, ...(g % 2 === 0 ? { ceiling: 1 + g } : {}) })),
      entities: range(60).map((i) => {
        const places = ALL(16).filter(() => random() < (i % 3 === 0 ? 0.15 : 0.6));
        return {
          id: `e${i}`,
          weight: 0.5 + random() * 3,
          places: places.length > 0 ? places : [i % 16],
          ...(i % 2 === 0 ? { group: `g${i % 6}` } : {}),
          ...(i % 7 === 0 ? { ceiling: 0.5 } : {}),
          ...(i % 11 === 0 ? { floor: 0.1 } : {}),
        };
      }),
    }));
    for (const problem of problems.slice(0, 3)) checkAllocation(problem, fluidShares(problem));
    const started = performance.now();
    for (const problem of problems) fluidShares(problem);
    expect((performance.now() - started) / problems.length).toBeLessThan(20);
  });
});
