// Linux cpulist syntax ("0-3,6"), as in cpuset.cpus and /sys/devices/system/cpu/online.
import { showValue } from './message.js';
import { accept, refuse, type Parsed } from './parsed.js';
import { atMostPattern } from './pattern.js';

export const CPULIST_WHAT = 'a list of CPU numbers or a cpulist like "0-3,6"';

/** The highest CPU number any OS can have: 1024 cores of 2 threads. Bounds ranges like "0-99999999". */
export const MAX_CPU = 2047;

const ITEM = /^(\d+)(?:\s*-\s*(\d+))?$/;
const CPU = atMostPattern(String(MAX_CPU));
const RANGE = String.raw`\s*${CPU}(?:\s*-\s*${CPU})?\s*`;
/** What `parseCpuList` reads, for editors; a range written high-low ("3-1") is beyond a pattern. */
export const CPULIST_PATTERN = `^${RANGE}(?:,${RANGE})*$`;

export function parseCpuList(text: string): Parsed<readonly number[]> {
  const cpus: number[] = [];
  for (const item of text.split(',')) {
    const match = ITEM.exec(item.trim());
    if (match === null) return refuse(`expected ${CPULIST_WHAT}, got ${showValue(text)}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) {
      return refuse(`expected ranges written low-high, got ${showValue(item.trim())} in ${showValue(text)}`);
    }
    if (last > MAX_CPU) return refuse(`expected CPU numbers 0–${MAX_CPU}, got ${showValue(text)}`);
    for (let cpu = first; cpu <= last; cpu++) cpus.push(cpu);
  }
  return accept(sortedUnique(cpus));
}

export function sortedUnique(values: readonly number[]): readonly number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
