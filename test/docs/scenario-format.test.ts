// docs/scenario-format.md is the scenario file's reference: its key tables are generated from the
// schema's descriptions (scripts/scenario-format.ts), so the checked-in page must be what the
// generator makes of it now; UPDATE_DOCS=1 rewrites it (then read the diff before committing).
// Its prose must name every metric `expect` knows, and its complete example must be valid.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EXPECT_METRICS } from '../../src/model/scenario.js';
import { parseScenario, scenarioJsonSchema } from '../../src/scenario/index.js';
import { blockNames, fill, generatedTables, keyRows, typeName, type SchemaNode } from '../../scripts/scenario-format.js';

const PAGE_PATH = 'docs/scenario-format.md';
const PAGE = readFileSync(PAGE_PATH, 'utf8');
const schema = scenarioJsonSchema() as SchemaNode;

function keysOf(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) keysOf(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value)) into.add(name);
      }
      keysOf(value, into);
    }
  }
  return into;
}

test(`${PAGE_PATH} is what the schema's descriptions make of it`, () => {
  const generated = fill(PAGE, schema);
  if (process.env.UPDATE_DOCS === '1') writeFileSync(PAGE_PATH, generated);
  expect(PAGE).toBe(generated);
});

test(`${PAGE_PATH} has every generated table, each once`, () => {
  expect(blockNames(PAGE).sort()).toEqual(Object.keys(generatedTables(schema)).sort());
});

test.each([...keysOf(schema)].sort())(`${PAGE_PATH} documents the key %s`, (key) => {
  // In the first column of a key table, or the second of the workloads'.
  expect(PAGE).toMatch(new RegExp(`^\\|(?: [^|]* \\|)? \`${key.replace('$', '\\$')}\` \\|`, 'm'));
});

test.each(Object.keys(EXPECT_METRICS))(`${PAGE_PATH} documents the metric %s`, (metric) => {
  expect(PAGE).toMatch(new RegExp(`^\\| \`${metric}\` \\|`, 'm'));
});

test(`the complete example of ${PAGE_PATH} is a valid scenario`, () => {
  const example = /## A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(PAGE)?.[1];
  expect(example).toBeDefined();
  const loaded = parseScenario(example!, PAGE_PATH);
  expect(loaded.ok ? [] : loaded.issues).toEqual([]);
});

describe('the generator', () => {
  test('splits a description into its meaning and its default, and marks required keys', () => {
    const map: SchemaNode = {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'integer', minimum: 1, maximum: 8, description: 'Cores.' },
        b: { type: 'boolean', description: 'Whether it does. Default: false.' },
      },
    };
    expect(keyRows(map)).toEqual([
      { key: 'a', type: 'integer 1–8', default: 'required', meaning: 'Cores.' },
      { key: 'b', type: 'boolean', default: 'false', meaning: 'Whether it does.' },
    ]);
  });

  test.each([
    ['an optional key without a default', { type: 'object', properties: { b: { type: 'boolean', description: 'Whether.' } } }, /optional key b states no default/],
    ['a key without a description', { type: 'object', required: ['a'], properties: { a: { type: 'boolean' } } }, /the key a has no description/],
  ])('refuses %s', (_, map, message) => {
    expect(() => keyRows(map as SchemaNode)).toThrow(message);
  });

  test.each<[SchemaNode, string]>([
    [{ title: 'duration', type: 'string' }, 'duration'],
    [{ type: 'number', exclusiveMinimum: 0, maximum: 100 }, 'number > 0, ≤ 100'],
    [{ type: 'array', minItems: 1, items: { title: 'core index', type: 'integer' } }, 'non-empty list of core indices'],
    [{ anyOf: [{ type: 'array', items: { title: 'workload' } }, { title: 'workload' }] }, 'list of workloads or workload'],
    [{ type: 'object', propertyNames: { title: 'name' }, additionalProperties: { title: 'cgroup' } }, 'map of name → cgroup'],
    [{ type: 'string', const: 'root' }, '`"root"`'],
  ])('names the type of %j: %s', (node, name) => {
    expect(typeName(node)).toBe(name);
  });

  test('refuses a page with a block it does not know', () => {
    expect(() => fill('<!-- generated: nonsense -->\n<!-- end -->', schema)).toThrow(/no generated table is named nonsense/);
  });
});
