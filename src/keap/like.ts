// Keap's LIKE for queryData: `%` matches any run of characters (none included), every other
// character matches itself, case-insensitively. No regular expression is built from client text
// (a `%a%a…%b` pattern made the old regex backtrack exponentially): the pattern is split at `%`
// and its literal pieces are found left to right with indexOf. Taking the leftmost occurrence of
// each piece is always right when `%` is the only wildcard, so there is no backtracking: the cost
// is at most O(text × pattern), and the pattern length is capped (MAX_LIKE_PATTERN).
import { faults } from './faults.js';

/** Longest `%` pattern a query accepts (characters); longer ones are fault 12. */
export const MAX_LIKE_PATTERN = 256;

export type LikeMatcher = (text: string) => boolean;

export function likeMatcher(pattern: string, field: string): LikeMatcher {
  if (pattern.length > MAX_LIKE_PATTERN) {
    throw faults.invalidParameter(`queryData ${field}: a % pattern may have at most ${MAX_LIKE_PATTERN} characters, got ${pattern.length}`);
  }
  const pieces = pattern.toLowerCase().split('%');
  const head = pieces[0];
  const tail = pieces[pieces.length - 1];
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  return (raw) => {
    const text = raw.toLowerCase();
    if (!text.startsWith(head)) return false;
    // The tail must fit after the head without overlapping it.
    const end = text.length - tail.length;
    if (end < head.length || !text.endsWith(tail)) return false;
    let at = head.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}
