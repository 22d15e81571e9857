// A sweep, planned before anything runs: the parameters (from `--vary` or the file's `sweep:`
// block), the metrics, the seeds, and every cell of the cartesian product as a scenario of its
// own, each validated, so a bad path or value is reported with its cell and nothing runs.
import { EXPECT_METRICS, type ExpectMetric, type ExpectTarget, type Mode, type Scenario } from '../model/scenario.js';
import { formatIssue, parseScenario, parseScenarioData, type Overrides } from '../scenario/index.js';
import { formatPath } from '../scenario/issue.js';
import { LIMITS } from '../scenario/limits.js';
import { expectedMessage, showValue } from '../scenario/message.js';
import { readSource, type ScenarioSource } from '../scenario/source.js';
import { didYouMean } from '../scenario/suggest.js';
import type { CellTask, MetricSpec } from './cell.js';
import type { MetricUnit, ParameterValue, SweepMetric, SweepParameter } from './result.js';
import { parseValues, VALUES_WHAT } from './values.js';

export interface SweepRequest {
  /** `--vary PATH=VALUES`, as typed; when given they replace the file's `sweep.vary`. */
  readonly vary: readonly string[];
  readonly metrics: readonly string[];
  readonly seeds?: string;
  readonly overrides: Overrides;
}

export interface PlannedCell {
  readonly cell: number;
  readonly values: readonly ParameterValue[];
  /** The cell's scenario as JSON text: the file with every parameter set, its `sweep:` block left out. */
  readonly text: string;
}

export interface SweepPlan {
  readonly file: string;
  /** The file as written, overrides applied: its name, seed and duration head the result. */
  readonly scenario: Scenario;
  readonly parameters: readonly SweepParameter[];
  readonly metrics: readonly (SweepMetric & MetricSpec)[];
  readonly modes: readonly Mode[];
  readonly seeds: number;
  readonly cells: readonly PlannedCell[];
  readonly duration?: string;
}

export type PlanResult = { readonly ok: true; readonly plan: SweepPlan } | { readonly ok: false; readonly errors: readonly string[] };

/** Cell errors shown before "and N more": the first few say what is wrong, the rest are alike. */
const MAX_CELL_ERRORS = 10;
/** More cells than this is a typo in a range, not a study. */
export const MAX_CELLS = 100_000;

type Data = Record<string, unknown>;

export function planSweep(text: string, file: string, request: SweepRequest): PlanResult {
  const base = parseScenario(text, file, request.overrides);
  if (!base.ok) return { ok: false, errors: base.issues.map(formatIssue) };
  const read = readSource(text, file);
  if (!read.ok) return { ok: false, errors: read.issues.map(formatIssue) };
  const source = read.source;
  const data = source.value as Data;
  const block = (data['sweep'] ?? {}) as { vary?: Record<string, unknown>; seeds?: number; metrics?: string[] };
  const errors: string[] = [];

  const parameters = request.vary.length > 0 ? flagParameters(request.vary, errors) : fileParameters(block.vary ?? {}, file, source, errors);
  if (parameters.length === 0 && errors.length === 0) errors.push(`${file}: nothing to vary: give --vary PATH=VALUES or a sweep: block with vary`);
  const concrete = parameters.map((parameter) => {
    const resolved = resolvePath(data, parameter.path);
    if (!resolved.ok) errors.push(`${parameter.where}: ${resolved.message}`);
    return resolved.ok ? resolved.segments : [];
  });

  const scenario = base.scenario;
  const metricNames = request.metrics.length > 0 ? request.metrics : (block.metrics ?? defaultMetrics(scenario));
  const metrics = metricNames.flatMap((name) => {
    const parsed = parseMetric(name, scenario);
    if (typeof parsed === 'string') {
      errors.push(`${request.metrics.length > 0 ? '--metric' : `${file}: sweep.metrics`}: ${parsed}`);
      return [];
    }
    return [parsed];
  });

  let seeds = block.seeds ?? 1;
  if (request.seeds !== undefined) {
    const text = request.seeds.trim();
    if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= LIMITS.sweepSeedsMax) seeds = Number(text);
    else errors.push(`--seeds: ${expectedMessage(`an integer 1–${LIMITS.sweepSeedsMax}`, request.seeds)}`);
  }
  const cellCount = parameters.reduce((count, parameter) => count * parameter.values.length, 1);
  if (cellCount > MAX_CELLS) errors.push(`${file}: expected at most ${MAX_CELLS} cells, got ${cellCount}: narrow a range`);
  if (errors.length > 0) return { ok: false, errors };

  const cells: PlannedCell[] = [];
  const cellErrors = new Map<string, string>();
  for (let cell = 0; cell < cellCount; cell++) {
    const values = cellValues(parameters, cell);
    const cellData = structuredClone(data);
    delete cellData['sweep'];
    values.forEach((value, i) => setAt(cellData, concrete[i]!, value));
    const loaded = parseScenarioData(cellData, file, request.overrides);
    if (!loaded.ok) {
      const label = `${file}: sweep cell ${cell} (${parameters.map((p, i) => `${p.path}=${showValue(values[i])}`).join(', ')})`;
      for (const issue of loaded.issues) {
        const what = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
        if (!cellErrors.has(what)) cellErrors.set(what, `${label}: ${what}`);
      }
      continue;
    }
    cells.push({ cell, values, text: JSON.stringify(cellData) });
  }
  if (cellErrors.size > 0) {
    const shown = [...cellErrors.values()].slice(0, MAX_CELL_ERRORS);
    if (cellErrors.size > MAX_CELL_ERRORS) shown.push(`${file}: and ${cellErrors.size - MAX_CELL_ERRORS} more kinds of invalid cell`);
    return { ok: false, errors: shown };
  }
  return {
    ok: true,
    plan: {
      file,
      scenario,
      parameters: parameters.map(({ path, values }) => ({ path, values })),
      metrics,
      modes: scenario.modes,
      seeds,
      cells,
      ...(request.overrides.duration === undefined ? {} : { duration: request.overrides.duration }),
    },
  };
}

