// Administration of shipping options and tax rates (CLI `keap-gateway shipping|tax …`, the file read
// at start). Each change is one transaction. The counts are capped: every order rates every active
// option and reads its country's rates.
import type { Store } from '../../store/port.js';
import { conflict, invalid, notFound, quoted } from '../../errors.js';
import { parseShippingOption, type ShippingOption } from '../../shipping/options.js';
import { parseTaxRate, type TaxRate } from '../../tax/regions.js';
import {
  SHIPPING_OPTION, TAX_RATE, allShippingOptions, shippingRow, taxRateRow, toShippingOption, toTaxRate,
  type ShippingOptionRow, type TaxRateRow,
} from './records.js';

export const MAX_SHIPPING_OPTIONS = 100;
export const MAX_TAX_RATES = 1000;

export class ShippingTaxAdmin {
  constructor(private readonly store: Store) {}

  // ── shipping options ───────────────────────────────────────────────────────────────────

  /** Validate and store an option; names are unique (case-insensitive). Returns it with its id. */
  async addShippingOption(definition: unknown): Promise<ShippingOption> {
    const draft = parseShippingOption(definition);
    return this.store.transact(async (tx) => {
      const { records } = await this.store.list<ShippingOptionRow>(SHIPPING_OPTION, {});
      if (records.length >= MAX_SHIPPING_OPTIONS) throw invalid(`at most ${MAX_SHIPPING_OPTIONS} shipping options can exist; disable or remove one first`, 'name');
      if (records.some((r) => r.name.toLowerCase() === draft.name.toLowerCase())) throw conflict(`a shipping option named ${quoted(draft.name)} exists`, 'name');
      const option: ShippingOption = { ...draft, id: await tx.nextId(SHIPPING_OPTION) };
      tx.put(SHIPPING_OPTION, shippingRow(option));
      return option;
    });
  }

  listShippingOptions(): Promise<ShippingOption[]> { return allShippingOptions(this.store); }

  async shippingOption(id: number): Promise<ShippingOption> {
    const row = await this.store.get<ShippingOptionRow>(SHIPPING_OPTION, id);
    if (!row) throw notFound(`shipping option ${id} does not exist`, 'id');
    return toShippingOption(row);
  }

  /** Turn an option on or off (an order never uses an inactive one; the Keap methods still show it). */
  async setShippingActive(id: number, active: boolean): Promise<ShippingOption> {
    return this.store.transact(async (tx) => {
      const row = await tx.get<ShippingOptionRow>(SHIPPING_OPTION, id);
      if (!row) throw notFound(`shipping option ${id} does not exist`, 'id');
      const option = { ...toShippingOption(row), active };
      tx.put(SHIPPING_OPTION, shippingRow(option));
      return option;
    });
  }

  async removeShippingOption(id: number): Promise<void> {
    await this.store.transact(async (tx) => {
      if (!(await tx.get(SHIPPING_OPTION, id))) throw notFound(`shipping option ${id} does not exist`, 'id');
      tx.delete(SHIPPING_OPTION, id);
    });
  }

  // ── tax rates ──────────────────────────────────────────────────────────────────────────

  /** Validate and store a rate; one rate per region (country + state + zip prefix). */
  async addTaxRate(definition: unknown): Promise<TaxRate> {
    const draft = parseTaxRate(definition);
    return this.store.transact(async (tx) => {
      const all = await this.listTaxRates();
      if (all.length >= MAX_TAX_RATES) throw invalid(`at most ${MAX_TAX_RATES} tax rates can exist; remove one first`, 'name');
      const row = taxRateRow({ ...draft, id: 0 });
      const same = all.find((t) => {
        const r = taxRateRow(t);
        return r.countryKey === row.countryKey && t.state.toLowerCase() === draft.state.toLowerCase() && t.zipPrefix === draft.zipPrefix;
      });
      if (same) throw conflict(`tax rate #${same.id} ${quoted(same.name)} already covers this region; remove it first`, 'country');
      const rate: TaxRate = { ...draft, id: await tx.nextId(TAX_RATE) };
      tx.put(TAX_RATE, taxRateRow(rate));
      return rate;
    });
  }

  async listTaxRates(): Promise<TaxRate[]> {
    const { records } = await this.store.list<TaxRateRow>(TAX_RATE, {});
    return records.map(toTaxRate).sort((a, b) => a.id - b.id);
  }

  async removeTaxRate(id: number): Promise<void> {
    await this.store.transact(async (tx) => {
      if (!(await tx.get(TAX_RATE, id))) throw notFound(`tax rate ${id} does not exist`, 'id');
      tx.delete(TAX_RATE, id);
    });
  }
}
