// The shape of a scenario file (MODEL.md §9) as a zod schema. It checks each value on its own:
// types, ranges, unknown keys, duration and distribution syntax. Relations between values
// (names that must exist or be unique, cores, CPU ranges, list lengths) and every default belong
// to the resolver, which runs only on input that passed this schema.
import * as z from 'zod';
import { EXPECT_METRICS, MODES, type ExpectMetric, type WorkloadKind } from '../model/scenario.js';
import { ns, type Nanos } from '../model/time.js';
import { CPU_MAX_CPUS, CPU_MAX_PATTERN, CPU_MAX_WHAT, parseCpuMax } from './cpu-max.js';
import { CPULIST_PATTERN, CPULIST_WHAT, MAX_CPU, parseCpuList, sortedUnique } from './cpulist.js';
import { DEFAULTS } from './defaults.js';
import { distributionMean, DISTRIBUTION_PATTERN, DISTRIBUTION_WHAT, parseDistribution } from './distribution.js';
import { DURATION_PATTERN, DURATION_SOURCE, DURATION_WHAT, formatDuration, parseDuration } from './duration.js';
import { LIMITS } from './limits.js';
import { expectedMessage, expecting, listWords, quote } from './message.js';
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
const name = z.string({ error: expecting(NAME_WHAT) }).regex(NAME);

interface DurationBounds {
  readonly min?: Nanos;
  readonly max?: Nanos;
}

function boundsText({ min, max }: DurationBounds): string {
  if (min === undefined) return max === undefined ? 'a duration' : `a duration ≤ ${formatDuration(max)}`;
  if (max !== undefined) return `a duration ${formatDuration(min)}–${formatDuration(max)}`;
  return min === 1 ? 'a duration > 0' : `a duration ≥ ${formatDuration(min)}`;
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
    .meta(editorPattern(DURATION_PATTERN, DURATION_WHAT));
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
    .meta(editorPattern(DISTRIBUTION_PATTERN, DISTRIBUTION_WHAT));
}

const positiveDistribution = () =>
  distribution({ positiveMean: true }).describe(`${DISTRIBUTION_WHAT}; mean > 0`);

const cpus = z
  .union([z.array(integer(0, MAX_CPU, `a CPU number 0–${MAX_CPU}`)), z.string().meta(editorPattern(CPULIST_PATTERN, CPULIST_WHAT))], { error: expecting(CPULIST_WHAT) })
  .transform((value, ctx) => {
    if (typeof value !== 'string') return sortedUnique(value);
    const parsed = parseCpuList(value);
    return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
  });

const coreIndex = integer(0, LIMITS.maxCores - 1, `a host core index 0–${LIMITS.maxCores - 1}`);

const threadsPerCore = z.literal([1, 2], { error: expecting('1 or 2') });

/** Numbers past 2^53 lose precision: the parser takes them only as strings. */
const PROPERTY_READ_NUMBER = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

const propertyRead = (what: string) =>
  z
    .union([z.number().meta(PROPERTY_READ_NUMBER), z.string().meta(editorPattern(PROPERTY_READ_PATTERN, PROPERTY_READ_WHAT))], { error: expecting(PROPERTY_READ_WHAT) })
    .transform((value, ctx) => {
      const parsed = parsePropertyRead(value);
      return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
    })
    .describe(what);

// Workloads ------------------------------------------------------------------------------------

/** Every workload kind a file can name; a new kind in the model fails to compile until it is here. */
const WORKLOAD_DESCRIPTIONS = {
  busy: 'Always runnable.',
  idle: 'Never runnable.',
  periodic: 'A burst of work every period.',
  onoff: 'Alternating busy and idle phases.',
  poisson: 'Requests arriving at random.',
  trace: 'Recorded bursts.',
} as const satisfies Record<WorkloadKind, string>;
const WORKLOAD_TYPES = Object.keys(WORKLOAD_DESCRIPTIONS);

function workloadOf<T extends WorkloadKind, S extends z.core.$ZodLooseShape>(type: T, shape: S) {
  return strictMap({ type: z.literal(type), ...shape }, `a ${type} workload map`).describe(WORKLOAD_DESCRIPTIONS[type]);
}

const burst = z
  .tuple([duration().describe('arrival time'), duration({ min: ns(1) }).describe('work, > 0')], {
    error: expecting('a burst [at, work]'),
  })
  .describe('[arrival time, work]');

