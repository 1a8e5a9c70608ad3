// One pino logger for the process. Keys, tokens and card numbers are redacted wherever they appear.
// pid and hostname are in every line so replicas behind a balancer can be told apart.
import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'apiKey', 'key', 'token', 'authorization', 'cardNumber', 'CardNumber', 'CVV2', 'cvv',
  'req.headers.authorization', 'req.headers["x-keap-api-key"]', 'params[0]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid, hostname: hostname() } }, destination);
}
