// Scenario text → plain data, keeping the YAML syntax tree so any issue path can be traced back
// to a line and column. JSON goes through the same parser, for the same positions, once it has
// passed a strict JSON check: YAML would also take trailing commas, comments and single quotes.
import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Pair } from 'yaml';
import type { PathSegment, ScenarioIssue } from './issue.js';
import { formatPath } from './issue.js';
import { jsonSyntaxError, positionOf } from './json-syntax.js';
import { printable } from './message.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Expansions allowed when aliases are resolved: plenty for reuse, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;
/** The parser's own messages are ours to show, but they may quote the input. */
const MAX_PARSER_MESSAGE = 160;
const MERGE_KEY = '<<';
const BYTE_ORDER_MARK = '\uFEFF';

const START: Position = { line: 1, col: 1 };

export type SourceResult =
  | { readonly ok: true; readonly source: ScenarioSource }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export function readSource(text: string, file: string): SourceResult {
  if (/\.json$/i.test(file)) {
    const body = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
    const syntax = jsonSyntaxError(body);
    if (syntax !== null) {
      const position = positionOf(text, syntax.offset + text.length - body.length);
      return { ok: false, issues: [{ file, ...position, path: '', message: `invalid JSON: ${printable(syntax.message, MAX_PARSER_MESSAGE)}` }] };
    }
  }
  const lines = new LineCounter();
  // No merge keys (refused below, where the position is known) and no warnings printed by the
  // library: its warnings are reported here, as issues.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false, logLevel: 'silent' });
  const at = (offset: number | undefined): Position => (offset === undefined ? START : lines.linePos(offset));
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return {
      ok: false,
      issues: problems.map((problem) => ({
        file,
        ...at(problem.pos[0]),
        path: '',
        message: `invalid YAML: ${printable(firstLine(problem.message), MAX_PARSER_MESSAGE)}`,
      })),
    };
  }
  const keyIssues = badKeys(doc).map(({ path, offset, message }) => ({ file, ...at(offset), path: formatPath(path), message }));
  if (keyIssues.length > 0) return { ok: false, issues: keyIssues };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml signals alias abuse (too many expansions, or an alias it cannot resolve) this way.
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      issues: [
        {
          file,
          ...at(firstAliasOffset(doc)),
          path: '',
          message: `refused: too many alias expansions (${printable(firstLine(error.message), MAX_PARSER_MESSAGE)})`,
        },
      ],
    };
  }
  return { ok: true, source: new ScenarioSource(doc, lines, value) };
}

interface KeyProblem {
  readonly path: readonly PathSegment[];
  readonly offset: number | undefined;
  readonly message: string;
}

/**
 * Keys a plain object cannot hold: a map or list as a key (yaml would stringify it, with a
 * process warning) and merge keys (YAML 1.1 only, and yaml throws on a merge of a scalar).
 * Walks the tree as written, aliases unexpanded, with a stack: a deep file cannot overflow it.
 */
function badKeys(doc: Document): KeyProblem[] {
  const found: KeyProblem[] = [];
  const pending: { node: unknown; path: readonly PathSegment[] }[] = [{ node: doc.contents, path: [] }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, path } = next;
    if (isMap(node)) {
      for (const pair of node.items) {
        const problem = keyProblem(doc, pair);
        const key = keyText(pair.key);
        if (problem !== null) found.push({ path, offset: rangeStart(pair.key), message: problem });
        pending.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => pending.push({ node: item, path: [...path, index] }));
    }
  }
  return found.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

function keyProblem(doc: Document, pair: Pair): string | null {
  const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
  if (isCollection(key)) return `expected a plain key, got ${isMap(key) ? 'a map' : 'a list'} used as a key`;
  const mergeKey = isScalar(key) && (typeof key.value === 'symbol' ? key.value.description === MERGE_KEY : key.value === MERGE_KEY && key.type === 'PLAIN');
  return mergeKey ? 'refused: merge keys (<<) are not supported: write the keys out, or reuse a whole map with an alias' : null;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: readonly number[] } | null | undefined)?.range?.[0];
}

export class ScenarioSource {
  readonly #doc: Document;
  readonly #lines: LineCounter;
  readonly value: unknown;

  constructor(doc: Document, lines: LineCounter, value: unknown) {
    this.#doc = doc;
    this.#lines = lines;
    this.value = value;
  }

  /**
   * Where the node at `path` starts (or its key, with `at: 'key'`). A path that leaves the
   * document (a missing key) resolves to the key of the map it is missing from, else that map.
   */
  locate(path: readonly PathSegment[], at?: 'key'): Position {
    let node: unknown = this.#doc.contents;
    let here = this.#position(node) ?? START;
    let container = here;
    for (const [index, segment] of path.entries()) {
      if (isAlias(node)) node = node.resolve(this.#doc);
      if (isMap(node)) {
        const pair = node.items.find((item) => keyText(item.key) === String(segment));
        if (pair === undefined) return container;
        const keyPosition = this.#position(pair.key) ?? here;
        if (at === 'key' && index === path.length - 1) return keyPosition;
        node = pair.value;
        here = this.#position(node) ?? keyPosition;
        container = keyPosition;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (node === undefined) return container;
        here = this.#position(node) ?? here;
        container = here;
      } else {
        return container;
      }
    }
    return here;
  }

  /**
   * Paths of every `__proto__` key. yaml stores them as own properties (no prototype
   * pollution), but zod records drop such keys silently, so the loader reports them itself.
   */
  protoKeyPaths(): PathSegment[][] {
    const found: PathSegment[][] = [];
    const walk = (node: unknown, path: PathSegment[]): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = keyText(pair.key);
          if (key === '__proto__') found.push([...path, key]);
          walk(pair.value, [...path, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => walk(item, [...path, index]));
      }
    };
    walk(this.#doc.contents, []);
    return found;
  }

  #position(node: unknown): Position | null {
    const offset = rangeStart(node);
    return offset === undefined ? null : this.#lines.linePos(offset);
  }
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
