/**
 * Reason codes of risk and order decisions; the same names as the proto enum `ReasonCode`
 * without its `REASON_` prefix (a wire test keeps the two in step).
 */
export const REASON_CODES = [
  'OK',
  'MAX_GROSS_EXPOSURE',
  'MAX_NET_EXPOSURE',
  'MAX_SINGLE_NAME_PCT',
  'MAX_SINGLE_NAME_NOTIONAL',
  'MAX_SECTOR_PCT',
  'MAX_ORDER_NOTIONAL',
  'MAX_ADV_PCT',
  'RESTRICTED_SYMBOL',
  'MAX_ORDERS_PER_STEP',
  'FIRM_DRAWDOWN',
  'PM_CAPITAL_CAP',
  'PM_MAX_POSITION',
  'PM_DRAWDOWN',
  'FIRM_HALTED',
  'FIRM_REDUCING',
  'PM_HALTED',
  'PM_REDUCING',
  'RISK_UNAVAILABLE',
  'ALLOCATION_UNAVAILABLE',
  'VENUE_UNAVAILABLE',
  'ACCOUNT_UNAVAILABLE',
  'INVALID_QUANTITY',
  'INVALID_DECIMAL',
  'UNKNOWN_SYMBOL',
  'UNKNOWN_PM',
  'NO_PRICE',
  'INVALID_SIDE',
  'UNKNOWN_ACCOUNT',
  'STALE_STEP',
  'ACCOUNT_PROHIBITED_SYMBOL',
  'ACCOUNT_MAX_POSITION',
  'ACCOUNT_LONG_ONLY',
  'ACCOUNT_ASSET_CLASS',
  'ACCOUNT_NOT_ELIGIBLE',
  'ACCOUNT_ISSUER_CONCENTRATION',
  'ACCOUNT_MAX_ADV',
  'ACCOUNT_INVALID_LOT',
  'NO_MARKET',
  'END_OF_DATA',
  'VOLUME_LIMIT',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export type DecisionKind = 'approved' | 'denied' | 'scaled';
