import { D, type Dec } from '@atrium/domain';

/** A fraction as a percentage with 2 places, or n/a; pure. */
export const pct = (x: number | null | undefined, places = 2): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(places)}%`);

/** A number with fixed places, or n/a; pure. */
export const num = (x: number | null | undefined, places = 2): string => (x === null || x === undefined ? 'n/a' : x.toFixed(places));

/** Money with thousands separators and 2 places (half even), from decimal text or a decimal; pure and locale-free. */
export function money(value: string | Dec): string {
  const d = typeof value === 'string' ? new D(value) : value;
  const [int, frac] = d.toFixed(2, D.ROUND_HALF_EVEN).split('.') as [string, string];
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg && (digits !== '0' || frac !== '00') ? '-' : ''}${grouped}.${frac}`;
}

/** Money from a float statistic (e.g. VaR × equity), as money(); pure. */
export const moneyOf = (x: number): string => money(new D(x.toFixed(2)));

/** A display name: the metadata name when given, with the id; pure. */
export const named = (id: string, meta?: { readonly name?: string }): string => (meta?.name && meta.name !== id ? `${meta.name} (${id})` : id);

/** Metadata as a short line for a subtitle (client, risk profile, currency, tags); pure. */
export function metaLine(meta?: { readonly client?: string; readonly riskProfile?: string; readonly currency?: string; readonly benchmark?: string; readonly tags: readonly string[]; readonly description?: string }): string {
  if (!meta) return '';
  const parts = [
    meta.client ? `client ${meta.client}` : '',
    meta.riskProfile ? `${meta.riskProfile} risk profile` : '',
    meta.currency ?? '',
    meta.benchmark ? `benchmark ${meta.benchmark}` : '',
    meta.tags.length ? `tags ${meta.tags.join(', ')}` : '',
    meta.description ?? '',
  ];
  return parts.filter(Boolean).join(' · ');
}
