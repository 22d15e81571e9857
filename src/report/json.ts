import type { ScenarioResult } from '../metrics/result.js';

/** The MODEL.md §8 document; two-space indented, one trailing newline. */
export function renderJson(result: ScenarioResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
