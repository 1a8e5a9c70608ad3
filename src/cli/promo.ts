// `keap-gateway promo <command>`: administer promotions with the same services the gateway uses.
// One table declares each command (arguments, options, what it does); main.ts turns it into
// commander commands.
import { JSON_OUT, listCommand, type AdminCommand } from './command.js';
import type { PromotionAdmin } from '../services/promotions.js';
import { CREATE_OPTIONS, definitionFromFlags } from './promo-flags.js';
import { promotionDetails, promotionLine, redemptionLine } from './format.js';
import { UsageError } from './output.js';

export type PromoCommand = AdminCommand<PromotionAdmin>;

function idArg(v: string | undefined, what = 'promotion id'): number {
  if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`expected a ${what}, got ${v === undefined ? 'nothing' : `"${v}"`}`);
  return Number(v);
}

function num(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError(`--${name} must be a number, got "${String(v)}"`);
  return Number(v);
}

export const PROMO_COMMANDS: Record<string, PromoCommand> = {
  create: {
    description: 'create a promotion (from --file, --json or the flags below); prints it',
    args: [],
    options: CREATE_OPTIONS,
    async run(admin, flags, _args, out) {
      let def: unknown;
      try { def = definitionFromFlags(flags); } catch (e) { throw new UsageError(`cannot read the definition: ${(e as Error).message}`); }
      const id = await admin.create(def);
      out.result({ id }, `created promotion #${id}\n${promotionDetails(await admin.show(id))}`);
    },
  },
  list: listCommand('list promotions', { line: promotionLine }, 'no promotions',
    (admin, flags) => admin.list({ activeOnly: Boolean(flags.active) }), [{ flags: '--active', description: 'only active promotions' }]),
  show: {
    description: 'show one promotion with its codes and uses',
    args: ['<id>'],
    options: [JSON_OUT],
    async run(admin, _flags, args, out) {
      const d = await admin.show(idArg(args[0]));
      out.result(d, promotionDetails(d));
    },
  },
  disable: {
    description: 'disable a promotion and its codes',
    args: ['<id>'],
    options: [JSON_OUT],
    async run(admin, _flags, args, out) {
      const id = idArg(args[0]);
      await admin.disable(id);
      out.result({ id, active: false }, `disabled promotion #${id} and its codes`);
    },
  },
  'add-code': {
    description: 'add a code to a promotion (makes an automatic special code-only)',
    args: ['<id>', '<code>'],
    options: [JSON_OUT],
    async run(admin, _flags, args, out) {
      const id = idArg(args[0]);
      const code = args[1].trim();
      const codeId = await admin.addCode(id, args[1]);
      out.result({ id, codeId, code }, `added code ${code} to promotion #${id}`);
    },
  },
  'disable-code': {
    description: 'disable one code',
    args: ['<code>'],
    options: [JSON_OUT],
    async run(admin, _flags, args, out) {
      await admin.disableCode(args[0]);
      out.result({ code: args[0], active: false }, `disabled code ${args[0].trim()}`);
    },
  },
  outcomes: listCommand('list recorded promo code outcomes, newest first', { line: redemptionLine }, 'no promo code outcomes recorded', (admin, flags) => {
    const orderId = num(flags.order, 'order');
    const contactId = num(flags.contact, 'contact');
    const limit = num(flags.limit, 'limit');
    return admin.redemptions({
      ...(orderId !== undefined ? { orderId } : {}), ...(contactId !== undefined ? { contactId } : {}), ...(limit !== undefined ? { limit } : {}),
    });
  }, [
    { flags: '--order <id>', description: 'outcomes of one order' },
    { flags: '--contact <id>', description: 'outcomes of one contact' },
    { flags: '--limit <n>', description: 'at most this many rows' },
  ]),
};
