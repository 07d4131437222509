import { MetricsInputError } from '../metrics/metrics-error.js';
import { sampleStd } from '../metrics/return-stats.js';

/**
 * Diversification ratio of a portfolio made of components (PMs of the firm, members of a group):
 * the sum of the components' daily P&L volatilities over the volatility of their summed daily
 * P&L, Σσᵢ / σ(Σ P&Lᵢ); pure. 1 means no diversification (the components move together); higher
 * is better. P&L in money rather than returns, so the components are weighted by the capital they
 * actually had each day. null when the total does not vary (nothing to diversify), or with fewer
 * than 2 components.
 */
export function diversificationRatio(componentPnl: readonly (readonly number[])[]): number | null {
  if (componentPnl.length < 2) return null;
  const n = componentPnl[0]!.length;
  componentPnl.forEach((c, i) => {
    if (c.length !== n) throw new MetricsInputError(`componentPnl[${i}]: expected ${n} values like componentPnl[0], found ${c.length}`);
  });
  const total = Array.from({ length: n }, (_, t) => componentPnl.reduce((s, c) => s + c[t]!, 0));
  const sd = sampleStd(total);
  if (!(sd > 0)) return null;
  const sum = componentPnl.reduce((s, c) => s + sampleStd(c), 0);
  return sum / sd;
}
