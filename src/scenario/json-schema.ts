// JSON Schema of the scenario *file* for editors (yaml-language-server, VS Code's JSON support),
// generated from the same zod schema that validates it, so the two cannot drift apart.
import * as z from 'zod';
import { EXPECT_METRICS, type ExpectMetric, type ExpectTarget } from '../model/scenario.js';
import { listWords } from './message.js';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): object {
  const schema = discriminate(z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' })) as JsonObject;
  const expectation = (schema['properties'] as { expect: { items: JsonObject } }).expect.items;
  expectation['allOf'] = EXPECTATION_RULES;
  return {
    ...schema,
    title: 'hvsched scenario',
    description: 'A scenario for hvsched, the Microsoft Hypervisor CPU scheduling simulator (docs/scenario-format.md).',
  };
}

/** The keys that tell variants apart: a partition's `kind`, a workload's `type`. */
const DISCRIMINATORS = ['kind', 'type'] as const;

type JsonObject = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * zod writes a discriminated union as a plain `oneOf`, so a validator that meets a mistake in one
 * partition reports every variant's complaint ("must NOT have additional properties", three
 * times). An `if kind is X then X's schema` per variant lets it report the mistake in the variant
 * the file names, and a bad or missing `kind` as just that.
 */
function discriminate(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(discriminate);
  if (!isObject(node)) return node;
  const { oneOf, ...rest } = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, discriminate(value)]));
  if (!Array.isArray(oneOf)) return oneOf === undefined ? rest : { ...rest, oneOf };
  const key = DISCRIMINATORS.find((name) => oneOf.every((variant) => constOf(variant, name) !== undefined));
  if (key === undefined) return { ...rest, oneOf };
  const values = oneOf.map((variant) => constOf(variant, key)!);
  const description = oneOf.map((variant) => (isObject(variant) && typeof variant['description'] === 'string' ? `${constOf(variant, key)}: ${variant['description']}` : null));
  return {
    ...rest,
    type: 'object',
    required: [key],
    properties: {
      [key]: {
        enum: values,
        ...(description.every((line) => line !== null) ? { description: description.join(' ') } : {}),
        errorMessage: `expected a ${key} of ${listWords(values)}`,
      },
    },
    allOf: oneOf.map((variant, index) => ({ if: { properties: { [key]: { const: values[index] } }, required: [key] }, then: variant })),
  };
}

function constOf(variant: unknown, key: string): string | undefined {
  const property = isObject(variant) && isObject(variant['properties']) ? variant['properties'][key] : undefined;
  return isObject(property) && typeof property['const'] === 'string' ? property['const'] : undefined;
}

const metricsOf = (kind: ExpectTarget['kind']): ExpectMetric[] =>
  (Object.keys(EXPECT_METRICS) as ExpectMetric[]).filter((metric) => (EXPECT_METRICS[metric].targets as readonly string[]).includes(kind));

const has = (key: string) => ({ required: [key] });
const metricFor = (kind: ExpectTarget['kind']) => {
  const metrics = metricsOf(kind);
  return { properties: { metric: { enum: metrics, errorMessage: `expected a metric of a ${kind}: ${metrics.join(', ')}` } } };
};

/**
 * What the resolver checks of an expectation that a schema can say too: which keys go together,
 * and which metrics each kind of target has (a partition alone, or with its vp, thread or cgroup).
 */
const EXPECTATION_RULES = [
  { anyOf: [has('min'), has('max'), has('approx')], errorMessage: 'expected min, max or approx' },
  { not: { ...has('approx'), anyOf: [has('min'), has('max')] }, errorMessage: 'expected approx alone or min/max' },
  { not: { anyOf: [{ required: ['vp', 'thread'] }, { required: ['vp', 'cgroup'] }, { required: ['thread', 'cgroup'] }] }, errorMessage: 'expected at most one of vp, thread and cgroup' },
  { dependentRequired: { tolerance: ['approx'], vp: ['partition'], thread: ['partition'], cgroup: ['partition'] } },
  { properties: { tolerance: { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string' }] } } },
  { if: { not: has('partition') }, then: metricFor('host') },
  { if: has('vp'), then: metricFor('vp') },
  { if: has('thread'), then: metricFor('thread') },
  { if: has('cgroup'), then: metricFor('cgroup') },
  { if: { ...has('partition'), not: { anyOf: [has('vp'), has('thread'), has('cgroup')] } }, then: metricFor('partition') },
];
