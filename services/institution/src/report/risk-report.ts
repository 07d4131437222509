import { D, decText, findRiskBreaches, firmLimitsOf, instrumentOf, tryDecimal, ZERO, type ApprovedOrder, type AtriumConfig, type BreachReport, type Dec, type FirmLimits, type StepBook } from '@atrium/domain';
import { decisionFromWire, reasonFromWire, sideFromWire } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { csv } from './csv.js';
import { esc, table } from './html.js';
import { lineChart } from './svg.js';

/** The risk part of a run's reports: files, the `risk` object of summary.json, and an HTML section. */
export interface RiskReport {
  readonly files: ReadonlyMap<string, string>;
  readonly summary: Record<string, unknown>;
  readonly html: string;
}

const count = (into: Record<string, number>, k: string) => (into[k] = (into[k] ?? 0) + 1);
const sorted = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** What the breach checker can find with a config's limits: which books it needs at all. */
interface CheckScope {
  /** a firm exposure limit is set: the firm's book matters */
  readonly firm: boolean;
  /** some PM had a gross cap (then its own book matters) */
  readonly pmCaps: boolean;
  /** some limit is set: approvals are worth replaying */
  readonly any: boolean;
}

function checkScope(limits: FirmLimits, record: RunRecord): CheckScope {
  const firm = [limits.maxGrossExposure, limits.maxNetExposure, limits.maxSingleNamePct, limits.maxSingleNameNotional, limits.maxSectorPct].some((l) => l !== undefined);
  const pmCaps = record.riskBooks.some((b) => b?.pms.some((p) => p.grossLimit));
  return { firm, pmCaps, any: firm || pmCaps || limits.maxOrderNotional !== undefined || limits.maxOrdersPerStep !== undefined };
}

/**
 * The per-step books and the approvals of a run, as the breach checker reads them; pure. The
 * books are rebuilt from the fill log — positions after each step's fills, marked at its close
 * (a symbol without a bar keeps its last price), the book master-risk decided that step from —
 * independently of master-risk's own book; PM caps are those master-risk reported. Only the
 * books a limit reads are built: the firm's when a firm exposure limit is set, a PM's when it has
 * a cap (the checker reads nothing else of them, so what it finds is the same).
 */
function checkerInput(record: RunRecord, scope: CheckScope): { books: StepBook[]; approvals: ApprovedOrder[] } {
  const books: StepBook[] = [];
  const fills = [...record.fills].sort((a, b) => a.step - b.step || (a.fillId < b.fillId ? -1 : a.fillId > b.fillId ? 1 : 0));
  const firm = new Map<string, Dec>();
  const pms = new Map<string, Map<string, Dec>>();
  const last = new Map<string, Dec>();
  // how many of the books kept hold each symbol: only those need its close
  const holders = new Map<string, number>();
  const add = (book: Map<string, Dec>, symbol: string, qty: Dec) => {
    const was = book.get(symbol);
    const q = (was ?? ZERO).plus(qty);
    if (q.isZero()) book.delete(symbol);
    else book.set(symbol, q);
    const change = (q.isZero() ? 0 : 1) - (was === undefined ? 0 : 1);
    if (change) holders.set(symbol, (holders.get(symbol) ?? 0) + change);
  };
  let f = 0;
  record.riskBooks.forEach((b, step) => {
    for (; f < fills.length && fills[f]!.step <= step; f++) {
      const x = fills[f]!;
      const qty = sideFromWire(x.side) === 'sell' ? new D(x.qty).neg() : new D(x.qty);
      if (scope.firm) add(firm, x.symbol, qty);
      if (scope.pmCaps) add(pms.get(x.pmId) ?? pms.set(x.pmId, new Map()).get(x.pmId)!, x.symbol, qty);
      if (scope.firm || scope.pmCaps) last.set(x.symbol, new D(x.price));
    }
    for (const bar of record.bars[step] ?? []) if (holders.get(bar.symbol)) last.set(bar.symbol, new D(bar.close));
    if (!b) return;
    const held = (book: Map<string, Dec>) => [...book].map(([symbol, qty]) => ({ symbol, qty, price: last.get(symbol)! }));
    books.push({ step, firm: held(firm), pms: b.pms.map((p) => ({ pmId: p.pmId, positions: p.grossLimit ? held(pms.get(p.pmId) ?? new Map()) : [], ...(p.grossLimit ? { cap: new D(p.grossLimit) } : {}) })) });
  });
  const approvals: ApprovedOrder[] = [];
  for (const batch of record.decisions) {
    const orders = new Map(batch.orders.map((o) => [o.orderId, o]));
    for (const d of batch.decisions) {
      const o = orders.get(d.orderId);
      const side = o ? sideFromWire(o.side) : 'invalid';
      const qty = tryDecimal(d.approvedQty);
      const price = tryDecimal(d.price) ?? tryDecimal(o?.refPrice);
      if (decisionFromWire(d.decision) === 'denied' || !o || side === 'invalid' || !qty || !price || !qty.gt(0)) continue;
      approvals.push({ step: batch.step, orderId: d.orderId, pmId: batch.pmId, symbol: o.symbol, side, qty, price });
    }
  }
  return { books, approvals };
}

