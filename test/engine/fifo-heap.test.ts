import { expect, test } from 'vitest';
import { FifoHeap, FifoLinks } from '../../src/engine/fifo-heap.js';

test('pops by key, first in first out among equal keys', () => {
  const keys = Float64Array.from([5, 1, 5, 3, 1, 9, 3]);
  const queue = new FifoHeap(new FifoLinks(keys.length));
  for (const id of [2, 0, 6, 3, 4, 1, 5]) queue.push(id, keys[id]!);
  expect(drained(queue)).toEqual([4, 1, 6, 3, 2, 0, 5]);
});

test('equal keys pushed apart keep the order of their pushes', () => {
  const keys = Float64Array.from([7, 7, 2, 7]);
  const queue = new FifoHeap(new FifoLinks(keys.length));
  queue.push(3, keys[3]!);
  queue.push(2, keys[2]!);
  queue.push(1, keys[1]!);
  queue.push(0, keys[0]!);
  expect([queue.pop(), queue.pop(), queue.pop(), queue.pop()]).toEqual([2, 3, 1, 0]);
});

test('any member can be removed, and queues sharing links keep their members apart', () => {
  const keys = Float64Array.from([1, 1, 1, 2, 2]);
  const links = new FifoLinks(keys.length);
  const a = new FifoHeap(links);
  const b = new FifoHeap(links);
  for (const id of [0, 1, 2, 3]) a.push(id, keys[id]!);
  b.push(4, keys[4]!);
  a.remove(1);
  a.remove(3);
  expect(a.has(1)).toBe(false);
  expect(b.has(4)).toBe(true);
  expect(a.has(4)).toBe(false);
  expect(() => a.push(4, keys[4]!)).toThrow(/already queued/);
  expect(() => a.remove(4)).toThrow(/not in this queue/);
  expect([a.pop(), a.pop()]).toEqual([0, 2]);
  expect(a.peek()).toBe(-1);
  expect(b.pop()).toBe(4);
});

test('randomised pushes and removals agree with a stable sort by key', () => {
  const n = 400;
  const keys = new Float64Array(n);
  const queue = new FifoHeap(new FifoLinks(n));
  const next = lehmer(7);
  const queued: number[] = [];
  for (let step = 0; step < 6000; step++) {
    const id = next() % n;
    const at = queued.indexOf(id);
    if (at >= 0) {
      queue.remove(id);
      queued.splice(at, 1);
    } else {
      keys[id] = next() % 8;
      queue.push(id, keys[id]!);
      queued.push(id);
    }
  }
  // Array.prototype.sort is stable: equal keys keep the order they were queued in.
  const expected = [...queued].sort((a, b) => keys[a]! - keys[b]!);
  const popped: number[] = [];
  while (queue.size > 0) {
    const rest = expected.slice(popped.length);
    // Left out: the first two, the first and third, the second and third, and ids not queued.
    for (const [a, b] of [[0, 1], [0, 2], [1, 2], [-1, -1]] as const) {
      const left = [rest[a], rest[b]];
      expect(queue.firstExcept(rest[a] ?? -1, rest[b] ?? -1)).toBe(rest.find((id) => !left.includes(id)) ?? -1);
    }
    popped.push(queue.pop());
  }
  expect(popped).toEqual(expected);
  expect(queue.firstExcept(-1, -1)).toBe(-1);
});

test('firstExcept skips the members left out, in their bucket or across the heap', () => {
  const queue = new FifoHeap(new FifoLinks(6));
  expect(queue.firstExcept(0, 1)).toBe(-1);
  queue.push(0, 5);
  expect(queue.firstExcept(0, -1)).toBe(-1);
  queue.push(1, 5);
  expect(queue.firstExcept(0, -1)).toBe(1);
  queue.push(2, 3);
  queue.push(3, 4);
  queue.push(4, 6);
  expect([queue.peek(), queue.firstExcept(2, -1)]).toEqual([2, 3]);
  expect(queue.firstExcept(2, 3)).toBe(0);
  queue.remove(3);
  expect(queue.firstExcept(2, 0)).toBe(1);
  expect(queue.firstExcept(0, 1)).toBe(2);
  queue.remove(2);
  expect(queue.firstExcept(0, 1)).toBe(4);
});

/** A seeded Lehmer generator: the tests' stream of pseudo-random integers. */
function lehmer(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647);
}

/** Every member in the order a FIFO-tie queue must pop them: by key, then first queued. */
function inPopOrder(waiting: ReadonlyMap<number, { key: number; order: number }>): number[] {
  return [...waiting].sort(([, a], [, b]) => a.key - b.key || a.order - b.order).map(([id]) => id);
}

/** The member a FIFO-tie queue must pop first: least key, then first queued; -1 if none. */
function firstQueued(waiting: ReadonlyMap<number, { key: number; order: number }>): number {
  let best = -1;
  for (const [id, { key, order }] of waiting) {
    const held = waiting.get(best);
    if (held === undefined || key < held.key || (key === held.key && order < held.order)) best = id;
  }
  return best;
}

/** Pops `queue`'s first member, checking it is the one `waiting` says comes first, and forgets it there. */
function popFirst(queue: FifoHeap, waiting: Map<number, { key: number; order: number }>): void {
  const expected = firstQueued(waiting);
  expect(queue.pop()).toBe(expected);
  waiting.delete(expected);
}

/** Every member left in `queue`, in pop order, leaving it empty. */
function drained(queue: FifoHeap): number[] {
  const rest: number[] = [];
  while (queue.size > 0) rest.push(queue.pop());
  return rest;
}

test('thousands of distinct keys, pops interleaved with pushes and removals, come out by key then push order', () => {
  const n = 3000;
  const queue = new FifoHeap(new FifoLinks(n));
  const next = lehmer(11);
  const waiting = new Map<number, { key: number; order: number }>();
  let order = 0;
  for (let step = 0; step < 20_000; step++) {
    const choice = next() % 10;
    if (choice < 2 && waiting.size > 0) {
      expect(queue.peekKey()).toBe(waiting.get(firstQueued(waiting))!.key);
      popFirst(queue, waiting);
      continue;
    }
    const id = next() % n;
    if (waiting.has(id)) {
      queue.remove(id);
      waiting.delete(id);
    } else {
      const key = choice === 9 ? 500 : next() % 100_000;
      queue.push(id, key);
      waiting.set(id, { key, order: order++ });
    }
  }
  expect(drained(queue)).toEqual(inPopOrder(waiting));
});

test('requeue is remove then push: members alone in their bucket or in cohorts, queued or not, come out by key then last queueing', () => {
  const n = 500;
  const queue = new FifoHeap(new FifoLinks(n));
  const next = lehmer(5);
  const waiting = new Map<number, { key: number; order: number }>();
  let order = 0;
  for (let step = 0; step < 20_000; step++) {
    const choice = next() % 10;
    if (choice < 2 && waiting.size > 0) {
      popFirst(queue, waiting);
      continue;
    }
    const id = next() % n;
    // Few keys make cohorts that share buckets; many make members alone in theirs.
    const key = choice < 5 ? next() % 6 : next() % 1_000_000;
    queue.requeue(id, key);
    waiting.set(id, { key, order: order++ });
    expect(queue.size).toBe(waiting.size);
  }
  expect(drained(queue)).toEqual(inPopOrder(waiting));
});
