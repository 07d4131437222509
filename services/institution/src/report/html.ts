/** Escapes text for HTML; pure. */
export function esc(s: string | number | null | undefined): string {
  const t = String(s ?? '');
  return /[&<>"]/.test(t) ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : t;
}

const NUM = /^-?[\d,.]+%?( \(-?[\d,.]+\))?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A table from a header and rows of already-escaped-or-plain cells; numbers right-aligned; pure. */
export function table(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[], opts: { id?: string; caption?: string; signed?: boolean; totalLast?: boolean } = {}): string {
  const width = header.length;
  // per cell: 0 empty, 1 a number (or numeric text), 2 anything else
  const kinds = new Uint8Array(rows.length * width);
  rows.forEach((r, i) => {
    for (let c = 0; c < r.length && c < width; c++) {
      const v = r[c];
      kinds[i * width + c] = v === '' || v == null ? 0 : typeof v === 'number' || NUM.test(v) ? 1 : 2;
    }
  });
  // a column whose every filled cell is a number is right-aligned, its heading too
  const numeric = header.map((_, c) => {
    let any = false;
    for (let i = 0; i < rows.length; i++) {
      const k = kinds[i * width + c];
      if (k === 2) return false;
      if (k === 1) any = true;
    }
    return any;
  });
  const td = (v: string | number | null | undefined, r: number, c: number) => {
    if (!numeric[c] || kinds[r * width + c] !== 1) return typeof v === 'string' && DATE.test(v) ? `<td class="date">${esc(v)}</td>` : `<td>${esc(v)}</td>`;
    // a number (or numeric text: digits, signs, separators) needs no escaping
    const text = String(v);
    const sign = opts.signed ? (text.startsWith('-') ? ' neg' : /[1-9]/.test(text) ? ' pos' : '') : '';
    return `<td class="num${sign}">${text}</td>`;
  };
  const body = new Array<string>(rows.length);
  rows.forEach((r, i) => {
    const cells = new Array<string>(r.length);
    for (let c = 0; c < r.length; c++) cells[c] = td(r[c], i, c);
    body[i] = `${opts.totalLast && i === rows.length - 1 ? '<tr class="total">' : '<tr>'}${cells.join('')}</tr>`;
  });
  return [
    `<div class="scroll"><table${opts.id ? ` id="${esc(opts.id)}"` : ''}>`,
    opts.caption ? `<caption>${esc(opts.caption)}</caption>` : '',
    `<thead><tr>${header.map((h, c) => `<th${numeric[c] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${body.join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--accent:#1f6feb}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);margin:0 0 16px}.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:12px 0}
.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 10px}.kpi b{display:block;font-size:18px}.kpi span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num,td.date{white-space:nowrap}
th{background:#f6f8fa}caption{text-align:left;color:var(--muted);padding:4px 0}
svg.chart{display:block;margin:8px 0}.grid{stroke:#eaeef2}.axis{stroke:#8c959f}.tick{font-size:11px;fill:var(--muted)}.chart-title{font-size:13px;font-weight:600;fill:var(--fg)}.legend{font-size:11px;fill:var(--fg)}.area{opacity:.15}.cell-value{font-size:11px}
.note{color:var(--muted);font-size:12px}.warn{color:#9a6700}a{color:var(--accent)}.scroll{overflow-x:auto}.side{display:flex;flex-wrap:wrap;gap:0 24px;align-items:flex-start}.side>*{flex:1 1 400px;min-width:0}td.pos{color:#1a7f37}td.neg{color:#d1242f}
nav.links{font-size:13px;margin:0 0 12px;color:var(--muted)}nav.links a{margin-right:10px}h3{font-size:14px;margin:18px 0 6px}
details>summary{cursor:pointer;color:var(--accent);margin:6px 0}tr.total td{font-weight:600;border-top:2px solid var(--line)}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}nav.links{display:none}details>summary{display:none}details::details-content{content-visibility:visible;display:contents}.scroll{overflow:visible}}
`;

/** A complete self-contained HTML document (styles inline, no scripts, no network); pure. */
export function page(title: string, subtitle: string, body: string, nav = ''): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${nav}<h1>${esc(title)}</h1><p class="sub">${esc(subtitle)}</p>${body}</body></html>\n`;
}

/** A row of links to other reports (relative hrefs); hidden in print; pure. */
export function navLinks(links: readonly { href: string; text: string }[]): string {
  return links.length ? `<nav class="links">${links.map((l) => `<a href="${esc(l.href)}">${esc(l.text)}</a>`).join('')}</nav>` : '';
}

/** A heading and its content, or nothing when the content is empty; pure. */
export function section(title: string, body: string, level: 2 | 3 = 2): string {
  return body ? `<h${level}>${esc(title)}</h${level}>${body}` : '';
}

/** Content folded under a summary line on screen, printed unfolded; pure. */
export function folded(summary: string, body: string): string {
  return `<details><summary>${esc(summary)}</summary>${body}</details>`;
}

/** KPI tiles; pure. */
export function kpis(items: readonly [string, string][]): string {
  return `<div class="kpis">${items.map(([k, v]) => `<div class="kpi"><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>`;
}
