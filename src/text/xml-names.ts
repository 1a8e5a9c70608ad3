// XML 1.0 (5th edition) names, on UTF-16 code units: the scanner of the XML-RPC front reads tag and
// attribute names with these, and the one reference decoder (xml-chars.ts) tells an undeclared
// entity (`&nbsp;`) from a stray `&`. Hot path: ASCII is tested first.

/**
 * NameStartChar. A code point above U+FFFF is a name character up to U+EFFFF, i.e. when its high
 * surrogate is <= U+DB7F; callers check the text is well-formed UTF-16, so the low surrogate follows.
 */
export function isNameStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c === 0x5F || c === 0x3A;
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
    || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c === 0x200C || c === 0x200D
    || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
    || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0xD800 && c <= 0xDB7F);
}

/** NameChar: NameStartChar, digits, '-', '.', U+B7, combining marks, U+203F-2040 (and low surrogates, see above). */
export function isNameChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c === 0x5F || c === 0x3A || c === 0x2D || c === 0x2E;
  return isNameStart(c) || c === 0xB7 || (c >= 0x300 && c <= 0x36F) || c === 0x203F || c === 0x2040 || (c >= 0xDC00 && c <= 0xDFFF);
}

export function isName(s: string): boolean {
  if (s.length === 0 || !isNameStart(s.charCodeAt(0))) return false;
  for (let k = 1; k < s.length; k++) if (!isNameChar(s.charCodeAt(k))) return false;
  return true;
}