/** The run of `cell` under its `k`-th seed in `mode`: the scenario seed plus k, so seed 0 of a cell is what `hvsched run` of it gives. */
export function cellTask(plan: SweepPlan, cell: PlannedCell, k: number, mode: Mode): CellTask {
  return {
    text: cell.text,
    file: plan.file,
    seed: (plan.scenario.seed + k) % (LIMITS.seedMax + 1),
    modes: plan.modes,
    mode,
    metrics: plan.metrics.map(({ target, metric }) => ({ target, metric })),
    ...(plan.duration === undefined ? {} : { duration: plan.duration }),
  };
}

interface NamedParameter extends SweepParameter {
  /** Where it was written, for its errors: the flag, or the file position. */
  readonly where: string;
}

function flagParameters(flags: readonly string[], errors: string[]): NamedParameter[] {
  const seen = new Set<string>();
  return flags.flatMap((flag) => {
    const where = `--vary ${flag}`;
    const equals = flag.indexOf('=');
    if (equals <= 0) {
      errors.push(`--vary: ${expectedMessage('PATH=VALUES, e.g. hypervisor.quantum=1ms,5ms,10ms', flag)}`);
      return [];
    }
    const path = flag.slice(0, equals).trim();
    if (seen.has(path)) {
      errors.push(`${where}: ${path} is varied twice`);
      return [];
    }
    seen.add(path);
    const parsed = parseValues(flag.slice(equals + 1));
    if (!parsed.ok) {
      errors.push(`${where}: ${parsed.message}`);
      return [];
    }
    return [{ path, values: parsed.values, where }];
  });
}

function fileParameters(vary: Record<string, unknown>, file: string, source: ScenarioSource, errors: string[]): NamedParameter[] {
  return Object.entries(vary).flatMap(([path, written]) => {
    const position = source.locate(['sweep', 'vary', path]);
    const where = `${file}:${position.line}:${position.col}: sweep.vary.${path}`;
    if (Array.isArray(written)) {
      if (written.length === 0) {
        errors.push(`${where}: ${expectedMessage(VALUES_WHAT, written)}`);
        return [];
      }
      return [{ path, values: written as ParameterValue[], where }];
    }
    if (typeof written === 'number') return [{ path, values: [written], where }];
    const parsed = parseValues(String(written));
    if (!parsed.ok) {
      errors.push(`${where}: ${parsed.message}`);
      return [];
    }
    return [{ path, values: parsed.values, where }];
  });
}

