/** Quotes a CSV field when it needs it (RFC 4180); pure. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, LF line endings, trailing newline; pure. */
export function csv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  let out = `${header.join(',')}\n`;
  for (const r of rows) {
    let line = '';
    for (let i = 0; i < r.length; i++) {
      const v = r[i];
      // numbers and plain text (ids, dates, decimals) go in as they are
      line += (i ? ',' : '') + (typeof v === 'number' ? String(v) : csvField(v));
    }
    out += `${line}\n`;
  }
  return out;
}

/** Stable JSON with two-space indent and a trailing newline; pure. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
