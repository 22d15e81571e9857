// Command-line overrides arrive as raw strings; they get the same checks as the keys they replace.
import { MODES, type Mode } from '../model/scenario.js';
import type { Nanos } from '../model/time.js';
import { parseDuration } from './duration.js';
import type { DraftIssue } from './issue.js';
import { LIMITS } from './limits.js';
import { expectedMessage, quote } from './message.js';
import { didYouMean } from './suggest.js';

export interface Overrides {
  readonly duration?: string;
  readonly seed?: string;
  /** Comma-separated, e.g. "core,integrated". */
  readonly modes?: string;
}

export interface CheckedOverrides {
  readonly duration?: Nanos;
  readonly seed?: number;
  readonly modes?: readonly Mode[];
}

export function checkOverrides(overrides: Overrides): { checked: CheckedOverrides; issues: DraftIssue[] } {
  const issues: DraftIssue[] = [];
  let duration: Nanos | undefined;
  let seed: number | undefined;
  let modes: Mode[] | undefined;
  if (overrides.duration !== undefined) {
    const parsed = parseDuration(overrides.duration);
    if (parsed.ok) duration = parsed.value;
    else issues.push({ path: '--duration', message: parsed.message });
  }
  if (overrides.seed !== undefined) {
    const text = overrides.seed.trim();
    if (/^\d+$/.test(text) && Number(text) <= LIMITS.seedMax) seed = Number(text);
    else issues.push({ path: '--seed', message: expectedMessage(`an integer 0–${LIMITS.seedMax}`, overrides.seed) });
  }
  if (overrides.modes !== undefined) {
    modes = [];
    for (const word of overrides.modes.split(',').map((part) => part.trim())) {
      if (!isMode(word)) {
        const hint = didYouMean(word, MODES);
        issues.push({
          path: '--mode',
          message: `${expectedMessage(`modes from ${MODES.join(', ')} separated by commas`, word)}${hint}`,
        });
      } else if (modes.includes(word)) {
        issues.push({ path: '--mode', message: `expected each mode once, got ${quote(word)} twice` });
      } else {
        modes.push(word);
      }
    }
  }
  return {
    checked: {
      ...(duration === undefined ? {} : { duration }),
      ...(seed === undefined ? {} : { seed }),
      ...(modes === undefined ? {} : { modes }),
    },
    issues,
  };
}

function isMode(word: string): word is Mode {
  return (MODES as readonly string[]).includes(word);
}
