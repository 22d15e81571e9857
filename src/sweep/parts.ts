// Sharded sweeps: `--shard i/n` runs every n-th cell and writes a part; `sweep merge` joins the
// parts of one sweep into the document one run would have written, byte for byte. Parts of
// different sweeps (scenario, parameters, metrics, modes, seeds) or an incomplete set are refused.
import type { Shard } from './run.js';
import { SWEEP_FORMAT, type SweepCell, type SweepResult } from './result.js';

export const SWEEP_PART_FORMAT = 'hvsched-sweep-part/1';

interface SweepPart {
  readonly format: typeof SWEEP_PART_FORMAT;
  readonly shard: Shard;
  /** Cells of the whole sweep, so merge knows when every one is there. */
  readonly cellCount: number;
  readonly sweep: SweepResult;
}

export function renderSweepPart(result: SweepResult, shard: Shard, cellCount: number): string {
  const part: SweepPart = { format: SWEEP_PART_FORMAT, shard, cellCount, sweep: result };
  return `${JSON.stringify(part, null, 2)}\n`;
}

export type MergeResult = { readonly ok: true; readonly result: SweepResult } | { readonly ok: false; readonly errors: readonly string[] };

export function mergeSweepParts(files: readonly { readonly path: string; readonly text: string }[]): MergeResult {
  const errors: string[] = [];
  const parts: { path: string; part: SweepPart }[] = [];
  for (const { path, text } of files) {
    const part = readPart(text);
    if (typeof part === 'string') errors.push(`${path}: ${part}`);
    else parts.push({ path, part });
  }
  if (errors.length > 0) return { ok: false, errors };
  const first = parts[0]!;
  const header = sweepHeaderText(first.part.sweep);
  for (const { path, part } of parts.slice(1)) {
    if (sweepHeaderText(part.sweep) !== header || part.cellCount !== first.part.cellCount) {
      errors.push(`${path}: a part of another sweep than ${first.path} (${differences(first.part, part)})`);
    } else if (part.shard.count !== first.part.shard.count) {
      errors.push(`${path}: shard ${part.shard.index}/${part.shard.count}, but ${first.path} is of ${first.part.shard.count} shards`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const count = first.part.shard.count;
  const seen = new Map<number, string>();
  for (const { path, part } of parts) {
    const before = seen.get(part.shard.index);
    if (before !== undefined) errors.push(`${path}: shard ${part.shard.index}/${count} again (also ${before})`);
    seen.set(part.shard.index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) errors.push(`sweep merge: missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  if (errors.length > 0) return { ok: false, errors };
  const cells: SweepCell[] = parts.flatMap(({ part }) => part.sweep.cells).sort((a, b) => a.cell - b.cell);
  return { ok: true, result: { ...first.part.sweep, cells } };
}

function readPart(text: string): SweepPart | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not a sweep part: not JSON (write parts with --shard i/n --format json)';
  }
  const part = value as Partial<SweepPart> | null;
  if (typeof part !== 'object' || part === null || part.format !== SWEEP_PART_FORMAT) {
    const format = typeof part === 'object' && part !== null && 'format' in part ? ` (its format is ${JSON.stringify(part.format)})` : '';
    return `not a sweep part: expected format ${JSON.stringify(SWEEP_PART_FORMAT)}${format}`;
  }
  const { shard, cellCount, sweep } = part;
  if (
    typeof shard?.index !== 'number' ||
    typeof shard.count !== 'number' ||
    typeof cellCount !== 'number' ||
    sweep?.format !== SWEEP_FORMAT ||
    !Array.isArray(sweep.cells)
  ) {
    return 'a damaged sweep part: expected shard, cellCount and sweep with its cells';
  }
  return part as SweepPart;
}

function sweepHeaderText(result: SweepResult): string {
  const { cells: _cells, ...header } = result;
  return JSON.stringify(header);
}

/** What tells two sweeps apart, for the refusal. */
function differences(a: SweepPart, b: SweepPart): string {
  const keys = ['scenario', 'parameters', 'modes', 'metrics', 'seeds'] as const;
  const differing = keys.filter((key) => JSON.stringify(a.sweep[key]) !== JSON.stringify(b.sweep[key]));
  if (a.cellCount !== b.cellCount) differing.push('cellCount' as never);
  return `they differ in ${differing.join(', ')}`;
}
