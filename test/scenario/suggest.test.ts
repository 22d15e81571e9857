import { expect, test } from 'vitest';
import { closestWord } from '../../src/scenario/suggest.js';

const KEYS = ['name', 'kind', 'vps', 'weight', 'reserve', 'limit', 'threadsPerCore', 'cores', 'cgroup', 'cpus', 'workload'];

test.each([
  ['wieght', 'weight'],
  ['Weight', 'weight'],
  ['threadPerCore', 'threadsPerCore'],
  ['cpu', 'cpus'],
  ['workloads', 'workload'],
  ['colour', undefined],
  ['x', undefined],
])('suggests a close key for %j', (word, suggestion) => {
  expect(closestWord(word, KEYS)).toBe(suggestion);
});
