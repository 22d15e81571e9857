import { describe, expect, test } from 'vitest';
import { formatDuration, parseDuration } from '../../src/scenario/index.js';
import { ns } from '../../src/model/time.js';

describe('parseDuration', () => {
  test.each([
    ['250ns', 250],
    ['20us', 20_000],
    ['20µs', 20_000],
    ['20μs', 20_000],
    ['1.5ms', 1_500_000],
    ['0.1s', 100_000_000],
    ['10s', 10_000_000_000],
    ['2m', 120_000_000_000],
    ['1h', 3_600_000_000_000],
    [' 3 ms ', 3_000_000],
    ['0ns', 0],
    ['1.000001ms', 1_000_001],
  ])('reads %j as %i ns', (text, expected) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['10', 'expected a duration with a unit (e.g. 10ms), got "10"'],
    ['', 'expected a duration with a unit (e.g. 10ms), got ""'],
    ['5 parsecs', 'expected a duration with a unit (e.g. 10ms), got "5 parsecs"'],
    ['1e3ms', 'expected a duration with a unit (e.g. 10ms), got "1e3ms"'],
    ['.5ms', 'expected a duration with a unit (e.g. 10ms), got ".5ms"'],
    ['1.5ns', 'expected a whole number of nanoseconds, got "1.5ns"'],
    ['1.0000001ms', 'expected a whole number of nanoseconds, got "1.0000001ms"'],
    ['-5ms', 'expected a non-negative duration, got "-5ms"'],
    ['3000h', 'expected a duration below 2^53ns (about 104 days), got "3000h"'],
  ])('refuses %j', (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0ns'],
    [250, '250ns'],
    [1_500_000, '1500us'],
    [10_000_000, '10ms'],
    [120_000_000_000, '2m'],
    [3_600_000_000_000, '1h'],
  ])('writes %i ns as %s', (value, text) => {
    expect(formatDuration(ns(value))).toBe(text);
  });

  test.each([1, 999, 1_500_000, 7_200_000_000_000, 123_456_789])('round-trips %i ns through parseDuration', (value) => {
    expect(parseDuration(formatDuration(ns(value)))).toEqual({ ok: true, value });
  });
});
