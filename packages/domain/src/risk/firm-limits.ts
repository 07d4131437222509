import { D } from '../money/decimal.js';
import type { FirmLimitsConfig } from '../config/types.js';
import type { FirmLimits } from './firm-check.js';

const dec = (t: string | undefined) => (t === undefined ? undefined : new D(t));

/** A PM's max_leverage when the config leaves it out: its gross may reach its capital, no more. */
export const DEFAULT_MAX_LEVERAGE = '1';

/** The firm limits of a config's `risk.firm` as decimals (absent stays absent: unlimited); pure. */
export function firmLimitsOf(f: FirmLimitsConfig): FirmLimits {
  return {
    maxGrossExposure: dec(f.maxGrossExposure),
    maxNetExposure: dec(f.maxNetExposure),
    maxSingleNamePct: dec(f.maxSingleNamePct),
    maxSingleNameNotional: dec(f.maxSingleNameNotional),
    maxSectorPct: dec(f.maxSectorPct),
    maxOrderNotional: dec(f.maxOrderNotional),
    maxAdvPct: dec(f.maxAdvPct),
    restrictedSymbols: f.restrictedSymbols ? new Set(f.restrictedSymbols) : undefined,
    maxOrdersPerStep: f.maxOrdersPerStep,
    maxDrawdownPct: dec(f.maxDrawdownPct),
  };
}
