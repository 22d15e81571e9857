import { expect, test } from 'vitest';
import { IndexedHeap } from '../../src/engine/indexed-heap.js';

test('indexed heap pops by key then id, and removes any member', () => {
  const keys = Float64Array.from([5, 1, 5, 3, 0, 9, 3]);
  const position = new Int32Array(keys.length).fill(-1);
  const heap = new IndexedHeap(keys, position, keys.length);
  for (let id = 0; id < keys.length; id++) heap.push(id);
  heap.remove(4);
  expect(heap.has(4)).toBe(false);
  const order: number[] = [];
  while (heap.size > 0) order.push(heap.pop());
  expect(order).toEqual([1, 3, 6, 0, 2, 5]);
});

test('two heaps sharing a position array keep their members apart', () => {
  const keys = Float64Array.from([1, 2, 3, 4]);
  const position = new Int32Array(4).fill(-1);
  const a = new IndexedHeap(keys, position, 4);
  const b = new IndexedHeap(keys, position, 4);
  a.push(0);
  b.push(1);
  b.push(2);
  expect(a.has(1)).toBe(false);
  expect(b.has(1)).toBe(true);
  expect(() => a.push(1)).toThrow(/already/);
  expect(() => a.remove(2)).toThrow(/not in this heap/);
  expect(b.pop()).toBe(1);
  a.push(1);
  expect(a.pop()).toBe(0);
});

test('randomised pushes and removals agree with a sorted list', () => {
  const n = 500;
  const keys = new Float64Array(n);
  const position = new Int32Array(n).fill(-1);
  const heap = new IndexedHeap(keys, position, n);
  let x = 7;
  const next = (): number => (x = (x * 48271) % 2147483647);
  const members = new Set<number>();
  for (let step = 0; step < 5000; step++) {
    const id = next() % n;
    if (members.has(id)) {
      heap.remove(id);
      members.delete(id);
    } else {
      keys[id] = next() % 50;
      heap.push(id);
      members.add(id);
    }
  }
  const expected = [...members].sort((a, b) => keys[a]! - keys[b]! || a - b);
  const popped: number[] = [];
  while (heap.size > 0) popped.push(heap.pop());
  expect(popped).toEqual(expected);
});
