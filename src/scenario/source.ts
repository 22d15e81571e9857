// Scenario text → plain data, keeping the YAML syntax tree so any issue path can be traced back
// to a line and column. JSON goes through the same parser: it is (near enough) YAML 1.2 flow.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { PathSegment, ScenarioIssue } from './issue.js';

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** Expansions allowed when aliases are resolved: plenty for reuse, far too few for a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

const START: Position = { line: 1, col: 1 };

export type SourceResult =
  | { readonly ok: true; readonly source: ScenarioSource }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

export function readSource(text: string, file: string): SourceResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Position => (offset === undefined ? START : lines.linePos(offset));
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((error) => ({
        file,
        ...at(error.pos[0]),
        path: '',
        message: `invalid YAML: ${firstLine(error.message)}`,
      })),
    };
  }
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
          message: `refused: too many alias expansions (${firstLine(error.message)})`,
        },
      ],
    };
  }
  return { ok: true, source: new ScenarioSource(doc, lines, value) };
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
    const range = (node as { range?: readonly number[] } | null | undefined)?.range;
    const offset = range?.[0];
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
