import { WEIGHT_SCALED_LIMITS, type ExecutionConfig, type FirmLimitsConfig, type RiskConfig, type WeightScaledLimit } from './types.js';
import { type IssueList, type Reader, childPath, compact, decimal, id, intAtLeast, list, mapping, oneOf, positiveInt, symbol, text } from './schema.js';

/** `firm:` as written; capital is resolved against the PMs' capitals once those are read. */
export interface FirmDraft {
  readonly id: string | undefined;
  readonly capital: string | undefined;
  /** Whether `capital` was written (it may have been invalid, and then was already reported). */
  readonly capitalGiven: boolean;
  readonly name: string | undefined;
}

/** Reads and checks `firm:`; pure. */
export function readFirm(value: unknown, issues: IssueList): FirmDraft {
  const f = mapping(value, 'firm', issues, ['id', 'capital', 'name']);
  return {
    id: f?.required('id', id),
    capital: f?.optional('capital', decimal('positive')),
    capitalGiven: f?.has('capital') ?? false,
    name: f?.optional('name', text),
  };
}

/** Reads and checks `execution:` (all optional: fill next_open, costs 0, no volume limit); pure. */
export function readExecution(value: unknown, issues: IssueList): ExecutionConfig {
  const f = value === undefined ? undefined : mapping(value, 'execution', issues, ['fill', 'slippage_bps', 'commission', 'max_participation_pct']);
  const c = f?.mapping('commission', ['per_share', 'bps', 'minimum']);
  const cost = decimal('non-negative');
  const participation = f?.optional('max_participation_pct', decimal('percent'));
  return {
    fill: f?.withDefault('fill', oneOf(['next_open'] as const), 'next_open') ?? 'next_open',
    slippageBps: f?.withDefault('slippage_bps', cost, '0') ?? '0',
    commission: {
      perShare: c?.withDefault('per_share', cost, '0') ?? '0',
      bps: c?.withDefault('bps', cost, '0') ?? '0',
      minimum: c?.withDefault('minimum', cost, '0') ?? '0',
    },
    ...(participation !== undefined ? { maxParticipationPct: participation } : {}),
  };
}

/** A list of symbols (empty allowed), sorted, duplicates dropped; pure. */
const readSymbols: Reader<readonly string[]> = (value, path, issues) => {
  const values = list(value, path, issues);
  return values && [...new Set(values.flatMap((v, i) => symbol(v, childPath(path, i), issues) ?? []))].sort();
};

const FIRM_LIMIT_KEYS = [
  'max_gross_exposure', 'max_net_exposure', 'max_single_name_pct', 'max_single_name_notional', 'max_sector_pct',
  'max_order_notional', 'max_adv_pct', 'restricted_symbols', 'max_orders_per_step', 'max_drawdown_pct',
];

/** A list of weight-scaled limit names (empty allowed), duplicates dropped, in WEIGHT_SCALED_LIMITS order; pure. */
const readScaled: Reader<readonly WeightScaledLimit[]> = (value, path, issues) => {
  const values = list(value, path, issues);
  if (!values) return undefined;
  const one = oneOf(WEIGHT_SCALED_LIMITS);
  const got = new Set(values.flatMap((v, i) => one(v, childPath(path, i), issues) ?? []));
  return WEIGHT_SCALED_LIMITS.filter((x) => got.has(x));
};

/**
 * Reads and checks `risk:` (firm limits all optional; timeout_ms default 5000, on_breach deny,
 * sequencing pm_order, scale_by_weight every amount limit); pure.
 */
export function readRisk(value: unknown, issues: IssueList): RiskConfig {
  const f = value === undefined ? undefined : mapping(value, 'risk', issues, ['firm', 'timeout_ms', 'on_breach', 'sequencing', 'scale_by_weight']);
  const l = f?.mapping('firm', FIRM_LIMIT_KEYS);
  const money = decimal('positive');
  const pct = decimal('percent');
  const firm: FirmLimitsConfig = compact({
    maxGrossExposure: l?.optional('max_gross_exposure', money),
    maxNetExposure: l?.optional('max_net_exposure', money),
    maxSingleNamePct: l?.optional('max_single_name_pct', pct),
    maxSingleNameNotional: l?.optional('max_single_name_notional', money),
    maxSectorPct: l?.optional('max_sector_pct', pct),
    maxOrderNotional: l?.optional('max_order_notional', money),
    maxAdvPct: l?.optional('max_adv_pct', pct),
    restrictedSymbols: l?.optional('restricted_symbols', readSymbols),
    maxOrdersPerStep: l?.optional('max_orders_per_step', positiveInt),
    maxDrawdownPct: l?.optional('max_drawdown_pct', pct),
  });
  return {
    firm,
    timeoutMs: f?.withDefault('timeout_ms', positiveInt, 5000) ?? 5000,
    onBreach: f?.withDefault('on_breach', oneOf(['deny', 'scale'] as const), 'deny') ?? 'deny',
    sequencing: f?.withDefault('sequencing', oneOf(['pm_order', 'arrival'] as const), 'pm_order') ?? 'pm_order',
    scaleByWeight: f?.withDefault('scale_by_weight', readScaled, WEIGHT_SCALED_LIMITS) ?? WEIGHT_SCALED_LIMITS,
  };
}

export { readAllocation } from './allocation-section.js';
