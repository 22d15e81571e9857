// Golden files of what people and programs read: the table, the CSV and the terminal timeline of
// two small bundled scenarios. A change in any of them must be looked at and accepted by
// regenerating with UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';

const SCENARIOS = ['smt-sharing', 'l1vh-minimal'] as const;
const VIEWS = {
  table: [],
  csv: ['--format', 'csv'],
  timeline: ['--timeline', '0ms..40ms'],
} as const satisfies Record<string, readonly string[]>;

describe.each(SCENARIOS)('golden output of scenarios/%s.yaml', (scenario) => {
  test.each(Object.keys(VIEWS) as (keyof typeof VIEWS)[])('%s', async (view) => {
    const file = `scenarios/${scenario}.yaml`;
    const run = await cli(['run', file, ...VIEWS[view]], { [file]: readFileSync(file, 'utf8') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const golden = `test/golden/${scenario}.${view}.txt`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, run.stdout);
    expect(existsSync(golden), `${golden} is missing: create it with UPDATE_GOLDEN=1`).toBe(true);
    expect(run.stdout).toBe(readFileSync(golden, 'utf8'));
  });
});
