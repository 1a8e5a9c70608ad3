import { describe, expect, it } from 'vitest';
import { checkInvoiceNumber, formatInvoiceNumber, incrementInvoiceNumber, nextInvoiceNumber } from '../../src/invoicing/numbering.js';
import { advance, deriveStatus, parseListStatus, parseRecordStatus, parseRequestedStatus } from '../../src/invoicing/status.js';
import { applyPayment, preparePayment } from '../../src/invoicing/payments.js';
import { computeTotals } from '../../src/invoicing/totals.js';
import { invoice, line } from './fixtures.js';

describe('numbering', () => {
  it.each([
    ['INV137', 'INV138'], ['INV009', 'INV010'], ['INV999', 'INV1000'], ['INV-110099', 'INV-110100'],
    ['2026-0041', '2026-0042'], ['DRAFT', 'DRAFT1'], ['A99999999999999999999', 'A100000000000000000000'],
  ])('%s → %s', (prev, next) => expect(incrementInvoiceNumber(prev)).toBe(next));
  it('first number is prefix + padded 1', () => expect(nextInvoiceNumber(undefined, 'INV', 3)).toBe('INV001'));
  it('pads to the configured width', () => expect(formatInvoiceNumber('INV', 5, 42)).toBe('INV00042'));
  it('refuses empty and control characters', () => {
    expect(() => checkInvoiceNumber('  ')).toThrow(/must not be empty/);
    expect(() => checkInvoiceNumber('A\nB')).toThrow(/control/);
    expect(checkInvoiceNumber(' INV7 ')).toBe('INV7');
  });
});

describe('status', () => {
  it('parses requested statuses case-insensitively, paid states included; refuses online-only ones', () => {
    expect(parseRequestedStatus('Sent')).toBe('sent');
    expect(parseRequestedStatus('DRAFT')).toBe('draft');
    expect(parseRequestedStatus('Paid')).toBe('paid');
    expect(parseRequestedStatus('Partial-Paid')).toBe('partial-paid');
    expect(parseRequestedStatus('partial_paid')).toBe('partial-paid');
    expect(() => parseRequestedStatus('Auto-Paid')).toThrow(/online payments/);
    expect(() => parseRequestedStatus('lost')).toThrow(/one of draft, sent, viewed, paid/);
  });
  it('parses all 13 documented list statuses', () => {
    const doc = ['Draft', 'Sent', 'Viewed', 'Outstanding', 'Paid', 'Unpaid', 'Disputed', 'Auto-Paid', 'Retry', 'Failed', 'Resolved', 'Auto-Failed', 'Partial-Paid'];
    expect(doc.map((s) => parseListStatus(s))).toEqual(doc.map((s) => s.toLowerCase()));
    expect(() => parseListStatus('Lost')).toThrow(/invoice_status must be one of/);
  });
  it('parses record statuses', () => {
    expect(parseRecordStatus('archived')).toBe('Archived');
    expect(() => parseRecordStatus('Deleted')).toThrow(/record_status/);
  });
  it('actions only move forward', () => {
    expect(advance('draft', 'sent')).toBe('sent');
    expect(advance('viewed', 'sent')).toBe('viewed');
    expect(advance('paid', 'viewed')).toBe('paid');
  });
  it('paid and partial-paid follow the balance', () => {
    const base = invoice({ items: [line({ id: 1, unitCost: '100' })], status: 'sent' });
    const pay = (amount: string) => ({ id: 1, amount, method: 'Cash', date: '2026-11-23', notes: '' });
    expect(deriveStatus('sent', computeTotals(base))).toBe('sent');
    expect(deriveStatus('sent', computeTotals({ ...base, payments: [pay('40')] }))).toBe('partial-paid');
    expect(deriveStatus('partial-paid', computeTotals({ ...base, payments: [pay('100')] }))).toBe('paid');
    expect(deriveStatus('paid', computeTotals(base))).toBe('sent');
  });
});

describe('payments', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const inv = invoice({ number: 'INV005', items: [line({ id: 1, unitCost: '100' })], status: 'sent' });
  it('partial then full payment', () => {
    const p1 = preparePayment({ amount: '30.50', method: 'Check' }, 1, 'USD', now);
    expect(p1).toMatchObject({ id: 1, amount: '30.50', method: 'Check', date: now.toISOString(), notes: '' });
    const after1 = applyPayment(inv, p1);
    expect(after1.status).toBe('partial-paid');
    expect(computeTotals(after1).balance.toFixed(2)).toBe('69.50');
    const after2 = applyPayment(after1, preparePayment({ amount: '69.50', method: 'Cash', date: '2026-11-24' }, 2, 'USD', now));
    expect(after2.status).toBe('paid');
    expect(computeTotals(after2).balance.eq(0)).toBe(true);
  });
  it('refuses an overpayment, naming the balance', () => {
    const p = preparePayment({ amount: '100.01', method: 'Cash' }, 1, 'USD', now);
    expect(() => applyPayment(inv, p)).toThrow('payment 100.01 exceeds the balance due 100.00 on invoice INV005');
  });
  it('refuses zero, negative, sub-cent amounts, a missing method and a bad date', () => {
    expect(() => preparePayment({ amount: '0', method: 'Cash' }, 1, 'USD', now)).toThrow(/greater than 0/);
    expect(() => preparePayment({ amount: '-1', method: 'Cash' }, 1, 'USD', now)).toThrow(/negative/);
    expect(() => preparePayment({ amount: '1.001', method: 'Cash' }, 1, 'USD', now)).toThrow(/more than 2 decimals/);
    expect(() => preparePayment({ amount: '1', method: ' ' }, 1, 'USD', now)).toThrow(/method is required/);
    expect(() => preparePayment({ amount: '1', method: 'Cash', date: '2026-13-45' }, 1, 'USD', now)).toThrow(/not a date/);
  });
});
