// The request id on every log line of a call. There is no ambient request scope (an
// AsyncLocalStorage turns on promise hooks for every promise of the process, ~180 per placeOrder):
// each request has its own child logger (`requestLogger`, the XML-RPC CallContext's `log`) and
// whatever logs during a call is handed that logger explicitly — the Keap and Invoicera methods
// pass it on to the services they call (e.g. OrderBook.placeOrder's `log`, ChargeInput.log,
// PricingRequest.log). The process logger (deps.log) is for lines outside any request.
import type { Logger } from 'pino';

/** The logger of one request: every line it writes carries the request id. */
export function requestLogger(base: Logger, reqId: string): Logger {
  return base.child({ reqId });
}

// The API method a non-XML-RPC request ran (the Invoicera router notes it), for its access line.
const apiMethods = new WeakMap<object, string>();

export function noteApiMethod(res: object, method: string): void {
  apiMethods.set(res, method);
}

export function apiMethodOf(res: object): string | undefined {
  return apiMethods.get(res);
}
