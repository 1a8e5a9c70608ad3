// The express app for everything that is not XML-RPC: health probes, plus whatever other
// engineers mount (Invoicera XML API, /metrics). Errors never leak a stack to the client.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

export interface ExpressAppOptions {
  log: Logger;
  /** Resolves when dependencies (store, …) are usable; throws when not. */
  ready?: () => Promise<void>;
  /** Adds routes (Invoicera API, /metrics) before the 404 handler. */
  mount?: (app: express.Express) => void;
}

/** The request id the HTTP front gave the request (its X-Request-Id reply header). */
const reqIdOf = (res: Response) => res.getHeader('X-Request-Id');

export function createExpressApp(opts: ExpressAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => { res.type('text/plain').send('ok'); });
  app.get('/readyz', async (_req, res) => {
    try {
      await opts.ready?.();
      res.type('text/plain').send('ready');
    } catch (err) {
      opts.log.warn({ err, reqId: reqIdOf(res) }, 'readiness check failed');
      res.status(503).type('text/plain').send('not ready');
    }
  });
  opts.mount?.(app);
  app.use((_req, res) => { res.status(404).type('text/plain').send('not found'); });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: unknown })?.status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) opts.log.error({ err, reqId: reqIdOf(res), path: req.path }, 'request failed');
    if (res.headersSent) { res.destroy(); return; }
    const message = status >= 500 ? 'internal error' : (err as Error)?.message ?? 'bad request';
    if (req.accepts(['json', 'text']) === 'json') res.status(status).json({ error: message });
    else res.status(status).type('text/plain').send(message);
  });
  return app;
}
