// A small fuzz run in every `npm test`: 300 mutants of the bundled scenarios through the CLI
// in-process, a few through the built binary. `npm run fuzz` runs 20,000 (test/fuzz/main.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXTREME_DURATIONS, mutant, NASTY_STRINGS } from './mutate.js';
import { formatFinding, fuzzBinary, fuzzInProcess, judge, MAX_LINE, type Finding } from './oracle.js';
import { bundledSeeds } from './seeds.js';

const SEED = 20261202;
const COUNT = 300;
const BINARY_COUNT = 6;
const seeds = bundledSeeds(process.cwd());
const dir = mkdtempSync(join(tmpdir(), 'hvsched-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mutants', () => {
  test('are the same for the same seed and index, whatever else is drawn', () => {
    const again = mutant(seeds, SEED, 7);
    expect(mutant(seeds, SEED, 7)).toEqual(again);
    expect(mutant(seeds, SEED + 1, 7).bytes).not.toEqual(again.bytes);
  });

  test('cover every mutation family', () => {
    const families = new Set(Array.from({ length: COUNT }, (_, index) => mutant(seeds, SEED, index).steps.map((step) => step.split(' ')[0])).flat());
    expect([...families].sort()).toEqual(
      ['alias', 'bom', 'crlf', 'delete', 'duplicate', 'duration', 'flip', 'json', 'merge', 'number', 'retype', 'truncate', 'unicode', 'yaml11'].sort(),
    );
    expect(EXTREME_DURATIONS).toContain('+5ms');
    expect(NASTY_STRINGS).toContain('\u001b[31mred');
  });
});

describe('the oracle', () => {
  const ok = { code: 2, stdout: '', stderr: 'x.yaml:1:1: host: missing required key\n', ms: 1 };
  test.each([
    ['an internal error', { ...ok, code: 1 }, 'exit 1'],
    ['a stack trace', { ...ok, stderr: 'Error: x\n    at parse (file.js:1:2)\n' }, 'a stack trace on stderr'],
    ['a Node warning', { ...ok, stderr: '(node:12) Warning: Keys with collection values will be stringified\n' }, 'a Node warning on stderr'],
    ['a control character', { ...ok, stderr: 'x.yaml: name "\u001b[31m"\n' }, 'a control character in "x.yaml: name \\"\\u001b[31m\\""'],
    ['a long line', { ...ok, stderr: `${'x'.repeat(MAX_LINE + 1)}\n` }, `an error line of ${MAX_LINE + 1} characters`],
    ['stdout for a rejected file', { ...ok, stdout: '{}' }, 'stdout output for a rejected file (validate)'],
    ['a timeout', { ...ok, code: null, ms: 30_000 }, 'took 30000 ms'],
    ["zod's wording", { ...ok, stderr: 'x.yaml:1:1: kind: Invalid input: expected "child"\n' }, 'a library\'s wording in ": Invalid input"'],
  ])('fails on %s', (_label, outcome, problem) => {
    expect(judge(outcome, 'validate')).toContain(problem);
  });

  test('passes a clean refusal and a clean success', () => {
    expect(judge(ok, 'validate')).toEqual([]);
    expect(judge({ code: 0, stdout: 'ok\n', stderr: '', ms: 1 }, 'validate')).toEqual([]);
  });
});

test(`${COUNT} mutants of the bundled scenarios are refused or run cleanly, the same way twice`, async () => {
  const findings: Finding[] = [];
  for (let index = 0; index < COUNT; index++) findings.push(...(await fuzzInProcess(mutant(seeds, SEED, index))));
  expect(findings.map(formatFinding)).toEqual([]);
});

test(`${BINARY_COUNT} mutants through the built binary: no Node warning, no stack trace`, () => {
  const binary = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
  const findings: Finding[] = [];
  for (let index = 0; index < BINARY_COUNT; index++) findings.push(...fuzzBinary(mutant(seeds, SEED, index * 37), dir, binary));
  expect(findings.map(formatFinding)).toEqual([]);
});
