// The values a varied parameter takes, as `--vary PATH=VALUES` writes them: a list (`1ms,5ms,10ms`),
// an integer range (`1..8`, `2..16:2`) or a duration range (`1ms..10ms:1ms`). Written in the
// scenario's `sweep:` block they may also be a YAML list.
import { expectedMessage } from '../scenario/message.js';
import { formatDuration, parseDuration } from '../scenario/duration.js';
import { ns } from '../model/time.js';
import type { ParameterValue } from './result.js';

export const VALUES_WHAT = 'a list (1ms,5ms), an integer range (1..8 or 2..16:2) or a duration range (1ms..10ms:1ms)';

/** More cells than this is a typo in a range, not a study: a sweep says so instead of running for days. */
export const MAX_VALUES = 10_000;

export type ValuesParse = { readonly ok: true; readonly values: ParameterValue[] } | { readonly ok: false; readonly message: string };

const RANGE = /^\s*([^:]+?)\s*\.\.\s*([^:]+?)\s*(?::\s*(.+?)\s*)?$/;
const INTEGER = /^[+-]?\d+$/;

export function parseValues(text: string): ValuesParse {
  const range = RANGE.exec(text);
  if (range !== null) return parseRange(text, range[1]!, range[2]!, range[3]);
  if (text.includes('..')) return { ok: false, message: expectedMessage(VALUES_WHAT, text.trim()) };
  const words = text.split(',').map((word) => word.trim());
  if (words.some((word) => word === '')) return { ok: false, message: expectedMessage(VALUES_WHAT, text) };
  return checked(words.map(scalar));
}

/** A value as YAML would read it unquoted: a number or a boolean if it looks like one, else the text. */
export function scalar(word: string): ParameterValue {
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  return word;
}

function parseRange(text: string, fromText: string, toText: string, stepText: string | undefined): ValuesParse {
  if (INTEGER.test(fromText) && INTEGER.test(toText) && (stepText === undefined || INTEGER.test(stepText))) {
    const [from, to, step] = [Number(fromText), Number(toText), stepText === undefined ? 1 : Number(stepText)];
    if (step <= 0) return { ok: false, message: expectedMessage('a step > 0', stepText) };
    if (to < from) return { ok: false, message: `expected a range from low to high, got ${text.trim()}` };
    if ((to - from) / step >= MAX_VALUES) return tooMany(text);
    const values: number[] = [];
    for (let value = from; value <= to; value += step) values.push(value);
    return { ok: true, values };
  }
  const from = parseDuration(fromText);
  const to = parseDuration(toText);
  if (!from.ok || !to.ok) return { ok: false, message: expectedMessage(VALUES_WHAT, text.trim()) };
  if (stepText === undefined) return { ok: false, message: `a duration range needs a step: expected ${fromText}..${toText}:<step>, got ${text.trim()}` };
  const step = parseDuration(stepText);
  if (!step.ok || step.value <= 0) return { ok: false, message: expectedMessage('a step that is a duration > 0', stepText) };
  if (to.value < from.value) return { ok: false, message: `expected a range from low to high, got ${text.trim()}` };
  if ((to.value - from.value) / step.value >= MAX_VALUES) return tooMany(text);
  const values: string[] = [];
  for (let value: number = from.value; value <= to.value; value += step.value) values.push(formatDuration(ns(value)));
  return { ok: true, values };
}

function checked(values: ParameterValue[]): ValuesParse {
  if (values.length > MAX_VALUES) return tooMany(values.join(','));
  return { ok: true, values };
}

function tooMany(text: string): ValuesParse {
  return { ok: false, message: `expected at most ${MAX_VALUES} values, got more in ${JSON.stringify(text.trim().slice(0, 40))}` };
}
