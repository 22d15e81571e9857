// Pieces of regular expressions for the JSON Schema, built from the same bounds the parsers use.

/**
 * A pattern matching the decimal integers 0…`max` (leading zeros allowed, as `Number()` and
 * `BigInt()` read them), so a schema can bound a number written inside a string: "0-2047".
 */
export function atMostPattern(max: string): string {
  const shorter = max.length === 2 ? String.raw`\d` : String.raw`\d{1,${max.length - 1}}`;
  const alternatives = max.length > 1 ? [shorter] : [];
  for (let i = 0; i < max.length; i++) {
    const digit = Number(max[i]);
    const lowest = i === 0 && max.length > 1 ? 1 : 0;
    const rest = max.length - 1 - i;
    const range = digit - 1 === lowest ? String(lowest) : `[${lowest}-${digit - 1}]`;
    const tail = rest === 0 ? '' : rest === 1 ? String.raw`\d` : String.raw`\d{${rest}}`;
    if (digit > lowest) alternatives.push(`${max.slice(0, i)}${range}${tail}`);
  }
  alternatives.push(max);
  return `0*(?:${alternatives.join('|')})`;
}

/** A JSON Schema pattern with the message editors show (yaml-language-server's `patternErrorMessage`) instead of the expression. */
export function editorPattern(pattern: string, what: string): { readonly pattern: string; readonly patternErrorMessage: string } {
  return { pattern, patternErrorMessage: `expected ${what}` };
}
