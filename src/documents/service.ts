// Invoice documents on demand (GET /invoices/{id}.pdf|.html, the console) and for mails (the
// outbox renders each queued message's snapshot at send time). Reads only: amounts come from
// computeTotals through buildDocument.
import type { Store } from '../store/port.js';
import type { InvoiceBook, OutboxMessage } from '../services/invoices.js';
import type { ClientBook } from '../services/clients.js';
import type { MailComposer } from '../services/mail-outbox.js';
import { buildDocument, type DocumentSource, type InvoiceDocument, type Seller } from './model.js';
import { renderInvoiceHtml } from './html.js';
import { pdfDrawable, renderInvoicePdf } from './pdf.js';
import { linkSigner, type LinkSigner } from './links.js';

export interface DocumentOptions {
  seller: Seller;
  locale: string;
  /** Empty: no client links (mails carry none, signed requests are refused). */
  linkSecret: string;
  linkTtlSeconds: number;
  /** Where clients reach the gateway; links are relative without it. */
  publicUrl: string;
  now: () => Date;
}

export class InvoiceDocuments {
  readonly links?: LinkSigner;

  constructor(private readonly store: Store, private readonly invoices: InvoiceBook, private readonly clients: ClientBook, private readonly opts: DocumentOptions) {
    if (opts.linkSecret) this.links = linkSigner(opts.linkSecret, opts.linkTtlSeconds);
  }

  /** The invoice and its client now, or undefined when the invoice does not exist. */
  async source(invoiceId: number): Promise<DocumentSource | undefined> {
    const invoice = await this.invoices.find(this.store, invoiceId);
    if (!invoice) return undefined;
    return { invoice, client: await this.clients.find(this.store, invoice.clientId) };
  }

  document(src: DocumentSource, target: 'html' | 'pdf' = 'html'): InvoiceDocument {
    return buildDocument(src, { seller: this.opts.seller, locale: this.opts.locale, drawable: target === 'pdf' ? pdfDrawable : undefined });
  }

  html(src: DocumentSource, opts: { link?: string; message?: string; pdfHref?: string } = {}): string {
    return renderInvoiceHtml(this.document(src), opts);
  }

  pdf(src: DocumentSource): Promise<Buffer> {
    return renderInvoicePdf(this.document(src, 'pdf'), { now: this.opts.now() });
  }

  /** The client's signed link to the HTML view (absolute with publicUrl), or undefined without a secret. */
  clientLink(invoiceId: number, format: 'html' | 'pdf' = 'html'): string | undefined {
    if (!this.links) return undefined;
    const base = this.opts.publicUrl.replace(/\/+$/, '');
    return `${base}/invoices/${invoiceId}.${format}?${this.links.sign(invoiceId, this.opts.now())}`;
  }

  /** The outbox's composer: HTML body and PDF attachment from the message's snapshot, plus the link. */
  composer(): MailComposer {
    return async (m: OutboxMessage) => {
      const text = m.text ?? m.body;
      if (!m.snapshot) return { to: m.to, subject: m.subject, text }; // queued before documents existed
      const link = this.clientLink(m.snapshot.invoice.id);
      return {
        to: m.to, subject: m.subject,
        text: link ? `${text.trimEnd()}\n\nView or download the invoice: ${link}\n` : text,
        html: this.html(m.snapshot, { message: m.body, link }),
        attachments: [{ filename: pdfFileName(m.snapshot.invoice.number), content: await this.pdf(m.snapshot), contentType: 'application/pdf' }],
      };
    };
  }
}

/** "INV042.pdf"; anything but letters, digits, dot, dash and underscore becomes "_". */
export function pdfFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80) || 'invoice'}.pdf`;
}
