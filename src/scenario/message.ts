// Every message about a value reads "expected <what>, got <value as found>", so users see both
// the rule and the exact thing it rejected; these helpers keep that wording in one place.

const MAX_SHOWN = 60;

export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
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
  const quoted = words.map((word) => JSON.stringify(word));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** `a, b and c`, for messages naming every member of a set. */
export function listAnd(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
