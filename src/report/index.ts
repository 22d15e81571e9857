// Renderers are pure functions from a result to text, chosen from this table by `--format`.
import type { ScenarioResult } from '../metrics/result.js';
import { renderComparisonTable } from './comparison-table.js';
import { renderCsv, type CsvTable } from './csv.js';
import { renderJson } from './json.js';
import { renderTable, type Painter } from './table.js';

export interface RenderOptions {
  readonly paint: Painter;
  /** `--table`: the tidy CSV table to write; null for the first table. */
  readonly table: CsvTable | null;
}

export const RENDERERS = {
  // Several modes side by side; one mode in detail.
  table: (result, options) => (result.runs.length > 1 ? renderComparisonTable(result, options) : renderTable(result, options)),
  json: (result) => renderJson(result),
  csv: (result, options) => renderCsv(result, options.table),
} as const satisfies Record<string, (result: ScenarioResult, options: RenderOptions) => string>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
export { CSV_TABLE_NAMES, type CsvTable } from './csv.js';
export type { Painter };
