import { describe, expect, test } from 'vitest';
import { IdTable } from '../../src/engine/id-table.js';
import { Random } from '../../src/engine/random.js';

describe('id table', () => {
  test('an empty table has no value for any id', () => {
    const table = new IdTable();
    for (const id of [0, 1, 1000]) expect(table.get(id)).toBe(-1);
    expect(table.has(0)).toBe(false);
  });

  test('answers as a Map of the same ids would, set in any order, below, inside and past the range held', () => {
    const random = Random.fork(7, 'id table');
    const between = (low: number, high: number): number => low + (random.nextUint32() % (high - low));
    for (let world = 0; world < 50; world++) {
      const table = new IdTable();
      const map = new Map<number, number>();
      const first = between(0, 1000);
      for (let step = 0; step < 200; step++) {
        const id = first + between(-100, 300);
        if (id < 0) continue;
        const value = between(0, 1 << 20);
        table.set(id, value);
        map.set(id, value);
      }
      for (let id = 0; id < first + 400; id++) expect(table.get(id)).toBe(map.get(id) ?? -1);
    }
  });

  test('ids handed out one after another, and a value overwritten', () => {
    const table = new IdTable();
    for (let id = 5000; id < 105_000; id++) table.set(id, id - 5000);
    expect(table.get(4999)).toBe(-1);
    expect(table.get(5000)).toBe(0);
    expect(table.get(104_999)).toBe(99_999);
    expect(table.get(105_000)).toBe(-1);
    table.set(5000, 42);
    expect(table.get(5000)).toBe(42);
  });

  test('refuses what it cannot hold: negative or fractional ids and values', () => {
    const table = new IdTable();
    expect(() => table.set(-1, 0)).toThrow(RangeError);
    expect(() => table.set(1.5, 0)).toThrow(RangeError);
    expect(() => table.set(1, -1)).toThrow(RangeError);
    expect(table.get(1)).toBe(-1);
  });
});
