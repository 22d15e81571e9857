// The shape of a scenario file (MODEL.md §9) as a zod schema. It checks each value on its own:
// types, ranges, unknown keys, duration and distribution syntax. Relations between values
// (names that must exist or be unique, cores, CPU ranges, list lengths) and every default belong
// to the resolver, which runs only on input that passed this schema.
//
// The schema is also the file's documentation: editors show its descriptions, and
// docs/scenario-format.md is generated from them (scripts/scenario-format.ts). So every key has a
// description, whose last sentence, for an optional key, is `Default: …`; a kind of value that
// recurs (a duration, a CPU list) has a title, the name the docs give its type.
import * as z from 'zod';
import { EXPECT_METRICS, MODES, type ExpectMetric, type WorkloadKind } from '../model/scenario.js';
import { ns, type Nanos } from '../model/time.js';
import { CPU_MAX_CPUS, CPU_MAX_PATTERN, CPU_MAX_WHAT, parseCpuMax } from './cpu-max.js';
import { CPULIST_PATTERN, CPULIST_WHAT, MAX_CPU, parseCpuList, sortedUnique } from './cpulist.js';
import { DEFAULTS } from './defaults.js';
import { distributionMean, DISTRIBUTION_PATTERN, DISTRIBUTION_WHAT, parseDistribution } from './distribution.js';
import { DURATION_PATTERN, DURATION_SOURCE, DURATION_WHAT, formatDuration, parseDuration } from './duration.js';
import { LIMITS } from './limits.js';
import { expectedMessage, expecting, quote } from './message.js';
import { editorPattern } from './pattern.js';
import { PROPERTY_READ_PATTERN, PROPERTY_READ_WHAT, parsePropertyRead } from './property-read.js';
import { didYouMean } from './suggest.js';

/** Transforms refuse with a custom issue carrying our own message, so no zod wording reaches users. */
interface IssueSink {
  readonly issues: z.core.$ZodRawIssue[];
}
function reject(ctx: IssueSink, message: string, input: unknown): never {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
}

/**
 * A strict object whose unknown keys get a "did you mean". zod raises one issue for all unknown
 * keys of an object, so the message holds one line per key, in `keys` order, and
 * `fromZodIssues` splits it back into one issue per key (keys are JSON-quoted: no raw newlines).
 */
function strictMap<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => unknownKeyMessage(key, known)).join('\n')
        : expectedMessage(what, issue.input),
  });
}

export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const hint = didYouMean(key, known);
  if (hint !== '' || known.length === 0) return `unknown key ${quote(key)}${hint}`;
  return `unknown key ${quote(key)}: expected one of ${known.join(', ')}`;
}

const integer = (min: number, max: number, what = `an integer ${min}–${max}`) =>
  z.int({ error: expecting(what) }).min(min).max(max);

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
export const NAME_WHAT = 'a name of letters, digits, "_", ".", ":" or "-" starting with a letter or digit';
const name = z.string({ error: expecting(NAME_WHAT) }).regex(NAME).meta({ title: 'name' });

interface DurationBounds {
  readonly min?: Nanos;
  readonly max?: Nanos;
  /** Why the bounds are what they are, for the message. */
  readonly why?: string;
}

function boundsText({ min, max, why }: DurationBounds): string {
  const reason = why === undefined ? '' : ` (${why})`;
  if (min === undefined) return max === undefined ? 'a duration' : `a duration ≤ ${formatDuration(max)}${reason}`;
  if (max !== undefined) return `a duration ${formatDuration(min)}–${formatDuration(max)}${reason}`;
  return min === 1 ? 'a duration > 0' : `a duration ≥ ${formatDuration(min)}${reason}`;
}

function duration(bounds: DurationBounds = {}) {
  return z
    .string({ error: expecting(DURATION_WHAT) })
    .transform((text, ctx) => {
      const parsed = parseDuration(text);
      if (!parsed.ok) return reject(ctx, parsed.message, text);
      const { min, max } = bounds;
      if ((min !== undefined && parsed.value < min) || (max !== undefined && parsed.value > max)) {
        return reject(ctx, expectedMessage(boundsText(bounds), text), text);
      }
      return parsed.value;
    })
    .meta({ title: 'duration', ...editorPattern(DURATION_PATTERN, DURATION_WHAT) });
}

