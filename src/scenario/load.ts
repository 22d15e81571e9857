// Text → Scenario, in phases: YAML syntax, then the schema (each value on its own), then the
// resolver (relations, defaults, run budget). The resolver also runs on the parts of a file the
// schema accepted, so one pass shows type errors and dangling references, duplicates and limits
// together; what it says of the parts left out (a reference to a partition that had a type
// error, a limit on a default that stood in for a bad value) is not reported: no issue is a
// knock-on effect of another.
import { formatPath, sortIssues, type DraftIssue, type LoadResult, type ScenarioIssue } from './issue.js';
import { quote } from './message.js';
import { checkOverrides, type Overrides } from './overrides.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema, unknownKeyMessage, type CheckedInput } from './schema.js';
import { readSource, type ScenarioSource } from './source.js';
import { fromZodIssues } from './zod-issues.js';

export function parseScenario(text: string, file: string, overrides: Overrides = {}): LoadResult {
  const read = readSource(text, file);
  if (!read.ok) return fail([...flagIssues(overrides, file), ...read.issues]);
  return checkScenario(read.source.value, file, overrides, read.source);
}

/**
 * A scenario a program built as plain data (a sweep's cells), checked as a file is. Its issues
 * have no line and column: there is no text to point into.
 */
export function parseScenarioData(value: unknown, file: string, overrides: Overrides = {}): LoadResult {
  return checkScenario(value, file, overrides, null);
}

function flagIssues(overrides: Overrides, file: string): ScenarioIssue[] {
  return checkOverrides(overrides).issues.map((issue) => place(issue, file, null));
}

function checkScenario(value: unknown, file: string, overrides: Overrides, source: ScenarioSource | null): LoadResult {
  const { checked: checkedOverrides, issues: overrideIssues } = checkOverrides(overrides);
  const flagged = overrideIssues.map((issue) => place(issue, file, null));
  const checked = scenarioSchema.safeParse(value);
  const schemaIssues = checked.success ? [] : fromZodIssues(checked.error.issues);
  const drafts = [...schemaIssues, ...(source === null ? [] : protoKeyIssues(source, schemaIssues))];
  const context = { defaultName: baseName(file), overrides: checkedOverrides };
  if (!checked.success || drafts.length > 0) {
    const accepted = acceptedPart(value, drafts);
    const resolved = accepted === null ? [] : resolutionIssues(resolveScenario(accepted.input, context)).filter((issue) => !accepted.leftOut(issue));
    return fail([...flagged, ...[...drafts, ...resolved].map((issue) => place(issue, file, source))]);
  }
  // A bad flag is left out of the overrides, so the file is still resolved and checked against
  // the flags that were valid: the user sees every problem at once.
  const resolution = resolveScenario(checked.data, context);
  const resolveIssues = resolution.ok ? [] : resolution.issues.map((issue) => place(issue, file, source));
  if (resolution.ok && flagged.length === 0) return resolution;
  return fail([...flagged, ...resolveIssues]);
}

function resolutionIssues(resolution: ReturnType<typeof resolveScenario>): readonly DraftIssue[] {
  return resolution.ok ? [] : resolution.issues;
}

/** Top-level keys whose value the resolver's limits are computed from: a default standing in for a bad one proves nothing. */
const LIMIT_INPUTS = new Set(['duration', 'modes', 'hypervisor', 'os']);
/** The resolver's messages about limits that depend on those keys (run budget, reserves, quantum and window). */
const LIMIT_MESSAGE = /^(refused: about |expected reserves that fit |expected at most a quarter of hypervisor\.window|expected at least 4 × hypervisor\.quantum)/;

interface AcceptedPart {
  readonly input: CheckedInput;
  /** Whether a resolver issue is about something left out, rather than about the part itself. */
  readonly leftOut: (issue: DraftIssue) => boolean;
}

/**
 * The file with each list item (partition, expectation) an issue is in replaced by a stand-in
 * that refers to nothing and claims nothing, so the other items keep their indices, and each
 * other top-level key an issue is in left out; null when nothing sensible is left (a bad host).
 */
