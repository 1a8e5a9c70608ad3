// The invoice document as PDF, drawn server-side with pdfkit (no browser): the mail attachment and
// GET /invoices/{id}.pdf. Same InvoiceDocument as the HTML, so the same figures.
//
// Fonts: the PDF standard Helvetica (nothing to ship or load). It covers Windows-1252 (Latin
// scripts, €, £, ¥); other characters are drawn as "?" (docs/invoice-documents.md).
import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from './model.js';

const MARGIN = 40;
const WIDTH = 595.28 - 2 * MARGIN; // A4
const BOTTOM = 841.89 - MARGIN;
const INK = '#1d2733';
const MUTED = '#5b6673';

/** Windows-1252 characters above Latin-1 that the standard fonts can draw. */
const CP1252_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/** True when the standard font draws every character of `s`. */
export function pdfDrawable(s: string): boolean {
  return pdfText(s) === s.replace(/[\u2212]/g, '-').replace(/[\u00a0\u202f]/g, ' ');
}

export function pdfText(s: string): string {
  return s.replace(/[\u2212]/g, '-').replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[^\x20-\x7e\n\u00a1-\u00ff]/g, (c) => (CP1252_EXTRA.includes(c) ? c : '?'));
}

interface Column { title: string; width: number; align: 'left' | 'right' }
const COLUMNS: Column[] = [
  { title: 'Item', width: 145, align: 'left' }, { title: 'Qty', width: 45, align: 'right' },
  { title: 'Unit cost', width: 75, align: 'right' }, { title: 'Discount', width: 70, align: 'right' },
  { title: 'Taxes', width: 105, align: 'right' }, { title: 'Line total', width: 75, align: 'right' },
];

export function renderInvoicePdf(doc: InvoiceDocument, opts: { now?: Date } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4', margin: MARGIN, bufferPages: false,
    info: { Title: pdfText(`Invoice ${doc.number}`), Author: pdfText(doc.seller.name), CreationDate: opts.now ?? new Date() },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  draw(pdf, doc);
  pdf.end();
  return done;
}

type Pdf = InstanceType<typeof PDFDocument>;

function text(pdf: Pdf, s: string, x: number, y: number, o: PDFKit.Mixins.TextOptions & { size?: number; bold?: boolean; color?: string } = {}): number {
  const { size = 10, bold = false, color = INK, ...rest } = o;
  pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(color);
  const t = pdfText(s);
  pdf.text(t, x, y, { lineBreak: true, ...rest });
  return pdf.heightOfString(t, rest);
}

function ensureRoom(pdf: Pdf, y: number, need: number): number {
  if (y + need <= BOTTOM) return y;
  pdf.addPage();
  return MARGIN;
}

function draw(pdf: Pdf, doc: InvoiceDocument): void {
  // Header: title and status left, seller right.
  text(pdf, 'INVOICE', MARGIN, MARGIN, { size: 24, bold: true });
  let left = MARGIN + 32;
  if (doc.title) left += text(pdf, doc.title, MARGIN, left, { color: MUTED, width: 250 }) + 2;
  text(pdf, `Status: ${doc.status}`, MARGIN, left, { bold: true });
  const seller = [doc.seller.name, ...doc.seller.address, doc.seller.email, doc.seller.phone, doc.seller.taxId ? `Tax ID: ${doc.seller.taxId}` : '']
    .filter(Boolean).join('\n');
  const sellerHeight = text(pdf, seller, MARGIN + WIDTH - 240, MARGIN, { width: 240, align: 'right' });

  // Bill to (left) and invoice facts (right).
  let y = Math.max(left + 20, MARGIN + sellerHeight + 16);
  text(pdf, 'BILL TO', MARGIN, y, { size: 8, bold: true, color: MUTED });
  const client = [doc.client.name, ...doc.client.address, doc.client.email].filter(Boolean).join('\n');
  const clientHeight = text(pdf, client, MARGIN, y + 12, { width: 250 });
  const facts: Array<[string, string]> = [['Invoice number', doc.number], ['Invoice date', doc.date]];
  if (doc.dueDate) facts.push(['Due date', doc.dueDate]);
  if (doc.poNumber) facts.push(['PO number', doc.poNumber]);
  if (doc.promoCodes.length) facts.push(['Promo code', doc.promoCodes.join(', ')]);
  let fy = y;
  for (const [k, v] of facts) {
    text(pdf, k, MARGIN + WIDTH - 240, fy, { width: 110, color: MUTED });
    fy += Math.max(14, text(pdf, v, MARGIN + WIDTH - 125, fy, { width: 125, align: 'right' }) + 2);
  }
  y = Math.max(y + 12 + clientHeight, fy) + 24;

  y = drawLines(pdf, doc, y);
  y = drawTotals(pdf, doc, y + 12);
  if (doc.payments.length) y = drawPayments(pdf, doc, y + 18);
  for (const [title, body] of [['Notes', doc.notes], ['Terms', doc.terms]] as const) {
    if (!body) continue;
    y = ensureRoom(pdf, y + 18, 40);
    text(pdf, title, MARGIN, y, { bold: true });
    y += 14 + text(pdf, body, MARGIN, y + 14, { width: WIDTH });
  }
}

