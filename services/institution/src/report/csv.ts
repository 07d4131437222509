/** Quotes a CSV field when it needs it (RFC 4180); pure. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, LF line endings, trailing newline; pure. */
export function csv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  // one join at the end: concatenating with += builds a rope that costs more to flatten
  const lines = new Array<string>(rows.length + 1);
  lines[0] = header.join(',');
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const cells = new Array<string>(r.length);
    for (let c = 0; c < r.length; c++) {
      const v = r[c];
      cells[c] = typeof v === 'number' ? String(v) : csvField(v);
    }
    lines[i + 1] = cells.join(',');
  }
  return `${lines.join('\n')}\n`;
}

/** Stable JSON with two-space indent and a trailing newline; pure. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
