// Where a text stops being JSON. JSON.parse says so only in words that differ between Node
// versions, and Node 20 names no position for some errors; people need a line and column.
import { quote } from './message.js';

export interface JsonSyntaxError {
  /** UTF-16 offset of the first character that cannot be JSON. */
  readonly offset: number;
  readonly message: string;
}

type Expecting = 'value' | 'value or ]' | 'key' | 'key or }' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
const ESCAPED = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error of `text`, or null if it is JSON (RFC 8259). */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  // Iterative, so a deeply nested text cannot overflow the stack.
  const open: ('{' | '[')[] = [];
  let expecting: Expecting = 'value';
  let i = 0;
  for (;;) {
    i = skipWhitespace(text, i);
    const c = text[i];
    if (expecting === 'after') {
      const top = open.at(-1);
      if (top === undefined) return c === undefined ? null : { offset: i, message: 'unexpected text after the document' };
      if (c === undefined) return { offset: i, message: `unexpected end of the text: expected ',' or '${top === '{' ? '}' : ']'}'` };
      if (c === ',') {
        expecting = top === '{' ? 'key' : 'value';
        i += 1;
      } else if (c === (top === '{' ? '}' : ']')) {
        open.pop();
        i += 1;
      } else {
        return { offset: i, message: top === '{' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after a list item" };
      }
      continue;
    }
    if (c === undefined) return { offset: i, message: `unexpected end of the text: expected a ${expecting === 'key' || expecting === 'key or }' ? 'property name' : 'value'}` };
    if ((expecting === 'key or }' && c === '}') || (expecting === 'value or ]' && c === ']')) {
      open.pop();
      i += 1;
      expecting = 'after';
      continue;
    }
    if (expecting === 'key' || expecting === 'key or }') {
      if (c !== '"') return { offset: i, message: 'expected a double-quoted property name' };
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = skipWhitespace(text, end);
      if (text[i] !== ':') return { offset: i, message: "expected ':' after a property name" };
      i += 1;
      expecting = 'value';
      continue;
    }
    if (c === '{' || c === '[') {
      open.push(c);
      i += 1;
      expecting = c === '{' ? 'key or }' : 'value or ]';
      continue;
    }
    const end = c === '"' ? scanString(text, i) : scanScalar(text, i);
    if (typeof end !== 'number') return end;
    i = end;
    expecting = 'after';
  }
}

/** Line and column (1-based) of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function skipWhitespace(text: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.exec(text);
  return WHITESPACE.lastIndex;
}

/** The offset after the string starting at `start`, or what is wrong with it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 5;
      else if (next !== undefined && ESCAPED.has(next)) i += 1;
      else return { offset: i, message: 'invalid escape in a string' };
    } else if (c.charCodeAt(0) < 0x20) {
      return { offset: i, message: 'control character in a string (write it escaped)' };
    }
  }
  return { offset: start, message: 'unterminated string' };
}

function scanScalar(text: string, start: number): number | JsonSyntaxError {
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, start)) return start + literal.length;
  NUMBER.lastIndex = start;
  if (NUMBER.exec(text) !== null) return NUMBER.lastIndex;
  return { offset: start, message: `expected a value, got ${quote(text.slice(start, start + 12))}` };
}
