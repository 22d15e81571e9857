import type { ScenarioResult } from '../metrics/result.js';
import { VERSION } from '../model/version.js';

/** Names this document's layout; bumped only if a MODEL.md §8 field ever changes meaning. */
export const RESULT_FORMAT = 'hvsched-result/1';

/**
 * The revision of the result's layout, in JSON and in every CSV table alike: one more whenever a
 * key, a column or a table is added, or a value gains a form it did not have (docs/results.md,
 * "Versions"). A reader that knows revision n reads any later one of the same `format`.
 */
export const RESULT_FORMAT_VERSION = 1;

/** The MODEL.md §8 document, headed by its format and the version of hvsched that wrote it; two-space indented, one trailing newline. */
export function renderJson(result: ScenarioResult): string {
  return `${JSON.stringify({ format: RESULT_FORMAT, formatVersion: RESULT_FORMAT_VERSION, hvsched: VERSION, ...result }, null, 2)}\n`;
}
