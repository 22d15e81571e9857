import { describe, expect, test } from 'vitest';
import { DEFAULT_THRESHOLD, formatThresholds, NO_THRESHOLDS, parseThresholds } from '../../src/diff/threshold.js';

describe('threshold grammar', () => {
  test.each([
    ['2pp', { share: 0.02, cpus: null, factor: null }],
    ['0.5pp', { share: 0.005, cpus: null, factor: null }],
    ['0pp', { share: 0, cpus: null, factor: null }],
    ['0.1cpus', { share: null, cpus: 0.1, factor: null }],
    ['1cpu', { share: null, cpus: 1, factor: null }],
    ['x1.5', { share: null, cpus: null, factor: 1.5 }],
    ['×2', { share: null, cpus: null, factor: 2 }],
    ['2pp, 0.2cpus, x3', { share: 0.02, cpus: 0.2, factor: 3 }],
  ])('%s reads as %o', (text, expected) => {
    expect(parseThresholds(text, NO_THRESHOLDS)).toEqual({ ok: true, value: expected });
  });

  test('kinds the text does not name keep their base value', () => {
    expect(parseThresholds('3pp', DEFAULT_THRESHOLD)).toEqual({ ok: true, value: { ...DEFAULT_THRESHOLD, share: 0.03 } });
  });

  test.each([
    ['2', 'expected amounts like "2pp", "0.1cpus" or "x1.5" separated by commas, got "2"'],
    ['2%', 'expected amounts like "2pp", "0.1cpus" or "x1.5" separated by commas, got "2%"'],
    ['-1pp', 'expected amounts like "2pp", "0.1cpus" or "x1.5" separated by commas, got "-1pp"'],
    ['1pp,2pp', 'expected one amount per kind (pp, cpus, x), got two in "1pp,2pp"'],
    ['x0.5', 'expected a factor of at least x1, got "x0.5"'],
  ])('%s is refused: %s', (text, message) => {
    expect(parseThresholds(text, NO_THRESHOLDS)).toEqual({ ok: false, message });
  });

  test('formats as it is written', () => {
    expect(formatThresholds(DEFAULT_THRESHOLD)).toBe('1pp, 0.1cpus, x1.5');
    expect(formatThresholds({ share: 0.005, cpus: null, factor: null })).toBe('0.5pp');
    expect(formatThresholds(NO_THRESHOLDS)).toBe('nothing');
  });
});
