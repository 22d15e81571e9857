// What a mutant may do to the CLI: exit 0, 2 or 3, and for a rejected file say so on stderr only,
// in lines of at most 500 printable characters, with no stack trace and no Node warning, within
// the time limit, and the same way every time. Anything else is a finding.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, type CliRun } from '../support/cli.js';
import type { Mutant } from './mutate.js';

export interface Finding {
  readonly index: number;
  readonly steps: readonly string[];
  readonly command: string;
  readonly problem: string;
}

/** A run is short: a mutant runs 1 ms of simulated time. A slower one means an unbounded loop. */
export const TIME_LIMIT_MS = 10_000;
export const MAX_LINE = 500;
const RUN_ARGS = ['--duration', '1ms', '--format', 'json'];

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
const NODE_WARNING = /^\(node:\d+\) |Warning: /m;
/** zod's own wording ("Invalid input: expected …"): every message should be ours. */
const LIBRARY_WORDING = /: (Invalid input|Invalid option|Too (big|small)|Unrecognized key|Expected )/;
/** Anything but a newline that a terminal would not print as itself. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Problems with one outcome of `command`; `rejected` when the command's input was refused. */
export function judge(outcome: Outcome, command: string): string[] {
  const problems: string[] = [];
  if (outcome.code === null || ![0, 2, 3].includes(outcome.code)) problems.push(`exit ${outcome.code}`);
  if (outcome.ms > TIME_LIMIT_MS) problems.push(`took ${Math.round(outcome.ms)} ms`);
  if (STACK_FRAME.test(outcome.stderr)) problems.push('a stack trace on stderr');
  if (NODE_WARNING.test(outcome.stderr)) problems.push('a Node warning on stderr');
  if (outcome.code === 2 && outcome.stdout !== '') problems.push(`stdout output for a rejected file (${command})`);
  if (outcome.code === 2 && outcome.stderr === '') problems.push('exit 2 without a message');
  if (LIBRARY_WORDING.test(outcome.stderr)) problems.push(`a library's wording in ${JSON.stringify(outcome.stderr.match(LIBRARY_WORDING)?.[0])}`);
  for (const line of outcome.stderr.split('\n')) {
    if (line.length > MAX_LINE) problems.push(`an error line of ${line.length} characters`);
    if (NON_PRINTABLE.test(line)) problems.push(`a control character in ${JSON.stringify(line.slice(0, 120))}`);
  }
  return [...new Set(problems)];
}

/** Runs `argv` in-process, noting any warning Node emits meanwhile. */
async function inProcess(argv: string[], file: string, text: string): Promise<Outcome> {
  const warnings: string[] = [];
  const listener = (warning: Error): void => void warnings.push(warning.message);
  process.on('warning', listener);
  const started = performance.now();
  let run: CliRun;
  try {
    run = await cli(argv, { [file]: text });
    // Node emits warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  const ms = performance.now() - started;
  const stderr = warnings.length === 0 ? run.stderr : `${run.stderr}(node:${process.pid}) Warning: ${warnings.join('; ')}\n`;
  return { code: run.code, stdout: run.stdout, stderr, ms };
}

/** `validate`, twice, then `run` twice for a file validate accepted; every outcome judged. */
export async function fuzzInProcess(mutant: Mutant): Promise<Finding[]> {
  const text = mutant.bytes.toString('utf8');
  const findings: Finding[] = [];
  const note = (command: string, problems: readonly string[]): void => {
    for (const problem of problems) findings.push({ index: mutant.index, steps: mutant.steps, command, problem });
  };
  const commands: string[][] = [['validate', mutant.file]];
  const validated = await inProcess(commands[0]!, mutant.file, text);
  if (validated.code === 0) commands.push(['run', mutant.file, ...RUN_ARGS]);
  for (const argv of commands) {
    const first = argv[0] === 'validate' ? validated : await inProcess(argv, mutant.file, text);
    const second = await inProcess(argv, mutant.file, text);
    const command = argv.join(' ');
    note(command, judge(first, command));
    if (first.code !== second.code || first.stdout !== second.stdout || first.stderr !== second.stderr) note(command, ['a rerun differs']);
  }
  return findings;
}

/** The same through the built binary, from a real file in `dir`: what a user's shell would see. */
export function fuzzBinary(mutant: Mutant, dir: string, binary: string): Finding[] {
  const path = join(dir, `${mutant.index}-${mutant.file}`);
  writeFileSync(path, mutant.bytes);
  const findings: Finding[] = [];
  const spawn = (argv: string[]): Outcome => {
    const started = performance.now();
    const child = spawnSync(process.execPath, [binary, ...argv], { encoding: 'utf8', timeout: TIME_LIMIT_MS * 2, env: { ...process.env, NO_COLOR: '1' } });
    return { code: child.status, stdout: child.stdout, stderr: child.stderr, ms: performance.now() - started };
  };
  const validated = spawn(['validate', path]);
  const outcomes: [string, Outcome][] = [['validate', validated]];
  if (validated.code === 0) outcomes.push(['run', spawn(['run', path, ...RUN_ARGS])]);
  for (const [command, outcome] of outcomes) {
    for (const problem of judge(outcome, command)) findings.push({ index: mutant.index, steps: mutant.steps, command: `${command} (binary)`, problem });
  }
  return findings;
}

export function formatFinding(finding: Finding): string {
  return `mutant ${finding.index} [${finding.steps.join(', ')}] ${finding.command}: ${finding.problem}`;
}
