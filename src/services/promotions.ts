// The promotion engine's application services: the pricing step placeOrder plugs in, the admin
// used by the CLI, the promotions file and DiscountService. Details live in ./promotions/.
export { PromotionsStep, type PromotionsStepOptions } from './promotions/step.js';
export { PromotionAdmin, type PromotionDetails } from './promotions/admin.js';
export { loadPromotionsFile } from './promotions/file.js';
export {
  PROMOTION, PROMO_CODE, PROMO_REDEMPTION, counters as promoCounters,
  type PromotionRow, type PromoCodeRow, type PromoRedemptionRow,
} from './promotions/records.js';
