// The one pricing function: (lines, contact, codes, promotions, usage, now) → priced lines, special
// lines and an outcome per code. Pure: no I/O, no clock, inputs never mutated. Order of work:
// product/category/free-trial discounts → order-total (GROSS, then NET) → shipping → tax on the
// discounted taxable amounts.
import { Big, allocate, dec, formatMoney, sum, ZERO } from '../money/money.js';
import { taxOf } from '../invoicing/totals.js';
import { sharesFor, stageOf } from './discounts.js';
import { lineStates, type LineState } from './lines.js';
import {
  SPECIAL_ITEM_TYPE, type CodeResult, type PricedLine, type PricedOrder, type PricingInput,
  type Redemption, type Special,
} from './model.js';
import { selectPromotions, type Candidate } from './selection.js';
import { specialName } from './naming.js';

function byStage(a: Candidate, b: Candidate): number {
  return stageOf(a.promotion.discount) - stageOf(b.promotion.discount) || a.promotion.id - b.promotion.id;
}

/** Tax once on the discounted taxable total, spread over the taxable lines so it adds up. */
function taxShares(states: readonly LineState[], discounts: readonly Big[], taxRate: string | undefined, currency: string): Big[] {
  if (taxRate === undefined || dec(taxRate, 'taxRate').eq(ZERO)) return states.map(() => ZERO);
  const bases = states.map((s, i) => {
    const net = s.gross.minus(discounts[i]);
    return s.line.taxable && net.gt(ZERO) ? net : ZERO;
  });
  const tax = taxOf(sum(bases), dec(taxRate, 'taxRate'), currency);
  return tax.eq(ZERO) ? states.map(() => ZERO) : allocate(tax, bases, currency);
}

function ignoredCodes(codes: readonly string[]): CodeResult[] {
  return codes.map((c) => c.trim()).filter((c) => c !== '').map((code) => ({ code, outcome: 'IGNORED' as const }));
}

export function priceOrder(input: PricingInput): PricedOrder {
  const { currency } = input;
  const states = lineStates(input.lines, currency);
  const productSubtotal = sum(states.filter((s) => s.role === 'product').map((s) => s.gross));
  const discounts = states.map(() => ZERO);
  const specials: Special[] = [];
  const redemptions: Redemption[] = [];
  let codes: CodeResult[];

  if (!input.processSpecials) {
    // Keap: promo codes are "only used if processing of specials is turned on".
    codes = ignoredCodes(input.codes);
  } else {
    const selection = selectPromotions({ ...input, productSubtotal });
    codes = selection.codes.map((c) => ({ ...c }));
    for (const cand of [...selection.candidates].sort(byStage)) {
      const shares = sharesFor(cand.promotion.discount, states, currency);
      const amount = sum(shares);
      const codeResult = cand.codeIndex === undefined ? undefined : codes[cand.codeIndex];
      if (amount.lte(ZERO)) {
        // Nothing to take off (no shipping, line already free): not a use (Stripe's rule).
        if (codeResult) codeResult.outcome = 'NOT_APPLICABLE';
        continue;
      }
      shares.forEach((s, i) => {
        discounts[i] = discounts[i].plus(s);
        states[i].remaining = states[i].remaining.minus(s);
      });
      const touched = shares.flatMap((s, i) => (s.gt(ZERO) ? [i] : []));
      const text = formatMoney(amount, currency);
      specials.push({
        itemType: SPECIAL_ITEM_TYPE[cand.promotion.discount.kind],
        name: specialName(cand.promotion, cand.code?.code),
        amount: text,
        promotionId: cand.promotion.id,
        ...(cand.code ? { code: cand.code.code } : {}),
        ...(touched.length === 1 ? { lineIndex: touched[0] } : {}),
        shares: shares.map((s) => formatMoney(s, currency)),
      });
      redemptions.push({ promotionId: cand.promotion.id, amount: text, ...(cand.code ? { codeId: cand.code.id, code: cand.code.code } : {}) });
      if (codeResult) codeResult.amount = text;
    }
  }

  const taxes = taxShares(states, discounts, input.taxRate, currency);
  const lines: PricedLine[] = states.map((s, i) => {
    const net = s.gross.minus(discounts[i]);
    return {
      index: i,
      gross: formatMoney(s.gross, currency),
      discount: formatMoney(discounts[i], currency),
      net: formatMoney(net, currency),
      tax: formatMoney(taxes[i], currency),
      total: formatMoney(net.plus(taxes[i]), currency),
    };
  });
  const subtotal = sum(states.map((s) => s.gross));
  const discount = sum(discounts);
  const tax = sum(taxes);
  return {
    lines,
    specials,
    codes,
    redemptions,
    totals: {
      subtotal: formatMoney(subtotal, currency),
      discount: formatMoney(discount, currency),
      tax: formatMoney(tax, currency),
      total: formatMoney(subtotal.minus(discount).plus(tax), currency),
    },
  };
}

