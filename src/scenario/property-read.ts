// A u64 the L1VH reads from the hypervisor (MODEL.md §6), or a read that fails. Values past 2^53
// do not survive as YAML/JSON numbers, so they are accepted only as strings (hex or decimal).
import type { PropertyRead } from '../model/scenario.js';
import { showValue } from './message.js';
import { accept, refuse, type Parsed } from './parsed.js';
import { atMostPattern } from './pattern.js';

export const PROPERTY_READ_WHAT = 'a u64 as a hex string (e.g. "0x40"), a non-negative integer, or "unreadable"';

const U64_MAX = (1n << 64n) - 1n;
const HEX = /^0x[0-9a-f]+$/i;
const DECIMAL = /^\d+$/;
/** What `parsePropertyRead` takes as a string, for editors: hex or decimal up to the u64 maximum. */
export const PROPERTY_READ_PATTERN = String.raw`^\s*(?:0[xX]0*[0-9a-fA-F]{1,16}|${atMostPattern(U64_MAX.toString())}|unreadable)\s*$`;

export function parsePropertyRead(value: string | number): Parsed<PropertyRead> {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return refuse(`expected ${PROPERTY_READ_WHAT}, got ${showValue(value)}`);
    if (!Number.isSafeInteger(value)) {
      return refuse(
        'expected an integer below 2^53 or a hex string (larger numbers lose precision), ' +
          `got a number ≈ ${value.toExponential(1)}`,
      );
    }
    return accept({ kind: 'value', value: BigInt(value) });
  }
  const text = value.trim();
  if (text === 'unreadable') return accept({ kind: 'unreadable' });
  if (!HEX.test(text) && !DECIMAL.test(text)) return refuse(`expected ${PROPERTY_READ_WHAT}, got ${showValue(value)}`);
  const parsed = BigInt(text);
  if (parsed > U64_MAX) return refuse(`expected a u64 (at most 0xffffffffffffffff), got ${showValue(value)}`);
  return accept({ kind: 'value', value: parsed });
}
