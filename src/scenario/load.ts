// Text → Scenario, in phases: YAML syntax, then the schema (each value on its own), then the
// resolver (relations, defaults, run budget). A phase runs only on input the previous one
// accepted, so no issue is a knock-on effect of another; within a phase every issue is reported.
import { formatPath, sortIssues, type DraftIssue, type LoadResult, type ScenarioIssue } from './issue.js';
import { checkOverrides, type Overrides } from './overrides.js';
import { resolveScenario } from './resolve.js';
import { scenarioSchema, unknownKeyMessage } from './schema.js';
import { readSource, type ScenarioSource } from './source.js';
import { fromZodIssues } from './zod-issues.js';

export function parseScenario(text: string, file: string, overrides: Overrides = {}): LoadResult {
  const { checked: checkedOverrides, issues: overrideIssues } = checkOverrides(overrides);
  const flagIssues = overrideIssues.map((issue) => place(issue, file, null));
  const read = readSource(text, file);
  if (!read.ok) return fail([...flagIssues, ...read.issues]);
  const { source } = read;
  const checked = scenarioSchema.safeParse(source.value);
  const schemaIssues = checked.success ? [] : fromZodIssues(checked.error.issues);
  const drafts = [...schemaIssues, ...protoKeyIssues(source, schemaIssues)];
  if (!checked.success || drafts.length > 0) {
    return fail([...flagIssues, ...drafts.map((issue) => place(issue, file, source))]);
  }
  // A bad flag is left out of the overrides, so the file is still resolved and checked against
  // the flags that were valid: the user sees every problem at once.
  const resolution = resolveScenario(checked.data, { defaultName: baseName(file), overrides: checkedOverrides });
  const resolveIssues = resolution.ok ? [] : resolution.issues.map((issue) => place(issue, file, source));
  if (resolution.ok && flagIssues.length === 0) return resolution;
  return fail([...flagIssues, ...resolveIssues]);
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
