// Fluid oracle: the long-run CPU share of every always-busy entity under weighted max-min fairness
// (generalised processor sharing) with CPU affinities, floors (reserves), ceilings (limits) and one
// level of weighted, capped groups, computed by hierarchical progressive filling.
// It imports nothing from src/ and shares no code or data structures with the simulator, so a bug in
// the simulator's scheduling arithmetic cannot be reproduced here and hidden by agreeing with itself.

export interface FluidEntity {
  readonly id: string;
  /** > 0 */
  readonly weight: number;
  /** Place indices (0 … placeCount-1) it may use; non-empty. */
  readonly places: readonly number[];
  /** Guaranteed share of one place (a reserve), default 0. */
  readonly floor?: number;
  /** Most it may get, as a share of one place (a limit), default 1. A single entity never exceeds 1 (it can only be on one place at a time). */
  readonly ceiling?: number;
  /** Id of the FluidGroup it belongs to, or undefined (a top-level competitor). */
  readonly group?: string;
}

export interface FluidGroup {
  readonly id: string;
  /** > 0: the group competes at the top level with this weight; its members share what it gets by their own weights. */
  readonly weight: number;
  /** Most its members may get in total, in places (CPUs), e.g. 1.5; default Infinity. */
  readonly ceiling?: number;
}

export interface FluidProblem {
  readonly placeCount: number;
  readonly entities: readonly FluidEntity[];
  readonly groups?: readonly FluidGroup[];
}

interface Entity {
  readonly id: string;
  readonly weight: number;
  readonly places: readonly number[];
  readonly floor: number;
  readonly ceiling: number;
  /** Index into World.groups, or -1 for a top-level competitor. */
  readonly group: number;
}

interface Group {
  readonly weight: number;
  readonly ceiling: number;
  readonly members: readonly number[];
}

interface World {
  readonly placeCount: number;
  readonly entities: readonly Entity[];
  readonly groups: readonly Group[];
}

/** Residual capacity at or below this is saturated: far above float noise, far below the 1e-9 accuracy promised. */
const RESIDUAL_EPSILON = 1e-12;
/** Hall violations this small are float noise in a feasible allocation, not a real shortage. */
const VIOLATION_TOLERANCE = 1e-11;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

function normalise(problem: FluidProblem): World {
  const { placeCount } = problem;
  if (!Number.isInteger(placeCount) || placeCount < 1) throw new Error(`fluidShares: placeCount must be a positive integer, got ${placeCount}`);
  const groupIndex = new Map<string, number>();
  const groupSpecs = problem.groups ?? [];
  groupSpecs.forEach((group, index) => {
    if (groupIndex.has(group.id)) throw new Error(`fluidShares: duplicate group id "${group.id}"`);
    if (!(group.weight > 0 && Number.isFinite(group.weight))) throw new Error(`fluidShares: group "${group.id}" needs a finite weight > 0, got ${group.weight}`);
    if (!((group.ceiling ?? Infinity) >= 0)) throw new Error(`fluidShares: group "${group.id}" has a negative or NaN ceiling`);
    groupIndex.set(group.id, index);
  });
  const ids = new Set<string>();
  const members: number[][] = groupSpecs.map(() => []);
  const entities = problem.entities.map((spec, index): Entity => {
    if (ids.has(spec.id)) throw new Error(`fluidShares: duplicate entity id "${spec.id}"`);
    ids.add(spec.id);
    if (!(spec.weight > 0 && Number.isFinite(spec.weight))) throw new Error(`fluidShares: entity "${spec.id}" needs a finite weight > 0, got ${spec.weight}`);
    if (spec.places.length === 0) throw new Error(`fluidShares: entity "${spec.id}" may use no place`);
    for (const place of spec.places) {
      if (!Number.isInteger(place) || place < 0 || place >= placeCount) throw new Error(`fluidShares: entity "${spec.id}" names place ${place}, outside 0…${placeCount - 1}`);
    }
    const floor = spec.floor ?? 0;
    const ceiling = Math.min(spec.ceiling ?? 1, 1);
    if (!(floor >= 0)) throw new Error(`fluidShares: entity "${spec.id}" has a negative or NaN floor`);
    if (!(ceiling >= floor)) throw new Error(`fluidShares: entity "${spec.id}" has floor ${floor} above its ceiling ${ceiling} (an entity never exceeds one place)`);
    let group = -1;
    if (spec.group !== undefined) {
      const found = groupIndex.get(spec.group);
      if (found === undefined) throw new Error(`fluidShares: entity "${spec.id}" names unknown group "${spec.group}"`);
      group = found;
      members[found]!.push(index);
    }
    return { id: spec.id, weight: spec.weight, places: [...new Set(spec.places)], floor, ceiling, group };
  });
  const groups = groupSpecs.map((spec, index): Group => ({ weight: spec.weight, ceiling: spec.ceiling ?? Infinity, members: members[index]! }));
  return { placeCount, entities, groups };
}

