// Request ids: take the caller's X-Request-Id when it is short and printable (it goes into logs
// and a response header), otherwise make one.
//
// A generated id is UUID-shaped (36 chars, hex and dashes): 80 random bits drawn once per process,
// then a 48-bit counter. Unique across processes and restarts (a new random prefix each start)
// without asking the CSPRNG on every request. It is a correlation id, not a secret.
import { randomBytes } from 'node:crypto';

const SANE_ID = /^[A-Za-z0-9._:\-]{1,128}$/;
const COUNTER_LIMIT = 2 ** 48;

let prefix = '';
let counter = COUNTER_LIMIT;

function newPrefix(): void {
  const h = randomBytes(10).toString('hex');
  prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-`;
  counter = 0;
}

/** A fresh id: `xxxxxxxx-xxxx-xxxx-xxxx-` (random per process) + a 12-hex-digit counter. */
export function newRequestId(): string {
  if (counter >= COUNTER_LIMIT) newPrefix();
  const n = (counter++).toString(16);
  return prefix + '000000000000'.slice(n.length) + n;
}

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_ID.test(header) ? header : newRequestId();
}