/** `positiveMean` for work and inter-arrival times: a zero mean would mean infinitely many events. */
function distribution({ positiveMean }: { readonly positiveMean: boolean }) {
  // A bare number is most likely a duration missing its unit; say that rather than list every form.
  const error = (issue: { readonly input?: unknown }): string =>
    expectedMessage(typeof issue.input === 'number' ? DURATION_WHAT : DISTRIBUTION_WHAT, issue.input);
  return z
    .string({ error })
    .transform((text, ctx) => {
      const parsed = parseDistribution(text);
      if (!parsed.ok) return reject(ctx, parsed.message, text);
      if (positiveMean && distributionMean(parsed.value) <= 0) {
        return reject(ctx, expectedMessage('a distribution with a mean > 0', text), text);
      }
      return parsed.value;
    })
    .meta({ title: 'distribution', ...editorPattern(DISTRIBUTION_PATTERN, DISTRIBUTION_WHAT) });
}

const positiveDistribution = () => distribution({ positiveMean: true });

const cpus = z
  .union([z.array(integer(0, MAX_CPU, `a CPU number 0–${MAX_CPU}`)), z.string().meta(editorPattern(CPULIST_PATTERN, CPULIST_WHAT))], { error: expecting(CPULIST_WHAT) })
  .transform((value, ctx) => {
    if (typeof value !== 'string') return sortedUnique(value);
    const parsed = parseCpuList(value);
    return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
  })
  .meta({ title: 'CPU list' });

const coreIndex = integer(0, LIMITS.maxCores - 1, `a host core index 0–${LIMITS.maxCores - 1}`).meta({ title: 'core index' });

const threadsPerCore = z.literal([1, 2], { error: expecting('1 or 2') }).meta({ title: '1 or 2' });

/** Numbers past 2^53 lose precision: the parser takes them only as strings. */
const PROPERTY_READ_NUMBER = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

const propertyRead = (what: string) =>
  z
    .union([z.number().meta(PROPERTY_READ_NUMBER), z.string().meta(editorPattern(PROPERTY_READ_PATTERN, PROPERTY_READ_WHAT))], { error: expecting(PROPERTY_READ_WHAT) })
    .transform((value, ctx) => {
      const parsed = parsePropertyRead(value);
      return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
    })
    .meta({ title: 'u64 read' })
    .describe(what);

// Workloads ------------------------------------------------------------------------------------

/** Every workload kind a file can name; a new kind in the model fails to compile until it is here. */
const WORKLOAD_DESCRIPTIONS = {
  busy: 'Always runnable.',
  idle: 'Never runnable.',
  periodic: 'A burst of work at offset, then one every period.',
  onoff: 'Busy and idle phases in turn: a burst of on worth of work, the next arriving on + off after it.',
  poisson: 'Requests arriving at random, with inter-arrival times of mean interval.',
  trace: 'Recorded bursts, in order of arrival.',
} as const satisfies Record<WorkloadKind, string>;
const WORKLOAD_TYPES = Object.keys(WORKLOAD_DESCRIPTIONS);

function workloadOf<T extends WorkloadKind, S extends z.core.$ZodLooseShape>(type: T, shape: S) {
  return strictMap({ type: z.literal(type).describe(WORKLOAD_DESCRIPTIONS[type]), ...shape }, `a ${type} workload map`).describe(WORKLOAD_DESCRIPTIONS[type]);
}

const burst = z
  .tuple([duration().describe('Arrival time.'), duration({ min: ns(1) }).describe('Work, > 0.')], {
    error: expecting('a burst [at, work]'),
  })
  .meta({ title: 'burst' })
  .describe('[arrival time, work]');

