import { decText, type WashSaleWarning } from '@atrium/domain';
import { accountSection, washSalesByAccount } from './accounts-report.js';
import { benchmarkSection } from './benchmark-report.js';
import type { ReportContext, ReportSection } from './sections.js';

/** Files named relative to a level's folder, made relative to the output folder. */
const under = (dir: string, files: ReadonlyMap<string, string>) => new Map([...files].map(([name, text]) => [`${dir}/${name}`, text]));

// wash sales are found across all accounts of a client at once: once per run record
const washSales = new WeakMap<ReportContext['record'], Map<string, WashSaleWarning[]>>();

/** Tax lots, compliance, wash sales and benchmark of each account (accounts-report.ts). */
export const accountBooksSection: ReportSection = {
  id: 'account-books',
  account: (ctx, pm, a) => {
    let ws = washSales.get(ctx.record);
    if (!ws) washSales.set(ctx.record, (ws = washSalesByAccount(ctx.config, ctx.record)));
    const key = `${pm.config.id}/${a.config.id}`;
    const out = accountSection({
      config: ctx.config, pm: pm.config, account: a.config, snaps: ctx.record.accountSteps.get(key) ?? [], dates: ctx.model.dates,
      returns: a.portfolio.returns, record: ctx.record, washSales: ws.get(key) ?? [],
    });
    return { html: out.html, performance: out.perf, summary: out.summary, files: under(a.portfolio.dir, out.files) };
  },
};

/** Alpha, beta, tracking error and the benchmark's line of a PM or group with a benchmark (benchmark-report.ts). */
export const pmBenchmarkSection: ReportSection = {
  id: 'benchmark',
  pm: (ctx, pm) => {
    const p = pm.portfolio;
    const out = benchmarkSection({ meta: pm.config.meta, capital: pm.config.capital, dates: ctx.model.dates, equity: p.equity, returns: p.returns, closes: ctx.record.closes });
    return { html: out.html, performance: out.perf, files: under(p.dir, out.files) };
  },
  group: (ctx, g) => {
    const p = g.portfolio;
    const out = benchmarkSection({ meta: g.config.meta, capital: decText(p.capital), dates: ctx.model.dates, equity: p.equity, returns: p.returns, closes: ctx.record.closes });
    return { html: out.html, performance: out.perf, files: under(p.dir, out.files) };
  },
};
