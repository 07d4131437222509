import type { Bodies } from '@atrium/wire';
import type { Bus, FirmSubjects } from '@atrium/runtime';

/** Everything a session published that reports are built from, as decoded messages. */
export interface RunRecord {
  /** date of each step, by step index */
  readonly dates: string[];
  readonly totalSteps: number;
  /** per PM, its step_done per step index (kept for the reports: empty when only checks are kept) */
  readonly pmSteps: Map<string, Bodies['stepDone'][]>;
  /** per `pm/acct`, its marked snapshot per step index (kept for the reports: empty when only checks are kept) */
  readonly accountSteps: Map<string, Bodies['accountSnapshot'][]>;
  /** per `pm/acct`, the equity it reported at each close, by step index (kept in every mode: the breach recheck reads it) */
  readonly accountEquity: Map<string, string[]>;
  readonly fills: Bodies['fill'][];
  /** child orders the venue accepted, one batch per account submission */
  readonly accepted: Bodies['childOrders'][];
  readonly cancels: Bodies['orderCanceled'][];
  readonly decisions: Bodies['riskDecisions'][];
  /** orders PMs denied themselves RISK_UNAVAILABLE (master-risk did not answer), per PM step */
  readonly riskUnavailable: Bodies['riskDecisions'][];
  readonly riskAlerts: Bodies['riskAlert'][];
  /** firm book per step index */
  readonly riskBooks: Bodies['riskBook'][];
  readonly weights: Bodies['capitalWeights'][];
  /** allocation's split records (inputs echoed), in arrival order */
  readonly splits: Bodies['splitReply'][];
  readonly signals: Map<string, number>;
  /** bars of each step, by step index (strategy attribution marks paper books with them) */
  readonly bars: Bodies['marketStep']['bars'][];
  /** every strategy target change, in the order each PM published them */
  readonly strategySignals: Bodies['signal'][];
  /** correlation breaks analytics published */
  readonly correlationBreaks: Bodies['correlationBreak'][];
  /** the last step analytics has taken in (-1 before any) */
  analyticsStep: number;
  /** compliance reports of PMs (accounts left out of splits) and accounts (refusals, warnings) */
  readonly compliance: Bodies['complianceReport'][];
  /** closes per step of the symbols asked for (benchmarks), by symbol */
  readonly closes: Map<string, (string | undefined)[]>;
  ended?: Bodies['sessionEnded'];
}

/** A live collector: subscribed to the firm's events, filling a RunRecord. */
export interface Collector {
  readonly record: RunRecord;
  /** resolves when the venue has ended the session */
  readonly ended: Promise<Bodies['sessionEnded']>;
  /** last step whose market data was seen (-1 before any) */
  lastStep(): number;
  /** true once every PM and account has reported the given step */
  completeThrough(step: number, pms: readonly string[], accounts: readonly string[]): boolean;
  /** true once analytics has taken in the given step (all its correlation breaks are in) */
  analyticsThrough(step: number): boolean;
  /** steps (0-based) a PM or account has not reported, for diagnostics */
  missing(step: number, pms: readonly string[], accounts: readonly string[]): string[];
}

function setAt<T>(arr: T[], i: number, v: T): void {
  arr[i] = v;
}

/**
 * One copy of each string that recurs across a run's records — PM and account ids, block order
 * ids, symbols, dates, quantities: a million fills and child orders otherwise hold a million
 * copies of each. Only for fields of bounded variety (not fill or child ids, not prices).
 */
class SharedStrings {
  private readonly known = new Map<string, string>();
  of(s: string): string {
    const k = this.known.get(s);
    if (k !== undefined) return k;
    this.known.set(s, s);
    return s;
  }
}

type Fill = Bodies['fill'];
type ChildOrderBatch = Bodies['childOrders'];

/** A fill as the record keeps it: every field, its recurring strings shared; pure but for `shared`. */
function keptFill(f: Fill, shared: SharedStrings): Fill {
  return { fillId: f.fillId, childId: f.childId, parentId: shared.of(f.parentId), pmId: shared.of(f.pmId), accountId: shared.of(f.accountId), symbol: shared.of(f.symbol), side: f.side, qty: shared.of(f.qty), price: f.price, commission: f.commission, step: f.step, date: shared.of(f.date) };
}