const workloadMap = z.discriminatedUnion(
  'type',
  [
    workloadOf('busy', {}),
    workloadOf('idle', {}),
    workloadOf('periodic', {
      period: positiveDistribution().describe('Time between arrivals.'),
      work: positiveDistribution().describe('Work per burst.'),
      offset: distribution({ positiveMean: false }).optional().describe('First arrival; default 0.'),
    }),
    workloadOf('onoff', {
      on: positiveDistribution().describe('Length of a busy phase.'),
      off: distribution({ positiveMean: false }).describe('Length of an idle phase.'),
    }),
    workloadOf('poisson', {
      interval: positiveDistribution().describe('Inter-arrival time; a plain duration means exponential with that mean.'),
      work: positiveDistribution().describe('Work per request.'),
    }),
    workloadOf('trace', { bursts: z.array(burst).describe('Bursts in order of arrival.') }),
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
  .describe(`${WORKLOAD_WHAT}.`);

const vpWorkloads = z
  .union([workload, z.array(workload, { error: expecting('a workload, or a non-empty list of workloads one per VP') }).min(1)], {
    error: workloadError('a workload, or a list of workloads one per VP'),
  })
  .describe('One workload for every VP, or a list with exactly one per VP.');

function field(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null && Object.hasOwn(input, key)
    ? (input as Record<string, unknown>)[key]
    : undefined;
}

// OS objects -----------------------------------------------------------------------------------

const cpusKey = (whose: string) => cpus.optional().describe(`cpuset: ${whose}; ${CPULIST_WHAT}.`);

const cgroup = strictMap(
  {
    weight: integer(LIMITS.weight.min, LIMITS.weight.max)
      .optional()
      .describe(`cpu.weight; default ${DEFAULTS.cgroupWeight} (a nice-0 thread's weight).`),
    max: z
      .union([z.string().meta(editorPattern(CPU_MAX_PATTERN, CPU_MAX_WHAT)), z.number().meta(CPU_MAX_CPUS)], { error: expecting(CPU_MAX_WHAT) })
      .transform((value, ctx) => {
        const parsed = parseCpuMax(value);
        return parsed.ok ? parsed.value : reject(ctx, parsed.message, value);
      })
      .optional()
      .describe(`cpu.max: ${CPU_MAX_WHAT}; default unlimited.`),
    cpus: cpusKey('CPUs of the OS that owns the cgroup'),
  },
  'a cgroup map',
);

const cgroups = z
  .record(name, cgroup, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? expectedMessage(NAME_WHAT, issue.input)
        : expectedMessage('a map of cgroup names to cgroups', issue.input),
  })
  .optional()
  .describe('Flat cgroups of this OS, by name.');

const thread = strictMap(
  {
    name: name.describe('Thread name; replicas are named name#0, name#1, …'),
    count: integer(1, LIMITS.maxThreadCount).optional().describe(`Replicas; default ${DEFAULTS.threadCount}.`),
    nice: integer(LIMITS.nice.min, LIMITS.nice.max).optional().describe(`Default ${DEFAULTS.nice}.`),
    cgroup: name.optional().describe('A cgroup of the same OS.'),
    cpus: cpusKey('CPUs of the same OS'),
    workload,
  },
  'a thread map',
);

const threads = z.array(thread, { error: expecting('a list of threads') }).optional().describe('Processes of this OS.');

// Partitions -----------------------------------------------------------------------------------

const hvControls = {
  weight: integer(LIMITS.weight.min, LIMITS.weight.max)
    .optional()
    .describe(`Hyper-V weight; default ${DEFAULTS.weight}.`),
  reserve: z
    .number({ error: expecting('a percentage 0–100') })
    .min(0)
    .max(100)
    .optional()
    .describe(`Percent of one LP per VP guaranteed; default ${DEFAULTS.reserve}.`),
  limit: z
    .number({ error: expecting('a percentage in (0, 100]') })
    .gt(0)
    .max(100)
    .optional()
    .describe(`Percent of one LP per VP at most; default ${DEFAULTS.limit}.`),
};

const vmKeys = {
  vps: integer(1, LIMITS.maxVps).describe('Number of virtual processors.'),
  ...hvControls,
  threadsPerCore: threadsPerCore.optional().describe("Guest SMT; default the host's."),
  workload: vpWorkloads,
};

const rootPartition = strictMap(
  {
    name: name.describe('Unique across the file.'),
    kind: z.literal('root'),
    threads,
    cgroups,
  },
  'a partition map',
).describe('The root partition and its OS.');

const guestPartition = strictMap(
  {
    name: name.describe('Unique across the file.'),
    kind: z.literal('guest'),
    ...vmKeys,
    cores: z
      .array(coreIndex, { error: expecting('a list of host core indices') })
      .min(1)
      .meta({ uniqueItems: true })
      .optional()
      .describe('Host cores its VPs may run on; default every core not given to an L1VH.'),
    cgroup: name.optional().describe('Root mode: root cgroup of its VMM threads.'),
    cpus: cpusKey('root mode, host LPs its VMM threads may use'),
  },
  'a partition map',
).describe('An ordinary VM.');

const childPartition = strictMap(
  {
    name: name.describe('Unique across the file.'),
    kind: z.literal('child', { error: expecting('"child", or no kind') }).optional(),
    ...vmKeys,
    cgroup: name.optional().describe('L1VH cgroup of its VMM threads.'),
    cpus: cpusKey('L1VH vCPUs its VMM threads may use'),
  },
  'a child partition map',
).describe('A child partition created by the L1VH.');

const l1vhPartition = strictMap(
  {
    name: name.describe('Unique across the file.'),
    kind: z.literal('l1vh'),
    cores: z
      .union(
        [
          z.array(coreIndex, { error: expecting('a non-empty list of host core indices') }).min(1).meta({ uniqueItems: true }),
          integer(1, LIMITS.maxCores, `a core count 1–${LIMITS.maxCores}`),
        ],
        { error: expecting('a list of host core indices or a core count') },
      )
      .describe('Host cores given to it exclusively, or a count filled with the lowest free cores.'),
    ...hvControls,
    cgroup: name.optional().describe('Root mode: root cgroup of its VMM threads.'),
    cpus: cpusKey('root mode, host LPs its VMM threads may use'),
    threads,
    cgroups,
    children: z
      .array(childPartition, { error: expecting('a list of child partitions') })
      .optional()
      .describe('Child partitions it hosts on its cores.'),
  },
  'a partition map',
).describe('A Level-1 Virtualization Host.');

const PARTITION_KINDS = ['root', 'guest', 'l1vh'] as const;
const partition = z.discriminatedUnion('kind', [rootPartition, guestPartition, l1vhPartition], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `${expectedMessage(`a partition kind (${PARTITION_KINDS.join(', ')})`, field(issue.input, 'kind'))}${kindHint(field(issue.input, 'kind'))}`
      : expectedMessage('a partition map', issue.input),
});

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
  });

