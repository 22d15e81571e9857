// Two result documents compared measure by measure: per mode both ran, per partition (matched by
// name) the numbers the comparison view shows, and the host's and each cgroup's, each measured
// by metrics/measures.ts as `hvsched check` measures it, so a diff and a check never disagree.
import { measure } from '../metrics/measures.js';
import type { PartitionResult, RunResult, ScenarioResult } from '../metrics/result.js';
import { EXPECT_METRICS, type ExpectMetric, type ExpectTarget, type Mode } from '../model/scenario.js';
import type { Thresholds } from './threshold.js';

export const DIFF_FORMAT = 'hvsched-diff/1';

/** What a partition's block shows, in the comparison view's order. */
export const PARTITION_MEASURES = [
  'cpuShare',
  'stealShare',
  'reportedStealShare',
  'waitShare',
  'stolenShare',
  'wakeupP99Ns',
  'responseP99Ns',
  'outsideCpusetShare',
] as const satisfies readonly ExpectMetric[];
export const HOST_MEASURES = ['utilisation', 'forcedIdleShare', 'mixedShare'] as const satisfies readonly ExpectMetric[];
export const CGROUP_MEASURES = ['cpus'] as const satisfies readonly ExpectMetric[];
export type DiffMeasure = (typeof PARTITION_MEASURES)[number] | (typeof HOST_MEASURES)[number] | (typeof CGROUP_MEASURES)[number];

export type DiffUnit = (typeof EXPECT_METRICS)[DiffMeasure]['unit'];

export interface DiffSide {
  readonly file: string;
  readonly scenario: ScenarioResult['scenario'];
  readonly modes: readonly Mode[];
}

export interface DiffPartition {
  readonly name: string;
  readonly kind: PartitionResult['kind'];
  readonly parent: string | null;
  /** Which documents have it. */
  readonly in: 'both' | 'a' | 'b';
}

export interface DiffRow {
  readonly mode: Mode;
  /** null: the host. */
  readonly partition: string | null;
  /** A cgroup of the partition's OS, or null for the partition itself. */
  readonly cgroup: string | null;
  readonly measure: DiffMeasure;
  /** share (0–1), cpus, or ns. */
  readonly unit: DiffUnit;
  /** null where the document has no such value (no such partition, no bursts, no threads). */
  readonly a: number | null;
  readonly b: number | null;
  /** b − a, in the unit; null when a side has no value. */
  readonly change: number | null;
  /** Durations: b / a (1 when both are 0); null for other units, a missing side, or a = 0 < b. */
  readonly factor: number | null;
  /** The change is over `--threshold` (or over `--fail-over`, which always shows). */
  readonly marked: boolean;
  /** The change is over `--fail-over`. */
  readonly failed: boolean;
}

export interface Diff {
  readonly format: typeof DIFF_FORMAT;
  readonly a: DiffSide;
  readonly b: DiffSide;
  readonly threshold: Thresholds;
  readonly failOver: Thresholds;
  readonly modes: { readonly compared: readonly Mode[]; readonly onlyInA: readonly Mode[]; readonly onlyInB: readonly Mode[] };
  readonly partitions: readonly DiffPartition[];
  readonly rows: readonly DiffRow[];
  readonly summary: { readonly marked: number; readonly failed: number };
}

export interface DiffInput {
  readonly file: string;
  readonly result: ScenarioResult;
}

export interface DiffOptions {
  readonly threshold: Thresholds;
  readonly failOver: Thresholds;
  /** Compare only these of the modes both documents ran. */
  readonly modes: readonly Mode[];
}

/** Changes this close to a threshold count as on it, not over: shares are floating-point ratios. */
const EPSILON = 1e-9;

