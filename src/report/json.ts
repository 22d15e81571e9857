import type { ScenarioResult } from '../metrics/result.js';
import { VERSION } from '../model/version.js';

/** Names this document's layout; bumped only if a MODEL.md §8 field ever changes meaning. */
export const RESULT_FORMAT = 'hvsched-result/1';

/** The MODEL.md §8 document, headed by its format and the version of hvsched that wrote it; two-space indented, one trailing newline. */
export function renderJson(result: ScenarioResult): string {
  return `${JSON.stringify({ format: RESULT_FORMAT, hvsched: VERSION, ...result }, null, 2)}\n`;
}
