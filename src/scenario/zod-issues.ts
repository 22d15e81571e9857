// zod reports a failed union as one issue holding every branch's issues. Users want the issue of
// the branch they evidently meant (the one that got past the type check), or, when no branch
// fits at all, the union's own "expected …" message.
import type * as z from 'zod';
import type { DraftIssue, PathSegment } from './issue.js';

export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): DraftIssue[] {
  return issues.flatMap((issue) => fromZodIssue(issue, []));
}

function fromZodIssue(issue: z.core.$ZodIssue, base: readonly PathSegment[]): DraftIssue[] {
  const path = [...base, ...issue.path.map(toSegment)];
  switch (issue.code) {
    case 'invalid_union': {
      const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
      const [only] = meant;
      if (meant.length === 1 && only !== undefined) return only.flatMap((inner) => fromZodIssue(inner, path));
      return [{ path, message: issue.message }];
    }
    case 'unrecognized_keys': {
      // strictMap wrote one message line per key, in key order.
      const lines = issue.message.split('\n');
      return issue.keys.map((key, index) => ({
        path: [...path, key],
        message: lines[index] ?? issue.message,
        at: 'key' as const,
      }));
    }
    case 'invalid_key':
      return [{ path, message: issue.message, at: 'key' }];
    default:
      return [{ path, message: issue.message }];
  }
}

/** A branch that rejected the value's type outright, as opposed to one that failed inside it. */
function isTypeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  // zod goes on checking a value of the wrong type ("" offered to a non-empty list is also "too
  // small"): a wrong type of the value itself decides, whatever else the branch says.
  if (branch.some((issue) => issue.path.length === 0 && issue.code === 'invalid_type')) return true;
  return branch.every(
    (issue) =>
      issue.path.length === 0 &&
      (issue.code === 'invalid_type' ||
        issue.code === 'invalid_value' ||
        // A nested union none of whose branches fits. zod's unions with no branch issues are
        // discriminator misses, which are informative, and `every` of nothing would say otherwise.
        (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every(isTypeMismatch))),
  );
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'symbol' ? String(key) : key;
}