const workloadMap = z.discriminatedUnion(
  'type',
  [
    workloadOf('busy', {}),
    workloadOf('idle', {}),
    workloadOf('periodic', {
      period: positiveDistribution().describe('Time between arrivals; mean > 0.'),
      work: positiveDistribution().describe('Work per burst; mean > 0.'),
      offset: distribution({ positiveMean: false }).optional().describe(`The first arrival. Default: ${formatDuration(DEFAULTS.periodicOffset)}.`),
    }),
    workloadOf('onoff', {
      on: positiveDistribution().describe('The length of a busy phase: a burst of that much work; mean > 0.'),
      off: distribution({ positiveMean: false }).describe('The length of the idle phase after it.'),
    }),
    workloadOf('poisson', {
      interval: positiveDistribution().describe('Inter-arrival time; a plain duration means exponential with that mean; mean > 0.'),
      work: positiveDistribution().describe('Work per request; mean > 0.'),
    }),
    workloadOf('trace', { bursts: z.array(burst).describe('[arrival, work] pairs of durations, work > 0, in order of arrival.') }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? expectedMessage(`a workload type (${WORKLOAD_TYPES.join(', ')})`, field(issue.input, 'type'))
        : expectedMessage('a workload map', issue.input),
  },
);

const WORKLOAD_WHAT = '"busy", "idle" or a workload map with a type';
const SHORTHANDS = ['busy', 'idle'] as const;

/** A string can only have meant a shorthand, whichever union it was offered to. */
const workloadError =
  (what: string) =>
  (issue: { readonly input?: unknown }): string =>
    typeof issue.input === 'string'
      ? `${expectedMessage(WORKLOAD_WHAT, issue.input)}${didYouMean(issue.input, SHORTHANDS)}`
      : expectedMessage(what, issue.input);

const workload = z
  .union([z.enum(SHORTHANDS), workloadMap], { error: workloadError(WORKLOAD_WHAT) })
  .meta({ title: 'workload' })
  .describe(`What it runs: ${WORKLOAD_WHAT}.`);

const vpWorkloads = z
  .union([workload, z.array(workload, { error: expecting('a workload, or a non-empty list of workloads one per VP') }).min(1)], {
    error: workloadError('a workload, or a list of workloads one per VP'),
  })
  .describe('What its VPs run: one workload for every VP, or a list with exactly one per VP.');

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null && Object.hasOwn(input, key)
    ? (input as Record<string, unknown>)[key]
    : undefined;
}

// OS objects -----------------------------------------------------------------------------------

const cpusKey = (whose: string) => cpus.optional().describe(`${whose}; ${CPULIST_WHAT}. Default: none.`);

const cgroup = strictMap(
  {
    weight: integer(LIMITS.weight.min, LIMITS.weight.max)
      .optional()
      .describe(`cpu.weight; 100 weighs as a nice-0 thread. Default: ${DEFAULTS.cgroupWeight}.`),
    max: z
      .union([z.string().meta(editorPattern(CPU_MAX_PATTERN, CPU_MAX_WHAT)), z.number().meta(CPU_MAX_CPUS)], { error: expecting(CPU_MAX_WHAT) })
      .transform((value, ctx) => {
        const parsed = parseCpuMax(value);
        return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
      })
      .meta({ title: 'cpu.max' })
      .optional()
      .describe(
        `cpu.max: ${CPU_MAX_WHAT}; a period of 1ms–1000ms and a quota > 0, or CPUs in (0, ${MAX_CPU + 1}] ` +
          '(a quota of CPUs × 100ms over a period of 100ms). Default: unlimited.',
      ),
    cpus: cpusKey('Its cpuset, in the CPUs of its OS'),
  },
  'a cgroup map',
).meta({ title: 'cgroup' });

const cgroups = z
  .record(name, cgroup, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? expectedMessage(NAME_WHAT, issue.input)
        : expectedMessage('a map of cgroup names to cgroups', issue.input),
  })
  .optional()
  .describe('Flat cgroups of its OS, by name. Default: none.');

