import type { ExecutionConfig, FirmLimitsConfig, RiskConfig } from './types.js';
import { type IssueList, compact, decimal, id, mapping, oneOf, positiveInt, text } from './schema.js';

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

/** Reads and checks `risk:` (firm limits all optional; timeout_ms default 5000); pure. */
export function readRisk(value: unknown, issues: IssueList): RiskConfig {
  const f = value === undefined ? undefined : mapping(value, 'risk', issues, ['firm', 'timeout_ms']);
  const l = f?.mapping('firm', ['max_gross_exposure', 'max_net_exposure', 'max_single_name_pct', 'max_order_notional']);
  const money = decimal('positive');
  const firm: FirmLimitsConfig = compact({
    maxGrossExposure: l?.optional('max_gross_exposure', money),
    maxNetExposure: l?.optional('max_net_exposure', money),
    maxSingleNamePct: l?.optional('max_single_name_pct', decimal('percent')),
    maxOrderNotional: l?.optional('max_order_notional', money),
  });
  return { firm, timeoutMs: f?.withDefault('timeout_ms', positiveInt, 5000) ?? 5000 };
}

export { readAllocation } from './allocation-section.js';
