// `keap-gateway promo <command>`: administer promotions with the same services the gateway uses.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PromotionAdmin } from '../services/promotions.js';
import { CREATE_FLAGS, definitionFromFlags, type Flags } from './promo-flags.js';
import { promotionDetails, promotionLine, redemptionLine } from './format.js';
import { UsageError, type Output } from './output.js';

interface PromoCommand {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(admin: PromotionAdmin, flags: Flags, args: string[], out: Output): Promise<void>;
}

const JSON_FLAG = { json: { type: 'boolean' } } as const;

function idArg(args: string[], what = 'promotion id'): number {
  const v = args[0];
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`expected a ${what}, got ${v === undefined ? 'nothing' : `"${v}"`}`);
  return Number(v);
}

export const PROMO_COMMANDS: Record<string, PromoCommand> = {
  create: {
    usage: 'promo create (--file def.json | --json \'{…}\' | --name N --kind ORDER_TOTAL|PRODUCT|CATEGORY|SHIPPING|FREE_TRIAL '
      + '--mode PERCENT|AMOUNT --value V [--strategy GROSS|NET] [--product ID…] [--category ID…] [--plan ID --days N] '
      + '[--code C…] [--total-uses N] [--per-contact N] [--per-code N] [--start D] [--end D] [--tz ZONE] '
      + '[--min-total A] [--max-total A] [--requires-product ID [--min-qty Q] [--max-qty Q]] [--requires-plan ID] [--inactive])',
    options: CREATE_FLAGS,
    async run(admin, flags, _args, out) {
      let def: unknown;
      try { def = definitionFromFlags(flags); } catch (e) { throw new UsageError(`cannot read the definition: ${(e as Error).message}`); }
      const id = await admin.create(def);
      out.result({ id }, `created promotion #${id}\n${promotionDetails(await admin.show(id))}`);
    },
  },
  list: {
    usage: 'promo list [--active] [--json]',
    options: { active: { type: 'boolean' }, ...JSON_FLAG },
    async run(admin, flags, _args, out) {
      const rows = await admin.list({ activeOnly: Boolean(flags.active) });
      out.result(rows, rows.length ? rows.map(promotionLine).join('\n') : 'no promotions');
    },
  },
  show: {
    usage: 'promo show <id> [--json]',
    options: JSON_FLAG,
    async run(admin, _flags, args, out) {
      const d = await admin.show(idArg(args));
      out.result(d, promotionDetails(d));
    },
  },
  disable: {
    usage: 'promo disable <id>',
    options: JSON_FLAG,
    async run(admin, _flags, args, out) {
      const id = idArg(args);
      await admin.disable(id);
      out.result({ id, active: false }, `disabled promotion #${id} and its codes`);
    },
  },
  'add-code': {
    usage: 'promo add-code <id> <CODE>',
    options: JSON_FLAG,
    async run(admin, _flags, args, out) {
      const id = idArg(args);
      if (!args[1]) throw new UsageError('expected the code to add after the promotion id');
      const codeId = await admin.addCode(id, args[1]);
      out.result({ id, codeId, code: args[1].trim() }, `added code ${args[1].trim()} to promotion #${id}`);
    },
  },
  'disable-code': {
    usage: 'promo disable-code <CODE>',
    options: JSON_FLAG,
    async run(admin, _flags, args, out) {
      if (!args[0]) throw new UsageError('expected the code to disable');
      await admin.disableCode(args[0]);
      out.result({ code: args[0], active: false }, `disabled code ${args[0].trim()}`);
    },
  },
  outcomes: {
    usage: 'promo outcomes [--order ID | --contact ID] [--limit N] [--json]',
    options: { order: { type: 'string' }, contact: { type: 'string' }, limit: { type: 'string' }, ...JSON_FLAG },
    async run(admin, flags, _args, out) {
      const num = (v: unknown, name: string) => {
        if (v === undefined) return undefined;
        if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
        return Number(v);
      };
      const orderId = num(flags.order, 'order');
      const contactId = num(flags.contact, 'contact');
      const limit = num(flags.limit, 'limit');
      const rows = await admin.redemptions({
        ...(orderId !== undefined ? { orderId } : {}), ...(contactId !== undefined ? { contactId } : {}), ...(limit !== undefined ? { limit } : {}),
      });
      out.result(rows, rows.length ? rows.map(redemptionLine).join('\n') : 'no promo code outcomes recorded');
    },
  },
};

export function promoUsage(): string {
  return Object.values(PROMO_COMMANDS).map((c) => `  keap-gateway ${c.usage}`).join('\n');
}

/** Parse the sub-command's flags strictly: an unknown flag is a usage error naming it. */
export function parsePromoArgs(command: PromoCommand, argv: string[]): { flags: Flags; args: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
    return { flags: values as Flags, args: positionals };
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nusage: keap-gateway ${command.usage}`);
  }
}