const thread = strictMap(
  {
    name: name.describe('Unique in its OS; replicas are named name#0, name#1, …'),
    count: integer(1, LIMITS.maxThreadCount).optional().describe(`Replicas of the thread. Default: ${DEFAULTS.threadCount}.`),
    nice: integer(LIMITS.nice.min, LIMITS.nice.max)
      .optional()
      .describe(`Linux's nice: weight 1024 at 0, about 1.25× a step. Default: ${DEFAULTS.nice}.`),
    cgroup: name.optional().describe('A cgroup of the same OS; ungrouped threads compete with cgroups as peers. Default: none.'),
    cpus: cpusKey('The CPUs of its OS it may use'),
    workload,
  },
  'a thread map',
).meta({ title: 'thread' });

const threads = z.array(thread, { error: expecting('a list of threads') }).optional().describe('The processes of its OS. Default: none.');

// Partitions -----------------------------------------------------------------------------------

const hvControls = {
  weight: integer(LIMITS.weight.min, LIMITS.weight.max)
    .optional()
    .describe(`Hyper-V's relative weight. Default: ${DEFAULTS.weight}.`),
  reserve: z
    .number({ error: expecting('a percentage 0–100') })
    .min(0)
    .max(100)
    .optional()
    .describe(
      'Percent of one LP per VP guaranteed, at most limit. The reserves of the VPs that may use a set of LPs ' +
        `(under core, of the virtual cores that may use a set of cores) must fit in them, in every mode the file runs. Default: ${DEFAULTS.reserve}.`,
    ),
  limit: z
    .number({ error: expecting('a percentage in (0, 100]') })
    .gt(0)
    .max(100)
    .optional()
    .describe(`Percent of one LP per VP at most. Default: ${DEFAULTS.limit}.`),
};

const vmKeys = {
  vps: integer(1, LIMITS.maxVps).describe('Virtual processors.'),
  ...hvControls,
  threadsPerCore: threadsPerCore
    .optional()
    .describe("Guest SMT, at most the host's. Under core, a VM of 1 with more VPs than the host has cores is paired into SMT virtual cores. Default: the host's."),
  workload: vpWorkloads,
};

const rootPartition = strictMap(
  {
    name: name.describe('Unique across the file, children included.'),
    kind: z
      .literal('root')
      .describe("The root partition: the host's own OS. Where the hypervisor schedules, it has one VP per LP outside every L1VH's cores, pinned 1:1, runnable while its OS has a thread there."),
    threads,
    cgroups,
  },
  'a partition map',
).describe('The root partition and its OS.');

const guestPartition = strictMap(
  {
    name: name.describe('Unique across the file, children included.'),
    kind: z.literal('guest').describe('An ordinary VM. A guest needs at least one core outside the L1VHs.'),
    ...vmKeys,
    cores: z
      .array(coreIndex, { error: expecting('a list of host core indices') })
      .min(1)
      .meta({ uniqueItems: true })
      .optional()
      .describe("The host cores its VPs may run on, each once, none of an L1VH's. Default: every core not given to an L1VH."),
    cgroup: name.optional().describe('Root mode: the root cgroup of its VMM threads (the root partition needs that cgroup). Default: none.'),
    cpus: cpusKey('Root mode: the host LPs its VMM threads may use'),
  },
  'a partition map',
).describe('An ordinary VM.');

const childPartition = strictMap(
  {
    name: name.describe('Unique across the file, children included.'),
    kind: z
      .literal('child', { error: expecting('"child", or no kind') })
      .optional()
      .describe('A child partition, created by its L1VH on its cores. Default: "child".'),
    ...vmKeys,
    cgroup: name.optional().describe('The L1VH cgroup of its VMM threads. Default: none.'),
    cpus: cpusKey("The L1VH's vCPUs its VMM threads may use"),
  },
  'a child partition map',
)
  .meta({ title: 'child partition' })
  .describe('A child partition created by the L1VH.');

