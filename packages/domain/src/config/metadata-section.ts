import type { Metadata } from './types.js';
import { type Fields, type Reader, compact, symbol, text, reader } from './schema.js';

/** The metadata keys any PM, account or group may carry. */
export const METADATA_KEYS = ['name', 'description', 'client', 'risk_profile', 'currency', 'benchmark', 'tags'] as const;

const currency: Reader<string> = reader('a three-letter currency code (e.g. USD)', (v) => (typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : undefined));
const tag: Reader<string> = reader('a tag matching [A-Za-z0-9_-]{1,64}', (v) => (typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : undefined));

/** Reads the metadata keys of a mapping that allows them (see METADATA_KEYS); pure. */
export function readMetadata(f: Fields | undefined): Metadata {
  if (!f) return { tags: [] };
  const tags = (f.list('tags') ?? []).flatMap((t, i) => {
    const v = tag(t, `${f.at('tags')}[${i}]`, f.issues);
    return v === undefined ? [] : [v];
  });
  return compact({
    name: f.optional('name', text),
    description: f.optional('description', text),
    client: f.optional('client', text),
    riskProfile: f.optional('risk_profile', text),
    currency: f.optional('currency', currency),
    benchmark: f.optional('benchmark', symbol),
    tags: [...new Set(tags)],
  });
}
