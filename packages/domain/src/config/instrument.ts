import { sectorOf } from '../data/synthetic.js';
import type { AtriumConfig } from './types.js';

/** What the firm knows of a symbol: its sector, asset class and issuer. */
export interface Instrument {
  readonly symbol: string;
  readonly sector: string;
  readonly assetClass: string;
  readonly issuer: string;
}

/**
 * A symbol's instrument data: `instruments.<symbol>` where given; otherwise the sector of the
 * synthetic generator (synthetic data) or `unclassified`, asset class `equity`, and the symbol
 * as its own issuer; pure.
 */
export function instrumentOf(config: Pick<AtriumConfig, 'instruments' | 'data'>, symbol: string): Instrument {
  const c = config.instruments[symbol];
  return {
    symbol,
    sector: c?.sector ?? (config.data.source === 'synthetic' ? sectorOf(symbol) : 'unclassified'),
    assetClass: c?.assetClass ?? 'equity',
    issuer: c?.issuer ?? symbol,
  };
}
