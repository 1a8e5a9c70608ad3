// `keap-gateway shipping <command>` and `keap-gateway tax <command>`: shipping options and tax rates,
// with the same validators as the shipping & tax file (src/shipping/options.ts, src/tax/regions.ts).
// Flags build the file's JSON shape; --file/--json take a definition as is.
import { readFileSync } from 'node:fs';
import type { ShippingTaxAdmin } from '../services/shipping-tax/admin.js';
import type { ShippingOption } from '../shipping/options.js';
import type { TaxRate } from '../tax/regions.js';
import type { Flags } from './promo-flags.js';
import { JSON_OUT, listCommand, printRecord, type AdminCommand, type OptionSpec, type RecordPrinter } from './command.js';
import { UsageError } from './output.js';

export type ShippingTaxCommand = AdminCommand<ShippingTaxAdmin>;

const DEFINITION: OptionSpec[] = [
  { flags: '--file <def.json>', description: 'the definition as a JSON file (one entry of the shipping & tax file)' },
  { flags: '--definition <json>', description: 'the definition as inline JSON' },
];

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [String(v)]);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function given(f: Flags): unknown | undefined {
  try {
    if (typeof f.file === 'string') return JSON.parse(readFileSync(f.file, 'utf8'));
    if (typeof f.definition === 'string') return JSON.parse(f.definition);
  } catch (e) { throw new UsageError(`cannot read the definition: ${(e as Error).message}`); }
  return undefined;
}

/** `--range 0-50=5.00` (from 0 up to, not including, 50) or `--range 50+=0` (50 and up). */
function range(text: string): Record<string, string> {
  const m = /^\s*([^=+\-\s]+)\s*(?:-\s*([^=\s]+)|\+)\s*=\s*(\S+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--range must look like MIN-MAX=PRICE or MIN+=PRICE, got "${text}"`);
  return defined({ minimum: m[1], maximum: m[2], price: m[3] }) as Record<string, string>;
}

/** `--product-price 12=2.50`: product 12 ships at 2.50 per unit. */
function productPrice(text: string): Record<string, string> {
  const m = /^\s*(\d+)\s*=\s*(\S+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--product-price must look like PRODUCT_ID=PRICE, got "${text}"`);
  return { productId: m[1], price: m[2] };
}

function idArg(v: string | undefined, what: string): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`expected a ${what} id, got ${v === undefined ? 'nothing' : `"${v}"`}`);
  return Number(v);
}

function ruleText(o: ShippingOption): string {
  const r = o.rule;
  const span = (x: { minimum: string; maximum?: string; price: string }) => `${x.minimum}${x.maximum ? `-${x.maximum}` : '+'}=${x.price}`;
  switch (r.type) {
    case 'Flat': return `flat ${r.price}`;
    case 'OrderTotal': return `order total ${r.ranges.map(span).join(' ')}`;
    case 'Weight': return `weight ${r.ranges.map(span).join(' ')}`;
    case 'Product': return `per product ${r.prices.map((p) => `#${p.productId}=${p.price}`).join(' ')}`;
    case 'Quantity': return `${r.baseShippingPrice} + ${r.pricePerItem}/item, at least ${r.minimumShippingPrice}`;
  }
}

const OPTION: RecordPrinter<ShippingOption> = { line: (o) => `#${o.id}  ${o.name}  [${o.rule.type}${o.active ? '' : ', inactive'}]  ${ruleText(o)}` };
const RATE: RecordPrinter<TaxRate> = {
  line: (t) => `#${t.id}  ${t.name}  ${t.rate}%  ${[t.country || 'any country', t.state, t.zipPrefix && `zip ${t.zipPrefix}*`].filter(Boolean).join(' / ')}${t.taxShipping ? '  (shipping taxed)' : ''}`,
};

/** An entry kind of the shipping & tax file, as its `add` and `remove` commands handle it. */
interface FileEntry<R> {
  noun: string;
  printer: RecordPrinter<R>;
  add(admin: ShippingTaxAdmin, definition: unknown): Promise<R>;
  remove(admin: ShippingTaxAdmin, id: number): Promise<void>;
}

const SHIPPING_OPTION: FileEntry<ShippingOption> = {
  noun: 'shipping option', printer: OPTION,
  add: (admin, def) => admin.addShippingOption(def), remove: (admin, id) => admin.removeShippingOption(id),
};
const TAX_RATE: FileEntry<TaxRate> = {
  noun: 'tax rate', printer: RATE,
  add: (admin, def) => admin.addTaxRate(def), remove: (admin, id) => admin.removeTaxRate(id),
};

