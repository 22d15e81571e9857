import { expect, test } from 'vitest';
import { bucketOf, Histogram, upperBoundOf } from '../../src/metrics/histogram.js';

test('percentiles are exact below 256 ns', () => {
  const histogram = new Histogram();
  for (let value = 1; value <= 100; value++) histogram.record(value);
  expect(histogram.percentiles()).toEqual({ p50Ns: 50, p95Ns: 95, p99Ns: 99, maxNs: 100 });
});

test.each([1_000, 1e6, 3.3e7, 2 ** 40 + 12345])('percentiles of uniform samples up to %d are within 1 %', (top) => {
  const histogram = new Histogram();
  const n = 10_000;
  for (let i = 1; i <= n; i++) histogram.record(Math.round((i / n) * top));
  const { p50Ns, p95Ns, p99Ns, maxNs } = histogram.percentiles();
  expect(Math.abs(p50Ns / (0.5 * top) - 1)).toBeLessThan(0.01);
  expect(Math.abs(p95Ns / (0.95 * top) - 1)).toBeLessThan(0.01);
  expect(Math.abs(p99Ns / (0.99 * top) - 1)).toBeLessThan(0.01);
  expect(maxNs).toBe(top);
});

test('an empty histogram reports zeros', () => {
  expect(new Histogram().percentiles()).toEqual({ p50Ns: 0, p95Ns: 0, p99Ns: 0, maxNs: 0 });
});

test('a value lands in the bucket its bit length names, on both sides of every power of two', () => {
  const reference = (value: number): number => {
    if (value < 256) return value;
    const shift = value.toString(2).length - 1 - 7;
    return (shift + 1) * 128 + Math.floor(value / 2 ** shift) - 128;
  };
  for (let bits = 8; bits <= 52; bits++) {
    for (const value of [2 ** bits - 1, 2 ** bits, 2 ** bits + 1, 3 * 2 ** (bits - 2) + 7]) {
      expect(bucketOf(value), String(value)).toBe(reference(value));
    }
  }
});

test('a quantile is the bucket of the sample at its rank, for samples spread over powers of two far apart, one at a time or in one pass', () => {
  let state = 12345;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const samples = Array.from({ length: 5_000 }, () => Math.floor(2 ** (random() * 52)));
  const histogram = new Histogram();
  for (const sample of samples) histogram.record(sample);
  const sorted = [...samples].sort((a, b) => a - b);
  const qs = [0.001, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 0.99, 0.999];
  expect(histogram.quantiles(qs)).toEqual(qs.map((q) => histogram.quantile(q)));
  for (const q of qs) {
    const atRank = sorted[Math.ceil(q * sorted.length) - 1]!;
    const quantile = histogram.quantile(q);
    expect(quantile, `q ${q}`).toBeGreaterThanOrEqual(atRank);
    expect(bucketOf(quantile), `q ${q}`).toBe(bucketOf(atRank));
  }
  expect(histogram.percentiles().maxNs).toBe(sorted.at(-1));
});

test('percentiles do not depend on the order in which powers of two got their first sample', () => {
  // A power of two gets its block of counts at its first sample: largest first here.
  const values = [3e9, 5e6, 700, 12, 5e6, 4e4, 3e9, 12, 90_000, 1e6];
  const descending = new Histogram();
  const ascending = new Histogram();
  for (const value of [...values].sort((a, b) => b - a)) descending.record(value);
  for (const value of [...values].sort((a, b) => a - b)) ascending.record(value);
  for (const q of [0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1]) {
    const expected = [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1]!;
    expect(descending.quantile(q)).toBe(ascending.quantile(q));
    expect(Math.abs(descending.quantile(q) / expected - 1)).toBeLessThan(0.01);
  }
});

test('counts widened past 32 bits keep every sample, in blocks made before and after', () => {
  // The widening happens at 2^32 − 1 samples; a histogram told to widen at 6 takes the same path.
  const values = [700, 700, 12, 5e6, 700, 4e4, 12, 3e9, 700, 90_000, 700, 5e6, 1e6, 12];
  const narrow = new Histogram();
  const widened = new Histogram(6);
  for (const value of values) {
    narrow.record(value);
    widened.record(value);
  }
  expect(widened.count).toBe(values.length);
  const qs = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  expect(widened.quantiles(qs)).toEqual(narrow.quantiles(qs));
  expect(widened.percentiles()).toEqual(narrow.percentiles());
});

test('samples asked about between batches are each counted once, whatever the batch boundaries', () => {
  // Samples are counted in batches; asking for percentiles counts the rest of a batch early.
  let state = 99;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values = Array.from({ length: 700 }, () => Math.floor(2 ** (random() * 30)));
  const asked = new Histogram();
  values.forEach((value, i) => {
    asked.record(value);
    expect(asked.count).toBe(i + 1);
    if (i % 7 === 3 || i % 128 === 127) {
      const fresh = new Histogram();
      for (const earlier of values.slice(0, i + 1)) fresh.record(earlier);
      expect(asked.percentiles()).toEqual(fresh.percentiles());
    }
  });
});

test('a quantile is the largest value of the bucket of the sample at its rank, capped at the max, whether the samples were counted or not', () => {
  let state = 987;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const qs = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1];
  // Fewer than 128 samples are answered before any is counted; more, from the counts.
  for (const n of [1, 2, 3, 7, 50, 127, 128, 129, 300]) {
    const samples = Array.from({ length: n }, () => Math.floor(2 ** (random() * 40)));
    const histogram = new Histogram();
    for (const sample of samples) histogram.record(sample);
    const sorted = [...samples].sort((a, b) => a - b);
    const max = sorted.at(-1)!;
    const expected = qs.map((q) => Math.min(upperBoundOf(bucketOf(sorted[Math.max(1, Math.ceil(q * n)) - 1]!)), max));
    expect(histogram.quantiles(qs), `${n} samples`).toEqual(expected);
    expect(histogram.percentiles().maxNs, `${n} samples`).toBe(max);
    // Answering does not lose or miscount a sample: more samples after it are counted with it.
    for (const sample of samples) histogram.record(sample);
    expect(histogram.count).toBe(2 * n);
    expect(histogram.quantiles(qs), `${n} samples twice`).toEqual(qs.map((q) => Math.min(upperBoundOf(bucketOf(sorted[Math.max(1, Math.ceil((q * 2 * n) / 2)) - 1]!)), max)));
  }
});
