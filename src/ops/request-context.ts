// The request id on every log line of a call. Services log through the process logger they were
// built with (deps.log), which knows nothing of requests; the call wrapper in src/app.ts runs each
// handler inside `inRequest`, and the logger from `requestAwareLogger` then writes through a
// child bound to that request's id. Outside a request it is the plain process logger.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

interface RequestScope { reqId: string; child?: Logger }

const scope = new AsyncLocalStorage<RequestScope>();

export function inRequest<T>(reqId: string, fn: () => T): T {
  return scope.run({ reqId }, fn);
}

export function currentRequestId(): string | undefined {
  return scope.getStore()?.reqId;
}

/** A logger that, inside `inRequest`, logs as `base.child({ reqId })` (the child is built lazily). */
export function requestAwareLogger(base: Logger): Logger {
  const target = (): Logger => {
    const s = scope.getStore();
    if (!s) return base;
    return (s.child ??= base.child({ reqId: s.reqId }));
  };
  return new Proxy(base, {
    get(_base, prop) {
      const logger = target();
      const value = Reflect.get(logger, prop, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
  });
}

// The API method a non-XML-RPC request ran (the Invoicera router notes it), for its access line.
const apiMethods = new WeakMap<object, string>();

export function noteApiMethod(res: object, method: string): void {
  apiMethods.set(res, method);
}

export function apiMethodOf(res: object): string | undefined {
  return apiMethods.get(res);
}