const l1vhPartition = strictMap(
  {
    name: name.describe('Unique across the file, children included.'),
    kind: z.literal('l1vh').describe('A Level-1 Virtualization Host: a partition with an OS of its own that hosts child partitions on cores given to it.'),
    cores: z
      .union(
        [
          z.array(coreIndex, { error: expecting('a non-empty list of host core indices') }).min(1).meta({ uniqueItems: true }),
          integer(1, LIMITS.maxCores, `a core count 1–${LIMITS.maxCores}`),
        ],
        { error: expecting('a list of host core indices or a core count') },
      )
      .describe('The host cores given to it and its children exclusively, or a count that takes the lowest free cores. Its vCPUs are the LPs of those cores, 1:1.'),
    ...hvControls,
    cgroup: name.optional().describe('Root mode: the root cgroup of its VMM threads (the root partition needs that cgroup). Default: none.'),
    cpus: cpusKey('Root mode: the host LPs its VMM threads may use'),
    threads,
    cgroups,
    children: z
      .array(childPartition, { error: expecting('a list of child partitions') })
      .optional()
      .describe('The child partitions it hosts on its cores. Default: none.'),
  },
  'a partition map',
).describe('A Level-1 Virtualization Host.');

const PARTITION_KINDS = ['root', 'guest', 'l1vh'] as const;
const partition = z
  .discriminatedUnion('kind', [rootPartition, guestPartition, l1vhPartition], {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `${expectedMessage(`a partition kind (${PARTITION_KINDS.join(', ')})`, field(issue.input, 'kind'))}${kindHint(field(issue.input, 'kind'))}`
        : expectedMessage('a partition map', issue.input),
  })
  .meta({ title: 'partition' });

/** A child is a partition too, but it lives in its L1VH: the kind that people write at the top level by mistake. */
function kindHint(kind: unknown): string {
  return kind === 'child' ? ": a child partition belongs under its L1VH's `children` (kind: l1vh, children: [{ name, vps, workload }])" : '';
}

// The file -------------------------------------------------------------------------------------

const SLICE_PATTERN = String.raw`^(?:auto|\s*${DURATION_SOURCE}\s*)$`;

const METRIC_NAMES = Object.keys(EXPECT_METRICS) as [ExpectMetric, ...ExpectMetric[]];

/** A bound: a number, or for latency metrics a duration with a unit. */
const bound = z
  .union([z.number(), z.string().meta(editorPattern(DURATION_PATTERN, `a number, or ${DURATION_WHAT} for a latency`))], { error: expecting(`a number, or ${DURATION_WHAT} for a latency`) })
  .transform((value, ctx) => {
    if (typeof value === 'number') return value;
    const parsed = parseDuration(value);
    return parsed.ok ? (parsed.value as number) : reject(ctx, expectedMessage(`a number, or ${DURATION_WHAT} for a latency`, value), value);
  })
  .meta({ title: 'number or duration' });

const mode = z.enum(MODES, { error: expecting(`a mode (${MODES.join(', ')})`) }).meta({ title: 'mode' });

const expectation = strictMap(
  {
    mode: mode.describe('The mode whose run it checks.'),
    partition: name.optional().describe('A partition or child; leave it out for a host metric. Default: none, the host.'),
    vp: integer(0, 4095, 'a VP index').optional().describe("One of the partition's VPs, 0 … vps − 1. Default: none."),
    thread: z
      .string({ error: expecting('a thread name') })
      .optional()
      .describe("One of the threads of the partition's OS, a replica by its result name (batch#1). Default: none."),
    cgroup: name.optional().describe("One of the partition's cgroups. Default: none."),
    metric: z
      .enum(METRIC_NAMES, { error: expecting(`a metric (${METRIC_NAMES.join(', ')})`) })
      .meta({ title: 'metric' })
      .describe('What it measures: a metric that applies to the target.'),
    min: bound.optional().describe('The least value that passes. Default: none.'),
    max: bound.optional().describe('The most value that passes, at least min. Default: none.'),
    approx: bound.optional().describe('The expected value, within tolerance. Default: none.'),
    tolerance: bound
      .optional()
      .describe('How far from approx still passes, ≥ 0; only with approx. Default: 0.02 for shares and CPUs, 5 % of approx for latencies.'),
  },
  'an expectation map',
).meta({ title: 'expectation' });

