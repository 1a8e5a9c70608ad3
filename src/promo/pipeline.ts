// The one pricing function: (lines, contact, codes, promotions, usage, now) → priced lines, special
// lines and an outcome per code. Pure: no I/O, no clock, inputs never mutated. Order of work:
// product/category/free-trial discounts → order-total (GROSS, then NET) → shipping → tax on the
// discounted taxable amounts.
import { Big, allocate, dec, formatMoney, signOf, sum, ZERO } from '../money/money.js';
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

function zeros(n: number): Big[] {
  return new Array<Big>(n).fill(ZERO);
}

/** Tax once on the discounted taxable total, spread over the taxable lines so it adds up. */
function taxShares(states: readonly LineState[], discounts: readonly Big[], taxRate: string | undefined, currency: string): Big[] {
  if (taxRate === undefined) return zeros(states.length);
  const rate = dec(taxRate, 'taxRate');
  if (rate.eq(ZERO)) return zeros(states.length);
  const bases = states.map((s, i) => {
    const net = s.gross.minus(discounts[i]);
    return s.line.taxable && net.gt(ZERO) ? net : ZERO;
  });
  const tax = taxOf(sum(bases), rate, currency);
  return tax.eq(ZERO) ? zeros(states.length) : allocate(tax, bases, currency);
}

function ignoredCodes(codes: readonly string[]): CodeResult[] {
  return codes.map((c) => c.trim()).filter((c) => c !== '').map((code) => ({ code, outcome: 'IGNORED' as const }));
}

/** The special line and the redemption of one candidate whose shares take something off. */
function applied(cand: Candidate, shares: readonly Big[], amount: string, currency: string): { special: Special; redemption: Redemption } {
  let touched = -1;
  let touchedCount = 0;
  const texts = new Array<string>(shares.length);
  for (let i = 0; i < shares.length; i++) {
    if (signOf(shares[i]) > 0) { touched = i; touchedCount++; }
    texts[i] = formatMoney(shares[i], currency);
  }
  const { promotion, code } = cand;
  const special: Special = {
    itemType: SPECIAL_ITEM_TYPE[promotion.discount.kind],
    name: specialName(promotion, code?.code),
    amount,
    promotionId: promotion.id,
    ...(code ? { code: code.code } : {}),
    ...(touchedCount === 1 ? { lineIndex: touched } : {}),
    shares: texts,
  };
  const redemption: Redemption = code
    ? { promotionId: promotion.id, amount, codeId: code.id, code: code.code }
    : { promotionId: promotion.id, amount };
  return { special, redemption };
}

/** What placeOrder keeps of a pricing: the specials, the code outcomes and the redemptions. */
export type PricedSpecials = Pick<PricedOrder, 'specials' | 'codes' | 'redemptions'>;

interface Discounted extends PricedSpecials {
  states: LineState[];
  /** What the specials take off each line, in order. */
  discounts: Big[];
  /** Σ gross of every line (summed here too, so an order beyond the bound faults as before). */
  subtotal: Big;
}

/** The discounts of an order: the one place specials are chosen and applied. */
function discountOrder(input: PricingInput): Discounted {
  const { currency } = input;
  const states = lineStates(input.lines, currency);
  const gross: Big[] = [];
  const productGross: Big[] = [];
  for (const s of states) {
    gross.push(s.gross);
    if (s.role === 'product') productGross.push(s.gross);
  }
  const productSubtotal = sum(productGross);
  const discounts = zeros(states.length);
  const specials: Special[] = [];
  const redemptions: Redemption[] = [];
  let codes: CodeResult[];

  if (!input.processSpecials) {
    // Keap: promo codes are "only used if processing of specials is turned on".
    codes = ignoredCodes(input.codes);
  } else {
    const selection = selectPromotions(input, productSubtotal);
    // Both arrays are new for this call: the code results are ours to complete, the candidates to sort.
    codes = selection.codes;
    for (const cand of selection.candidates.sort(byStage)) {
      const shares = sharesFor(cand.promotion.discount, states, currency);
      const amount = sum(shares);
      const codeResult = cand.codeIndex === undefined ? undefined : codes[cand.codeIndex];
      if (signOf(amount) <= 0) {
        // Nothing to take off (no shipping, line already free): not a use (Stripe's rule).
        if (codeResult) codeResult.outcome = 'NOT_APPLICABLE';
        continue;
      }
      for (let i = 0; i < shares.length; i++) {
        if (signOf(shares[i]) === 0) continue;
        discounts[i] = discounts[i].plus(shares[i]);
        states[i].remaining = states[i].remaining.minus(shares[i]);
      }
      const text = formatMoney(amount, currency);
      const { special, redemption } = applied(cand, shares, text, currency);
      specials.push(special);
      redemptions.push(redemption);
      if (codeResult) codeResult.amount = text;
    }
  }
  return { states, discounts, subtotal: sum(gross), specials, codes, redemptions };
}

/**
 * priceOrder without the priced lines and totals (placeOrder's invoice computes its own through
 * the invoicing totals routine): the same specials, outcomes and redemptions, ~20 fewer amounts
 * formatted per order.
 */
export function priceSpecials(input: PricingInput): PricedSpecials {
  const { specials, codes, redemptions } = discountOrder(input);
  return { specials, codes, redemptions };
}

export function priceOrder(input: PricingInput): PricedOrder {
  const { currency } = input;
  const { states, discounts, subtotal, specials, codes, redemptions } = discountOrder(input);
  const taxes = taxShares(states, discounts, input.taxRate, currency);
  const lines: PricedLine[] = new Array<PricedLine>(states.length);
  for (let i = 0; i < states.length; i++) {
    const net = states[i].gross.minus(discounts[i]);
    lines[i] = {
      index: i,
      gross: formatMoney(states[i].gross, currency),
      discount: formatMoney(discounts[i], currency),
      net: formatMoney(net, currency),
      tax: formatMoney(taxes[i], currency),
      total: formatMoney(taxes[i].eq(ZERO) ? net : net.plus(taxes[i]), currency),
    };
  }
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
