// Broken invariants are bugs and throw. The message is built here, out of line: a check on the
// hot path then costs its branch only, and its callers stay small enough for the JIT to inline
// them into each other.

export function bug(...parts: readonly (string | number)[]): never {
  throw new Error(`Bug: ${parts.join(' ')}`);
}