interface HallCheck {
  /** How far the worst entity set found asks for more than its places offer; ≤ 0 when feasible. */
  readonly violation: number;
  readonly entities: readonly number[];
  /** How many places that set may use between them. */
  readonly capacity: number;
}

/**
 * source → entity (its share) → each allowed place (unbounded) → sink (1). Feasible exactly when the
 * max flow carries every share; otherwise the source side of a min cut is an entity set that wants more
 * than the places it can reach (a violated Hall condition), which is what the level search needs.
 */
class TransportNetwork {
  readonly #world: World;
  readonly #source = 0;
  readonly #sink: number;
  readonly #head: Int32Array;
  readonly #next: number[] = [];
  readonly #to: number[] = [];
  readonly #initial: number[] = [];
  #capacity = new Float64Array(0);
  readonly #level: Int32Array;
  readonly #cursor: Int32Array;
  readonly #queue: Int32Array;

  constructor(world: World) {
    this.#world = world;
    const n = world.entities.length;
    const nodes = n + world.placeCount + 2;
    this.#sink = nodes - 1;
    this.#head = new Int32Array(nodes).fill(-1);
    this.#level = new Int32Array(nodes);
    this.#cursor = new Int32Array(nodes);
    this.#queue = new Int32Array(nodes);
    world.entities.forEach((entity, i) => {
      this.#addEdge(this.#source, 1 + i, 0);
      for (const place of entity.places) this.#addEdge(1 + i, 1 + n + place, Infinity);
    });
    for (let place = 0; place < world.placeCount; place++) this.#addEdge(1 + n + place, this.#sink, 1);
  }