function acceptedPart(value: unknown, issues: readonly DraftIssue[]): AcceptedPart | null {
  if (!isMap(value)) return null;
  const droppedKeys = new Set<string>();
  const replaced = { partitions: new Set<number>(), expect: new Set<number>() };
  for (const { path } of issues) {
    if (typeof path === 'string') continue;
    const [key, index] = path;
    if (typeof key !== 'string') return null;
    if ((key === 'partitions' || key === 'expect') && typeof index === 'number') replaced[key].add(index);
    else droppedKeys.add(key);
  }
  if (droppedKeys.has('host') || droppedKeys.has('partitions')) return null;
  const kept: Record<string, unknown> = Object.fromEntries(Object.entries(value).filter(([key]) => !droppedKeys.has(key)));
  const partitions = Array.isArray(kept['partitions']) ? kept['partitions'] : [];
  const leftOut = partitions.filter((_item, index) => replaced.partitions.has(index));
  const taken = new Set(partitions.flatMap(namesIn));
  kept['partitions'] = partitions.map((item, index) => (replaced.partitions.has(index) ? standInPartition(index, taken) : item));
  if (Array.isArray(kept['expect'])) kept['expect'] = kept['expect'].map((item, index) => (replaced.expect.has(index) ? STAND_IN_EXPECTATION : item));
  const checked = scenarioSchema.safeParse(kept);
  if (!checked.success) return null;
  const names = leftOut.flatMap(namesIn).map((name) => quote(name));
  const rootLeftOut = leftOut.some((partition) => !isMap(partition) || partition['kind'] !== 'guest');
  const limitsApproximate = [...LIMIT_INPUTS].some((key) => droppedKeys.has(key));
  return {
    input: checked.data,
    leftOut: ({ path, message }) =>
      (typeof path !== 'string' && (path[0] === 'partitions' || path[0] === 'expect') && replaced[path[0]].has(path[1] as number)) ||
      names.some((name) => message.includes(name)) ||
      (rootLeftOut && message.includes('the scenario has no root partition')) ||
      (limitsApproximate && LIMIT_MESSAGE.test(message)),
  };
}

/** An idle one-VP guest under a name the file does not use: it changes no other partition's checks. */
function standInPartition(index: number, taken: ReadonlySet<string>): unknown {
  let name = `left-out-${index}`;
  while (taken.has(name)) name += '-';
  return { name, kind: 'guest', vps: 1, workload: 'idle' };
}

const STAND_IN_EXPECTATION = { mode: 'core', metric: 'utilisation', max: 1 };

/**
 * Every name a partition as written holds (its own, its children's, its cgroups' and threads'),
 * to tell references to it. One level of children only: an alias can make the tree a cycle.
 */
function namesIn(partition: unknown): string[] {
  if (!isMap(partition)) return [];
  const nameOf = (item: unknown): string[] => (isMap(item) && typeof item['name'] === 'string' ? [item['name']] : []);
  const listed = (key: string): string[] => (Array.isArray(partition[key]) ? partition[key].flatMap(nameOf) : []);
  const cgroups = isMap(partition['cgroups']) ? Object.keys(partition['cgroups']) : [];
  return [...nameOf(partition), ...listed('children'), ...cgroups, ...listed('threads')];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(issues: readonly ScenarioIssue[]): LoadResult {
  return { ok: false, issues: sortIssues(issues) };
}

function place(issue: DraftIssue, file: string, source: ScenarioSource | null): ScenarioIssue {
  const position = typeof issue.path === 'string' || source === null ? null : source.locate(issue.path, issue.at);
  return {
    file,
    line: position?.line ?? null,
    col: position?.col ?? null,
    path: formatPath(issue.path),
    message: issue.message,
  };
}

/** `__proto__` keys the schema did not already report (zod records drop them without a word). */
function protoKeyIssues(source: ScenarioSource, reported: readonly DraftIssue[]): DraftIssue[] {
  const reportedPaths = new Set(reported.map((issue) => formatPath(issue.path)));
  return source
    .protoKeyPaths()
    .filter((path) => !reportedPaths.has(formatPath(path)))
    .map((path) => ({ path, message: unknownKeyMessage('__proto__', []), at: 'key' as const }));
}

/** The file name without directories or extension: "scenarios/x.yaml" → "x". */
function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return stem === '' ? 'scenario' : stem;
}
