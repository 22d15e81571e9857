// The man page says what --help says: every command, option and example, read from the same
// program; and the built page (dist/man/hvsched.1, written by the build as by the test suite's
// global setup) is roff that man renders without a warning.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { COMPLETION_SERVER } from '../../src/cli/completion.js';
import { commandLine, EXAMPLES } from '../../src/cli/examples.js';
import { processIo } from '../../src/cli/io.js';
import { manualMarkdown } from '../../src/cli/manual.js';
import { createProgram } from '../../src/cli/program.js';

const program = createProgram(processIo());
const markdown = manualMarkdown(program);
const PAGE = 'dist/man/hvsched.1';
const commands = program.commands.filter((c) => c.name() !== COMPLETION_SERVER);

describe('the man page text', () => {
  test('opens with the name line marked-man reads the page header from', () => {
    expect(markdown).toMatch(/^# hvsched\(1\) -- Discrete-event simulator of Microsoft Hypervisor CPU scheduling/);
  });

  test.each(commands.map((c) => [c.name(), c] as const))('has a section for %s with each of its options', (_, command) => {
    expect(markdown).toContain(`### hvsched ${command.name()}`);
    for (const option of command.options) expect(markdown).toContain(`\`${option.flags}\``);
  });

  test.each(Object.values(EXAMPLES).flat().map((e) => [commandLine(e), e] as const))('shows the example %s', (line, example) => {
    expect(markdown).toContain(`# ${example.says}\n${line}\n`);
  });

  test('leaves out the command only the completion scripts call', () => {
    expect(markdown).not.toContain(COMPLETION_SERVER);
  });
});

/** The renderer `man -l` uses, else groff itself; null if neither is installed. */
function renderer(): string[] | null {
  for (const candidate of [['man', '-l'], ['groff', '-man', '-Tutf8']]) {
    if (spawnSync('sh', ['-c', `command -v ${candidate[0]}`]).status === 0) return candidate;
  }
  return null;
}

describe('the built page', () => {
  const roff = readFileSync(PAGE, 'utf8');
  const render = renderer();

  test('is ASCII roff with the man macros, its version in the footer', () => {
    expect(roff).toMatch(/^\.TH "HVSCHED" "1" "[A-Z][a-z]+ \d{4}" "hvsched \d+\.\d+\.\d+" "hvsched manual"\n/);
    expect(roff).toMatch(/^[\x00-\x7f]*$/);
  });

  test.skipIf(render === null)('renders with man (or groff), without a warning, every section and command in it', () => {
    const [command, ...args] = render!;
    const run = spawnSync(command!, [...args, PAGE], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8', MANWIDTH: '80', MANPAGER: 'cat', PAGER: 'cat' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const shown = run.stdout.replace(/.\x08/g, '');
    for (const heading of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'COMMANDS', 'EXAMPLES', 'EXIT STATUS', 'ENVIRONMENT']) expect(shown).toMatch(new RegExp(`^${heading}$`, 'm'));
    for (const c of commands) expect(shown).toContain(`hvsched ${c.name()}`);
    expect(shown).toContain('hvsched run l1vh-minimal --mode core --timeline 0ms..40ms');
    expect(shown).toContain('(1–100,');
  });
});
