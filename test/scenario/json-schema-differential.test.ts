// The JSON Schema that editors check files with and `hvsched validate` agree: on the bundled
// scenarios and on mutants of them, Ajv (draft 2020-12) accepts exactly what validate accepts,
// except where validate applies a rule JSON Schema cannot state, each listed here by name.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { formatIssue, parseScenario, scenarioJsonSchema } from '../../src/scenario/index.js';
import { readSource } from '../../src/scenario/source.js';
import { mutant } from '../fuzz/mutate.js';
import { bundledSeeds } from '../fuzz/seeds.js';

/** Rules of validate beyond JSON Schema: relations between values, and bounds on values written in a string. */
const BEYOND_THE_SCHEMA: Readonly<Record<string, RegExp>> = {
  'names unique across the file': /: expected a name not used before, got /,
  'thread names unique in their OS': /: expected a thread name unique in /,
  'at most one root partition': /: expected at most one partition of kind "root"/,
  'a cgroup of the same OS': /\.cgroup: expected a cgroup of /,
  'expectations name a partition, VP or thread that exists': /: expected (the name of a partition or child|a VP of .+|a thread of .+), got /,
  'host cores that exist, and L1VH cores that are free': /\.cores(\[\d+\])?: expected (a host core 0–\d+|at most \d+ cores \(the host cores no other L1VH has\)|at least one host core outside the L1VHs|a core no L1VH has)/,
  "CPUs of the thread's OS": /\.cpus: expected CPUs of /,
  'one workload per VP': /\.workload: expected \d+ workloads \(one per VP\)/,
  'a guest SMT no wider than the host': /\.threadsPerCore: expected threadsPerCore ≤ the host's/,
  'min ≤ max': /(: expected min ≤ max \(|: expected uniform\(min, max\) with min ≤ max)/,
  'reserve ≤ limit': /\.reserve: expected a reserve ≤ limit/,
  'reserves that fit the cores': /\.reserve: expected reserves that fit the /,
  'quantum ≤ window / 4': /hypervisor\.(quantum|window): expected (at most a quarter of hypervisor\.window|at least 4 × hypervisor\.quantum)/,
  'bursts in order of arrival': /\.bursts\[\d+\]\[0\]: expected bursts in order of arrival/,
  'cpulist ranges written low-high': /: expected ranges written low-high/,
  // A pattern could bound a duration's digits, but not its value across units.
  'durations within their bounds': /: expected (a duration (≥|≤|below|> 0|\d)|a whole number of nanoseconds|"auto" or a slice ≥|a distribution with a mean > 0|a period \d|a quota > 0|a run duration|a number, or a duration with a unit \(e\.g\. 10ms\) for a latency, got "\d)/,
  'the run budget': /: refused: about \S+ events estimated/,
};

const MUTANTS = Number(process.env['DIFF_MUTANTS'] ?? 400);
const SEED = 7;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false });
ajv.addVocabulary(['patternErrorMessage', 'errorMessage', 'markdownDescription']);
const schemaAccepts = ajv.compile(scenarioJsonSchema());

interface Verdict {
  readonly schema: readonly string[];
  readonly validate: readonly string[];
}

/** What each side says of `text`, or null when it is not YAML or JSON at all (no schema's business). */
function verdicts(text: string, file: string): Verdict | null {
  const read = readSource(text, file);
  if (!read.ok) return null;
  const loaded = parseScenario(text, file);
  const accepted = schemaAccepts(read.source.value);
  return {
    schema: accepted ? [] : (schemaAccepts.errors ?? []).map((error) => `${error.instancePath} ${error.message}`),
    validate: loaded.ok ? [] : loaded.issues.map(formatIssue),
  };
}

const ruleOf = (line: string): string | undefined => Object.entries(BEYOND_THE_SCHEMA).find(([, rule]) => rule.test(line))?.[0];

function disagreement(verdict: Verdict): string | null {
  if (verdict.schema.length > 0 && verdict.validate.length === 0) return `only the schema refuses: ${verdict.schema.join('; ')}`;
  if (verdict.schema.length === 0 && verdict.validate.length > 0) {
    const unexplained = verdict.validate.filter((line) => ruleOf(line) === undefined);
    if (unexplained.length > 0) return `only validate refuses: ${unexplained.join('; ')}`;
  }
  return null;
}

