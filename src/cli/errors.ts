// The exit-code policy, in one place: 0 success, 2 bad input (the user can fix it), 3 a check did
// not hold (a scenario's stated expectations in `hvsched check`, a change over `--fail-over` in
// `hvsched diff`), 1 a bug; 141 (128 + SIGPIPE) when the reader of stdout or stderr went away.
import { CommanderError } from 'commander';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_EXPECTATIONS_FAILED = 3;
export const EXIT_CLOSED_PIPE = 141;

/** A mistake in what the user gave us: reported as its lines, without a stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

/** A check did not hold (expectations, or a diff over `--fail-over`); the report is already printed. */
export class ExpectationsFailed extends Error {
  override readonly name = 'ExpectationsFailed';
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UserError) return EXIT_BAD_INPUT;
  if (error instanceof ExpectationsFailed) return EXIT_EXPECTATIONS_FAILED;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
  return EXIT_INTERNAL;
}
