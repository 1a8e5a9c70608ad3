// Administration of promotions and codes (CLI, JSON file at start, DiscountService). Every change is
// one transaction; a code already held by another active promotion (compared case-insensitively)
// is refused with a readable conflict, enforced by the store's unique index, not a prior look-up.
import type { Logger } from 'pino';
import type { Store, Tx } from '../../store/port.js';
import { UniqueViolation } from '../../store/port.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { codeProblem, displayCode, foldCode } from '../../promo/codes.js';
import { parsePromotion, type PromotionDraft } from '../../promo/validate.js';
import {
  PROMO_CODE, PROMO_REDEMPTION, PROMOTION, counters, promotionIndexFields,
  type PromoCodeRow, type PromoRedemptionRow, type PromotionRow,
} from './records.js';

export interface PromotionDetails {
  promotion: PromotionRow;
  codes: Array<PromoCodeRow & { uses: number }>;
  uses: number;
}

export class PromotionAdmin {
  constructor(private readonly store: Store, private readonly opts: { now: () => Date; log?: Logger }) {}

  /** Validate and store a promotion with its codes. Returns the new promotion id. */
  async create(definition: unknown, legacy?: Record<string, string>): Promise<number> {
    const draft = parsePromotion(definition);
    return this.withCodeConflicts(() => this.store.transact(async (tx) => {
      // Refuse a taken code before taking an id: sequences never give an id back, and a refused
      // create must not leave a gap (the unique index stays the guard against a concurrent create).
      for (const code of draft.codes) await this.refuseTakenCode(tx, code);
      const id = await tx.nextId(PROMOTION);
      tx.put<PromotionRow>(PROMOTION, this.row(id, draft, legacy));
      for (const code of draft.codes) await this.putCode(tx, id, code);
      return id;
    }));
  }

  async list(opts: { activeOnly?: boolean } = {}): Promise<PromotionRow[]> {
    const { records } = await this.store.list<PromotionRow>(PROMOTION, opts.activeOnly ? { filter: (p) => p.active } : {});
    return records;
  }

  async show(id: number): Promise<PromotionDetails> {
    const promotion = await this.store.get<PromotionRow>(PROMOTION, id);
    if (!promotion) throw notFound(`promotion ${id} does not exist`, 'id');
    const codes = await this.store.findBy<PromoCodeRow>(PROMO_CODE, 'promotionId', id);
    return {
      promotion,
      uses: await this.store.counter(counters.promotion(id)),
      codes: await Promise.all(codes.map(async (c) => ({ ...c, uses: await this.store.counter(counters.code(c.id)) }))),
    };
  }

  /** Disable a promotion and its codes (codes are freed for reuse by other promotions). */
  async disable(id: number): Promise<void> {
    await this.store.transact(async (tx) => {
      const p = await this.mustGet(tx, id);
      tx.put<PromotionRow>(PROMOTION, { ...p, active: false, autoActive: 0 });
      for (const c of await tx.findBy<PromoCodeRow>(PROMO_CODE, 'promotionId', id)) {
        tx.put<PromoCodeRow>(PROMO_CODE, { ...c, active: false, activeFolded: '' });
      }
    });
    this.opts.log?.info({ promotionId: id }, 'promotion disabled');
  }

  /**
   * Enable a disabled promotion again, with the codes it had (refused with a conflict when another
   * active promotion took one of them meanwhile).
   */
  async enable(id: number): Promise<void> {
    await this.withCodeConflicts(() => this.store.transact(async (tx) => {
      const p = await this.mustGet(tx, id);
      const active = { ...p, active: true };
      tx.put<PromotionRow>(PROMOTION, { ...active, ...promotionIndexFields(active) });
      for (const c of await tx.findBy<PromoCodeRow>(PROMO_CODE, 'promotionId', id)) {
        tx.put<PromoCodeRow>(PROMO_CODE, { ...c, active: true, activeFolded: c.folded });
      }
    }));
    this.opts.log?.info({ promotionId: id }, 'promotion enabled');
  }

