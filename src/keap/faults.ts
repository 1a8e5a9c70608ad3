// The Keap fault catalogue (keap-xmlrpc.md §1.6) and the one translation of thrown errors into
// Keap faults. docs/faults.md mirrors FAULTS; test/keap/faults-catalogue.test.ts keeps them in step.
import { Fault } from '../xmlrpc/types.js';
import { DomainError, type ErrorKind } from '../errors.js';
import { BudgetExceeded } from '../xmlrpc/budget.js';

export interface FaultEntry {
  faultCode: number;
  /** The `[Tag]` prefix Keap writes before the message; empty for code 0 (Java layer). */
  tag: string;
  /** What the code means, for docs/faults.md. */
  meaning: string;
}

export const FAULTS = {
  invokeFailed: { faultCode: 0, tag: '', meaning: 'Java layer: parse error, unknown method, failed invocation (no tag)' },
  invalidConfig: { faultCode: 1, tag: 'InvalidConfig', meaning: 'API key not set up on the server' },
  invalidKey: { faultCode: 2, tag: 'InvalidKey', meaning: 'API key in param 1 missing or wrong' },
  unexpected: { faultCode: 3, tag: 'Unexpected', meaning: 'Unexpected server condition' },
  databaseError: { faultCode: 4, tag: 'DatabaseError', meaning: 'Storage unavailable or failed' },
  recordNotFound: { faultCode: 5, tag: 'RecordNotFound', meaning: 'Referenced record does not exist' },
  loading: { faultCode: 6, tag: 'Loading', meaning: 'Error loading a record' },
  noTableAccess: { faultCode: 7, tag: 'NoTableAccess', meaning: 'Table does not allow this operation (access letters E/D/A/R)' },
  noFieldAccess: { faultCode: 8, tag: 'NoFieldAccess', meaning: 'Field does not allow this operation (read-only or write-only)' },
  noTableFound: { faultCode: 9, tag: 'NoTableFound', meaning: 'Unknown table name' },
  noFieldFound: { faultCode: 10, tag: 'NoFieldFound', meaning: 'Unknown field name' },
  noFields: { faultCode: 11, tag: 'NoFields', meaning: 'add/update without any valid field' },
  invalidParameter: { faultCode: 12, tag: 'InvalidParameter', meaning: 'Bad argument: wrong arity, type or value' },
  failedLoginAttempt: { faultCode: 13, tag: 'FailedLoginAttempt', meaning: 'User name or password wrong' },
  noAccess: { faultCode: 14, tag: 'NoAccess', meaning: 'Feature not available on this gateway' },
  failedLoginAttemptPasswordExpired: { faultCode: 15, tag: 'FailedLoginAttemptPasswordExpired', meaning: 'Password expired' },
} as const satisfies Record<string, FaultEntry>;

export type FaultKey = keyof typeof FAULTS;

/** A Keap fault: `[Tag]message`, no space after the bracket (as recorded). */
export function keapFault(key: FaultKey, message: string): Fault {
  const e: FaultEntry = FAULTS[key];
  return new Fault(e.faultCode, e.tag ? `[${e.tag}]${message}` : message);
}

// Named helpers so services read like the Keap messages they produce.
export const faults = {
  invalidKey: () => keapFault('invalidKey', 'Invalid Key'),
  recordNotFound: (table: string, id: number | string) => keapFault('recordNotFound', `Record was not found: ${table} ${id}`),
  noTableAccess: (table: string, op: string) => keapFault('noTableAccess', `No ${op} access to table ${table}`),
  noFieldAccess: (table: string, field: string, op: string) => keapFault('noFieldAccess', `No ${op} access to field ${table}.${field}`),
  noTableFound: (table: string) => keapFault('noTableFound', `No table found: ${table}`),
  noFieldFound: (table: string, field: string) => keapFault('noFieldFound', `No field found: ${table}.${field}`),
  noFields: (table: string) => keapFault('noFields', `No valid fields given for ${table}`),
  invalidParameter: (message: string) => keapFault('invalidParameter', message),
  databaseError: (message = 'Error returning results') => keapFault('databaseError', message),
  noAccess: (what: string) => keapFault('noAccess', `${what} is not available on this gateway`),
};

/** DomainError kind → fault entry. 'forbidden' with a field is a field-level refusal (8). */
const KIND_TO_FAULT: Record<ErrorKind, FaultKey> = {
  invalid: 'invalidParameter',
  not_found: 'recordNotFound',
  conflict: 'invalidParameter',
  forbidden: 'noTableAccess',
  unavailable: 'databaseError',
};

/** Store errors (src/store/port.ts), matched by name so SQLite/Redis adapters need not be imported. */
const STORE_ERROR_TO_FAULT: Record<string, FaultKey> = {
  StoreUnavailable: 'databaseError',
  UniqueViolation: 'invalidParameter',
  LimitExceeded: 'unexpected',
  StoreError: 'databaseError',
};

/** Safe public text for store errors: never the driver's message (paths, SQL). */
const STORE_ERROR_TEXT: Record<string, (err: Error) => string> = {
  StoreUnavailable: () => 'Error returning results',
  UniqueViolation: (err) => err.message,
  LimitExceeded: () => 'Limit reached, please retry',
  StoreError: () => 'Error returning results',
};

function isInvalidParam(err: unknown): err is Error & { param: string } {
  return err instanceof Error && (err.name === 'InvalidParam' || err.constructor.name === 'InvalidParam')
    && typeof (err as { param?: unknown }).param === 'string';
}

/**
 * The dispatcher's ErrorToFault for every Keap method: Faults pass through, typed errors get their
 * Keap code, anything else becomes fault 0 without internals (the dispatcher logs the cause).
 */
export function keapErrorToFault(err: unknown, method: string): Fault {
  if (err instanceof Fault) return err;
  if (isInvalidParam(err)) {
    const msg = err.message.includes(err.param) ? err.message : `${err.param}: ${err.message}`;
    return keapFault('invalidParameter', msg);
  }
  if (err instanceof BudgetExceeded) return keapFault('invalidParameter', err.message);
  if (err instanceof DomainError) {
    const key: FaultKey = err.kind === 'forbidden' && err.field ? 'noFieldAccess' : KIND_TO_FAULT[err.kind];
    return keapFault(key, err.kind === 'unavailable' ? 'Error returning results' : err.message);
  }
  if (err instanceof Error && err.name in STORE_ERROR_TO_FAULT) {
    return keapFault(STORE_ERROR_TO_FAULT[err.name], STORE_ERROR_TEXT[err.name](err));
  }
  return keapFault('invokeFailed', `Failed to invoke method ${method}: internal error`);
}
