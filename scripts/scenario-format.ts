// The key tables of docs/scenario-format.md, generated from the scenario file's JSON Schema (the
// zod schema's descriptions and titles), so the page cannot drift from what hvsched accepts. The
// page is prose with blocks between `<!-- generated: NAME -->` and `<!-- end -->`; fill() rewrites
// every block and keeps the prose. test/docs/scenario-format.test.ts fails when the checked-in
// page differs, and rewrites it with UPDATE_DOCS=1.

export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: SchemaNode | boolean;
  readonly propertyNames?: SchemaNode;
  readonly items?: SchemaNode;
  readonly prefixItems?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly then?: SchemaNode;
}

/** One key of a map, as the tables show it. */
export interface KeyRow {
  readonly key: string;
  readonly type: string;
  /** `required`, or what the key's description says after `Default:`. */
  readonly default: string;
  readonly meaning: string;
}

const BLOCK = /(<!-- generated: ([\w-]+) -->\n)[\s\S]*?(<!-- end -->)/g;

/** The page with every generated block rewritten from the schema; a block it does not know is a bug. */
export function fill(page: string, schema: SchemaNode): string {
  const tables = generatedTables(schema);
  return page.replace(BLOCK, (_, open: string, name: string, close: string) => {
    const table = tables[name];
    if (table === undefined) throw new Error(`docs: no generated table is named ${name}`);
    return `${open}${table}${close}`;
  });
}

export function blockNames(page: string): string[] {
  return [...page.matchAll(BLOCK)].map((match) => match[2]!);
}

export function generatedTables(schema: SchemaNode): Record<string, string> {
  const top = properties(schema);
  const partitions = partitionKinds(schema);
  const l1vh = partitions.find((p) => p.kind === 'l1vh')!.node;
  return {
    'top-level': keyTable(schema),
    host: keyTable(top.host!),
    hypervisor: keyTable(top.hypervisor!),
    os: keyTable(top.os!),
    partitions: partitionTable(partitions),
    threads: keyTable(properties(l1vh).threads!.items!),
    cgroups: keyTable(additional(properties(l1vh).cgroups!)),
    workloads: workloadTable(workloadKinds(properties(l1vh).threads!.items!)),
    expect: keyTable(top.expect!.items!),
    sweep: keyTable(top.sweep!),
  };
}

function properties(node: SchemaNode): Readonly<Record<string, SchemaNode>> {
  const found = node.properties;
  if (found === undefined) throw new Error(`docs: expected a map with keys, got ${JSON.stringify(node).slice(0, 80)}`);
  return found;
}

function additional(node: SchemaNode): SchemaNode {
  if (typeof node.additionalProperties !== 'object') throw new Error('docs: expected a map of names');
  return node.additionalProperties;
}

export function keyRows(map: SchemaNode): KeyRow[] {
  const required = new Set(map.required ?? []);
  return Object.entries(properties(map)).map(([key, node]) => {
    const { meaning, stated } = splitDefault(node.description ?? '');
    if (meaning === '') throw new Error(`docs: the key ${key} has no description`);
    if (!required.has(key) && stated === null) throw new Error(`docs: the optional key ${key} states no default (end its description with "Default: …")`);
    return { key, type: typeName(node), default: required.has(key) ? 'required' : stated!, meaning };
  });
}

/** A description is its meaning, then for an optional key a last sentence `Default: …`. */
function splitDefault(description: string): { meaning: string; stated: string | null } {
  const match = /^(.*?)\s*Default: (.*?)\.?$/s.exec(description);
  return match === null ? { meaning: description, stated: null } : { meaning: match[1]!, stated: match[2]! };
}

function keyTable(map: SchemaNode): string {
  return table(['key', 'type', 'default', 'meaning'], keyRows(map).map((row) => [code(row.key), row.type, defaultCell(row.default), row.meaning]));
}

interface PartitionKind {
  readonly kind: string;
  readonly node: SchemaNode;
}

/** The top level's kinds of partition, then the L1VH's children. */
function partitionKinds(schema: SchemaNode): PartitionKind[] {
  const variants = variantsOf(properties(schema).partitions!.items!);
  const kinds = variants.map((node) => ({ kind: String(properties(node).kind!.const), node }));
  const l1vh = kinds.find((p) => p.kind === 'l1vh');
  if (l1vh === undefined) throw new Error('docs: the schema has no l1vh partition');
  return [...kinds, { kind: 'child', node: properties(l1vh.node).children!.items! }];
}