const sweepValue = z.union([z.string(), z.number(), z.boolean()], { error: expecting('a number, a string or true/false') });

/** What `hvsched sweep` varies and measures when its flags do not say (docs: README, "Sweeps"). */
const sweep = strictMap(
  {
    vary: z
      .record(z.string(), z.union([z.string(), z.number(), z.array(sweepValue)], { error: expecting('values: a list, or a range such as 1..8 or 1ms..10ms:1ms') }), {
        error: expecting('a map of scenario paths to their values'),
      })
      .meta({ title: 'map of scenario path → values' })
      .describe(
        'Scenario paths to the values they take. A path is any scenario key, list items named by their name or index ' +
          '(partitions.l1vh.children.child-a.vps, hypervisor.quantum); values are a list ([5ms, 10ms], [true, false]), ' +
          'an integer range (1..8, 2..16:2) or a duration range with its step (1ms..10ms:1ms). Several paths make a grid, the last one varying fastest.',
      ),
    seeds: integer(1, LIMITS.sweepSeedsMax).optional().describe("Runs per cell; seed k is the scenario's seed + k. Default: 1."),
    metrics: z
      .array(z.string({ error: expecting('a metric name such as l1vh.stealShare') }).meta({ title: 'metric name' }), { error: expecting('a list of metric names') })
      .min(1)
      .optional()
      .describe(
        "What each cell reports: expect's metrics named target.metric, as forcedIdleShare (the host), l1vh.stealShare, l1vh/vms.cpus (a cgroup), " +
          'l1vh/vp0.runShare (a VP), l1vh/api.wakeupP99Ns (a thread). Default: steal/wanted and CPUs of every L1VH and its children (of every partition when there is no L1VH).',
      ),
  },
  'a sweep map',
);

