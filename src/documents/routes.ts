// GET /invoices/{id}.pdf and /invoices/{id}.html. Two ways in:
//   - an API credential: the Keap key (X-Keap-API-Key or Authorization: Bearer) or an Invoicera
//     token (HTTP Basic user name), compared in constant time by the fronts' own checks;
//   - the client's signed link (?exp=…&sig=…, see links.ts), no login. Opening the HTML through it
//     moves a sent invoice to "viewed", as Invoicera does when the client looks at it.
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import type { Store } from '../store/port.js';
import type { InvoiceBook } from '../services/invoices.js';
import type { KeyCheck } from '../keap/auth.js';
import { basicUser, tokenAccepted } from '../invoicera-api/auth.js';
import { pdfFileName, type InvoiceDocuments } from './service.js';

export interface DocumentRouteDeps {
  documents: InvoiceDocuments;
  invoices: InvoiceBook;
  store: Store;
  keapKey: KeyCheck;
  invoiceraTokens: string[];
  log: Logger;
  now: () => Date;
}

const FILE = /^(\d{1,15})\.(pdf|html)$/;

/** Headers for a document: never cached by shared caches, never framed, the link never leaked as a referrer. */
export function documentHeaders(res: Response, kind: 'pdf' | 'html', fileName: string): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (kind === 'html') {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; form-action 'none'");
    res.type('text/html; charset=utf-8');
  } else {
    res.type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
  }
}

function apiCredential(req: Request, deps: DocumentRouteDeps): 'valid' | 'invalid' | 'none' {
  const key = req.headers['x-keap-api-key'];
  const auth = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  if (typeof key === 'string' || bearer !== undefined) return deps.keapKey(typeof key === 'string' ? key : bearer) ? 'valid' : 'invalid';
  const user = basicUser(auth);
  if (user !== undefined) return tokenAccepted(user, deps.invoiceraTokens) ? 'valid' : 'invalid';
  return 'none';
}

export function documentRouter(deps: DocumentRouteDeps): Router {
  const router = express.Router();
  router.get('/invoices/:file', async (req, res, next) => {
    const m = FILE.exec(req.params.file);
    if (!m) { next(); return; }
    const id = Number(m[1]);
    const kind = m[2] as 'pdf' | 'html';
    const signed = req.query.sig !== undefined || req.query.exp !== undefined;
    if (signed) {
      const verdict = deps.documents.links?.verify(id, req.query.exp, req.query.sig, deps.now()) ?? 'invalid';
      if (verdict !== 'valid') {
        res.status(403).type('text/plain').send(verdict === 'expired' ? 'this invoice link has expired: ask the sender for a new one' : 'this invoice link is not valid');
        return;
      }
    } else {
      const cred = apiCredential(req, deps);
      if (cred !== 'valid') {
        res.setHeader('WWW-Authenticate', 'Basic realm="invoices"');
        res.status(401).type('text/plain').send(cred === 'none' ? 'credentials required: API key, Invoicera token, or a signed invoice link' : 'credentials not accepted');
        return;
      }
    }
    try {
      const src = await deps.documents.source(id);
      if (!src) { res.status(404).type('text/plain').send(`invoice ${id} not found`); return; }
      if (signed && kind === 'html' && src.invoice.status === 'sent') {
        src.invoice = await deps.store.transact((tx) => deps.invoices.mark(tx, id, 'viewed'));
      }
      const fileName = pdfFileName(src.invoice.number);
      if (kind === 'pdf') {
        const pdf = await deps.documents.pdf(src);
        documentHeaders(res, 'pdf', fileName);
        res.send(pdf);
      } else {
        const query = signed ? `?exp=${encodeURIComponent(String(req.query.exp))}&sig=${encodeURIComponent(String(req.query.sig))}` : '';
        documentHeaders(res, 'html', fileName);
        res.send(deps.documents.html(src, { pdfHref: signed ? `${id}.pdf${query}` : undefined }));
      }
    } catch (err) {
      next(err);
    }
  });
  return router;
}