  /**
   * Add a code. Like Keap's PROMO_CODE criterion, a code makes the promotion code-only: an
   * automatic special that gets a code stops applying by itself.
   */
  async addCode(promotionId: number, code: string): Promise<number> {
    const problem = codeProblem(code);
    if (problem) throw invalid(`code ${problem}`, 'code');
    return this.withCodeConflicts(() => this.store.transact(async (tx) => {
      const p = await this.mustGet(tx, promotionId);
      if (!p.active) throw invalid(`promotion ${promotionId} is disabled; codes can only be added to active promotions`, 'promotionId');
      if (!p.criteria.some((c) => c.type === 'PROMO_CODE')) {
        const criteria = [...p.criteria, { type: 'PROMO_CODE' as const }];
        tx.put<PromotionRow>(PROMOTION, { ...p, criteria, ...promotionIndexFields({ ...p, criteria }) });
      }
      await this.refuseTakenCode(tx, code);
      return this.putCode(tx, promotionId, code);
    }));
  }

  /** Add a product category to a category discount (DiscountService). Returns the assignment id. */
  async addCategory(promotionId: number, categoryId: number): Promise<number> {
    if (!Number.isSafeInteger(categoryId) || categoryId <= 0) throw invalid(`productCategoryId must be a positive id, got ${categoryId}`, 'productCategoryId');
    return this.store.transact(async (tx) => {
      const p = await this.mustGet(tx, promotionId);
      if (p.discount.kind !== 'CATEGORY') throw notFound(`category discount ${promotionId} does not exist`, 'id');
      const id = await tx.nextId('PromoCategoryAssign');
      const categoryIds = p.discount.categoryIds.includes(categoryId) ? p.discount.categoryIds : [...p.discount.categoryIds, categoryId];
      tx.put<PromotionRow>(PROMOTION, {
        ...p, discount: { ...p.discount, categoryIds },
        categoryAssignments: [...(p.categoryAssignments ?? []), { id, categoryId }],
      });
      return id;
    });
  }

  /** Disable one code; its promotion stays as it is. */
  async disableCode(code: string): Promise<void> {
    const folded = foldCode(code);
    await this.store.transact(async (tx) => {
      const rows = (await tx.findBy<PromoCodeRow>(PROMO_CODE, 'folded', folded)).filter((c) => c.active);
      if (rows.length === 0) throw notFound(`no active code "${displayCode(code)}"`, 'code');
      for (const c of rows) tx.put<PromoCodeRow>(PROMO_CODE, { ...c, active: false, activeFolded: '' });
    });
  }

  /** Outcome records, newest first, optionally for one order or contact. */
  async redemptions(q: { orderId?: number; contactId?: number; limit?: number } = {}): Promise<PromoRedemptionRow[]> {
    const where: Record<string, number> | undefined = q.orderId !== undefined ? { OrderId: q.orderId } : q.contactId !== undefined ? { ContactId: q.contactId } : undefined;
    const { records } = await this.store.list<PromoRedemptionRow>(PROMO_REDEMPTION, {
      ...(where ? { where } : {}), sort: { field: 'id', dir: 'desc' }, limit: q.limit ?? 50,
    });
    return records;
  }

  private row(id: number, d: PromotionDraft, legacy?: Record<string, string>): PromotionRow {
    const { codes: _codes, ...p } = d;
    return { id, ...p, ...promotionIndexFields(p), DateCreated: this.opts.now().toISOString(), ...(legacy ? { legacy } : {}) };
  }

  private async refuseTakenCode(tx: Tx, code: string): Promise<void> {
    const taken = await tx.findBy<PromoCodeRow>(PROMO_CODE, 'folded', foldCode(code));
    if (taken.some((c) => c.active)) throw new UniqueViolation(PROMO_CODE, 'activeFolded', code);
  }

  private async putCode(tx: Tx, promotionId: number, code: string): Promise<number> {
    const id = await tx.nextId(PROMO_CODE);
    const folded = foldCode(code);
    tx.put<PromoCodeRow>(PROMO_CODE, {
      id, promotionId, code: displayCode(code), folded, active: true, activeFolded: folded, DateCreated: this.opts.now().toISOString(),
    });
    return id;
  }

  private async mustGet(tx: Tx, id: number): Promise<PromotionRow> {
    const p = await tx.get<PromotionRow>(PROMOTION, id);
    if (!p) throw notFound(`promotion ${id} does not exist`, 'promotionId');
    return p;
  }

  private async withCodeConflicts<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof UniqueViolation && e.collection === PROMO_CODE) {
        throw conflict(`code "${String(e.value)}" is already used by an active promotion (codes ignore case)`, 'code');
      }
      throw e;
    }
  }
}
