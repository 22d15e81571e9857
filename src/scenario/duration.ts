// Durations in scenario text always carry a unit and convert exactly to integer nanoseconds:
// decimal arithmetic on BigInt, so "0.1s" is 100000000ns and never a float rounding away from it.
import { ns, type Nanos } from '../model/time.js';
import { showValue } from './message.js';
import { accept, refuse, type Parsed } from './parsed.js';

export const DURATION_WHAT = 'a duration with a unit (e.g. 10ms)';

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU, which keyboards produce just as often
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const UNITS = Object.keys(NS_PER_UNIT).join('|');
const NUMBER = String.raw`\d+(?:\.\d+)?`;
/**
 * The duration grammar, once: the parser reads exactly what this matches (then checks the value),
 * and the JSON Schema's patterns are built from it, so editors and `validate` agree on the syntax.
 */
export const DURATION_SOURCE = String.raw`${NUMBER}\s*(?:${UNITS})`;
export const DURATION_PATTERN = String.raw`^\s*${DURATION_SOURCE}\s*$`;
const DURATION = new RegExp(String.raw`^\s*(\d+)(?:\.(\d+))?\s*(${UNITS})\s*$`, 'u');
/** A duration that got a sign: said so, as the grammar has none. */
const NEGATIVE = new RegExp(String.raw`^\s*-\s*${DURATION_SOURCE}\s*$`, 'u');
const MAX_NS = BigInt(Number.MAX_SAFE_INTEGER);

export function parseDuration(text: string): Parsed<Nanos> {
  const match = DURATION.exec(text);
  if (match === null) {
    return refuse(NEGATIVE.test(text) ? `expected a non-negative duration, got ${showValue(text)}` : `expected ${DURATION_WHAT}, got ${showValue(text)}`);
  }
  const [, whole = '', fraction = '', unit = ''] = match;
  const scaled = BigInt(whole + fraction) * NS_PER_UNIT[unit]!;
  const divisor = 10n ** BigInt(fraction.length);
  if (scaled % divisor !== 0n) {
    return refuse(`expected a whole number of nanoseconds, got ${showValue(text)}`);
  }
  const value = scaled / divisor;
  if (value > MAX_NS) {
    return refuse(`expected a duration below 2^53ns (about 104 days), got ${showValue(text)}`);
  }
  return accept(ns(Number(value)));
}

const UNITS_LARGEST_FIRST = [
  ['h', 3_600_000_000_000],
  ['m', 60_000_000_000],
  ['s', 1_000_000_000],
  ['ms', 1_000_000],
  ['us', 1_000],
] as const;

/** The exact duration in the largest unit that divides it, in the syntax scenario files use. */
export function formatDuration(value: Nanos): string {
  for (const [unit, perUnit] of UNITS_LARGEST_FIRST) {
    if (value !== 0 && value % perUnit === 0) return `${value / perUnit}${unit}`;
  }
  return `${value}ns`;
}
