import { describe, expect, test } from 'vitest';
import { TouchedIds } from '../../src/engine/touched-ids.js';

function takeAll(touched: TouchedIds): number[] {
  const ids: number[] = [];
  for (let i = 0; i < touched.count; i++) ids.push(touched.take(i));
  touched.reset();
  return ids;
}

describe('touched ids', () => {
  test('an id touched several times is listed once, in the order first touched', () => {
    const touched = new TouchedIds(8);
    for (const id of [5, 2, 5, 7, 2, 5]) touched.add(id);
    expect(touched.count).toBe(3);
    expect(takeAll(touched)).toEqual([5, 2, 7]);
    expect(touched.count).toBe(0);
  });

  test('once taken, an id touched again is listed again', () => {
    const touched = new TouchedIds(4);
    touched.add(3);
    touched.add(1);
    expect(touched.take(0)).toBe(3);
    touched.add(3);
    expect(touched.count).toBe(3);
    expect([touched.take(1), touched.take(2)]).toEqual([1, 3]);
    touched.reset();
    touched.add(1);
    touched.add(3);
    expect(takeAll(touched)).toEqual([1, 3]);
  });
});
