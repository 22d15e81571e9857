// Structure-aware mutants of scenario files, as a hostile or careless user would write them:
// keys deleted, duplicated or given a value of another type, extreme numbers and durations,
// unicode, anchors, aliases and merge keys, then damage to the text itself (byte flips,
// truncation, a byte-order mark, CRLF line ends, strict JSON). Mutant i of a seed is the same
// whatever the count, so a finding is reproduced by its seed and index alone.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { Random } from '../../src/engine/random.js';

export interface Seed {
  /** A file name, e.g. default.yaml; the mutant keeps its stem. */
  readonly name: string;
  readonly text: string;
}

export interface Mutant {
  readonly index: number;
  /** Where the CLI reads it: `<stem>.yaml`, or `.json` when the mutant was turned into JSON. */
  readonly file: string;
  readonly bytes: Buffer;
  /** The mutations applied, in order, e.g. ["retype partitions[1].vps", "crlf"]. */
  readonly steps: readonly string[];
}

export const EXTREME_NUMBERS: readonly number[] = [
  0, -0, -1, 1, 0.5, 1.5, 2, 3, 100, 1023, 1024, 1025, 2047, 2048, 4096, 10_000, 10_001, 2 ** 31, 2 ** 32, 2 ** 53,
  2 ** 53 + 2, 1e21, 1e308, -1e308, 1e-320, Infinity, -Infinity, NaN,
];

export const EXTREME_DURATIONS: readonly string[] = [
  '0ns', '1ns', '0s', '99us', '100us', '1ms', '1h', '3601s', '60m', '104d', '9007199254740991ns', '9007199254740993ns',
  '9999999999h', '1.5ns', '0.0000000001s', '+5ms', '-5ms', ' 5ms ', '5 ms', '5MS', '5', 'ms', '5µs', '5μs', '５ms',
  'exp(0ns)', 'exp(1ns)', 'exp (5ms)', 'exp( 5ms )', 'uniform(3ms, 1ms)', 'uniform (1ms, 3ms)', 'uniform(0ns,0ns)',
  'uniform(1ns, 9999999999h)', 'exp(5ms', 'uniform(1ms)', 'exp((5ms))', 'exp(-5ms)', 'auto', '1e3ms', '0x10ms',
  '5ms/100ms', '0ms/100ms', '1ms/0ms', '1ms..10ms', '0x', '0x40', '0xffffffffffffffffff', '3-1', '0-2047', '0-99999999',
  '1,,2', 'unreadable',
];

export const NASTY_STRINGS: readonly string[] = [
  '', ' ', 'vm', 'a\nb', 'a\r\nb', '\u001b[31mred', 'tab\there', 'nul\u0000', 'bell\u0007', '\u007f', '\u0085', 'line\u2028sep',
  'rtl\u202eoverride', 'zero\u200bwidth', 'e\u0301', '🙂', '\ud800', 'x'.repeat(5000), '__proto__', 'constructor',
  'busy', 'idle', 'root', 'guest', 'l1vh', 'child', 'core', 'classic', 'integrated', 'root-scheduler', '<<', '~', 'null',
  'true', '*', '&a', '!tag', '%', '@', '`', '"', "'", '{', '[', '#', '- x', ': x', 'ｂusy',
];

const RETYPED: readonly unknown[] = [null, true, false, 42, -3.5, 'text', '', [], {}, [1, 2], { a: 1 }, ['busy'], { type: 'busy' }];

type Structural = (doc: Document, random: Random) => string | null;

interface Place {
  readonly path: string;
  readonly parent: Node;
  /** The pair, for a map entry; undefined for a list item. */
  readonly pair?: Pair<unknown, unknown>;
  readonly index: number;
}

/** Every entry of every map and list, in document order, with the path a message would print. */
function places(doc: Document): Place[] {
  const found: Place[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isMap(node)) {
      node.items.forEach((pair, index) => {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        const here = path === '' ? key : `${path}.${key}`;
        found.push({ path: here, parent: node, pair, index });
        walk(pair.value, here);
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const here = `${path}[${index}]`;
        found.push({ path: here, parent: node, index });
        walk(item, here);
      });
    }
  };
  walk(doc.contents, '');
  return found;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random.nextFloat() * items.length)]!;
}

function pickPlace(doc: Document, random: Random, want: (place: Place) => boolean = () => true): Place | null {
  const candidates = places(doc).filter(want);
  return candidates.length === 0 ? null : pick(random, candidates);
}

function valueOf(place: Place): unknown {
  return place.pair === undefined ? (place.parent as { items: unknown[] }).items[place.index] : place.pair.value;
}

function setValue(place: Place, value: unknown): void {
  if (place.pair === undefined) (place.parent as { items: unknown[] }).items[place.index] = value;
  else place.pair.value = value;
}

const isScalarPlace = (place: Place): boolean => isScalar(valueOf(place));

