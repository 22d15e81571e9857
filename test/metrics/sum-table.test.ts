import { expect, test } from 'vitest';
import { SumTable } from '../../src/metrics/sum-table.js';

test.each([
  ['narrow keys', 5_000_000],
  ['wide keys', Number.POSITIVE_INFINITY],
])('a table of %s sums as a Map does, through its growth, and hands them over in key order', (_, keyLimit) => {
  const table = new SumTable(keyLimit);
  const reference = new Map<number, number>();
  let seed = 7;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const top = Math.min(keyLimit, 2 ** 40);
  for (let i = 0; i < 50_000; i++) {
    // clustered keys (one VP's thieves are neighbours) and a few far ones
    const key = i % 10 === 0 ? Math.floor((next() / 2 ** 31) * (top - 1)) : (next() % 3_000) * 17;
    const value = next() % 1_000_000;
    table.add(key, value);
    reference.set(key, (reference.get(key) ?? 0) + value);
  }
  expect(table.size).toBe(reference.size);
  const { keys, sums } = table.take();
  const expected = [...reference.keys()].sort((a, b) => a - b);
  expect([...keys]).toEqual(expected);
  expect([...sums]).toEqual(expected.map((key) => reference.get(key)));
  expect(table.size).toBe(0);
  table.add(3, 1);
  expect([...table.take().keys]).toEqual([3]);
});

test('key 0 is a key like any other, not an empty slot', () => {
  const table = new SumTable(10);
  table.add(0, 5);
  table.add(0, 6);
  expect(table.take()).toEqual({ keys: new Float64Array([0]), sums: new Float64Array([11]) });
});