const seeds = bundledSeeds(process.cwd());

const BASE = {
  host: { cores: 4 },
  modes: ['core'],
  partitions: [
    { name: 'root', kind: 'root', cgroups: { sys: {} }, threads: [{ name: 't', workload: 'busy' }] },
    { name: 'vm', kind: 'guest', vps: 1, workload: { type: 'periodic', period: '5ms', work: '1ms' } },
  ],
};

/** `BASE` with `value` at `path` (keys and list indices), as the text of a JSON file. */
function withValue(path: readonly (string | number)[], value: unknown): string {
  const copy = structuredClone(BASE) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return JSON.stringify(copy, null, 2);
}

describe('the disagreements issue 11 found are settled', () => {
  const period = ['partitions', 1, 'workload', 'period'];
  test.each([
    ['+5ms (no sign in the grammar)', period, '+5ms', false],
    ['exp (5ms), spaced', period, 'exp (5ms)', true],
    ['uniform (1ms, 3ms), spaced', period, 'uniform (1ms, 3ms)', true],
    ['a repeated mode', ['modes'], ['core', 'core'], false],
    ['a hex string without digits', ['hypervisor'], { vmmCapabilities: '0x' }, false],
    ['a hex string past 64 bits', ['hypervisor'], { vmmCapabilities: '0x1ffffffffffffffff' }, false],
    ['a cgroup max of 0 CPUs', ['partitions', 0, 'cgroups', 'sys'], { max: 0 }, false],
    ['a cpulist past the last CPU', ['partitions', 0, 'threads', 0, 'cpus'], '0-2048', false],
    ['a cpulist that is not one', ['partitions', 0, 'threads', 0, 'cpus'], '1,,2', false],
    ['a non-numeric expectation bound', ['expect'], [{ mode: 'core', metric: 'utilisation', min: 'lots' }], false],
    ['an expectation without a bound', ['expect'], [{ mode: 'core', metric: 'utilisation' }], false],
    ['a host expectation of a partition metric', ['expect'], [{ mode: 'core', metric: 'stealShare', max: 1 }], false],
    ['an OS slice without a unit', ['os'], { slice: '10' }, false],
    ['a repeated core', ['partitions', 1, 'cores'], [1, 1], false],
  ])('%s: both say the same', (_label, path, value, accepted) => {
    const verdict = verdicts(withValue(path, value), 'x.json')!;
    expect({ schema: verdict.schema.length === 0, validate: verdict.validate.length === 0 }).toEqual({ schema: accepted, validate: accepted });
  });

  test('"3-1" is refused by validate alone, under a rule named above', () => {
    const verdict = verdicts(withValue(['partitions', 0, 'threads', 0, 'cpus'], '3-1'), 'x.json')!;
    expect(verdict.schema).toEqual([]);
    expect(verdict.validate.map(ruleOf)).toEqual(['cpulist ranges written low-high']);
  });

  test("a mistake in a partition is reported in its kind's schema alone", () => {
    const text = withValue(['partitions', 1, 'bogus'], 1);
    expect(verdicts(text, 'x.json')!.schema).toEqual(['/partitions/1 must NOT have additional properties', '/partitions/1 must match "then" schema']);
    expect(verdicts(withValue(['partitions', 1, 'kind'], 'vm'), 'x.json')!.schema).toEqual(['/partitions/1/kind must be equal to one of the allowed values']);
  });
});

describe('Ajv with `hvsched schema` and `hvsched validate`', () => {
  test.each(seeds.map((seed) => [seed.name, seed.text]))('both accept %s', (name, text) => {
    expect(verdicts(text, name)).toEqual({ schema: [], validate: [] });
  });

  test(`agree on ${MUTANTS} mutants`, () => {
    const found: string[] = [];
    for (let index = 0; index < MUTANTS; index++) {
      const { file, bytes, steps } = mutant(seeds, SEED, index);
      const verdict = verdicts(bytes.toString('utf8'), file);
      const problem = verdict === null ? null : disagreement(verdict);
      if (problem !== null) found.push(`mutant ${index} [${steps.join(', ')}]: ${problem}`);
    }
    expect(found).toEqual([]);
  });
});
