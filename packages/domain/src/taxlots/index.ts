export { LONG_TERM_DAYS, daysBetween, termOf, type Term } from './holding-period.js';
export { TAX_LOT_METHODS, TaxLotBook, allocateProRata, unitCost, type LotFill, type RealizedLot, type TaxLot, type TaxLotMethod } from './tax-lots.js';
export { WASH_SALE_DAYS, findWashSales, type WashSaleAccount, type WashSaleWarning } from './wash-sales.js';
