// The small value parsers the schema is built from: cpulists, cpu.max, hypervisor property reads.
import { describe, expect, test } from 'vitest';
import { parseCpuList } from '../../src/scenario/index.js';
import { parseCpuMax } from '../../src/scenario/cpu-max.js';
import { parsePropertyRead } from '../../src/scenario/property-read.js';

describe('parseCpuList', () => {
  test.each([
    ['0-3,6', [0, 1, 2, 3, 6]],
    ['6, 0-2', [0, 1, 2, 6]],
    ['1,1,0-1', [0, 1]],
    ['5', [5]],
    ['2 - 4', [2, 3, 4]],
  ])('reads %j as a sorted set', (text, cpus) => {
    expect(parseCpuList(text)).toEqual({ ok: true, value: cpus });
  });

  test.each([
    ['', 'expected a list of CPU numbers or a cpulist like "0-3,6", got ""'],
    ['0-', 'expected a list of CPU numbers or a cpulist like "0-3,6", got "0-"'],
    ['a', 'expected a list of CPU numbers or a cpulist like "0-3,6", got "a"'],
    ['3-1', 'expected ranges written low-high, got "3-1" in "3-1"'],
    ['0-99999999', 'expected CPU numbers 0–2047, got "0-99999999"'],
  ])('refuses %j', (text, message) => {
    expect(parseCpuList(text)).toEqual({ ok: false, message });
  });
});

describe('parseCpuMax', () => {
  test.each([
    ['50ms/100ms', { quota: 50_000_000, period: 100_000_000 }],
    ['200ms/100ms', { quota: 200_000_000, period: 100_000_000 }],
    [0.5, { quota: 50_000_000, period: 100_000_000 }],
    [2, { quota: 200_000_000, period: 100_000_000 }],
  ])('reads %j', (value, max) => {
    expect(parseCpuMax(value)).toEqual({ ok: true, value: max });
  });

  test.each([
    ['50ms', 'expected "quota/period" (e.g. "50ms/100ms") or a number of CPUs (e.g. 0.5), got "50ms"'],
    ['50ms/10s', 'expected a period 1ms–1s, got "50ms/10s"'],
    ['0ms/100ms', 'expected a quota > 0, got "0ms/100ms"'],
    ['50/100ms', 'expected a duration with a unit (e.g. 10ms), got "50" in "50/100ms"'],
    [0, 'expected a number of CPUs in (0, 2048], got 0'],
  ])('refuses %j', (value, message) => {
    expect(parseCpuMax(value)).toEqual({ ok: false, message });
  });
});

describe('parsePropertyRead', () => {
  test.each([
    ['0x40', { kind: 'value', value: 0x40n }],
    ['0XFFFFFFFFFFFFFFFF', { kind: 'value', value: (1n << 64n) - 1n }],
    ['18446744073709551615', { kind: 'value', value: (1n << 64n) - 1n }],
    [0, { kind: 'value', value: 0n }],
    [64, { kind: 'value', value: 64n }],
    ['unreadable', { kind: 'unreadable' }],
  ])('reads %j', (value, read) => {
    expect(parsePropertyRead(value)).toEqual({ ok: true, value: read });
  });

  test.each([
    ['0xZZ', 'expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got "0xZZ"'],
    [-1, 'expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got -1'],
    [1.5, 'expected a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable", got 1.5'],
    ['0x10000000000000000', 'expected a u64 (at most 0xffffffffffffffff), got "0x10000000000000000"'],
    [2 ** 64, 'expected an integer below 2^53 or a hex string (larger numbers lose precision), got a number ≈ 1.8e+19'],
  ])('refuses %j', (value, message) => {
    expect(parsePropertyRead(value)).toEqual({ ok: false, message });
  });
});
