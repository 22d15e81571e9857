// Every command's --help ends with examples, and every example it shows runs as shown on the
// bundled scenarios, in order (a later example may read a file an earlier one wrote).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { processIo } from '../../src/cli/io.js';
import { COMPLETION_SERVER } from '../../src/cli/completion.js';
import { cli } from '../support/cli.js';

const bundled = Object.fromEntries(
  readdirSync('scenarios')
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [`scenarios/${file}`, readFileSync(`scenarios/${file}`, 'utf8')]),
);

const program = createProgram(processIo());
const commands = [
  { name: 'hvsched', argv: ['--help'] },
  ...program.commands.filter((c) => c.name() !== COMPLETION_SERVER).map((c) => ({ name: c.name(), argv: [c.name(), '--help'] })),
];

/** The command lines after "Examples:", without the prompt and any redirection. */
function examplesOf(help: string): string[][] {
  const section = help.split('\nExamples:\n')[1] ?? '';
  return [...section.matchAll(/^ {2}\$ hvsched (.*)$/gm)].map((match) => match[1]!.replace(/ > \S+$/, '').split(' '));
}

test('every command but the completion scripts\' own has help', () => {
  expect(commands.map((c) => c.name)).toEqual(['hvsched', 'run', 'explain', 'sweep', 'validate', 'check', 'scenarios', 'gate', 'diff', 'schema', 'completion']);
});

describe.each(commands)('hvsched $argv', ({ argv }) => {
  test('ends with an Examples section of at least one example', async () => {
    const help = await cli(argv);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\nExamples:\n( {2}\$ hvsched .+\n {6}\S.+\n)+$/);
  });

  test('shows examples that run as shown, each exiting 0 with nothing on stderr', async () => {
    const examples = examplesOf((await cli(argv)).stdout);
    expect(examples.length).toBeGreaterThan(0);
    const files: Record<string, string> = { ...bundled };
    for (const words of examples) {
      for (const word of words) expect(word, 'an example needs no quoting').toMatch(/^[\w.,:=/+-]+$/);
      const run = await cli(words, files);
      expect({ words, code: run.code, stderr: run.stderr }).toEqual({ words, code: 0, stderr: '' });
      expect(run.stdout.length + run.files.size).toBeGreaterThan(0);
      Object.assign(files, Object.fromEntries(run.files));
    }
  });
});

test('an unknown option in an example would fail: the check can fail', async () => {
  const run = await cli(['run', 'default', '--moode', 'core'], bundled);
  expect(run.code).toBe(2);
});
