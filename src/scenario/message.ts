// Every message about a value reads "expected <what>, got <value as found>", so users see both
// the rule and the exact thing it rejected; these helpers keep that wording in one place. Text
// from the input reaches a terminal only through them: a message is one line, whatever the file
// holds, and never carries an escape sequence the terminal would obey.

const MAX_SHOWN = 60;
/** Items of a list shown before the rest is summed up: enough to see the pattern. */
const MAX_LISTED = 8;

/** Controls, format characters (bidi overrides, zero-width), line and paragraph separators, lone surrogates, private use, unassigned. */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\f': '\\f', '\b': '\\b', '\0': '\\0' };

/** `text` safe to print on one line: non-printables escaped (`\n`, `\x1b`, `\u202e`), cut after `max` characters. */
export function printable(text: string, max = MAX_SHOWN): string {
  return escapeNonPrintable(cut(text, max));
}

/** `text` in double quotes, as `printable` shows it, with quotes and backslashes escaped. */
export function quote(text: string, max = MAX_SHOWN): string {
  return `"${escapeNonPrintable(cut(text, max).replace(/["\\]/g, '\\$&'))}"`;
}

/** `2, 3, 4, 5, 6, 7, …, 2047 (2046 values)`: a long list keeps its first items, its last and its length. */
export function listSome<T>(items: readonly T[], show: (item: T) => string = String): string {
  if (items.length <= MAX_LISTED) return items.map(show).join(', ');
  const head = items.slice(0, MAX_LISTED - 2).map(show);
  return `${head.join(', ')}, …, ${show(items.at(-1)!)} (${items.length} values)`;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: half of one would be shown as an escape.
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

function escapeNonPrintable(text: string): string {
  return text.replace(NON_PRINTABLE, (char) => {
    const named = NAMED_ESCAPES[char];
    if (named !== undefined) return named;
    const code = char.codePointAt(0)!;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return 'a map';
}

export function expectedMessage(what: string, input: unknown): string {
  // The schema sees a missing key as an undefined value: YAML and JSON have no undefined.
  return input === undefined ? `missing required key: expected ${what}` : `expected ${what}, got ${showValue(input)}`;
}

/** A zod error map for a schema whose every failure is "expected <what>". */
export const expecting =
  (what: string) =>
  (issue: { readonly input?: unknown }): string =>
    expectedMessage(what, issue.input);

/** `"a", "b" or "c"`, for messages listing the accepted words. */
export function listWords(words: readonly string[]): string {
  if (words.length > MAX_LISTED) return listSome(words, (word) => quote(word));
  const quoted = words.map((word) => quote(word));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** `a, b and c`, for messages naming every member of a set. */
export function listAnd(words: readonly string[]): string {
  if (words.length > MAX_LISTED) return listSome(words, (word) => printable(word));
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
