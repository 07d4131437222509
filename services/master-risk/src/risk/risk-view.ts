import { decText, fmtMoney, measureLimits, pmShareLimitsOf, type Dec, type PmShareLimits, type WeightScaledLimit, type FirmBook, type FirmLimits, type HeldPosition, type LimitUsage, type PmCap, type ScopeState } from '@atrium/domain';

/** A PM's configured capital and leverage: its gross cap is capital × max_leverage. */
export interface PmCapital {
  readonly capital: Dec;
  readonly maxLeverage: Dec;
}

/** What master-risk reports of its book after a step's fills, marked at the close. */
export interface BookView {
  readonly firm: readonly HeldPosition[];
  readonly pms: readonly { pmId: string; positions: readonly HeldPosition[]; gross: Dec; net: Dec; cap?: PmCap; state: ScopeState }[];
  readonly usage: readonly LimitUsage[];
  /** every scope over its limit (no reservations are open at a close: prices or capital did it) */
  readonly over: readonly LimitUsage[];
  readonly equity: Dec;
  readonly peak: Dec;
  readonly drawdown: Dec;
  readonly firmState: ScopeState;
}

/**
 * Each PM's share of the firm-wide amount limits (PM limit = weight × firm limit), once
 * allocation has given the PM a weight; PMs without one have none. Pure.
 */
export function pmSharesOf(input: { limits: FirmLimits; firmCapital: Dec; scaleByWeight?: readonly WeightScaledLimit[] }, capitals: ReadonlyMap<string, { capital: Dec; weight?: number }>): Map<string, PmShareLimits> {
  const shares = new Map<string, PmShareLimits>();
  for (const [pmId, now] of capitals) if (now.weight !== undefined) shares.set(pmId, pmShareLimitsOf(input.limits, input.firmCapital, now.weight, input.scaleByWeight));
  return shares;
}

/**
 * Each PM's gross cap: allocated capital × max_leverage (PM_CAPITAL_CAP), and — once allocation
 * has given the PM a weight and the firm has max_gross_exposure — no more than its share
 * weight × max_gross_exposure (PM_MAX_GROSS_EXPOSURE), whichever is smaller; pure.
 */
export function pmCapsOf(input: { limits: FirmLimits; firmCapital: Dec; scaleByWeight?: readonly WeightScaledLimit[]; pmCapital?: ReadonlyMap<string, PmCapital> }, capitals: ReadonlyMap<string, { capital: Dec; weight?: number }>): Map<string, PmCap> {
  const caps = new Map<string, PmCap>();
  for (const [pmId, cfg] of input.pmCapital ?? []) {
    const now = capitals.get(pmId) ?? { capital: cfg.capital };
    let cap: PmCap = { limit: now.capital.times(cfg.maxLeverage), basis: `capital ${fmtMoney(now.capital)} × max_leverage ${decText(cfg.maxLeverage)}` };
    const gross = now.weight !== undefined ? pmShareLimitsOf(input.limits, input.firmCapital, now.weight, input.scaleByWeight).gross : undefined;
    if (gross && gross.limit.lt(cap.limit)) cap = gross;
    caps.set(pmId, cap);
  }
  return caps;
}

/** Measures the book against every limit, for the step's book record, alerts and utilisation; pure (reads the book). */
export function measureBook(
  book: FirmBook,
  input: { limits: FirmLimits; firmCapital: Dec; sectorOf?: (s: string) => string },
  s: { pmIds: readonly string[]; pmCaps: ReadonlyMap<string, PmCap>; pmStates: ReadonlyMap<string, ScopeState>; firmState: ScopeState; equity: Dec; peak: Dec; drawdown: Dec },
): BookView {
  const firm = book.positions();
  const active: ScopeState = { state: 'ACTIVE', reason: 'OK', why: '' };
  const pms = s.pmIds.map((pmId) => {
    const p = book.pmPositions(pmId);
    const cap = s.pmCaps.get(pmId);
    return { pmId, positions: p.positions, gross: p.gross, net: p.net, ...(cap ? { cap } : {}), state: s.pmStates.get(pmId) ?? active };
  });
  const { usage, over } = measureLimits(
    { firm, pms: pms.map((p) => ({ pmId: p.pmId, positions: p.positions, cap: p.cap?.limit })) },
    { limits: input.limits, firmCapital: input.firmCapital, sectorOf: input.sectorOf ?? (() => '') },
  );
  const dd = input.limits.maxDrawdownPct;
  return {
    firm,
    pms,
    usage: dd ? [...usage, { limit: 'max_drawdown_pct', scope: 'firm', value: s.drawdown, limitValue: dd }] : usage,
    over,
    equity: s.equity,
    peak: s.peak,
    drawdown: s.drawdown,
    firmState: s.firmState,
  };
}