/** A batch of accepted child orders as the record keeps it: every field, its recurring strings shared. */
function keptBatch(b: ChildOrderBatch, shared: SharedStrings): ChildOrderBatch {
  return {
    pmId: shared.of(b.pmId),
    accountId: shared.of(b.accountId),
    step: b.step,
    refused: b.refused,
    checkedAtMs: b.checkedAtMs,
    decisionLatencyMs: b.decisionLatencyMs,
    orders: b.orders.map((o) => ({ childId: o.childId, parentId: shared.of(o.parentId), pmId: shared.of(o.pmId), accountId: shared.of(o.accountId), symbol: shared.of(o.symbol), side: o.side, qty: shared.of(o.qty), step: o.step, lotIds: o.lotIds })),
  };
}

/** What a collector keeps, and where it takes each step's bars from. */
export interface CollectOptions {
  /** symbols whose closes are kept by step (benchmarks) */
  readonly closesOf?: readonly string[];
  /**
   * `all` (default): everything the reports are built from. `checks`: what the post-run checks
   * read (decisions, fills, accepted child orders, the firm book, account equity, bars) and none
   * of what only the reports read (PM and account snapshots, splits, strategy signals, compliance
   * records) — for a benchmark that measures the institution, not its reports.
   */
  readonly keep?: 'all' | 'checks';
  /**
   * The bars of a step as this process already holds them (the market data it loaded): the same
   * values as the step's message, kept once instead of a decoded copy per step. Undefined, or a
   * different number of bars than the message carries: the message's are kept.
   */
  readonly barsOf?: (step: number) => Bodies['marketStep']['bars'] | undefined;
}

/**
 * Subscribes to the firm's market data, PM step_done, account marks, fills, cancels, risk
 * decisions, the firm book, weights, signals and analytics' correlation breaks, and keeps them
 * for the reports (or, with `keep: 'checks'`, for the post-run checks only). The
 * institution is a firm-level observer: it may read every namespace; it never writes to one.
 */
