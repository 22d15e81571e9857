// A sweep checks its cells as plain data, not as text: the same scenario, or the same issues
// without a line and column, as the file would give.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseScenario, parseScenarioData } from '../../src/scenario/index.js';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');
const bundled = readdirSync(dir).filter((name) => name.endsWith('.yaml'));

describe('a scenario checked as data', () => {
  test.each(bundled)('%s resolves to what its file does', (name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    const overrides = { seed: '7', duration: '1s' };
    const fromText = parseScenario(text, name, overrides);
    expect(fromText.ok).toBe(true);
    expect(parseScenarioData(parse(text), name, overrides)).toEqual(fromText);
  });

  test('has the issues its file has, with no position', () => {
    const text = 'host: { cores: 0 }\npartitions:\n  - { name: g, kind: guest, vps: 1, workload: busy, weight: 20000 }\n';
    const fromText = parseScenario(text, 'bad.yaml', { seed: 'x' });
    const fromData = parseScenarioData(parse(text), 'bad.yaml', { seed: 'x' });
    expect(fromText.ok || fromData.ok).toBe(false);
    if (fromText.ok || fromData.ok) return;
    expect(fromText.issues.length).toBeGreaterThanOrEqual(3);
    expect(fromData.issues).toEqual(fromText.issues.map((issue) => ({ ...issue, line: null, col: null })));
  });
});
