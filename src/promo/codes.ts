// Promo code matching. Keap documents its codes as case-sensitive; we are deliberately more lenient
// (Stripe, WooCommerce): a code is trimmed, NFKC-normalised and Unicode case-folded, so "SAVE10",
// "save10", " Save10 " and the full-width "ＳＡＶＥ１０" are one code. Uniqueness among active codes
// uses the same fold, so two promotions can never claim codes that a request cannot tell apart.

/** Trim, NFKC, then locale-independent lower-casing (a full case fold for all but a few scripts). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function foldCode(code: string): string {
  // Nearly every code is ASCII, where NFKC changes nothing and the fold is toLowerCase (the
  // locale-aware calls below cost ~2% of a placeOrder).
  if (PRINTABLE_ASCII.test(code)) return code.trim().toLowerCase();
  // toLocaleLowerCase('und') avoids the Turkish/Lithuanian special cases a server locale could add;
  // the upper-then-lower round trip folds "ß"→"SS"→"ss" and "ﬀ"-style ligatures like a case fold.
  return code.normalize('NFKC').trim().toLocaleUpperCase('und').toLocaleLowerCase('und');
}

/** The code as it is kept for display: trimmed, nothing else changed. */
export function displayCode(code: string): string {
  return code.trim();
}

const CODE_SHAPE = /^[\p{L}\p{N}_-]{1,64}$/u;

/** Readable reason a code cannot be created, or undefined when it is fine. */
export function codeProblem(code: unknown): string | undefined {
  if (typeof code !== 'string') return 'must be a string';
  const c = code.trim();
  if (c === '') return 'must not be empty';
  if (!CODE_SHAPE.test(c.normalize('NFKC'))) return `"${c}" may hold only letters, digits, "-" and "_" (1 to 64 characters)`;
  return undefined;
}
