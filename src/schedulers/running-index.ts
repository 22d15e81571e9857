// Which running task is furthest ahead, or furthest behind, among the CPUs a task may use: the
// questions the fair scheduler asks at every wake-up and slice end. A scan over the CPUs answers
// them in O(CPUs), which on a 2048-CPU host is most of an event's cost; these trees answer in
// O(1) after an O(log CPUs) change per CPU that started or stopped a task since the last question.
//
// A running task's virtual runtime is its base + now × its scale (FairScheduler#vruntime), so
// among running tasks of one owner (its cgroup, or none) and one scale the order of their bases
// is the order of their virtual runtimes at any instant: a tree per owner and scale, keyed by
// base, never goes stale as time passes. Across scales the caller compares the trees' winners at
// `now`. Among tasks of one scale whose virtual runtimes round to the same number the greater
// base wins, then the first CPU. Trees over a CPU set are made when first asked for, so only the
// questions a world asks cost memory and upkeep.
import { TouchedIds } from '../engine/touched-ids.js';
import { Tournament } from '../engine/tournament.js';
import { memberships } from './memberships.js';

export interface RunningTaskSpec {
  /** 0 for an ungrouped task, else its cgroup's index + 1. */
  readonly owner: number;
  /** Index of its allowed CPUs among the sets given to the index. */
  readonly set: number;
  /** Index of its scale among its owner's (RunningIndex.scalesOf). */
  readonly scale: number;
}

export class RunningIndex {
  readonly #owners: Int32Array;
  readonly #scaleIds: Int32Array;
  readonly #sets: readonly Int32Array[];
  /** Per CPU: the sets it is in, and its position in each. */
  readonly #cpuSets: readonly Int32Array[];
  readonly #cpuPositions: readonly Int32Array[];
  readonly #scaleCounts: Int32Array;
  readonly #cpuTask: Int32Array;
  readonly #base: Float64Array;
  /**
   * Per CPU: the task the trees hold there (-1: none). A start or stop only marks its CPU; the
   * trees catch up when next asked. A CPU stopped and started again between two questions (two
   * in five of the changes in a root-mode world) then costs one change of its trees, not two.
   */
  readonly #indexedTask: Int32Array;
  readonly #touched: TouchedIds;
  /** Per owner and scale, over every CPU: the running tasks' bases, least first. */
  readonly #least: readonly (readonly Tournament[])[];
  /** Per owner: the number of its first scale among all owners' (its scale s is tree key offset + s). */
  readonly #scaleOffsets: Int32Array;
  readonly #scaleKeys: number;
  /**
   * Per set (null until one is asked for): its trees of the running tasks' negated bases, by
   * owner's scale key, and of the first CPU running an owner's task, by owner. Arrays, not Maps:
   * every start and stop looks up a tree for each set its CPU is in.
   */
  readonly #most: ((Tournament | null)[] | null)[];
  readonly #first: ((Tournament | null)[] | null)[];

  constructor(cpuCount: number, tasks: readonly RunningTaskSpec[], sets: readonly (readonly number[])[], scaleCounts: readonly number[]) {
    this.#owners = Int32Array.from(tasks, (task) => task.owner);
    this.#scaleIds = Int32Array.from(tasks, (task) => task.scale);
    this.#sets = sets.map((cpus) => Int32Array.from(cpus));
    const cpus = memberships(cpuCount, sets);
    this.#cpuSets = cpus.setsOf;
    this.#cpuPositions = cpus.positionsOf;
    this.#scaleCounts = Int32Array.from(scaleCounts);
    this.#cpuTask = new Int32Array(cpuCount).fill(-1);
    this.#base = new Float64Array(cpuCount);
    this.#indexedTask = new Int32Array(cpuCount).fill(-1);
    this.#touched = new TouchedIds(cpuCount);
    this.#least = scaleCounts.map((count) => Array.from({ length: count }, () => new Tournament(cpuCount)));
    this.#scaleOffsets = new Int32Array(scaleCounts.length);
    this.#scaleKeys = scaleCounts.reduce((sum, count) => sum + count, 0);
    for (let owner = 1; owner < scaleCounts.length; owner++) this.#scaleOffsets[owner] = this.#scaleOffsets[owner - 1]! + scaleCounts[owner - 1]!;
    this.#most = sets.map(() => null);
    this.#first = sets.map(() => null);
  }