export function diffResults(a: DiffInput, b: DiffInput, options: DiffOptions): Diff {
  const modesOf = (input: DiffInput): Mode[] => input.result.runs.map((run) => run.mode);
  const [modesA, modesB] = [modesOf(a), modesOf(b)];
  const compared = modesA.filter((mode) => modesB.includes(mode) && options.modes.includes(mode));
  const partitions = matchPartitions(a.result, b.result);
  const rows = compared.flatMap((mode) => {
    const runA = a.result.runs.find((run) => run.mode === mode)!;
    const runB = b.result.runs.find((run) => run.mode === mode)!;
    const value = (input: DiffInput, run: RunResult, target: ExpectTarget, metric: DiffMeasure): number | null => {
      const measured = measure(run, target, metric, input.result.scenario.durationNs);
      return typeof measured === 'number' ? measured : null;
    };
    const row = (partition: string | null, cgroup: string | null, metric: DiffMeasure): DiffRow | null => {
      const target: ExpectTarget =
        partition === null ? { kind: 'host' } : cgroup === null ? { kind: 'partition', partition } : { kind: 'cgroup', partition, cgroup };
      const values = [value(a, runA, target, metric), value(b, runB, target, metric)] as const;
      return values[0] === null && values[1] === null ? null : rowOf(mode, partition, cgroup, metric, values, options);
    };
    return [
      ...partitions.flatMap((p) => [
        ...PARTITION_MEASURES.map((metric) => row(p.name, null, metric)),
        ...cgroupNames(runA, runB, p.name).flatMap((cgroup) => CGROUP_MEASURES.map((metric) => row(p.name, cgroup, metric))),
      ]),
      ...HOST_MEASURES.map((metric) => row(null, null, metric)),
    ].filter((r): r is DiffRow => r !== null);
  });
  return {
    format: DIFF_FORMAT,
    a: sideOf(a),
    b: sideOf(b),
    threshold: options.threshold,
    failOver: options.failOver,
    modes: { compared, onlyInA: modesA.filter((m) => !modesB.includes(m)), onlyInB: modesB.filter((m) => !modesA.includes(m)) },
    partitions,
    rows,
    summary: { marked: rows.filter((r) => r.marked).length, failed: rows.filter((r) => r.failed).length },
  };
}

/**
 * How far past its threshold a change went: 1 is on it, 2 twice as far. Durations count by
 * orders of the factor (×2.25 is twice as far past ×1.5 as ×1.5 itself), so every kind of
 * change can be ranked against the others.
 */
export function excess(row: DiffRow, thresholds: Thresholds): number {
  if (row.a === null || row.b === null) return 0;
  if (row.unit === 'ns') {
    const limit = thresholds.factor;
    if (limit === null) return 0;
    const [low, high] = row.a < row.b ? [row.a, row.b] : [row.b, row.a];
    if (high === low) return 0;
    if (low === 0) return Infinity;
    return limit === 1 ? Infinity : Math.log(high / low) / Math.log(limit);
  }
  const limit = row.unit === 'share' ? thresholds.share : thresholds.cpus;
  if (limit === null) return 0;
  const change = Math.abs(row.b - row.a);
  if (change <= EPSILON) return 0;
  return limit === 0 ? Infinity : change / limit;
}

function rowOf(
  mode: Mode,
  partition: string | null,
  cgroup: string | null,
  measure: DiffMeasure,
  [a, b]: readonly [number | null, number | null],
  options: DiffOptions,
): DiffRow {
  const unit = EXPECT_METRICS[measure].unit;
  const base = {
    mode,
    partition,
    cgroup,
    measure,
    unit,
    a,
    b,
    change: a === null || b === null ? null : b - a,
    factor: unit !== 'ns' || a === null || b === null ? null : a === 0 ? (b === 0 ? 1 : null) : b / a,
    marked: false,
    failed: false,
  };
  const over = (thresholds: Thresholds): boolean => excess(base, thresholds) > 1 + EPSILON;
  const failed = over(options.failOver);
  return { ...base, marked: failed || over(options.threshold), failed };
}

function sideOf(input: DiffInput): DiffSide {
  return { file: input.file, scenario: input.result.scenario, modes: input.result.runs.map((run) => run.mode) };
}

/** Every partition of either document, a's order first, each child right after its parent's other children. */
function matchPartitions(a: ScenarioResult, b: ScenarioResult): DiffPartition[] {
  const listed = (result: ScenarioResult): readonly PartitionResult[] => result.runs[0]?.partitions ?? [];
  const [inA, inB] = [listed(a), listed(b)];
  const names = new Set(inA.map((p) => p.name));
  const found: DiffPartition[] = inA.map((p) => ({ ...identity(p), in: inB.some((q) => q.name === p.name) ? 'both' : 'a' }));
  for (const p of inB) {
    if (names.has(p.name)) continue;
    // A child only b has goes under its parent, so the table still reads as a tree.
    const siblings = found.map((q, i) => [q, i] as const).filter(([q]) => q.name === p.parent || (p.parent !== null && q.parent === p.parent));
    const at = siblings.length === 0 ? found.length : siblings.at(-1)![1] + 1;
    found.splice(at, 0, { ...identity(p), in: 'b' });
  }
  return found;
}

function identity(partition: PartitionResult): Omit<DiffPartition, 'in'> {
  return { name: partition.name, kind: partition.kind, parent: partition.parent };
}

function cgroupNames(runA: RunResult, runB: RunResult, partition: string): string[] {
  const of = (run: RunResult): string[] => run.partitions.find((p) => p.name === partition)?.cgroups?.map((c) => c.name) ?? [];
  return [...new Set([...of(runA), ...of(runB)])];
}
