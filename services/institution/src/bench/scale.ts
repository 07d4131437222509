import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildScaleConfig, latencySummary, parseLongCsv, type AtriumConfig } from '@atrium/domain';
import { loadConfigFile, resolveBroker, startEchoProbe, type Logger } from '@atrium/runtime';
import { peakRssKib, runBacktest } from '../session/backtest.js';
import type { RunRecord } from '../session/collector.js';
import { runBreaches } from '../report/risk-report.js';
import { accountBreaches } from '../report/account-breaches.js';

/** The size of the institution a scale run builds, and how it runs. */
export interface ScaleOptions {
  readonly pms: number;
  readonly accountsPerPm: number;
  readonly strategiesPerPm: number;
  readonly symbols: number;
  readonly steps: number;
  /** OS processes in all: 1 runs everything in this one; N > 1 spreads the PMs over N − 1 more */
  readonly processes: number;
  readonly seed: number;
  /** a long-format CSV (date,open,high,low,close,volume,Name) to trade instead of generated data */
  readonly data?: string;
  /** also build and write the reports (default false: the benchmark measures the institution) */
  readonly reports?: boolean;
  readonly natsUrl?: string;
  readonly log: Logger;
  readonly onProgress?: (step: number, total: number) => void;
  /**
   * Check breaches against this config's limits instead of the run's (tests only: a run whose
   * master-risk holds a looser limit than the firm's must show up as breaches).
   */
  readonly checkAgainst?: (config: AtriumConfig) => AtriumConfig;
}

