import { expect } from 'vitest';
import type { Scenario } from '../../src/model/scenario.js';
import { formatIssue, parseScenario, type Overrides } from '../../src/scenario/index.js';

export const FILE = 'scenarios/test.yaml';

export function load(text: string, overrides: Overrides = {}): Scenario {
  const result = parseScenario(text, FILE, overrides);
  if (!result.ok) expect.fail(`expected a valid scenario, got:\n${result.issues.map(formatIssue).join('\n')}`);
  return result.scenario;
}

export function issueLines(text: string, overrides: Overrides = {}): string[] {
  const result = parseScenario(text, FILE, overrides);
  if (result.ok) expect.fail('expected issues, got a valid scenario');
  return result.issues.map(formatIssue);
}

/** A scenario whose only partition is a guest with the given extra flow-map keys. */
export const guestWith = (extra: string, host = '{ cores: 4 }'): string =>
  `host: ${host}\npartitions:\n  - { name: vm, kind: guest, vps: 2, workload: busy${extra} }\n`;
