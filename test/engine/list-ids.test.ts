import { expect, test } from 'vitest';
import { ListIds } from '../../src/engine/list-ids.js';

test('equal lists under one holder share an id, numbered in order of first sight; other holders and lists get new ones', () => {
  const ids = new ListIds();
  const shared = [0, 1, 2];
  expect(ids.idOf(shared)).toBe(0);
  expect(ids.idOf([0, 1, 2])).toBe(0);
  expect(ids.idOf(shared, 3)).toBe(1);
  expect(ids.idOf([0, 1])).toBe(2);
  expect(ids.idOf(shared)).toBe(0);
  expect(ids.idOf([0, 1, 2], 3)).toBe(1);
  expect(ids.idOf([2])).toBe(3);
});
