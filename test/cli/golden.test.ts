// Golden files of what people and programs read: the table, the CSV (every table), the JSON and
// the terminal timeline of two small bundled scenarios, and `explain` of the demo. A change in any of them must be looked at and accepted by
// regenerating with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CSV_TABLE_NAMES } from '../../src/report/csv.js';
import { cli } from '../support/cli.js';

const SCENARIOS = ['smt-sharing', 'l1vh-minimal'] as const;
const VIEWS = {
  table: [],
  csv: ['--format', 'csv'],
  json: ['--format', 'json'],
  ...Object.fromEntries(CSV_TABLE_NAMES.map((table) => [`csv-${table}`, ['--format', 'csv', '--table', table]])),
  timeline: ['--timeline', '0ms..40ms'],
} as const satisfies Record<string, readonly string[]>;

function expectGolden(golden: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
  expect(existsSync(golden), `${golden} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
  expect(text).toBe(readFileSync(golden, 'utf8'));
}

describe.each(SCENARIOS)('golden output of scenarios/%s.yaml', (scenario) => {
  test.each(Object.keys(VIEWS) as (keyof typeof VIEWS)[])('%s', async (view) => {
    const file = `scenarios/${scenario}.yaml`;
    const run = await cli(['run', file, ...VIEWS[view]], { [file]: readFileSync(file, 'utf8') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectGolden(`test/golden/${scenario}.${view}.txt`, run.stdout);
  });
});

test('golden output of explain scenarios/default.yaml', async () => {
  const file = 'scenarios/default.yaml';
  const run = await cli(['explain', file], { [file]: readFileSync(file, 'utf8') });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expectGolden('test/golden/default.explain.txt', run.stdout);
});