/** The values of cell `cell` of the cartesian product, the last parameter varying fastest. */
function cellValues(parameters: readonly SweepParameter[], cell: number): ParameterValue[] {
  const values: ParameterValue[] = new Array<ParameterValue>(parameters.length);
  let rest = cell;
  for (let i = parameters.length - 1; i >= 0; i--) {
    const choices = parameters[i]!.values;
    values[i] = choices[rest % choices.length]!;
    rest = Math.floor(rest / choices.length);
  }
  return values;
}

type Resolved = { readonly ok: true; readonly segments: (string | number)[] } | { readonly ok: false; readonly message: string };

/**
 * `partitions.l1vh.children.child-a.vps` → ['partitions', 1, 'children', 0, 'vps']: list items by
 * their name (or index), map keys as written, the longest match first since names may hold dots.
 * A key missing from a map is created, for the scenario's own check to accept (an optional key)
 * or refuse with its did-you-mean (a typo).
 */
function resolvePath(root: unknown, path: string): Resolved {
  const segments: (string | number)[] = [];
  let node: unknown = root;
  let rest = path;
  while (rest !== '') {
    const trail = segments.length === 0 ? 'the scenario' : formatPath(segments);
    if (Array.isArray(node)) {
      const names = node.map((item) => (isData(item) && typeof item['name'] === 'string' ? item['name'] : null));
      const match = longestPrefix(rest, names.filter((name): name is string => name !== null));
      let index = match === null ? -1 : names.indexOf(match);
      let taken = match?.length ?? 0;
      const number = /^(\d+)(?:\.|$)/.exec(rest);
      if (index < 0 && number !== null && Number(number[1]) < node.length) [index, taken] = [Number(number[1]), number[1]!.length];
      // A child is named as a partition is, so `partitions.child-a.vps` finds it under its L1VH.
      const parent = index < 0 ? node.findIndex((item) => isData(item) && Array.isArray(item['children']) && longestPrefix(rest, childNames(item)) !== null) : -1;
      if (parent >= 0) {
        const item = node[parent] as Data;
        const names = childNames(item);
        const child = longestPrefix(rest, names)!;
        segments.push(parent, 'children', names.indexOf(child));
        node = (item['children'] as unknown[])[names.indexOf(child)];
        rest = rest.slice(child.length + 1);
        continue;
      }
      if (index < 0) {
        const first = rest.split('.')[0]!;
        const known = names.filter((name): name is string => name !== null);
        return { ok: false, message: `${trail} has no item named "${first}"${didYouMean(first, known)}${known.length > 0 ? ` (items: ${known.join(', ')})` : ''}` };
      }
      segments.push(index);
      node = node[index];
      rest = rest.slice(taken + 1);
    } else if (isData(node) || node === undefined) {
      const keys = node === undefined ? [] : Object.keys(node);
      const key = longestPrefix(rest, keys) ?? rest.split('.')[0]!;
      if (key === '') return { ok: false, message: expectedMessage('a path of keys such as hypervisor.quantum', path) };
      segments.push(key);
      node = node === undefined ? undefined : node[key];
      rest = rest.slice(key.length + 1);
    } else {
      return { ok: false, message: `${trail} is ${showValue(node)}, not a map or a list, so ${path} names nothing` };
    }
  }
  if (Array.isArray(node) || isData(node)) return { ok: false, message: `${path} is ${showValue(node)}: a parameter sets one value` };
  return { ok: true, segments };
}

function childNames(item: Data): string[] {
  return (item['children'] as unknown[]).map((child) => (isData(child) && typeof child['name'] === 'string' ? child['name'] : ''));
}

function longestPrefix(rest: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  for (const candidate of candidates) {
    if ((rest === candidate || rest.startsWith(`${candidate}.`)) && (best === null || candidate.length > best.length)) best = candidate;
  }
  return best;
}

function setAt(root: Data, segments: readonly (string | number)[], value: ParameterValue): void {
  let node: Data | unknown[] = root;
  segments.forEach((segment, i) => {
    const container = node as Record<string | number, unknown>;
    if (i === segments.length - 1) {
      container[segment] = value;
      return;
    }
    if (container[segment] === undefined) container[segment] = {};
    node = container[segment] as Data;
  });
}

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Steal/wanted and CPUs, the figures the comparison view leads with: of every L1VH and its
 * children where the scenario has one (its story), else of every partition.
 */
