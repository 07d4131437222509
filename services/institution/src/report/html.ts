/** Escapes text for HTML; pure. */
export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A table from a header and rows of already-escaped-or-plain cells; numbers right-aligned; pure. */
export function table(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[], opts: { id?: string; caption?: string } = {}): string {
  const cell = (v: string | number | null | undefined, th = false) => {
    const tag = th ? 'th' : 'td';
    const num = typeof v === 'number' || (typeof v === 'string' && /^-?[\d,.]+%?$/.test(v));
    return `<${tag}${num && !th ? ' class="num"' : ''}>${esc(v)}</${tag}>`;
  };
  return [
    `<table${opts.id ? ` id="${esc(opts.id)}"` : ''}>`,
    opts.caption ? `<caption>${esc(opts.caption)}</caption>` : '',
    `<thead><tr>${header.map((h) => cell(h, true)).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

const STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--accent:#1f6feb}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);margin:0 0 16px}.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:12px 0}
.kpi{border:1px solid var(--line);border-radius:6px;padding:8px 10px}.kpi b{display:block;font-size:18px}.kpi span{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f6f8fa}caption{text-align:left;color:var(--muted);padding:4px 0}
svg.chart{display:block;margin:8px 0}.grid{stroke:#eaeef2}.tick{font-size:11px;fill:var(--muted)}.chart-title{font-size:13px;font-weight:600;fill:var(--fg)}.legend{font-size:11px;fill:var(--fg)}.area{opacity:.15}
.note{color:var(--muted);font-size:12px}.warn{color:#9a6700}a{color:var(--accent)}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
`;

/** A complete self-contained HTML document (styles inline, no scripts, no network); pure. */
export function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><h1>${esc(title)}</h1><p class="sub">${esc(subtitle)}</p>${body}</body></html>\n`;
}

/** KPI tiles; pure. */
export function kpis(items: readonly [string, string][]): string {
  return `<div class="kpis">${items.map(([k, v]) => `<div class="kpi"><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>`;
}
