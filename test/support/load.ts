// Scenarios written as users write them, in YAML, for tests of whole modes.
import type { Scenario } from '../../src/model/scenario.js';
import { formatIssue, parseScenario } from '../../src/scenario/index.js';

export function scenarioFrom(yaml: string): Scenario {
  const loaded = parseScenario(yaml, 'test.yaml');
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.scenario;
}
