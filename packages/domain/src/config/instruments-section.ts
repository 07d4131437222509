import type { InstrumentConfig } from './types.js';
import { type IssueList, childPath, compact, isPlainObject, describeValue, mapping, SYMBOL_PATTERN, text } from './schema.js';

/**
 * Reads and checks `instruments:`, the symbol master: `{ AAPL: { sector, asset_class, issuer } }`,
 * every field optional; pure.
 */
export function readInstruments(value: unknown, issues: IssueList): Readonly<Record<string, InstrumentConfig>> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    issues.add('instruments', `expected a mapping of symbol to { sector, asset_class, issuer }, found ${describeValue(value)}`);
    return {};
  }
  const out: Record<string, InstrumentConfig> = {};
  for (const [symbol, raw] of Object.entries(value)) {
    const path = childPath('instruments', symbol);
    if (!SYMBOL_PATTERN.test(symbol)) {
      issues.add(path, 'expected a symbol matching [A-Za-z0-9._^-]{1,32}');
      continue;
    }
    const f = mapping(raw, path, issues, ['sector', 'asset_class', 'issuer']);
    if (!f) continue;
    out[symbol] = compact({ sector: f.optional('sector', text), assetClass: f.optional('asset_class', text), issuer: f.optional('issuer', text) });
  }
  return out;
}
