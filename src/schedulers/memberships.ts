// The sets a scheduler keeps trees over (CPU sets, classes of places) seen from their members:
// a CPU or place that changes must update each tree it is in, at its position there.

export interface Memberships {
  /** Per member: the sets that hold it, in set order. */
  readonly setsOf: readonly Int32Array[];
  /** Per member: its position in each of those sets, in the same order. */
  readonly positionsOf: readonly Int32Array[];
}

/** The memberships of `count` members (numbered from 0) in `sets`, each a list of members. */
export function memberships(count: number, sets: readonly ArrayLike<number>[]): Memberships {
  const setsOf = Array.from({ length: count }, (): number[] => []);
  const positionsOf = Array.from({ length: count }, (): number[] => []);
  sets.forEach((members, set) => {
    for (let position = 0; position < members.length; position++) {
      setsOf[members[position]!]!.push(set);
      positionsOf[members[position]!]!.push(position);
    }
  });
  return { setsOf: setsOf.map((ids) => Int32Array.from(ids)), positionsOf: positionsOf.map((positions) => Int32Array.from(positions)) };
}
