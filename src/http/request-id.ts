// Request ids: take the caller's X-Request-Id when it is short and printable (it goes into logs
// and a response header), otherwise make one.
import { randomUUID } from 'node:crypto';

const SANE_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
}
