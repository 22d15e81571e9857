// A duration that may be random: "5ms" (constant), "exp(5ms)" (exponential with that mean),
// "uniform(1ms, 3ms)".
import type { Distribution } from '../model/scenario.js';
import type { Nanos } from '../model/time.js';
import { DURATION_SOURCE, parseDuration } from './duration.js';
import { showValue } from './message.js';
import { accept, refuse, type Parsed } from './parsed.js';

export const DISTRIBUTION_WHAT = 'a duration or a distribution: 5ms, exp(5ms) or uniform(1ms, 3ms)';

const CALL = /^([A-Za-z]\w*)\s*\(([^()]*)\)$/;
const D = DURATION_SOURCE;
/** What `parseDistribution` reads, for editors: built on the duration grammar, spaced as the parser allows. */
export const DISTRIBUTION_PATTERN = String.raw`^\s*(?:${D}|exp\s*\(\s*${D}\s*\)|uniform\s*\(\s*${D}\s*,\s*${D}\s*\))\s*$`;

export function parseDistribution(text: string): Parsed<Distribution> {
  const call = CALL.exec(text.trim());
  if (call === null) {
    const value = parseDuration(text);
    if (value.ok) return accept({ kind: 'const', value: value.value });
    if (!/[()]/.test(text)) return value;
    // In a YAML flow map, an unquoted "uniform(1ms, 3ms)" is cut at its comma.
    const hint = text.includes('(') && !text.includes(')') ? ' (quote values containing commas inside { } or [ ])' : '';
    return refuse(`expected ${DISTRIBUTION_WHAT}, got ${showValue(text)}${hint}`);
  }
  const [, fn = '', argText = ''] = call;
  const args = argText.split(',').map((arg) => arg.trim());
  const parsedArgs: Nanos[] = [];
  for (const arg of args) {
    const parsed = parseDuration(arg);
    if (!parsed.ok) return refuse(`${parsed.message} in ${showValue(text)}`);
    parsedArgs.push(parsed.value);
  }
  const [first, second] = parsedArgs;
  if (fn === 'exp' && first !== undefined && parsedArgs.length === 1) {
    return accept({ kind: 'exp', mean: first });
  }
  if (fn === 'uniform' && first !== undefined && second !== undefined && parsedArgs.length === 2) {
    if (first > second) return refuse(`expected uniform(min, max) with min ≤ max, got ${showValue(text)}`);
    return accept({ kind: 'uniform', min: first, max: second });
  }
  return refuse(`expected ${DISTRIBUTION_WHAT}, got ${showValue(text)}`);
}

export function distributionMean(distribution: Distribution): number {
  switch (distribution.kind) {
    case 'const':
      return distribution.value;
    case 'exp':
      return distribution.mean;
    case 'uniform':
      return (distribution.min + distribution.max) / 2;
  }
}