function header(pdf: Pdf, cols: Column[], y: number): number {
  let x = MARGIN;
  for (const c of cols) {
    text(pdf, c.title.toUpperCase(), x + 3, y, { size: 8, bold: true, color: MUTED, width: c.width - 6, align: c.align });
    x += c.width;
  }
  pdf.moveTo(MARGIN, y + 13).lineTo(MARGIN + WIDTH, y + 13).lineWidth(1.2).strokeColor(INK).stroke();
  return y + 18;
}

function row(pdf: Pdf, cols: Column[], cells: string[][], y: number, color = INK): number {
  const heights = cells.map((cell, i) => {
    pdf.font('Helvetica').fontSize(9);
    return cell.reduce((h, s) => h + pdf.heightOfString(pdfText(s), { width: cols[i].width - 6 }), 0);
  });
  const h = Math.max(12, ...heights);
  let x = MARGIN;
  cells.forEach((cell, i) => {
    let cy = y;
    cell.forEach((s, j) => {
      cy += text(pdf, s, x + 3, cy, { size: j === 0 ? 9 : 8, bold: i === 0 && j === 0, color: j === 0 ? color : MUTED, width: cols[i].width - 6, align: cols[i].align });
    });
    x += cols[i].width;
  });
  pdf.moveTo(MARGIN, y + h + 4).lineTo(MARGIN + WIDTH, y + h + 4).lineWidth(0.5).strokeColor('#d9dde2').stroke();
  return y + h + 8;
}

function drawLines(pdf: Pdf, doc: InvoiceDocument, y: number): number {
  y = header(pdf, COLUMNS, y);
  for (const l of doc.lines) {
    const cells = [[l.name, ...(l.description ? [l.description] : [])], [l.quantity], [l.unitCost], [l.discount], l.taxes.length ? l.taxes : [''], [l.total]];
    if (y + 30 > BOTTOM) { pdf.addPage(); y = header(pdf, COLUMNS, MARGIN); }
    y = row(pdf, COLUMNS, cells, y, l.credit ? '#2f6f3e' : INK);
  }
  return y;
}

function drawTotals(pdf: Pdf, doc: InvoiceDocument, y: number): number {
  const rows: Array<[string, string, boolean]> = [
    ...doc.summary.map((r) => [r.label, r.amount, false] as [string, string, boolean]),
    [`Total (${doc.currency})`, doc.total, true], ['Paid', doc.paid, false], ['Balance due', doc.balance, true],
  ];
  const x = MARGIN + WIDTH - 280;
  for (const [label, amount, strong] of rows) {
    y = ensureRoom(pdf, y, 16);
    text(pdf, label, x, y, { width: 170, bold: strong });
    text(pdf, amount, x + 170, y, { width: 110, align: 'right', bold: strong });
    y += 16;
  }
  return y;
}

const PAYMENT_COLUMNS: Column[] = [
  { title: 'Date', width: 120, align: 'left' }, { title: 'Method', width: 140, align: 'left' },
  { title: 'Reference', width: 155, align: 'left' }, { title: 'Amount', width: 100, align: 'right' },
];

function drawPayments(pdf: Pdf, doc: InvoiceDocument, y: number): number {
  y = ensureRoom(pdf, y, 60);
  text(pdf, 'Payments', MARGIN, y, { bold: true });
  y = header(pdf, PAYMENT_COLUMNS, y + 16);
  for (const p of doc.payments) {
    y = ensureRoom(pdf, y, 20);
    y = row(pdf, PAYMENT_COLUMNS, [[p.date], [p.method], [p.reference], [p.amount]], y);
  }
  return y;
}