const STRUCTURAL: Readonly<Record<string, Structural>> = {
  delete(doc, random) {
    const place = pickPlace(doc, random);
    if (place === null) return null;
    (place.parent as { items: unknown[] }).items.splice(place.index, 1);
    return `delete ${place.path}`;
  },
  duplicate(doc, random) {
    const place = pickPlace(doc, random);
    if (place === null) return null;
    const items = (place.parent as { items: unknown[] }).items;
    const copy = place.pair === undefined ? doc.createNode(toPlain(valueOf(place))) : doc.createPair(toPlain(place.pair.key), toPlain(place.pair.value));
    items.splice(place.index + 1, 0, copy);
    return `duplicate ${place.path}`;
  },
  retype(doc, random) {
    const place = pickPlace(doc, random);
    if (place === null) return null;
    setValue(place, doc.createNode(pick(random, RETYPED)));
    return `retype ${place.path}`;
  },
  number(doc, random) {
    const place = pickPlace(doc, random, isScalarPlace);
    if (place === null) return null;
    setValue(place, new Scalar(pick(random, EXTREME_NUMBERS)));
    return `number ${place.path}`;
  },
  duration(doc, random) {
    const place = pickPlace(doc, random, isScalarPlace);
    if (place === null) return null;
    setValue(place, new Scalar(pick(random, EXTREME_DURATIONS)));
    return `duration ${place.path}`;
  },
  unicode(doc, random) {
    const place = pickPlace(doc, random);
    if (place === null) return null;
    const text = pick(random, NASTY_STRINGS);
    if (place.pair !== undefined && random.nextFloat() < 0.3) {
      place.pair.key = new Scalar(text);
      return `unicode key ${place.path}`;
    }
    const old = valueOf(place);
    const mixed = isScalar(old) && typeof old.value === 'string' && random.nextFloat() < 0.5 ? `${old.value}${text}` : text;
    setValue(place, new Scalar(mixed));
    return `unicode ${place.path}`;
  },
};

/** Aliases come last, and after their anchor in the text: yaml cannot write an alias to a node that is gone. */
const REUSE: Readonly<Record<string, Structural>> = {
  alias(doc, random) {
    const all = places(doc);
    const [source, target] = orderedPair(all, random);
    if (source === undefined || target === undefined) return null;
    const node = valueOf(source);
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return null;
    setValue(target, doc.createAlias(node, 'a'));
    return `alias ${source.path} at ${target.path}`;
  },
  merge(doc, random) {
    const maps = places(doc).filter((place) => isMap(valueOf(place)));
    const [source, target] = orderedPair(maps, random);
    if (source === undefined || target === undefined) return null;
    const merged = valueOf(target) as YAMLMap;
    const from = random.nextFloat() < 0.3 ? new Scalar(5) : doc.createAlias(valueOf(source) as YAMLMap, 'm');
    merged.items.unshift(doc.createPair(new Scalar('<<'), from));
    return `merge ${source.path} into ${target.path}`;
  },
};

/** Two places, the first before the second in the text, so the second is never the first's ancestor. */
function orderedPair(all: readonly Place[], random: Random): [Place | undefined, Place | undefined] {
  const a = Math.floor(random.nextFloat() * all.length);
  const b = Math.floor(random.nextFloat() * all.length);
  return a === b ? [undefined, undefined] : [all[Math.min(a, b)], all[Math.max(a, b)]];
}

function toPlain(value: unknown): unknown {
  return value !== null && typeof value === 'object' && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
}

type Textual = (bytes: Buffer, random: Random) => Buffer;

const TEXTUAL: Readonly<Record<string, Textual>> = {
  flip(bytes, random) {
    const copy = Buffer.from(bytes);
    const flips = 1 + Math.floor(random.nextFloat() * 3);
    for (let i = 0; i < flips && copy.length > 0; i++) {
      const at = Math.floor(random.nextFloat() * copy.length);
      copy[at] = copy[at]! ^ (1 << Math.floor(random.nextFloat() * 8));
    }
    return copy;
  },
  truncate: (bytes, random) => bytes.subarray(0, Math.floor(random.nextFloat() * bytes.length)),
  bom: (bytes) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]),
  crlf: (bytes) => Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
  yaml11: (bytes) => Buffer.concat([Buffer.from('%YAML 1.1\n---\n'), bytes]),
};

const STRUCTURAL_NAMES = Object.keys(STRUCTURAL);
const REUSE_NAMES = Object.keys(REUSE);
const TEXTUAL_NAMES = Object.keys(TEXTUAL);

/** Mutant `index` of `seed`: one to three structural mutations, sometimes JSON, sometimes damaged text. */
export function mutant(seeds: readonly Seed[], seed: number, index: number): Mutant {
  const random = Random.fork(seed, `mutant ${index}`);
  const source = pick(random, seeds);
  const doc = parseDocument(source.text);
  const steps: string[] = [];
  const count = 1 + Math.floor(random.nextFloat() * 3);
  for (let i = 0; i < count; i++) {
    const name = pick(random, STRUCTURAL_NAMES);
    const step = STRUCTURAL[name]!(doc, random);
    if (step !== null) steps.push(step);
  }
  if (random.nextFloat() < 0.25) {
    const step = REUSE[pick(random, REUSE_NAMES)]!(doc, random);
    if (step !== null) steps.push(step);
  }
  const stem = source.name.replace(/\.[^.]*$/, '');
  const asJson = random.nextFloat() < 0.2;
  let bytes: Buffer = Buffer.from(asJson ? jsonOf(doc) : doc.toString({ lineWidth: 0 }));
  if (asJson) steps.push('json');
  if (random.nextFloat() < 0.35) {
    const name = pick(random, TEXTUAL_NAMES);
    bytes = TEXTUAL[name]!(bytes, random);
    steps.push(name);
  }
  return { index, file: `${stem}.${asJson ? 'json' : 'yaml'}`, bytes, steps };
}

/** The document as JSON, as an editor would save it; a value JSON cannot hold is written as yaml does. */
function jsonOf(doc: Document): string {
  try {
    return `${JSON.stringify(doc.toJS({ maxAliasCount: 100 }), null, 2)}\n`;
  } catch {
    return doc.toString();
  }
}
