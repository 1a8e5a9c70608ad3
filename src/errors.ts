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
