// docs/format.md is the scenario file's reference: its complete example is a valid scenario, and
// it names every key the schema accepts and every metric `expect` knows, so a new key or metric
// fails here until the page documents it.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { EXPECT_METRICS } from '../../src/model/scenario.js';
import { parseScenario, scenarioJsonSchema } from '../../src/scenario/index.js';

const PAGE = readFileSync('docs/format.md', 'utf8');

function keysOf(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) {
    for (const item of schema) keysOf(item, into);
  } else if (typeof schema === 'object' && schema !== null) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value)) into.add(name);
      }
      keysOf(value, into);
    }
  }
  return into;
}

test('the complete example of docs/format.md is a valid scenario', () => {
  const example = /### A complete example[\s\S]*?```yaml\n([\s\S]*?)```/.exec(PAGE)?.[1];
  expect(example).toBeDefined();
  const loaded = parseScenario(example!, 'docs/format.md');
  expect(loaded.ok ? [] : loaded.issues).toEqual([]);
});

test.each([...keysOf(scenarioJsonSchema())].sort())('docs/format.md documents the key %s', (key) => {
  expect(PAGE).toContain(`\`${key}\``);
});

test.each(Object.keys(EXPECT_METRICS))('docs/format.md documents the metric %s', (metric) => {
  expect(PAGE).toMatch(new RegExp(`^\\| \`${metric}\` \\|`, 'm'));
});