  #addEdge(from: number, to: number, capacity: number): void {
    for (const [a, b, c] of [[from, to, capacity], [to, from, 0]] as const) {
      this.#to.push(b);
      this.#initial.push(c);
      this.#next.push(this.#head[a]!);
      this.#head[a] = this.#to.length - 1;
    }
  }

  /** Runs a max flow for shares x and reports the min-cut entity set; leaves the residual graph for blocked(). */
  check(x: Float64Array): HallCheck {
    this.#capacity = Float64Array.from(this.#initial);
    for (let edge = this.#head[this.#source]!; edge !== -1; edge = this.#next[edge]!) this.#capacity[edge] = x[this.#to[edge]! - 1]!;
    while (this.#levelGraph()) {
      this.#cursor.set(this.#head);
      while (this.#augment(this.#source, Infinity) > 0);
    }
    const n = this.#world.entities.length;
    const reachable = this.#reachFromSource();
    const entities: number[] = [];
    const reachedPlaces = new Set<number>();
    let demand = 0;
    for (let i = 0; i < n; i++) {
      if (!reachable[1 + i]) continue;
      entities.push(i);
      demand += x[i]!;
      for (const place of this.#world.entities[i]!.places) reachedPlaces.add(place);
    }
    return { violation: demand - reachedPlaces.size, entities, capacity: reachedPlaces.size };
  }

  /** Entities with no residual path to spare place capacity: every place they may use is saturated. */
  blocked(): number[] {
    const canGrow = new Uint8Array(this.#sink + 1);
    canGrow[this.#sink] = 1;
    let tail = 0;
    this.#queue[tail++] = this.#sink;
    for (let read = 0; read < tail; read++) {
      const v = this.#queue[read]!;
      for (let edge = this.#head[v]!; edge !== -1; edge = this.#next[edge]!) {
        const u = this.#to[edge]!;
        // edge ^ 1 is the edge u → v.
        if (!canGrow[u] && this.#capacity[edge ^ 1]! > RESIDUAL_EPSILON) {
          canGrow[u] = 1;
          this.#queue[tail++] = u;
        }
      }
    }
    const result: number[] = [];
    for (let i = 0; i < this.#world.entities.length; i++) if (!canGrow[1 + i]) result.push(i);
    return result;
  }

  #levelGraph(): boolean {
    this.#level.fill(-1);
    this.#level[this.#source] = 0;
    let tail = 0;
    this.#queue[tail++] = this.#source;
    for (let read = 0; read < tail; read++) {
      const u = this.#queue[read]!;
      for (let edge = this.#head[u]!; edge !== -1; edge = this.#next[edge]!) {
        const v = this.#to[edge]!;
        if (this.#level[v] === -1 && this.#capacity[edge]! > RESIDUAL_EPSILON) {
          this.#level[v] = this.#level[u]! + 1;
          this.#queue[tail++] = v;
        }
      }
    }
    return this.#level[this.#sink] !== -1;
  }

  #augment(u: number, limit: number): number {
    if (u === this.#sink) return limit;
    for (; this.#cursor[u] !== -1; this.#cursor[u] = this.#next[this.#cursor[u]!]!) {
      const edge = this.#cursor[u]!;
      const v = this.#to[edge]!;
      const residual = this.#capacity[edge]!;
      if (residual <= RESIDUAL_EPSILON || this.#level[v] !== this.#level[u]! + 1) continue;
      const pushed = this.#augment(v, Math.min(limit, residual));
      if (pushed > 0) {
        this.#capacity[edge] = residual - pushed;
        this.#capacity[edge ^ 1] = this.#capacity[edge ^ 1]! + pushed;
        return pushed;
      }
    }
    return 0;
  }

  #reachFromSource(): Uint8Array {
    const reached = new Uint8Array(this.#sink + 1);
    reached[this.#source] = 1;
    let tail = 0;
    this.#queue[tail++] = this.#source;
    for (let read = 0; read < tail; read++) {
      const u = this.#queue[read]!;
      for (let edge = this.#head[u]!; edge !== -1; edge = this.#next[edge]!) {
        const v = this.#to[edge]!;
        if (!reached[v] && this.#capacity[edge]! > RESIDUAL_EPSILON) {
          reached[v] = 1;
          this.#queue[tail++] = v;
        }
      }
    }
    return reached;
  }
}

/**
 * How a group's unfrozen members split what is left of its total: each gets clamp(w·s, floor, ceiling)
 * for a common s. `filled[j]` is their sum at s = `levels[j]`, the points where some member meets its
 * floor or ceiling, so between consecutive points every member is linear in what they share.
 */
interface GroupSplit {
  readonly frozenTotal: number;
  readonly members: readonly number[];
  readonly levels: readonly number[];
  readonly filled: readonly number[];
}

/**
 * The allocation as a function of the level t while the frozen set stays fixed. It is continuous and
 * piecewise linear with known breakpoints, so the largest t meeting a Hall constraint is found exactly
 * by interpolating between breakpoints rather than by bisection.
 */
class Phase {
  readonly #world: World;
  readonly #frozen: Uint8Array;
  readonly #frozenValue: Float64Array;
  readonly #splits: (GroupSplit | null)[];
  readonly #breakpoints: number[];
  readonly #valuesAtBreakpoints: Float64Array[];

  constructor(world: World, frozen: Uint8Array, frozenValue: Float64Array, start: number) {
    this.#world = world;
    this.#frozen = frozen;
    this.#frozenValue = frozenValue;
    const candidates: number[] = [];
    world.entities.forEach((entity, i) => {
      if (!frozen[i] && entity.group === -1) candidates.push(entity.floor / entity.weight, entity.ceiling / entity.weight);
    });
    this.#splits = world.groups.map((group) => {
      const split = this.#split(group);
      if (split === null) return null;
      const full = split.frozenTotal + split.filled[split.filled.length - 1]!;
      for (const filled of split.filled) {
        const total = split.frozenTotal + filled;
        if (total <= group.ceiling) candidates.push(total / group.weight);
      }
      if (group.ceiling < full) candidates.push(group.ceiling / group.weight);
      return split;
    });
    this.#breakpoints = [start, ...new Set(candidates.filter((t) => t > start))].sort((a, b) => a - b);
    this.#valuesAtBreakpoints = this.#breakpoints.map((t) => this.valuesAt(t));
  }

  /** Beyond this level nothing unfrozen changes: every one is at its ceiling or held by its group's. */
  get end(): number {
    return this.#breakpoints[this.#breakpoints.length - 1]!;
  }

  #split(group: Group): GroupSplit | null {
    const members = group.members.filter((i) => !this.#frozen[i]);
    if (members.length === 0) return null;
    let frozenTotal = 0;
    for (const i of group.members) if (this.#frozen[i]) frozenTotal += this.#frozenValue[i]!;
    const entities = this.#world.entities;
    const levels = [...new Set(members.flatMap((i) => [entities[i]!.floor / entities[i]!.weight, entities[i]!.ceiling / entities[i]!.weight]))].sort((a, b) => a - b);
    const filled = levels.map((s) => members.reduce((sum, i) => sum + clamp(entities[i]!.weight * s, entities[i]!.floor, entities[i]!.ceiling), 0));
    return { frozenTotal, members, levels, filled };
  }

  valuesAt(t: number): Float64Array {
    const { entities, groups } = this.#world;
    const x = new Float64Array(entities.length);
    entities.forEach((entity, i) => {
      x[i] = this.#frozen[i] ? this.#frozenValue[i]! : clamp(entity.weight * t, entity.floor, entity.ceiling);
    });
    groups.forEach((group, g) => {
      const split = this.#splits[g];
      if (!split) return;
      const share = Math.min(group.weight * t, group.ceiling) - split.frozenTotal;
      const s = memberLevel(split, share);
      for (const i of split.members) {
        const member = entities[i]!;
        x[i] = clamp(member.weight * s, member.floor, member.ceiling);
      }
    });
    return x;
  }

  /** The largest level in this phase at which `members` together need no more than `capacity`. */
  largestLevelWithin(members: readonly number[], capacity: number): number {
    const demand = (k: number): number => members.reduce((sum, i) => sum + this.#valuesAtBreakpoints[k]![i]!, 0);
    // Demand is non-decreasing in t, so bisect over breakpoints for the first one that overshoots.
    let low = 0;
    let high = this.#breakpoints.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (demand(mid) > capacity) high = mid;
      else low = mid + 1;
    }
    if (low === 0) return this.#breakpoints[0]!;
    if (low === this.#breakpoints.length) return this.end;
    const before = demand(low - 1);
    const fraction = clamp((capacity - before) / (demand(low) - before), 0, 1);
    const from = this.#breakpoints[low - 1]!;
    return from + fraction * (this.#breakpoints[low]! - from);
  }
}

function memberLevel(split: GroupSplit, share: number): number {
  const { levels, filled } = split;
  const last = levels.length - 1;
  // Floors are served first, so members keep them even where they exceed the group's ceiling.
  if (share <= filled[0]!) return levels[0]!;
  if (share >= filled[last]!) return levels[last]!;
  let low = 0;
  let high = last;
  // Invariant: filled[low] ≤ share < filled[high].
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (filled[mid]! <= share) low = mid;
    else high = mid;
  }
  const fraction = (share - filled[low]!) / (filled[high]! - filled[low]!);
  return levels[low]! + fraction * (levels[high]! - levels[low]!);
}

/** Each entity's long-run share of one place, by id. Throws if the floors are infeasible. */
export function fluidShares(problem: FluidProblem): Map<string, number> {
  const world = normalise(problem);
  const n = world.entities.length;
  const network = new TransportNetwork(world);
  const frozen = new Uint8Array(n);
  const frozenValue = new Float64Array(n);

  const floors = Float64Array.from(world.entities, (entity) => entity.floor);
  const floorCheck = network.check(floors);
  if (floorCheck.violation > VIOLATION_TOLERANCE) {
    const culprits = floorCheck.entities.map((i) => world.entities[i]!.id).join(', ');
    throw new Error(`fluidShares: infeasible floors: ${culprits} reserve ${(floorCheck.violation).toPrecision(6)} more than the places they may use can give`);
  }

  let start = 0;
  for (;;) {
    const phase = new Phase(world, frozen, frozenValue, start);
    let level = phase.end;
    let x = phase.valuesAt(level);
    let hall = network.check(x);
    // Newton's method on the parametric cut: each violated cut moves the level down to the exact point
    // where that cut becomes tight, and a cut never recurs, so this ends at the largest feasible level.
    let tightCut: readonly number[] | null = null;
    while (hall.violation > VIOLATION_TOLERANCE) {
      const lower = phase.largestLevelWithin(hall.entities, hall.capacity);
      if (!(lower < level)) throw new Error(`fluidShares: internal error: level search stalled at ${level}`);
      level = lower;
      tightCut = hall.entities;
      x = phase.valuesAt(level);
      hall = network.check(x);
    }
    if (tightCut === null) return new Map(world.entities.map((entity, i) => [entity.id, x[i]!]));
    // The tight cut is included so that every phase freezes something even if float noise leaves its
    // places a hair above the saturation threshold.
    for (const i of [...network.blocked(), ...tightCut]) {
      if (frozen[i]) continue;
      frozen[i] = 1;
      frozenValue[i] = x[i]!;
    }
    start = level;
  }
}
