// The store-backed shipping & tax step (OrderChargesStep): reads the active shipping options, the
// contact's address and its country's tax rates, and prices with the pure modules (src/shipping,
// src/tax). Reads go through the caller's reader, so inside placeOrder's transaction they are
// consistent with the order. Which address: the contact's shipping address (Address2: Country2,
// State2, PostalCode2) when it has any of them, else the billing one (Country, State, PostalCode).
import type { ReadOps, StoredRecord } from '../../store/port.js';
import type { Client, Invoice } from '../../invoicing/model.js';
import { ITEM_TYPE } from '../../invoicing/item-types.js';
import { dec, formatMoney, roundMoney, sum, ZERO } from '../../money/money.js';
import { chooseShipping, type ShippingUnit } from '../../shipping/rates.js';
import { foldCountry, rateFor, type TaxAddress, type TaxRate } from '../../tax/regions.js';
import type { ShippingOption } from '../../shipping/options.js';
import { taxAmount } from '../../tax/tax-line.js';
import type { ClientBook } from '../clients.js';
import type { OrderLineInput } from '../order-pricing.js';
import type { OrderChargesStep, TaxLineQuote } from '../order-charges.js';
import { GenerationCache } from '../../store/generation-cache.js';
import { activeShippingOptions, SHIPPING_OPTION, TAX_RATE, taxRatesOf } from './records.js';

interface ProductRecord extends StoredRecord { Taxable?: number; Weight?: string | number }

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

export function addressOf(client: Client): TaxAddress {
  const x = client.extra ?? {};
  const shipTo = [x.Country2, x.State2, x.PostalCode2].some((v) => text(v) !== '');
  if (shipTo) return { country: text(x.Country2) || client.country, state: text(x.State2), postalCode: text(x.PostalCode2) };
  return { country: client.country, state: text(x.State), postalCode: text(x.PostalCode) };
}

/** Product lines as promotions see them: not shipping, tax or finance charges. */
const isProductLine = (l: OrderLineInput) => ![ITEM_TYPE.shipping, ITEM_TYPE.tax, ITEM_TYPE.financeCharge].includes(l.itemType as 1 | 2 | 6);

function weightOf(p: ProductRecord | undefined): ReturnType<typeof dec> {
  try { return p?.Weight === undefined || p.Weight === '' ? ZERO : dec(p.Weight, 'Weight'); } catch { return ZERO; }
}

export class ShippingTaxStep implements OrderChargesStep {
  // Options and rates change rarely: an order reads only their generation unless one changed.
  private readonly shipping = new GenerationCache<readonly ShippingOption[]>([SHIPPING_OPTION]);
  private readonly rates = new GenerationCache<readonly TaxRate[]>([TAX_RATE]);

  constructor(private readonly opts: { currency: string; clients: ClientBook }) {}

  async shippingLine(reader: ReadOps, _contactId: number, lines: OrderLineInput[]): Promise<OrderLineInput | undefined> {
    const shippable = lines.filter((l) => l.shippable && isProductLine(l));
    if (shippable.length === 0) return undefined;
    const options = await (await this.shipping.view(reader)).get('active', () => activeShippingOptions(reader));
    if (options.length === 0) return undefined;
    const byWeight = options.some((o) => o.rule.type === 'Weight');
    const products = byWeight ? await Promise.all(shippable.map((l) => reader.get<ProductRecord>('Product', l.productId))) : [];
    const units: ShippingUnit[] = shippable.map((l, i) => ({ productId: l.productId, quantity: dec(l.quantity), weight: byWeight ? weightOf(products[i]) : ZERO }));
    const { currency } = this.opts;
    const productSubtotal = sum(lines.filter(isProductLine).map((l) => roundMoney(dec(l.unitPrice).times(dec(l.quantity)), currency)));
    const chosen = chooseShipping(options, { units, productSubtotal }, currency);
    if (!chosen) return undefined;
    return {
      itemType: ITEM_TYPE.shipping, productId: 0, name: chosen.option.name, unitPrice: formatMoney(chosen.amount, currency),
      quantity: '1', taxable: false, shippable: false, categoryIds: [],
    };
  }

  async taxLine(reader: ReadOps, invoice: Invoice): Promise<TaxLineQuote | undefined> {
    // Concurrent reads: on a shared store (Redis) each is a round trip.
    const [client, rates] = await Promise.all([this.opts.clients.find(reader, invoice.clientId), this.rates.view(reader)]);
    if (!client) return undefined;
    const at = addressOf(client);
    const countries = [...new Set([foldCountry(at.country), ''])];
    const known = await Promise.all(countries.map((c) => rates.get(c, () => taxRatesOf(reader, c))));
    const rate = rateFor(known.flat(), at);
    if (!rate || dec(rate.rate).eq(0)) return undefined;
    const ids = [...new Set(invoice.items.map((i) => i.keap?.productId ?? 0).filter((id) => id > 0))];
    const products = await Promise.all(ids.map((id) => reader.get<ProductRecord>('Product', id)));
    const taxed = new Set(ids.filter((_, i) => products[i]?.Taxable === 1));
    const amount = taxAmount(invoice, { rate: rate.rate, taxShipping: rate.taxShipping, taxableProduct: (id) => taxed.has(id) });
    if (amount.eq(0)) return undefined;
    return { name: rate.name, description: `${rate.rate}% tax`, amount: formatMoney(amount, invoice.currency) };
  }
}
