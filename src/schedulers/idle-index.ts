// Which idle CPU (or place) a task of a CPU set (or an entity of a class) should take: the first
// on a fully idle core, else the first idle one, as a scan over the CPUs in order would find; and
// the first on a core whose two CPUs are idle, where a task whose sibling is busy may move at its
// slice's end. The fair scheduler and the hypervisor's weighted share ask at every wake-up,
// placement and slice end while CPUs are idle; the fair scheduler's scans were O(CPUs), a
// thousand steps a question on a 2048-CPU host where few are idle. Trees per set answer in O(1)
// after catching up with the CPUs that changed since the last question, each in O(log CPUs) per
// set it is in; a CPU that went idle and busy again in between (a switch) costs nothing.
import { TouchedIds } from '../engine/touched-ids.js';
import { Tournament } from '../engine/tournament.js';
import { memberships } from './memberships.js';

export class IdleCpuIndex {
  readonly #sibling: Int32Array;
  /** Per set, its CPUs in ascending order: a tree's first position is the first CPU. */
  readonly #setCpus: readonly Int32Array[];
  /** Per CPU: the sets it is in, and its position in each. */
  readonly #cpuSets: readonly Int32Array[];
  readonly #cpuPositions: readonly Int32Array[];
  /**
   * Per set, keyed by position: idle CPUs; idle CPUs whose sibling is idle too or who have none;
   * and idle CPUs of a core whose two CPUs are idle.
   */
  readonly #idle: readonly Tournament[];
  readonly #idleCore: readonly Tournament[];
  readonly #idlePair: readonly Tournament[];
  readonly #busy: Uint8Array;
  /** What the trees have of each CPU. */
  readonly #indexedIdle: Uint8Array;
  readonly #indexedIdleCore: Uint8Array;
  readonly #touched: TouchedIds;

  /** Every CPU idle at first; `siblings[cpu]` is the other CPU of its core, or -1. */
  constructor(cpuCount: number, siblings: ArrayLike<number>, sets: readonly ArrayLike<number>[]) {
    this.#sibling = Int32Array.from(siblings);
    this.#setCpus = sets.map((cpus) => Int32Array.from(cpus).sort());
    const cpus = memberships(cpuCount, this.#setCpus);
    this.#cpuSets = cpus.setsOf;
    this.#cpuPositions = cpus.positionsOf;
    const allIdle = (cpus: Int32Array): Tournament => {
      const tree = new Tournament(cpus.length);
      for (let position = 0; position < cpus.length; position++) tree.set(position, position);
      return tree;
    };
    this.#idle = this.#setCpus.map(allIdle);
    this.#idleCore = this.#setCpus.map(allIdle);
    this.#idlePair = this.#setCpus.map((cpus) => {
      const tree = new Tournament(cpus.length);
      cpus.forEach((cpu, position) => {
        if (this.#sibling[cpu]! >= 0) tree.set(position, position);
      });
      return tree;
    });
    this.#busy = new Uint8Array(cpuCount);
    this.#indexedIdle = new Uint8Array(cpuCount).fill(1);
    this.#indexedIdleCore = new Uint8Array(cpuCount).fill(1);
    this.#touched = new TouchedIds(cpuCount);
  }

  /** `cpu` now runs a task (`busy`) or nothing. */
  setBusy(cpu: number, busy: boolean): void {
    this.#busy[cpu] = busy ? 1 : 0;
    this.#touched.add(cpu);
  }

  /** The first CPU of `set` on a core whose two CPUs are idle, or -1. */
  firstOnIdlePair(set: number): number {
    if (this.#touched.count > 0) this.#catchUp();
    const pair = this.#idlePair[set]!;
    return pair.least === Number.POSITIVE_INFINITY ? -1 : this.#setCpus[set]![pair.winner]!;
  }

  /** The first idle CPU of `set` on an idle core, else its first idle CPU, else -1. */
  firstFor(set: number): number {
    if (this.#touched.count > 0) this.#catchUp();
    const onIdleCore = this.#idleCore[set]!;
    if (onIdleCore.least !== Number.POSITIVE_INFINITY) return this.#setCpus[set]![onIdleCore.winner]!;
    const idle = this.#idle[set]!;
    return idle.least === Number.POSITIVE_INFINITY ? -1 : this.#setCpus[set]![idle.winner]!;
  }

  #catchUp(): void {
    const touched = this.#touched;
    for (let i = 0; i < touched.count; i++) {
      const cpu = touched.take(i);
      const idle = this.#busy[cpu] === 0 ? 1 : 0;
      if (this.#indexedIdle[cpu] === idle) continue;
      this.#indexedIdle[cpu] = idle;
      this.#update(this.#idle, cpu, idle);
      // Whether its core is idle changed for its sibling too.
      this.#catchUpCore(cpu);
      const sibling = this.#sibling[cpu]!;
      if (sibling >= 0) this.#catchUpCore(sibling);
    }
    touched.reset();
  }

  #catchUpCore(cpu: number): void {
    const sibling = this.#sibling[cpu]!;
    const idleCore = this.#busy[cpu] === 0 && (sibling < 0 || this.#busy[sibling] === 0) ? 1 : 0;
    if (this.#indexedIdleCore[cpu] === idleCore) return;
    this.#indexedIdleCore[cpu] = idleCore;
    this.#update(this.#idleCore, cpu, idleCore);
    if (sibling >= 0) this.#update(this.#idlePair, cpu, idleCore);
  }

  #update(trees: readonly Tournament[], cpu: number, present: number): void {
    const sets = this.#cpuSets[cpu]!;
    const positions = this.#cpuPositions[cpu]!;
    for (let i = 0; i < sets.length; i++) {
      const position = positions[i]!;
      trees[sets[i]!]!.set(position, present === 1 ? position : Number.POSITIVE_INFINITY);
    }
  }
}