function defaultMetrics(scenario: Scenario): string[] {
  const l1vhs = scenario.partitions.filter((p) => p.kind === 'l1vh');
  const names = l1vhs.length > 0 ? l1vhs.flatMap((p) => [p.name, ...p.children.map((c) => c.name)]) : partitionNames(scenario);
  return names.flatMap((name) => [`${name}.stealShare`, `${name}.cpuShare`]);
}

function partitionNames(scenario: Scenario): string[] {
  return scenario.partitions.flatMap((p) => (p.kind === 'l1vh' ? [p.name, ...p.children.map((c) => c.name)] : [p.name]));
}

const METRIC_NAMES = Object.keys(EXPECT_METRICS) as ExpectMetric[];
const HOST_METRICS: readonly ExpectMetric[] = METRIC_NAMES.filter((metric) => (EXPECT_METRICS[metric].targets as readonly string[]).includes('host'));

/**
 * `forcedIdleShare` (host), `l1vh.stealShare` (a partition or child), `l1vh/vms.cpus` (a cgroup),
 * `l1vh/vp0.runShare` (a VP), `l1vh/api.wakeupP99Ns` or `api.wakeupP99Ns` (a thread, by the
 * partition whose OS runs it, or alone when only one OS has a thread of that name).
 */
export function parseMetric(name: string, scenario: Scenario): (SweepMetric & MetricSpec) | string {
  const dot = name.lastIndexOf('.');
  const metricName = name.slice(dot + 1);
  if (!(metricName in EXPECT_METRICS)) return `unknown metric ${JSON.stringify(metricName)} in ${JSON.stringify(name)}${didYouMean(metricName, METRIC_NAMES)}`;
  const metric = metricName as ExpectMetric;
  const unit: MetricUnit = EXPECT_METRICS[metric].unit;
  const targetText = dot < 0 ? '' : name.slice(0, dot);
  const target = parseTarget(targetText, scenario);
  if (typeof target === 'string') return `${JSON.stringify(name)}: ${target}`;
  const targets = EXPECT_METRICS[metric].targets as readonly string[];
  if (!targets.includes(target.kind)) {
    const host = target.kind === 'host' ? ` (host metrics: ${HOST_METRICS.join(', ')})` : '';
    return `${JSON.stringify(name)}: ${metric} does not apply to a ${target.kind}: it applies to a ${targets.join(' or a ')}${host}`;
  }
  return { name, unit, target, metric };
}

function parseTarget(text: string, scenario: Scenario): ExpectTarget | string {
  if (text === '') return { kind: 'host' };
  const partitions = partitionNames(scenario);
  const slash = text.indexOf('/');
  const partitionName = slash < 0 ? text : text.slice(0, slash);
  if (slash < 0 && partitions.includes(text)) return { kind: 'partition', partition: text };
  if (slash < 0) {
    const owners = scenario.partitions.filter((p) => 'threads' in p && p.threads.some((t) => t.name === text));
    if (owners.length === 1) return { kind: 'thread', partition: owners[0]!.name, thread: text };
    if (owners.length > 1) return `thread ${text} runs in ${owners.map((p) => p.name).join(' and ')}: name it as partition/${text}`;
    return `no partition or thread named ${JSON.stringify(text)}${didYouMean(text, partitions)}`;
  }
  if (!partitions.includes(partitionName)) return `no partition named ${JSON.stringify(partitionName)}${didYouMean(partitionName, partitions)}`;
  const inner = text.slice(slash + 1);
  const owner = scenario.partitions.find((p) => p.name === partitionName);
  if (owner !== undefined && 'cgroups' in owner && owner.cgroups.some((c) => c.name === inner)) return { kind: 'cgroup', partition: partitionName, cgroup: inner };
  const vp = /^vp(\d+)$/.exec(inner);
  if (vp !== null) return { kind: 'vp', partition: partitionName, vp: Number(vp[1]) };
  return { kind: 'thread', partition: partitionName, thread: inner };
}
