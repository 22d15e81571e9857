// Validation problems as data: each names the file, the position of the offending node, the path
// of keys to it (partitions[2].weight) and one line saying what was expected and what was found.
import type { Scenario } from '../model/scenario.js';
import { quote } from './message.js';

export interface ScenarioIssue {
  readonly file: string;
  /** 1-based; null when the issue has no place in the file (a CLI override). */
  readonly line: number | null;
  readonly col: number | null;
  /** `partitions[2].weight`, a CLI flag such as `--duration`, or '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export type PathSegment = string | number;
export type CliFlag = '--duration' | '--seed' | '--mode';

/** An issue before it is placed: a path into the document (or a flag), not yet a line and column. */
export interface DraftIssue {
  readonly path: readonly PathSegment[] | CliFlag;
  readonly message: string;
  /** Point at the key itself rather than its value (unknown keys, bad map keys). */
  readonly at?: 'key';
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** A key longer than this is shown quoted, which cuts it: a message stays one readable line. */
const MAX_BARE_KEY = 60;

export function formatPath(path: readonly PathSegment[] | CliFlag): string {
  if (typeof path === 'string') return path;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment) && segment.length <= MAX_BARE_KEY) text += text === '' ? segment : `.${segment}`;
    else text += `[${quote(segment)}]`;
  }
  return text;
}

/** Issues without a position (CLI flags) first, then by line and column; ties keep their order. */
export function sortIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}