const expectation = strictMap(
  {
    mode: z.enum(MODES, { error: expecting(`a mode (${MODES.join(', ')})`) }),
    partition: name.optional().describe('A partition or child; leave it out for a host metric.'),
    vp: integer(0, 4095, 'a VP index').optional().describe("One of the partition's VPs."),
    thread: z.string({ error: expecting('a thread name') }).optional().describe("One of the partition's threads, e.g. batch#1."),
    cgroup: name.optional().describe("One of the partition's cgroups."),
    metric: z.enum(METRIC_NAMES, { error: expecting(`a metric (${METRIC_NAMES.join(', ')})`) }),
    min: bound.optional(),
    max: bound.optional(),
    approx: bound.optional().describe('The expected value, within `tolerance`.'),
    tolerance: bound
      .optional()
      .describe('How far from approx still passes: default 0.02 for shares and CPUs, 5 % of approx for latencies.'),
  },
  'an expectation map',
);

const sweepValue = z.union([z.string(), z.number(), z.boolean()], { error: expecting('a number, a string or true/false') });

/** What `hvsched sweep` varies and measures when its flags do not say (docs: README, "Sweeps"). */
const sweep = strictMap(
  {
    vary: z
      .record(z.string(), z.union([z.string(), z.number(), z.array(sweepValue)], { error: expecting('values: a list, or a range such as 1..8 or 1ms..10ms:1ms') }), {
        error: expecting('a map of scenario paths to their values'),
      })
      .describe('Scenario keys (list items named by their name, e.g. partitions.l1vh.children.child-a.vps) to the values they take: a list, 1..8, 2..16:2 or 1ms..10ms:1ms.'),
    seeds: integer(1, LIMITS.sweepSeedsMax).optional().describe('Runs per cell, with seeds derived from the scenario seed; default 1.'),
    metrics: z
      .array(z.string({ error: expecting('a metric name such as l1vh.stealShare') }), { error: expecting('a list of metric names') })
      .min(1)
      .optional()
      .describe('What each cell reports, as `expect` names them: l1vh.stealShare, l1vh/vms.cpus, forcedIdleShare (host).'),
  },
  'a sweep map',
);

