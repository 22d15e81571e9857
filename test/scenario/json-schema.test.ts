import { describe, expect, test } from 'vitest';
import { scenarioJsonSchema } from '../../src/scenario/index.js';

interface SchemaNode {
  readonly $schema?: string;
  readonly type?: string;
  readonly description?: string;
  readonly pattern?: string;
  readonly required?: readonly string[];
  readonly additionalProperties?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly allOf?: readonly { readonly if?: SchemaNode; readonly then?: SchemaNode }[];
}

const schema = scenarioJsonSchema() as SchemaNode;

describe('scenarioJsonSchema', () => {
  test('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  test('describes the top level of a scenario file, strictly', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'duration', 'seed', 'modes', 'host', 'hypervisor', 'os', 'partitions', 'expect']),
    );
    expect(schema.required).toEqual(['host', 'partitions']);
  });

  test('offers one variant per partition kind, each with its own keys, chosen by `kind`', () => {
    const items = schema.properties?.partitions?.items;
    expect(items?.required).toEqual(['kind']);
    const variants = (items?.allOf ?? []).map((rule) => rule.then ?? {});
    expect((items?.allOf ?? []).map((rule) => rule.if?.properties?.['kind'])).toEqual([{ const: 'root' }, { const: 'guest' }, { const: 'l1vh' }]);
    const keys = Object.fromEntries(
      variants.map((variant) => [JSON.stringify(variant.properties?.['kind']), Object.keys(variant.properties ?? {})]),
    );
    expect(Object.keys(keys)).toHaveLength(3);
    expect(Object.values(keys).flat()).toEqual(expect.arrayContaining(['vps', 'weight', 'children', 'cgroups', 'threads']));
  });

  test('carries descriptions with defaults, and a pattern editors can check durations with', () => {
    const duration = schema.properties?.['duration'];
    expect(duration?.description).toContain('Default: 10s.');
    const pattern = new RegExp(duration?.pattern ?? '(?!)', 'u');
    expect(['10s', '1.5ms', '250ns', '20µs'].every((text) => pattern.test(text))).toBe(true);
    expect(['10', 'ms', '-1ms'].some((text) => pattern.test(text))).toBe(false);
  });
});
