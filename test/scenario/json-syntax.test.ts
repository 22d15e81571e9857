import { describe, expect, test } from 'vitest';
import { jsonSyntaxError, positionOf } from '../../src/scenario/json-syntax.js';

describe('where a text stops being JSON', () => {
  test.each([
    ['{"a": [1, 2.5e3, -0, true, false, null, "x\\n\\u00e9"], "b": {}}'],
    ['  [ ]  '],
    ['"just a string"'],
  ])('accepts %s, as JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonSyntaxError(text)).toBeNull();
  });

  test.each([
    ['', 0, 'unexpected end of the text: expected a value'],
    ['{"a": 1,}', 8, 'expected a double-quoted property name'],
    ['{"a": tru}', 6, 'expected a value, got "tru}"'],
    ['[1 2]', 3, "expected ',' or ']' after a list item"],
    ['{"a" 1}', 5, "expected ':' after a property name"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}' after a property value"],
    ['{"a": "abc', 6, 'unterminated string'],
    ['{"a": "\\q"}', 7, 'invalid escape in a string'],
    ['{"a": 01}', 7, "expected ',' or '}' after a property value"],
    ['{} x', 3, 'unexpected text after the document'],
    ['{"a": [1,', 9, 'unexpected end of the text: expected a value'],
    ['{"a": [1', 8, "unexpected end of the text: expected ',' or ']'"],
    ['{\'a\': 1}', 1, 'expected a double-quoted property name'],
  ])('refuses %j at offset %i: %s', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(jsonSyntaxError(text)).toEqual({ offset, message });
  });

  test('survives nesting far deeper than a call stack', () => {
    expect(jsonSyntaxError(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeNull();
  });

  test('positions are 1-based lines and columns', () => {
    expect(positionOf('ab\ncd\nef', 0)).toEqual({ line: 1, col: 1 });
    expect(positionOf('ab\ncd\nef', 4)).toEqual({ line: 2, col: 2 });
    expect(positionOf('ab\ncd\nef', 6)).toEqual({ line: 3, col: 1 });
  });
});