export const scenarioSchema = strictMap(
  {
    $schema: z.string({ error: expecting('a schema URL') }).optional().describe('For editors; ignored.'),
    name: z
      .string({ error: expecting('a non-empty string') })
      .min(1)
      .optional()
      .describe('Default: the file name without its extension.'),
    description: z.string({ error: expecting('a string') }).optional(),
    duration: duration()
      .optional()
      .describe(
        `Simulated time, ${formatDuration(LIMITS.runDuration.min)}–${formatDuration(LIMITS.runDuration.max)}; ` +
          `default ${formatDuration(DEFAULTS.duration)}.`,
      ),
    seed: integer(0, LIMITS.seedMax).optional().describe(`PRNG seed; default ${DEFAULTS.seed}.`),
    modes: z
      .array(z.enum(MODES, { error: expecting(`a mode (${MODES.join(', ')})`) }), {
        error: expecting('a non-empty list of modes'),
      })
      .min(1)
      .meta({ uniqueItems: true })
      .optional()
      .describe(`Modes to run, each once; default ${listWords(DEFAULTS.modes)}.`),
    host: strictMap(
      {
        cores: integer(1, LIMITS.maxCores).describe('Physical cores.'),
        threadsPerCore: threadsPerCore.optional().describe(`LPs per core; default ${DEFAULTS.threadsPerCore}.`),
        smtThroughput: z
          .number({ error: expecting('a number 1–2') })
          .min(1)
          .max(2)
          .optional()
          .describe(`Combined speed of two busy siblings; default ${DEFAULTS.smtThroughput}.`),
      },
      'a host map',
    ),
    hypervisor: strictMap(
      {
        quantum: duration(LIMITS.quantum)
          .optional()
          .describe(
            `Hypervisor time slice, ${formatDuration(LIMITS.quantum.min)}–${formatDuration(LIMITS.quantum.max)}; ` +
              `default ${formatDuration(DEFAULTS.quantum)}.`,
          ),
        window: duration({ max: LIMITS.maxWindow })
          .optional()
          .describe(
            `Reserve/limit window, quantum–${formatDuration(LIMITS.maxWindow)}; ` +
              `default ${formatDuration(DEFAULTS.window)}.`,
          ),
        wakeupPreemption: z
          .boolean({ error: expecting('true or false') })
          .optional()
          .describe(
            `Whether a waking VP preempts a running VP that is ahead of it by more than half a quantum; default ${DEFAULTS.wakeupPreemption}.`,
          ),
        vmmCapabilities: propertyRead(
          'VMM capabilities bank 0; bit 6 enables the integrated scheduler; default "0x40".',
        ).optional(),
        integratedSchedulerEnabled: propertyRead('Value of partition property 0x00020005; default 1.').optional(),
      },
      'a hypervisor map',
    ).optional(),
    os: strictMap(
      {
        slice: z
          .string({ error: expecting(`"auto" or ${DURATION_WHAT}`) })
          .transform((text, ctx) => {
            if (text === 'auto') return 'auto' as const;
            const parsed = parseDuration(text);
            if (!parsed.ok) return reject(ctx, expectedMessage(`"auto" or ${DURATION_WHAT}`, text), text);
            return parsed.value > 0 ? parsed.value : reject(ctx, expectedMessage('a slice > 0', text), text);
          })
          .meta(editorPattern(SLICE_PATTERN, `"auto" or ${DURATION_WHAT}`))
          .optional()
          .describe('Fair-scheduler slice; default "auto" = 0.7ms × (1 + log2 min(CPUs, 8)).'),
        wakeupGranularity: duration()
          .optional()
          .describe(
            `Fair-scheduler wake-up preemption threshold; default ${formatDuration(DEFAULTS.wakeupGranularity)}.`,
          ),
      },
      'an os map',
    ).optional(),
    partitions: z
      .array(partition, { error: expecting('a non-empty list of partitions') })
      .min(1)
      .describe('Partitions; at most one root, names unique across the file (children included).'),
    expect: z
      .array(expectation, { error: expecting('a list of expectations') })
      .optional()
      .describe('Checks run by `hvsched check`.'),
    sweep: sweep.optional().describe('What `hvsched sweep` varies by default; ignored by the other commands.'),
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
