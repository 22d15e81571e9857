import { expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { Tournament } from '../../src/engine/tournament.js';

/** What a scan from the start finds: the first index with the least key, but `except`. */
function scan(keys: readonly number[], except = -1): number {
  let best = -1;
  keys.forEach((key, index) => {
    if (index !== except && (best < 0 || key < keys[best]!)) best = index;
  });
  return best;
}

test.each([1, 2, 3, 7, 8, 33])('a tournament of %i keys answers as a scan after any changes, ties to the first', (size) => {
  const random = Random.fork(size, 'tournament');
  const tree = new Tournament(size);
  const keys = Array.from({ length: size }, () => Number.POSITIVE_INFINITY);
  for (let step = 0; step < 2000; step++) {
    // Several changes between questions, as a dispatch path makes them.
    for (let change = random.nextUint32() % 4; change >= 0; change--) {
      const index = random.nextUint32() % size;
      // Few distinct keys, so ties are common; +Infinity is "absent".
      const roll = random.nextUint32() % 6;
      keys[index] = roll === 5 ? Number.POSITIVE_INFINITY : roll - 2;
      tree.set(index, keys[index]!);
    }
    expect(tree.least).toBe(keys[scan(keys)]!);
    if (tree.least !== Number.POSITIVE_INFINITY) expect(tree.winner).toBe(scan(keys));
    const except = random.nextUint32() % size;
    const rest = scan(keys, except);
    const found = tree.winnerExcept(except);
    if (rest < 0) expect(found).toBe(-1);
    else if (keys[rest] === Number.POSITIVE_INFINITY) expect(tree.key(found)).toBe(Number.POSITIVE_INFINITY);
    else expect(found).toBe(rest);
    const threshold = random.nextUint32() % 5 === 0 ? Number.POSITIVE_INFINITY : (random.nextUint32() % 6) - 2;
    const below: number[] = [];
    for (let index = tree.nextBelow(threshold, -1); index >= 0; index = tree.nextBelow(threshold, index)) below.push(index);
    expect(below).toEqual(keys.flatMap((key, index) => (key < threshold ? [index] : [])));
  }
});