  /** How many scales the tasks of `owner` have. */
  scalesOf(owner: number): number {
    return this.#scaleCounts[owner]!;
  }

  started(task: number, cpu: number, base: number): void {
    this.#cpuTask[cpu] = task;
    this.#base[cpu] = base;
    this.#touched.add(cpu);
  }

  stopped(cpu: number): void {
    this.#cpuTask[cpu] = -1;
    this.#touched.add(cpu);
  }

  /** The running task of `owner` and `scale` with the least base, or -1. */
  least(owner: number, scale: number): number {
    if (this.#touched.count > 0) this.#catchUp();
    const tree = this.#least[owner]![scale]!;
    return tree.least === Number.POSITIVE_INFINITY ? -1 : this.#cpuTask[tree.winner]!;
  }

  /** The CPU of `set` whose task of `owner` and `scale` has the greatest base (the first among equals), or -1. */
  furthest(set: number, owner: number, scale: number): number {
    if (this.#touched.count > 0) this.#catchUp();
    const key = this.#scaleOffsets[owner]! + scale;
    const tree = this.#most[set]?.[key] ?? this.#build(this.#most, this.#scaleKeys, key, set, owner, scale);
    return tree.least === Number.POSITIVE_INFINITY ? -1 : this.#sets[set]![tree.winner]!;
  }

  /** The first CPU of `set` running a task of `owner`, or -1. */
  first(set: number, owner: number): number {
    if (this.#touched.count > 0) this.#catchUp();
    const tree = this.#first[set]?.[owner] ?? this.#build(this.#first, this.#scaleCounts.length, owner, set, owner, -1);
    return tree.least === Number.POSITIVE_INFINITY ? -1 : this.#sets[set]![tree.winner]!;
  }

  /** A tree for `set` made when first asked for: of negated bases for one `scale`, or (scale -1) of positions. */
  #build(trees: ((Tournament | null)[] | null)[], keys: number, key: number, set: number, owner: number, scale: number): Tournament {
    const cpus = this.#sets[set]!;
    const tree = new Tournament(cpus.length);
    for (let position = 0; position < cpus.length; position++) {
      const task = this.#cpuTask[cpus[position]!]!;
      if (task < 0 || this.#owners[task] !== owner || (scale >= 0 && this.#scaleIds[task] !== scale)) continue;
      tree.set(position, scale >= 0 ? -this.#base[cpus[position]!]! : position);
    }
    const ofSet = trees[set] ?? (trees[set] = Array.from({ length: keys }, () => null));
    ofSet[key] = tree;
    return tree;
  }

  /** Brings the trees to what runs where now: each CPU changed since they were last asked, once. */
  #catchUp(): void {
    const touched = this.#touched;
    for (let i = 0; i < touched.count; i++) {
      const cpu = touched.take(i);
      const was = this.#indexedTask[cpu]!;
      const task = this.#cpuTask[cpu]!;
      if (was >= 0 && (task < 0 || this.#owners[was] !== this.#owners[task] || this.#scaleIds[was] !== this.#scaleIds[task])) this.#update(cpu, was, Number.POSITIVE_INFINITY);
      if (task >= 0) this.#update(cpu, task, this.#base[cpu]!);
      this.#indexedTask[cpu] = task;
    }
    touched.reset();
  }

  /** `cpu` now runs `task` at `base`, or (base +Infinity) no longer does. */
  #update(cpu: number, task: number, base: number): void {
    const owner = this.#owners[task]!;
    const scale = this.#scaleIds[task]!;
    const running = base !== Number.POSITIVE_INFINITY;
    this.#least[owner]![scale]!.set(cpu, base);
    const sets = this.#cpuSets[cpu]!;
    const positions = this.#cpuPositions[cpu]!;
    const mostKey = this.#scaleOffsets[owner]! + scale;
    for (let i = 0; i < sets.length; i++) {
      const set = sets[i]!;
      const position = positions[i]!;
      this.#most[set]?.[mostKey]?.set(position, running ? -base : Number.POSITIVE_INFINITY);
      this.#first[set]?.[owner]?.set(position, running ? position : Number.POSITIVE_INFINITY);
    }
  }
}
