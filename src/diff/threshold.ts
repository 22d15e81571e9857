// How much a measure must change to count, per kind of measure, as `hvsched diff` reads
// `--threshold` and `--fail-over`: `2pp` for shares (percentage points), `0.1cpus` for CPUs,
// `x1.5` for durations (either way: ×1.5 longer or shorter), comma-separated, e.g.
// `2pp,0.2cpus,x2`. Shares and CPUs compare by difference because they are comparable across
// runs of any length; durations by ratio because a p99 of 50us and one of 50ms change on
// different scales.
import { listWords } from '../scenario/message.js';

/** A kind of measure left out (null) never counts as changed. */
export interface Thresholds {
  /** Percentage points as a share: 2pp → 0.02. */
  readonly share: number | null;
  readonly cpus: number | null;
  /** At least 1: the larger of a and b over the smaller. */
  readonly factor: number | null;
}

export const NO_THRESHOLDS: Thresholds = { share: null, cpus: null, factor: null };
export const DEFAULT_THRESHOLD: Thresholds = { share: 0.01, cpus: 0.1, factor: 1.5 };

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const TERMS = [
  { kind: 'share', pattern: new RegExp(`^${NUMBER}pp$`), value: (n: number) => n / 100 },
  { kind: 'cpus', pattern: new RegExp(`^${NUMBER}cpus?$`), value: (n: number) => n },
  { kind: 'factor', pattern: new RegExp(`^[x×]${NUMBER}$`), value: (n: number) => n },
] as const satisfies readonly { kind: keyof Thresholds; pattern: RegExp; value: (n: number) => number }[];

export type ThresholdParse = { readonly ok: true; readonly value: Thresholds } | { readonly ok: false; readonly message: string };

/** Parses `text`; kinds it does not name keep their value in `base`. */
export function parseThresholds(text: string, base: Thresholds): ThresholdParse {
  const value: { -readonly [K in keyof Thresholds]: number | null } = { ...base };
  const named = new Set<keyof Thresholds>();
  for (const word of text.split(',').map((part) => part.trim().toLowerCase())) {
    const term = TERMS.find((t) => t.pattern.test(word));
    if (term === undefined) {
      return { ok: false, message: `expected amounts like ${listWords(['2pp', '0.1cpus', 'x1.5'])} separated by commas, got ${JSON.stringify(word)}` };
    }
    const number = Number(term.pattern.exec(word)![1]);
    if (named.has(term.kind)) return { ok: false, message: `expected one amount per kind (pp, cpus, x), got two in ${JSON.stringify(text)}` };
    if (term.kind === 'factor' && number < 1) return { ok: false, message: `expected a factor of at least x1, got ${JSON.stringify(word)}` };
    named.add(term.kind);
    value[term.kind] = term.value(number);
  }
  return { ok: true, value };
}

/** `1pp, 0.1cpus, x1.5`: the thresholds as they are written. */
export function formatThresholds(thresholds: Thresholds): string {
  const parts = [
    thresholds.share === null ? null : `${trim(thresholds.share * 100)}pp`,
    thresholds.cpus === null ? null : `${trim(thresholds.cpus)}cpus`,
    thresholds.factor === null ? null : `x${trim(thresholds.factor)}`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

function trim(value: number): string {
  return Number(value.toFixed(6)).toString();
}
