// The Invoicera XML API as an express Router, mounted at /api/xml/1.1/ and /app/api/xml/1.1/.
// Stages: auth → body → parse → method table → one transaction (a read: the request's work
// budget) → <response status="…">, capped at the reply limit.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { invalid, quoted } from '../errors.js';
import { basicUser, tokenAccepted } from './auth.js';
import { extractXml, requestText } from './body.js';
import { clientMethods } from './methods/clients.js';
import { invoiceMethods } from './methods/invoices.js';
import { itemMethods } from './methods/items.js';
import type { ApiMethod, InvoiceraDeps } from './methods/types.js';
import { errorAnswer } from './status.js';
import { noteApiMethod, requestLogger } from '../ops/request-context.js';
import { buildResponse, parseRequest, type XOut } from './xml.js';
import { BudgetExceeded, WorkBudget, type WorkLimits } from '../xmlrpc/budget.js';

export type { InvoiceraDeps } from './methods/types.js';

export const INVOICERA_METHODS: Record<string, ApiMethod> = { ...invoiceMethods, ...itemMethods, ...clientMethods };
/** Request body limit: Invoicera documents are small; a larger body is refused with 413. */
export const BODY_LIMIT = '1mb';

function send(res: Response, status: number, content: XOut | string): void {
  res.status(status).type('application/xml; charset=utf-8').send(typeof content === 'string' ? content : buildResponse(status, content));
}

/** The reply cap, exact: the lists charge an estimate as they go; whatever was built, a larger reply is refused whole. */
function capped(xml: string, limits: WorkLimits): string {
  if (xml.length <= limits.replyBytes / 3 || Buffer.byteLength(xml) <= limits.replyBytes) return xml;
  throw new BudgetExceeded('reply bytes', limits.replyBytes);
}

function sendError(res: Response, status: number, message: string, field?: string): void {
  send(res, status, { message, field });
}

export function invoiceraRouter(base: InvoiceraDeps): Router {
  const router = express.Router();
  const methods = new Map(Object.entries(INVOICERA_METHODS));

  router.use((req, res, next) => {
    if (!tokenAccepted(basicUser(req.headers.authorization), base.tokens)) {
      sendError(res, 403, 'authentication failed: send the API token as the HTTP Basic user name');
      return;
    }
    next();
  });

  // Raw bytes, decoded by the same charset rules as XML-RPC (BOM, HTTP charset, XML declaration).
  router.post('/', express.raw({ type: () => true, limit: BODY_LIMIT }), (req: Request, res: Response) => handle(req, res));

  async function handle(req: Request, res: Response): Promise<void> {
    // The methods (and the services they call) log through the request's logger: its lines carry
    // the reqId the HTTP front gave the request.
    const log = requestLogger(base.log, String(res.getHeader('X-Request-Id') ?? ''));
    const deps: InvoiceraDeps = { ...base, log };
    let method = '';
    try {
      const parsed = parseRequest(extractXml(requestText(req.body, req.headers['content-type'])));
      method = parsed.method;
      noteApiMethod(res, method.slice(0, 100));
      const spec = methods.get(method);
      if (!spec) {
        deps.onUnknownMethod?.(method, Object.keys(parsed.body).filter((k) => !k.startsWith('@_')).slice(0, 20));
        throw invalid(`unknown method ${quoted(method)}`, 'method');
      }
      const content = spec.write
        ? await deps.store.transact((tx) => spec.run(tx, parsed.body, deps))
        : await spec.run(deps.store, parsed.body, deps, new WorkBudget(deps.limits));
      send(res, 200, capped(buildResponse(200, content), deps.limits));
    } catch (err) {
      const answer = errorAnswer(err);
      if (answer.internal) deps.log.error({ err, method }, 'invoicera request failed');
      else deps.log.info({ method, status: answer.status, field: answer.field }, 'invoicera request refused');
      sendError(res, answer.status, answer.message, answer.field);
    }
  }

  router.all('/', (_req, res) => {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, 'use POST with <request method="…">');
  });

  // Body parser failures (too large, bad encoding) answer in the same XML envelope.
  router.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
    sendError(res, status, err.type === 'entity.too.large' ? `request body larger than ${BODY_LIMIT}` : 'unreadable request body', 'request');
  });

  return router;
}