export function collect(bus: Bus, s: FirmSubjects, onStep?: (step: number, total: number) => void, opts: CollectOptions = {}): Collector {
  const all = (opts.keep ?? 'all') === 'all';
  const record: RunRecord = {
    dates: [],
    totalSteps: 0,
    pmSteps: new Map(),
    accountSteps: new Map(),
    accountEquity: new Map(),
    fills: [],
    accepted: [],
    cancels: [],
    decisions: [],
    riskUnavailable: [],
    riskAlerts: [],
    riskBooks: [],
    weights: [],
    splits: [],
    signals: new Map(),
    bars: [],
    strategySignals: [],
    correlationBreaks: [],
    analyticsStep: -1,
    compliance: [],
    closes: new Map((opts.closesOf ?? []).map((sym) => [sym, []])),
  };
  let last = -1;
  const shared = new SharedStrings();
  // the last step each PM and account reported (the barrier keeps them in order): the session
  // is complete when every one has reported the last step
  const reported = new Map<string, number>();
  const seen = (key: string, step: number) => reported.set(key, Math.max(reported.get(key) ?? -1, step));
  let resolveEnded!: (e: Bodies['sessionEnded']) => void;
  const ended = new Promise<Bodies['sessionEnded']>((r) => (resolveEnded = r));

  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind !== 'marketStep') return;
    setAt(record.dates, msg.body.step, msg.body.date);
    const held = opts.barsOf?.(msg.body.step);
    setAt(record.bars, msg.body.step, held && held.length === msg.body.bars.length ? held : msg.body.bars);
    (record as { totalSteps: number }).totalSteps = msg.body.totalSteps;
    last = Math.max(last, msg.body.step);
    for (const b of msg.body.bars) {
      const closes = record.closes.get(b.symbol);
      if (closes) closes[msg.body.step] = b.close;
    }
    onStep?.(msg.body.step, msg.body.totalSteps);
  });
  bus.subscribe(s.anyPmStepDone, (msg) => {
    if (msg.kind !== 'stepDone') return;
    seen(msg.body.pmId, msg.body.step);
    if (!all) return;
    const list = record.pmSteps.get(msg.body.pmId) ?? [];
    setAt(list, msg.body.step, msg.body);
    record.pmSteps.set(msg.body.pmId, list);
  });
  bus.subscribe(s.anyPmAccountMarks, (msg) => {
    if (msg.kind !== 'accountMarks') return;
    for (const m of msg.body.marks) {
      const key = `${m.pmId}/${m.accountId}`;
      seen(key, m.step);
      const equity = record.accountEquity.get(key) ?? [];
      setAt(equity, m.step, m.equity);
      record.accountEquity.set(key, equity);
      if (!all) continue;
      const list = record.accountSteps.get(key) ?? [];
      setAt(list, m.step, m);
      record.accountSteps.set(key, list);
    }
  });
  bus.subscribe(s.anyPmFills, (msg) => {
    if (msg.kind === 'fillBatch') for (const f of msg.body.fills) record.fills.push(keptFill(f, shared));
  });
  bus.subscribe(s.venueAccepted, (msg) => {
    if (msg.kind === 'submissions') for (const b of msg.body.batches) record.accepted.push(keptBatch(b, shared));
  });
  bus.subscribe(s.anyAccountCanceled, (msg) => {
    if (msg.kind === 'orderCanceled') record.cancels.push(msg.body);
  });
  bus.subscribe(s.riskDecided, (msg) => {
    if (msg.kind === 'riskDecisions') record.decisions.push(msg.body);
  });
  bus.subscribe(s.anyPmRiskUnavailable, (msg) => {
    if (msg.kind === 'riskDecisions') record.riskUnavailable.push(msg.body);
  });
  bus.subscribe(s.riskAlert, (msg) => {
    if (msg.kind === 'riskAlert') record.riskAlerts.push(msg.body);
  });
  bus.subscribe(s.riskBook, (msg) => {
    if (msg.kind === 'riskBook') setAt(record.riskBooks, msg.body.step, msg.body);
  });
  bus.subscribe(s.allocWeights, (msg) => {
    if (msg.kind === 'capitalWeights') record.weights.push(msg.body);
  });
  bus.subscribe(s.allocSplitDone, (msg) => {
    if (msg.kind === 'splitReply' && all) record.splits.push(msg.body);
  });
  bus.subscribe(s.anyPmSignal, (msg) => {
    if (msg.kind !== 'signal') return;
    record.signals.set(msg.body.pmId, (record.signals.get(msg.body.pmId) ?? 0) + 1);
    if (all) record.strategySignals.push(msg.body);
  });
  bus.subscribe(s.analyticsCorrelationBreak, (msg) => {
    if (msg.kind === 'correlationBreak') record.correlationBreaks.push(msg.body);
  });
  bus.subscribe(s.analyticsStepDone, (msg) => {
    if (msg.kind === 'analyticsStepDone') record.analyticsStep = Math.max(record.analyticsStep, msg.body.step);
  });
  for (const subject of [s.anyPmCompliance, s.anyAccountCompliance]) {
    bus.subscribe(subject, (msg) => {
      if (msg.kind === 'complianceReport' && all) record.compliance.push(msg.body);
    });
  }
  bus.subscribe(s.venueSessionEnded, (msg) => {
    if (msg.kind !== 'sessionEnded') return;
    record.ended = msg.body;
    resolveEnded(msg.body);
  });

  const missing = (step: number, pms: readonly string[], accounts: readonly string[]) => [
    ...pms.filter((pm) => (reported.get(pm) ?? -1) < step).map((pm) => `PM ${pm}`),
    ...accounts.filter((a) => (reported.get(a) ?? -1) < step).map((a) => `account ${a}`),
  ];
  return {
    record,
    ended,
    lastStep: () => last,
    completeThrough: (step, pms, accounts) => missing(step, pms, accounts).length === 0,
    analyticsThrough: (step) => record.analyticsStep >= step,
    missing,
  };
}