/**
 * Runs the post-run breach checker over a run's decision log and per-step books; pure. With no
 * limit configured (none on the firm, no PM cap) there is nothing to breach, and nothing is replayed.
 */
export function runBreaches(config: AtriumConfig, record: RunRecord): BreachReport {
  const ctx = { limits: firmLimitsOf(config.risk.firm), firmCapital: new D(config.firm.capital), sectorOf: (s: string) => instrumentOf(config, s).sector };
  const scope = checkScope(ctx.limits, record);
  if (!scope.any) return { active: [], passive: [], passiveSteps: 0 };
  return findRiskBreaches({ ctx, ...checkerInput(record, scope) });
}

/** Denials and scalings by reason, one row per reason; pure. */
function reasonTable(denied: Record<string, number>, scaled: Record<string, number>): string {
  const reasons = [...new Set([...Object.keys(denied), ...Object.keys(scaled)])].sort();
  return reasons.length ? table(['reason', 'denied', 'scaled down'], reasons.map((r) => [r, denied[r] ?? 0, scaled[r] ?? 0]), { caption: 'orders not approved in full, by reason' }) : '';
}

/** Limit utilisation over time, one series per limit (and per PM cap), as a fraction of the limit; pure. */
function utilisation(record: RunRecord, steps: number): { name: string; values: number[] }[] {
  const series = new Map<string, number[]>();
  for (let t = 0; t < steps; t++) {
    for (const u of record.riskBooks[t]?.usage ?? []) {
      const name = u.limit === 'pm_capital_cap' ? `PM ${u.scope} cap` : u.limit;
      const limit = Number(u.limitValue);
      const values = series.get(name) ?? Array<number>(steps).fill(Number.NaN);
      values[t] = limit > 0 ? Number(u.value) / limit : Number.NaN;
      series.set(name, values);
    }
  }
  return [...series.entries()].map(([name, values]) => ({ name, values }));
}

/**
 * Builds `firm/decisions.csv` (every block order decided by master-risk, and every one a PM denied
 * itself RISK_UNAVAILABLE), `firm/exposure.csv`, the `risk` summary (decisions by outcome and
 * reason, active breaches — which must be 0 — and passive ones, alerts, unavailability) and the
 * report section: limit utilisation over time, gross against its limit, denials by reason,
 * passive breaches apart from active ones. Byte-identical for the same record; pure.
 */