export const scenarioSchema = strictMap(
  {
    $schema: z.string({ error: expecting('a schema URL') }).optional().describe('For editors: the JSON Schema to check the file with; ignored by hvsched. Default: none.'),
    name: z
      .string({ error: expecting('a non-empty string') })
      .min(1)
      .optional()
      .describe('The scenario\'s name, shown in every output. Default: the file name without its extension.'),
    description: z
      .string({ error: expecting('a string') })
      .optional()
      .describe('What the scenario shows; shown in reports, and its first sentence by hvsched scenarios. Default: empty.'),
    duration: duration()
      .optional()
      .describe(
        `Simulated time, ${formatDuration(LIMITS.runDuration.min)}–${formatDuration(LIMITS.runDuration.max)} ` +
          `(work is kept in exact integer units, which bounds a run to an hour); --duration overrides it. Default: ${formatDuration(DEFAULTS.duration)}.`,
      ),
    seed: integer(0, LIMITS.seedMax).optional().describe(`The seed of the run's random streams; --seed overrides it. Default: ${DEFAULTS.seed}.`),
    modes: z
      .array(mode, { error: expecting('a non-empty list of modes') })
      .min(1)
      .meta({ uniqueItems: true })
      .optional()
      .describe(`The modes to run, each once; --mode overrides it. Default: all five (${DEFAULTS.modes.join(', ')}).`),
    host: strictMap(
      {
        cores: integer(1, LIMITS.maxCores).describe('Physical cores.'),
        threadsPerCore: threadsPerCore
          .optional()
          .describe(`LPs per core: LP i is thread i mod threadsPerCore of core ⌊i / threadsPerCore⌋. Default: ${DEFAULTS.threadsPerCore}.`),
        smtThroughput: z
          .number({ error: expecting('a number 1–2') })
          .min(1)
          .max(2)
          .optional()
          .describe(`The combined speed of two busy siblings: each progresses work at smtThroughput / 2 of full speed. Default: ${DEFAULTS.smtThroughput}.`),
      },
      'a host map',
    ).describe('The machine: its cores and their SMT.'),
    hypervisor: strictMap(
      {
        quantum: duration(LIMITS.quantum)
          .optional()
          .describe(
            `The hypervisor's time slice (classic, core), ${formatDuration(LIMITS.quantum.min)}–${formatDuration(LIMITS.quantum.max)}, ` +
              `at most a quarter of window, so that a reserve or a limit is met in several slices per window. Default: ${formatDuration(DEFAULTS.quantum)}.`,
          ),
        window: duration({ max: LIMITS.maxWindow })
          .optional()
          .describe(
            `Reserve and limit are accounted over consecutive windows of this length, 4 × quantum–${formatDuration(LIMITS.maxWindow)}. ` +
              `Default: ${formatDuration(DEFAULTS.window)}.`,
          ),
        wakeupPreemption: z
          .boolean({ error: expecting('true or false') })
          .optional()
          .describe(
            `Whether a waking VP (or virtual core) preempts a running one that is ahead of it by more than half a quantum. Default: ${DEFAULTS.wakeupPreemption}.`,
          ),
        vmmCapabilities: propertyRead(
          `Bank 0 of the VMM capabilities an L1VH reads; bit 6 (vmm_enable_integrated_scheduler) offers the integrated scheduler. Default: "0x${DEFAULTS.vmmCapabilities.toString(16)}".`,
        ).optional(),
        integratedSchedulerEnabled: propertyRead(
          `The value of partition property 0x00020005 an L1VH reads; non-zero, with bit 6 set, opens the gate. Default: ${DEFAULTS.integratedSchedulerEnabled}.`,
        ).optional(),
      },
      'a hypervisor map',
    )
      .optional()
      .describe('The hypervisor\'s scheduler, and what an L1VH reads from it to decide on the integrated scheduler. Default: every key at its default.'),
    os: strictMap(
      {
        slice: z
          .string({ error: expecting(`"auto" or ${DURATION_WHAT}`) })
          .transform((text, ctx) => {
            if (text === 'auto') return 'auto' as const;
            const parsed = parseDuration(text);
            if (!parsed.ok) return reject(ctx, expectedMessage(`"auto" or ${DURATION_WHAT}`, text), text);
            const { min, why } = LIMITS.osSlice;
            return parsed.value >= min ? parsed.value : reject(ctx, expectedMessage(`"auto" or a slice ≥ ${formatDuration(min)} (${why})`, text), text);
          })
          .meta({ title: '"auto" or duration', ...editorPattern(SLICE_PATTERN, `"auto" or ${DURATION_WHAT}`) })
          .optional()
          .describe(`The fair scheduler's slice, ≥ ${formatDuration(LIMITS.osSlice.min)}; "auto" is 0.7ms × (1 + log2 min(CPUs, 8)) for an OS of that many CPUs (2.8ms from 8 CPUs on). Default: "${DEFAULTS.slice}".`),
        wakeupGranularity: duration()
          .optional()
          .describe(`How far a waking thread must be behind the running one to preempt it. Default: ${formatDuration(DEFAULTS.wakeupGranularity)}.`),
      },
      'an os map',
    )
      .optional()
      .describe('The fair scheduler of the root OS and of every L1VH\'s OS. Default: every key at its default.'),
    partitions: z
      .array(partition, { error: expecting('a non-empty list of partitions') })
      .min(1)
      .describe('The partitions: at most one of kind root, names unique across the file (children included).'),
    expect: z
      .array(expectation, { error: expecting('a list of expectations') })
      .optional()
      .describe('Stated answers that hvsched check verifies (exit 3 if one fails). Default: none.'),
    sweep: sweep.optional().describe('What hvsched sweep varies and measures when its flags do not say; ignored by the other commands. Default: none.'),
  },
  'a scenario map',
);

/** What a scenario file may contain. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A file that passed the schema: values parsed, defaults not yet applied. */
export type CheckedInput = z.output<typeof scenarioSchema>;
export type CheckedWorkload = z.output<typeof workload>;
export type CheckedVpWorkloads = z.output<typeof vpWorkloads>;
export type CheckedThread = z.output<typeof thread>;
export type CheckedCgroups = z.output<typeof cgroups>;
export type CheckedPartition = z.output<typeof partition>;
export type CheckedChild = z.output<typeof childPartition>;
