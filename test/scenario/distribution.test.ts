import { describe, expect, test } from 'vitest';
import { parseDistribution } from '../../src/scenario/index.js';

describe('parseDistribution', () => {
  test.each([
    ['5ms', { kind: 'const', value: 5_000_000 }],
    ['exp(5ms)', { kind: 'exp', mean: 5_000_000 }],
    [' exp( 20us ) ', { kind: 'exp', mean: 20_000 }],
    ['uniform(1ms, 3ms)', { kind: 'uniform', min: 1_000_000, max: 3_000_000 }],
    ['uniform(2ms,2ms)', { kind: 'uniform', min: 2_000_000, max: 2_000_000 }],
  ])('reads %j', (text, expected) => {
    expect(parseDistribution(text)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['5', 'expected a duration with a unit (e.g. 10ms), got "5"'],
    ['exp(5)', 'expected a duration with a unit (e.g. 10ms), got "5" in "exp(5)"'],
    ['exp()', 'expected a duration with a unit (e.g. 10ms), got "" in "exp()"'],
    ['gauss(1ms)', 'expected a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms), got "gauss(1ms)"'],
    ['exp(1ms, 2ms)', 'expected a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms), got "exp(1ms, 2ms)"'],
    ['uniform(1ms)', 'expected a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms), got "uniform(1ms)"'],
    [
      'uniform(1ms',
      'expected a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms), got "uniform(1ms" (quote values containing commas inside { } or [ ])',
    ],
    ['uniform(3ms, 1ms)', 'expected uniform(min, max) with min ≤ max, got "uniform(3ms, 1ms)"'],
  ])('refuses %j', (text, message) => {
    expect(parseDistribution(text)).toEqual({ ok: false, message });
  });
});