export function buildRiskReport(config: AtriumConfig, record: RunRecord, dates: readonly string[]): RiskReport {
  const files = new Map<string, string>();
  const ids = config.pms.map((p) => p.id);
  const byReason: Record<string, number> = {};
  const scaledByReason: Record<string, number> = {};
  const byOutcome: Record<string, number> = { approved: 0, scaled: 0, denied: 0 };
  const rows: (string | number)[][] = [];
  const grossLimit = config.risk.firm.maxGrossExposure ?? '';
  const rank = new Map(ids.map((id, i) => [id, i]));
  const batches = [...record.decisions, ...record.riskUnavailable].sort((a, b) => a.step - b.step || (rank.get(a.pmId) ?? -1) - (rank.get(b.pmId) ?? -1));
  for (const batch of batches) {
    const orders = new Map(batch.orders.map((o) => [o.orderId, o]));
    for (const d of batch.decisions) {
      const o = orders.get(d.orderId);
      const reason = reasonFromWire(d.reason) ?? 'RISK_UNAVAILABLE';
      const kind = decisionFromWire(d.decision);
      count(byOutcome, kind);
      if (kind === 'denied') count(byReason, reason);
      if (kind === 'scaled') count(scaledByReason, reason);
      rows.push([d.orderId, batch.pmId, o?.symbol ?? '', o ? sideFromWire(o.side) : '', o?.qty ?? '', kind, reason, d.grossAfter, d.grossLimit || grossLimit]);
    }
  }
  files.set('firm/decisions.csv', csv(['order_id', 'pm', 'symbol', 'side', 'qty', 'decision', 'reason_code', 'gross_after', 'gross_limit'], rows));
  const books = record.riskBooks;
  files.set('firm/exposure.csv', csv(['date', 'gross', 'net', 'gross_limit'], dates.map((d, i) => [d, books[i]?.gross ?? '', books[i]?.net ?? '', books[i]?.grossLimit ?? ''])));

  const breaches = runBreaches(config, record);
  const passiveByLimit: Record<string, Set<number>> = {};
  for (const p of breaches.passive) (passiveByLimit[p.limit] ??= new Set()).add(p.step);
  const alerts: Record<string, number> = {};
  for (const a of record.riskAlerts) count(alerts, a.kind);
  const unavailable = record.riskUnavailable.reduce((n, b) => n + b.decisions.length, 0);
  const fromStep = record.riskUnavailable.reduce((m, b) => Math.min(m, b.step), Number.POSITIVE_INFINITY);
  const unavailableNote = unavailable ? `master-risk unavailable from step ${fromStep} (${dates[fromStep] ?? '?'}): ${unavailable} orders denied RISK_UNAVAILABLE` : '';
  const lastBook = books.at(-1);
  const summary = {
    decided: rows.length,
    approved: byOutcome.approved,
    scaled: byOutcome.scaled,
    denied: byOutcome.denied,
    denials_by_reason: sorted(byReason),
    scaled_by_reason: sorted(scaledByReason),
    active_breaches: breaches.active.length,
    passive_breaches: breaches.passiveSteps,
    passive_breaches_by_limit: sorted(Object.fromEntries(Object.entries(passiveByLimit).map(([k, v]) => [k, v.size]))),
    alerts: sorted(alerts),
    firm_state: lastBook?.firmState ?? 'ACTIVE',
    ...(unavailable ? { risk_unavailable: { orders: unavailable, from_step: fromStep, from_date: dates[fromStep] ?? '', note: unavailableNote } } : {}),
  };

  const passiveRows = new Map<string, { limit: string; scope: string; steps: number; first: number; last: number; worst: number }>();
  for (const p of breaches.passive) {
    const k = `${p.limit}|${p.scope}`;
    const r = passiveRows.get(k) ?? { limit: p.limit, scope: p.scope, steps: 0, first: p.step, last: p.step, worst: 0 };
    passiveRows.set(k, { ...r, steps: r.steps + 1, last: p.step, worst: Math.max(r.worst, p.value.div(p.limitValue).toNumber()) });
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const util = utilisation(record, dates.length);
  const html = [
    '<h2>Risk</h2>',
    `<p>${rows.length} block orders decided: ${byOutcome.approved} approved, ${byOutcome.scaled} scaled down, ${byOutcome.denied} denied. Firm state at the end: ${esc(summary.firm_state)}.</p>`,
    unavailableNote ? `<p class="warn">${esc(unavailableNote)} (fail closed: none reached the venue).</p>` : '',
    `<p>Active breaches (an approval that itself took an exposure over a limit, recomputed after the run from the decision log): <b>${breaches.active.length}</b>. Passive breaches (a book over a limit at a close because prices or capital moved): <b>${breaches.passiveSteps}</b> steps.</p>`,
    reasonTable(byReason, scaledByReason),
    util.length ? lineChart({ title: 'Limit utilisation (share of each limit used, at each close)', labels: dates, series: util, percent: true }) : '',
    lineChart({
      title: 'Firm gross exposure and its limit',
      labels: dates,
      series: [
        { name: 'gross', values: dates.map((_, i) => Number(books[i]?.gross ?? 'NaN')) },
        ...(grossLimit ? [{ name: 'max_gross_exposure', values: dates.map(() => Number(grossLimit)) }] : []),
      ],
    }),
    passiveRows.size
      ? table(['limit', 'scope', 'steps over', 'first', 'last', 'worst (share of limit)'], [...passiveRows.values()].map((r) => [r.limit, r.scope, r.steps, dates[r.first] ?? r.first, dates[r.last] ?? r.last, pct(r.worst)]), { caption: 'passive breaches: only orders that reduce the breached exposure passed while over' })
      : '<p class="note">No passive breaches.</p>',
    breaches.active.length
      ? `<p class="warn">Active breaches found:</p>${table(['step', 'order', 'PM', 'limit', 'scope', 'before', 'after', 'limit value'], breaches.active.map((b) => [dates[b.step] ?? b.step, b.orderId, b.pmId, b.limit, b.scope, decText(b.before), decText(b.value), decText(b.limitValue)]))}`
      : '',
    record.riskAlerts.length ? table(['step', 'date', 'alert', 'scope', 'message'], record.riskAlerts.slice(0, 100).map((a) => [a.step, a.date, a.kind, a.scope, a.message]), { caption: `risk alerts${record.riskAlerts.length > 100 ? ' (the first 100)' : ''}` }) : '',
  ].join('');
  return { files, summary, html };
}

