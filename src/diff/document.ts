// A result document read back from its text (what `hvsched run --format json` wrote), checked
// for the fields the measures read, so a wrong file is one line naming where it went wrong,
// never a crash deep inside a measure.
import * as z from 'zod';
import type { ScenarioResult } from '../metrics/result.js';
import { MODES } from '../model/scenario.js';
import { RESULT_FORMAT } from '../report/json.js';
import { formatPath, type PathSegment } from '../scenario/issue.js';
import { expecting, listAnd } from '../scenario/message.js';
import { readSource } from '../scenario/source.js';
import { jsonSyntaxError, positionOf } from '../scenario/json-syntax.js';

export type DocumentRead = { readonly ok: true; readonly result: ScenarioResult } | { readonly ok: false; readonly message: string };

const WHAT = 'not a result of `hvsched run --format json`';

// Objects stay open: the document only ever gains keys (result.ts), and an older hvsched must
// still compare a newer document's measures. A document from before formatVersion 1 left out
// the keys that did not apply; they read as null, as a newer document writes them.
const map = <S extends z.core.$ZodLooseShape>(shape: S, what = 'a map') => z.looseObject(shape, { error: expecting(what) });
const orNull = <T extends z.core.SomeType>(schema: T) => z.nullable(schema).default(null);
const list = <T extends z.core.SomeType>(item: T) => z.array(item, { error: expecting('a list') });
const nanos = z.number({ error: expecting('a number of nanoseconds') }).nonnegative();
const number = z.number({ error: expecting('a number') });
const text = z.string({ error: expecting('a string') });

const percentiles = map({ p99Ns: nanos });
const latency = orNull(map({ wakeup: percentiles, response: percentiles }));

const partition = map({
  name: text,
  kind: z.enum(['root', 'guest', 'l1vh', 'child'], { error: expecting('root, guest, l1vh or child') }),
  parent: orNull(text),
  runNs: nanos,
  stealNs: nanos,
  idleNs: nanos,
  reportedStealNs: nanos,
  stealShare: number,
  outsideCpusetNs: orNull(nanos),
  vps: list(map({ runNs: nanos, stealNs: nanos, idleNs: nanos, latency })),
  threads: orNull(list(map({ name: text, runNs: nanos, waitNs: nanos, stolenNs: nanos, latency }))),
  cgroups: orNull(list(map({ name: text, cpuNs: nanos, cpus: number, outsideCpusetNs: nanos, cpuset: list(number).nullable() }))),
});

const run = map({
  mode: z.enum(MODES, { error: expecting(`a mode: ${listAnd([...MODES])}`) }),
  l1vhScheduler: orNull(z.enum(['core', 'root'], { error: expecting('core or root') })),
  gate: z.unknown().default(null),
  partitions: list(partition),
  lps: list(map({ forcedIdleNs: nanos.nullable(), mixedNs: nanos.nullable() })),
  host: map({ utilisation: number, usableLps: number }),
});

const document = map(
  {
    scenario: map({ name: text, seed: number, durationNs: z.number({ error: expecting('a positive number of nanoseconds') }).positive() }),
    runs: list(run),
  },
  'a map with `scenario` and `runs`',
);

export function readResultDocument(source: string, file: string): DocumentRead {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const syntax = jsonSyntaxError(source);
    if (syntax === null) return { ok: false, message: `${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
    const { line, col } = positionOf(source, syntax.offset);
    return { ok: false, message: `${file}:${line}:${col}: invalid JSON: ${syntax.message}` };
  }
  if (typeof value === 'object' && value !== null && 'format' in value && typeof value.format === 'string' && value.format !== RESULT_FORMAT) {
    return { ok: false, message: `${file}: ${WHAT}: it is a ${JSON.stringify(value.format)} document` };
  }
  const checked = document.safeParse(value);
  if (checked.success) {
    // Loose objects keep the keys the schema does not name: the measures may read any of them.
    return { ok: true, result: checked.data as unknown as ScenarioResult };
  }
  const [first, ...others] = checked.error.issues;
  const path = (first?.path ?? []).filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  const more = others.length === 0 ? '' : ` (and ${others.length} more problem${others.length === 1 ? '' : 's'})`;
  const where = path.length === 0 ? '' : `${formatPath(path)}: `;
  return { ok: false, message: `${file}${located(source, file, path)}: ${WHAT}: ${where}${first?.message ?? 'unexpected shape'}${more}` };
}

/** `:line:col` of the value at `path`, found again through the YAML parser, which keeps positions. */
function located(source: string, file: string, path: readonly PathSegment[]): string {
  const read = readSource(source, file);
  if (!read.ok) return '';
  const { line, col } = read.source.locate(path);
  return `:${line}:${col}`;
}
