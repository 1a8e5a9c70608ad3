// Stored shapes of shipping options and tax rates, and the reads placeOrder and ShippingService
// make. ShippingOption rows carry `activeFlag` (indexed) so an order reads only the active ones;
// TaxRate rows carry `countryKey` (the folded country, '' = any) so an order reads only its country's.
import type { ReadOps, Store, StoredRecord } from '../../store/port.js';
import type { ShippingOption } from '../../shipping/options.js';
import { foldCountry, type TaxRate } from '../../tax/regions.js';

export const SHIPPING_OPTION = 'ShippingOption';
export const TAX_RATE = 'TaxRate';

export type ShippingOptionRow = ShippingOption & StoredRecord & { activeFlag: 0 | 1 };
export type TaxRateRow = TaxRate & StoredRecord & { countryKey: string };

export const shippingRow = (o: ShippingOption): ShippingOptionRow => ({ ...o, activeFlag: o.active ? 1 : 0 });
export const taxRateRow = (t: TaxRate): TaxRateRow => ({ ...t, countryKey: foldCountry(t.country) });

export function toShippingOption(row: ShippingOptionRow): ShippingOption {
  const { activeFlag: _flag, ...option } = row;
  return option;
}

export function toTaxRate(row: TaxRateRow): TaxRate {
  const { countryKey: _key, ...rate } = row;
  return rate;
}

/** Every option, active or not, by id (getAllShippingOptions, the CLI). */
export async function allShippingOptions(store: Store): Promise<ShippingOption[]> {
  const { records } = await store.list<ShippingOptionRow>(SHIPPING_OPTION, {});
  return records.map(toShippingOption).sort((a, b) => a.id - b.id);
}

export async function activeShippingOptions(reader: ReadOps): Promise<ShippingOption[]> {
  return (await reader.findBy<ShippingOptionRow>(SHIPPING_OPTION, 'activeFlag', 1)).map(toShippingOption);
}

/** The rates of one country (folded with foldCountry); '' = the any-country ones. */
export async function taxRatesOf(reader: ReadOps, country: string): Promise<TaxRate[]> {
  return (await reader.findBy<TaxRateRow>(TAX_RATE, 'countryKey', foldCountry(country))).map(toTaxRate);
}