/** One scale run's figures (`atrium bench scale --json` prints them as one JSON line). */
export interface ScaleResult {
  readonly pms: number;
  readonly accounts: number;
  readonly strategies: number;
  readonly symbols: number;
  readonly steps: number;
  readonly processes: number;
  readonly orders: number;
  readonly child_orders: number;
  readonly fills: number;
  readonly risk_breaches: number;
  /** block orders denied RISK_UNAVAILABLE because master-risk did not answer in time (a loaded machine; the results then depend on it) */
  readonly risk_unavailable: number;
  /** risk_breaches by the layer whose limit was crossed: firm-wide limits, PM limits (capital caps), account rules */
  readonly risk_breaches_by_level: { readonly firm: number; readonly pm: number; readonly account: number };
  readonly passive_breaches: number;
  readonly decision_latency_ms: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly wall_s: number;
  readonly steps_per_s: number;
  readonly peak_rss_mb: number;
  readonly nats_baseline_ms: { readonly p50: number; readonly p99: number };
  /** sha256 of every risk decision and fill, in a fixed order: equal runs give equal digests, whatever the process layout */
  readonly results_digest: string;
  readonly machine: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A digest of what a run decided and filled — every decision (order, outcome, reason, quantity)
 * and every fill (account, symbol, side, quantity, price, commission) — independent of arrival
 * order, so runs over different process layouts can be compared with one string; pure.
 */
export function resultsDigest(record: RunRecord): string {
  const h = createHash('sha256');
  const decisions = record.decisions.flatMap((b) => b.decisions.map((d) => `${b.step}|${d.orderId}|${d.decision}|${d.reason}|${d.approvedQty}`)).sort(byText);
  for (const d of decisions) h.update(d + '\n');
  const fills = record.fills.map((f) => `${f.step}|${f.fillId}|${f.pmId}|${f.accountId}|${f.symbol}|${f.side}|${f.qty}|${f.price}|${f.commission}`).sort(byText);
  for (const f of fills) h.update(f + '\n');
  return h.digest('hex');
}

/** The symbols of a long CSV with a bar on every date, alphabetically (a universe for --data). */
function fullHistorySymbols(path: string, n: number, steps: number): { symbols: string[]; start: string; end: string } {
  const parsed = parseLongCsv(readFileSync(path, 'utf8'), { onBadRow: 'skip', source: path });
  const dates = [...new Set([...parsed.series.values()].flatMap((bars) => bars.map((b) => b.date)))].sort();
  const window = dates.slice(0, steps);
  const full = [...parsed.series.entries()].filter(([, bars]) => window.every((d, i) => bars[i]?.date === d)).map(([s]) => s).sort();
  if (full.length < n) throw new Error(`${path}: only ${full.length} symbols have a bar on each of the first ${window.length} dates; asked for ${n}`);
  return { symbols: full.slice(0, n), start: window[0]!, end: window.at(-1)! };
}

/**
 * Builds an institution of the given shape (seeded: strategies over every built-in type, varied
 * account capital and restrictions, firm limits that bind sometimes), runs it as a full
 * backtest over NATS, and measures it: orders, fills, breaches recomputed after the run from
 * the decision log and the books rebuilt from the fill log, decision latency, wall time, peak
 * memory over every process, and a raw NATS request/reply round trip measured meanwhile.
 */
export async function runScaleBench(opts: ScaleOptions): Promise<ScaleResult> {
  const raw = buildScaleConfig({ pms: opts.pms, accountsPerPm: opts.accountsPerPm, strategiesPerPm: opts.strategiesPerPm, symbols: opts.symbols, steps: opts.steps, seed: opts.seed });
  if (opts.data) {
    const u = fullHistorySymbols(opts.data, opts.symbols, opts.steps);
    const rename = new Map((raw.data as { symbols: string[] }).symbols.map((s, i) => [s, u.symbols[i]!]));
    const text = JSON.stringify(raw).replace(/"([A-Z]+[0-9]+)"/g, (m, s: string) => (rename.has(s) ? `"${rename.get(s)}"` : m));
    Object.assign(raw, JSON.parse(text), { data: { source: 'csv', format: 'long', path: opts.data, symbols: u.symbols, start: u.start, end: u.end } });
  }
  const dir = mkdtempSync(join(tmpdir(), 'atrium-scale-'));
  try {
    writeFileSync(join(dir, 'scale.yaml'), JSON.stringify(raw));
    const config = loadConfigFile(join(dir, 'scale.yaml'));
    const broker = await resolveBroker(opts.natsUrl);
    try {
      const probe = await startEchoProbe(broker.url, { intervalMs: 10 });
      const t0 = performance.now();
      let first = t0;
      let last = t0;
      const r = await runBacktest({
        config,
        outDir: join(dir, 'out'),
        log: opts.log,
        natsUrl: broker.url,
        pmProcesses: Math.max(0, opts.processes - 1),
        reports: opts.reports ?? false,
        onProgress: (step, total) => {
          if (step === 0) first = performance.now();
          last = performance.now();
          opts.onProgress?.(step, total);
        },
      });
      const wall = (performance.now() - t0) / 1000;
      const baseline = await probe.stop();
      const brokerRssMb = peakRssKib(broker.embedded?.process.pid) / 1024;
      const record = r.record;
      const checked = opts.checkAgainst ? opts.checkAgainst(config) : config;
      const firmPm = runBreaches(checked, record);
      const accounts = accountBreaches(checked, record);
      const passive = new Set([...firmPm.passive.map((p) => p.step), ...accounts.passiveSteps]);
      // measured by the venue as each PM's child orders arrive, from the PM's send to master-risk
      const latency = record.accepted.filter((b) => b.decisionLatencyMs > 0).map((b) => b.decisionLatencyMs);
      const lat = latencySummary(latency);
      const base = latencySummary(baseline);
      const steps = record.totalSteps;
      return {
        pms: config.pms.length,
        accounts: config.pms.reduce((n, p) => n + p.accounts.length, 0),
        strategies: config.pms.reduce((n, p) => n + p.strategies.length, 0),
        symbols: config.data.symbols.length,
        steps,
        processes: opts.processes,
        orders: record.decisions.reduce((n, d) => n + d.decisions.length, 0) + record.riskUnavailable.reduce((n, d) => n + d.decisions.length, 0),
        child_orders: record.accepted.reduce((n, b) => n + b.orders.length, 0),
        fills: record.fills.length,
        risk_breaches: firmPm.active.length + accounts.active.length,
        risk_unavailable: record.riskUnavailable.reduce((n, d) => n + d.decisions.length, 0),
        risk_breaches_by_level: { firm: firmPm.active.filter((b) => !b.limit.startsWith('pm_')).length, pm: firmPm.active.filter((b) => b.limit.startsWith('pm_')).length, account: accounts.active.length },
        passive_breaches: passive.size,
        decision_latency_ms: { p50: lat.p50, p99: lat.p99, max: lat.max },
        wall_s: Math.round(wall * 100) / 100,
        steps_per_s: Math.round((steps / Math.max(0.001, (last - first) / 1000)) * 10) / 10,
        peak_rss_mb: Math.round((Number(r.run.peak_rss_mb) + brokerRssMb) * 10) / 10,
        nats_baseline_ms: { p50: base.p50, p99: base.p99 },
        results_digest: resultsDigest(record),
        machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      };
    } finally {
      await broker.release();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

