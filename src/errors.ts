// Typed errors thrown by services and the pure domain. Fronts translate them: src/keap/faults.ts
// to Keap fault codes, src/invoicera-api to HTTP 4xx. Nothing below the fronts writes XML.

export type ErrorKind =
  | 'invalid'      // bad value / rule broken (Keap 12 InvalidParameter, HTTP 400)
  | 'not_found'    // referenced record missing (Keap 5 RecordNotFound, HTTP 404)
  | 'conflict'     // duplicate / state conflict, e.g. invoice number taken (HTTP 409)
  | 'forbidden'    // table/field access (Keap 7/8, HTTP 403)
  | 'unavailable'; // storage down (Keap 4 DatabaseError, HTTP 503)

export class DomainError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly field?: string) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, field?: string) => new DomainError('invalid', message, field);
export const notFound = (message: string, field?: string) => new DomainError('not_found', message, field);
export const conflict = (message: string, field?: string) => new DomainError('conflict', message, field);

/** How much of a client-supplied value an error message may quote. */
export const MAX_QUOTED_CHARS = 32;

/**
 * A client-supplied value as error text: quoted, cut to MAX_QUOTED_CHARS (never mid-surrogate) with
 * its length when cut, so no fault can echo a 300-digit or 1 MiB input back.
 */
export function quoted(value: unknown): string {
  const s = String(value);
  if (s.length <= MAX_QUOTED_CHARS) return `"${s}"`;
  let end = MAX_QUOTED_CHARS;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `"${s.slice(0, end)}…" (${s.length} characters)`;
}