/** `add`: the definition from --file/--definition, else the one `fromFlags` builds; prints the entry added. */
function addCommand<R>(entry: FileEntry<R>, description: string, flags: OptionSpec[], fromFlags: (f: Flags) => Record<string, unknown>): ShippingTaxCommand {
  return {
    description,
    args: [],
    options: [...DEFINITION, ...flags, JSON_OUT],
    async run(admin, f, _args, out) {
      printRecord(out, entry.printer, `added ${entry.noun} `, await entry.add(admin, given(f) ?? defined(fromFlags(f))));
    },
  };
}

function removeCommand<R>(entry: FileEntry<R>, description: string): ShippingTaxCommand {
  return {
    description,
    args: ['<id>'],
    options: [JSON_OUT],
    async run(admin, _f, args, out) {
      const id = idArg(args[0], entry.noun);
      await entry.remove(admin, id);
      out.result({ id, removed: true }, `removed ${entry.noun} #${id}`);
    },
  };
}

function activeCommand(description: string, active: boolean, lead: string): ShippingTaxCommand {
  return {
    description,
    args: ['<id>'],
    options: [JSON_OUT],
    async run(admin, _f, args, out) {
      printRecord(out, OPTION, lead, await admin.setShippingActive(idArg(args[0], 'shipping option'), active));
    },
  };
}

export const SHIPPING_COMMANDS: Record<string, ShippingTaxCommand> = {
  add: addCommand(SHIPPING_OPTION, 'add a shipping option (from --file, --definition or the flags below); prints it', [
    { flags: '--name <name>', description: 'option name (shown as the shipping line)' },
    { flags: '--type <type>', description: 'Flat | OrderTotal | Product | Quantity | Weight' },
    { flags: '--description <text>', description: 'free text' },
    { flags: '--price <amount>', description: 'price per order (Flat)' },
    { flags: '--range <MIN-MAX=PRICE>', description: 'a price range (OrderTotal by product subtotal, Weight by weight; repeatable; MIN+=PRICE is open-ended)', repeatable: true },
    { flags: '--product-price <ID=PRICE>', description: 'price per unit of a product (Product; repeatable)', repeatable: true },
    { flags: '--base-price <amount>', description: 'base price (Quantity)' },
    { flags: '--per-item <amount>', description: 'price per shippable unit (Quantity)' },
    { flags: '--minimum-price <amount>', description: 'lowest price (Quantity)' },
    { flags: '--international', description: "Keap's international flag (answered back; changes no price)" },
    { flags: '--order-based', description: "Keap's orderBased flag (answered back; changes no price)" },
    { flags: '--inactive', description: 'add it disabled' },
  ], (f) => ({
    name: f.name, type: f.type, description: f.description, price: f.price,
    ranges: f.range === undefined ? undefined : list(f.range).map(range),
    prices: f['product-price'] === undefined ? undefined : list(f['product-price']).map(productPrice),
    baseShippingPrice: f['base-price'], pricePerItem: f['per-item'], minimumShippingPrice: f['minimum-price'],
    international: Boolean(f.international), orderBased: Boolean(f['order-based']), active: !f.inactive,
  })),
  list: listCommand('list the shipping options', OPTION, 'no shipping options', (admin) => admin.listShippingOptions()),
  enable: activeCommand('let orders use a shipping option again', true, 'enabled '),
  disable: activeCommand('stop orders using a shipping option (ShippingService still lists it)', false, 'disabled '),
  remove: removeCommand(SHIPPING_OPTION, 'delete a shipping option (orders already placed keep their shipping line)'),
};

export const TAX_COMMANDS: Record<string, ShippingTaxCommand> = {
  add: addCommand(TAX_RATE, 'add a tax rate for a region (from --file, --definition or the flags below); prints it', [
    { flags: '--name <name>', description: 'rate name (shown as the tax line)' },
    { flags: '--rate <percent>', description: 'percent, e.g. 7.25' },
    { flags: '--country <country>', description: 'country as contacts carry it (US, United States…); omit for any country' },
    { flags: '--state <state>', description: 'state or province, as contacts carry it' },
    { flags: '--zip-prefix <prefix>', description: 'postal codes starting with this' },
    { flags: '--tax-shipping', description: 'tax the shipping line too' },
  ], (f) => ({
    name: f.name, rate: f.rate, country: f.country, state: f.state, zipPrefix: f['zip-prefix'], taxShipping: Boolean(f['tax-shipping']),
  })),
  list: listCommand('list the tax rates', RATE, 'no tax rates', (admin) => admin.listTaxRates()),
  remove: removeCommand(TAX_RATE, 'delete a tax rate (placed orders keep their tax line until recalculateTax)'),
};