/** A row per key and meaning, naming the kinds it applies to: keys that mean the same in several kinds share one row. */
function partitionTable(kinds: readonly PartitionKind[]): string {
  const rows = new Map<string, { row: KeyRow; kinds: string[] }>();
  for (const { kind, node } of kinds) {
    for (const row of keyRows(node)) {
      const signature = JSON.stringify(row.key === 'kind' ? [row.key, kind] : row);
      const shared = rows.get(signature);
      if (shared === undefined) rows.set(signature, { row, kinds: [kind] });
      else shared.kinds.push(kind);
    }
  }
  const order = (key: string): number => ['name', 'kind'].indexOf(key) + 1 || 3;
  const sorted = [...rows.values()].sort((a, b) => order(a.row.key) - order(b.row.key));
  return table(
    ['key', 'kinds', 'type', 'default', 'meaning'],
    sorted.map(({ row, kinds: of }) => [code(row.key), of.length === kinds.length ? 'all' : of.join(', '), row.type, defaultCell(row.default), row.meaning]),
  );
}

/** The workload maps a thread's workload may be, by their `type`. */
function workloadKinds(thread: SchemaNode): SchemaNode[] {
  const workload = properties(thread).workload!;
  const maps = (workload.anyOf ?? []).flatMap((member) => variantsOf(member));
  if (maps.length === 0) throw new Error('docs: a thread\'s workload offers no workload maps');
  return maps;
}

/** The variants of a discriminated map: `if kind/type is … then …` branches (or a plain oneOf). */
function variantsOf(node: SchemaNode): SchemaNode[] {
  if (node.oneOf !== undefined) return [...node.oneOf];
  return (node.allOf ?? []).flatMap((branch) => (branch.then === undefined ? [] : [branch.then]));
}

function workloadTable(maps: readonly SchemaNode[]): string {
  return table(
    ['type', 'key', 'value', 'default', 'meaning'],
    maps.flatMap((map) => {
      const type = String(properties(map).type!.const);
      return keyRows(map).map((row) =>
        row.key === 'type' ? [code(type), code('type'), code(type), 'required', row.meaning] : ['', code(row.key), row.type, defaultCell(row.default), row.meaning],
      );
    }),
  );
}

/** The type of a value in words: its title where it has one, else read from its JSON Schema. */
export function typeName(node: SchemaNode): string {
  if (node.title !== undefined) return node.title;
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.enum !== undefined) return node.enum.map((value) => code(JSON.stringify(value))).join(' or ');
  const members = node.anyOf ?? node.oneOf;
  if (members !== undefined) return [...new Set(members.map(typeName))].join(' or ');
  switch (node.type) {
    case 'integer':
    case 'number':
      return `${node.type}${range(node)}`;
    case 'boolean':
      return 'boolean';
    case 'string':
      return node.minLength === 1 ? 'non-empty string' : 'string';
    case 'array':
      return `${node.minItems === 1 ? 'non-empty ' : ''}list of ${plural(node.items === undefined ? 'values' : typeName(node.items))}`;
    case 'object':
      if (node.properties !== undefined) return 'map';
      return `map of ${node.propertyNames === undefined ? 'string' : typeName(node.propertyNames)} → ${typeof node.additionalProperties === 'object' ? typeName(node.additionalProperties) : 'value'}`;
  }
  throw new Error(`docs: no words for the type of ${JSON.stringify(node).slice(0, 120)}`);
}

function range(node: SchemaNode): string {
  const low = node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : node.minimum;
  if (low === undefined) return node.maximum === undefined ? '' : ` ≤ ${node.maximum}`;
  if (typeof low === 'string') return node.maximum === undefined ? ` ${low}` : ` ${low}, ≤ ${node.maximum}`;
  return node.maximum === undefined ? ` ≥ ${low}` : ` ${low}–${node.maximum}`;
}

function plural(noun: string): string {
  if (/[s)\]]$/.test(noun)) return noun;
  if (noun.endsWith('index')) return `${noun.slice(0, -'index'.length)}indices`;
  return `${noun}s`;
}

/** A default that is a value as written in a file is shown as code; one in words is not. */
function defaultCell(text: string): string {
  return /^(-?\d[\w.]*|true|false|"[^"]*")$/.test(text) ? code(text) : text;
}

function code(text: string): string {
  return `\`${text}\``;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return `${[line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')}\n`;
}
