// docs/results.md is the reference of what hvsched writes for programs: it lists the first CSV
// table's columns and every tidy table's, and every key the result document may have as null,
// so a new column or a new null fails here until the page documents it.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CSV_COLUMNS, CSV_TABLE_NAMES, csvColumns } from '../../src/report/csv.js';
import { RESULT_FORMAT, RESULT_FORMAT_VERSION } from '../../src/report/json.js';

const PAGE = readFileSync('docs/results.md', 'utf8');

test('docs/results.md lists the first table\'s columns in order', () => {
  const listed = /### The first table[\s\S]*?\n\n`(scenario,[^`]*)`/.exec(PAGE)?.[1];
  expect(listed?.split(/,\s*/)).toEqual([...CSV_COLUMNS]);
});

test.each(CSV_TABLE_NAMES)('docs/results.md documents every column of --table %s', (table) => {
  const tidy = PAGE.slice(PAGE.indexOf('### Tidy tables'));
  const row = new RegExp(`^\\| \`${table}\` \\|.*$`, 'm').exec(tidy)?.[0];
  expect(row).toBeDefined();
  const documented = new Set([...row!.matchAll(/`([^`]+)`/g)].flatMap((match) => match[1]!.split(/,\s*/)));
  const missing = csvColumns(table).slice(5).filter((column) => !documented.has(column));
  expect(missing).toEqual([]);
  expect(PAGE).toContain('`formatVersion, scenario, seed, durationNs, mode`');
});

test('docs/results.md names the current format and formatVersion', () => {
  expect(PAGE).toContain(`| \`format\` | \`"${RESULT_FORMAT}"\` |`);
  expect(PAGE).toContain(`| \`formatVersion\` | \`${RESULT_FORMAT_VERSION}\` |`);
});
