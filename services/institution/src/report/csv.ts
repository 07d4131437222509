/** Quotes a CSV field when it needs it (RFC 4180); pure. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, LF line endings, trailing newline; pure. */
export function csv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** Stable JSON with two-space indent and a trailing newline; pure. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
