// `hvsched diff <a.json> <b.json>`: reads two result documents, compares them and picks the
// exit code: 3 when a change is over `--fail-over`, as `check` does when an answer fails.
import { diffResults, type DiffInput } from '../diff/diff.js';
import { readResultDocument } from '../diff/document.js';
import { DEFAULT_THRESHOLD, NO_THRESHOLDS, parseThresholds, type Thresholds, formatThresholds } from '../diff/threshold.js';
import type { ScenarioResult } from '../metrics/result.js';
import { MODES, type Mode } from '../model/scenario.js';
import { describeRow, DIFF_RENDERERS, type DiffFormat } from '../report/diff.js';
import type { Painter } from '../report/index.js';
import { checkOverrides } from '../scenario/overrides.js';
import { ExpectationsFailed, UserError } from './errors.js';
import type { CliIo } from './io.js';

/** Results of long runs with many partitions are large, but not this large: past it, the file is something else. */
export const MAX_RESULT_BYTES = 256 * 2 ** 20;

export interface DiffCommandOptions {
  mode?: string;
  threshold?: string;
  failOver?: string;
  format: DiffFormat;
  color: boolean;
}

/** What the diff needs from the rest of the shell. */
export interface DiffShell {
  readonly paint: Painter;
  readonly describeFsError: (error: unknown) => string;
}

export function diffCommand(io: CliIo, files: readonly [string, string], options: DiffCommandOptions, shell: DiffShell): void {
  const problems: string[] = [];
  const thresholds = (flag: string, text: string | undefined, base: Thresholds): Thresholds => {
    if (text === undefined) return base;
    const parsed = parseThresholds(text, base);
    if (parsed.ok) return parsed.value;
    problems.push(`${flag}: ${parsed.message}`);
    return base;
  };
  const threshold = thresholds('--threshold', options.threshold, DEFAULT_THRESHOLD);
  const failOver = thresholds('--fail-over', options.failOver, NO_THRESHOLDS);
  const { checked, issues } = checkOverrides(options.mode === undefined ? {} : { modes: options.mode });
  problems.push(...issues.map((issue) => `--mode: ${issue.message}`));
  const read = (file: string): DiffInput | null => {
    let text: string;
    try {
      text = io.readFile(file, MAX_RESULT_BYTES);
    } catch (error) {
      problems.push(`${file}: cannot read the file: ${shell.describeFsError(error)}`);
      return null;
    }
    const document = readResultDocument(text, file);
    if (document.ok) return { file, result: document.result };
    problems.push(document.message);
    return null;
  };
  const [a, b] = [read(files[0]), read(files[1])];
  if (a === null || b === null || problems.length > 0) throw new UserError(problems);

  const modesOf = (result: ScenarioResult): Mode[] => result.runs.map((run) => run.mode);
  for (const mode of checked.modes ?? []) {
    for (const side of [a, b]) {
      if (!modesOf(side.result).includes(mode)) problems.push(`--mode: ${side.file} has no ${mode} run (it has ${modesOf(side.result).join(', ')})`);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  const diff = diffResults(a, b, { threshold, failOver, modes: checked.modes ?? MODES });
  if (diff.modes.compared.length === 0) {
    throw new UserError([`${a.file} (${modesOf(a.result).join(', ')}) and ${b.file} (${modesOf(b.result).join(', ')}): no mode in common to compare`]);
  }

  io.stdout(DIFF_RENDERERS[options.format](diff, { paint: shell.paint }));
  const failed = diff.rows.filter((row) => row.failed);
  if (failed.length > 0) {
    const shown = failed.slice(0, 3).map(describeRow).join('; ');
    const message = `${failed.length} change${failed.length === 1 ? '' : 's'} over --fail-over ${formatThresholds(failOver)}: ${shown}${failed.length > 3 ? '; …' : ''}`;
    io.stderr(`hvsched diff: ${message}\n`);
    throw new ExpectationsFailed(message);
  }
}
