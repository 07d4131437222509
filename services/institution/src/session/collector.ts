import type { Bodies } from '@atrium/wire';
import type { Bus, FirmSubjects } from '@atrium/runtime';

/** Everything a session published that reports are built from, as decoded messages. */
export interface RunRecord {
  /** date of each step, by step index */
  readonly dates: string[];
  readonly totalSteps: number;
  /** per PM, its step_done per step index */
  readonly pmSteps: Map<string, Bodies['stepDone'][]>;
  /** per `pm/acct`, its marked snapshot per step index */
  readonly accountSteps: Map<string, Bodies['accountSnapshot'][]>;
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
 * Subscribes to the firm's market data, PM step_done, account marks, fills, cancels, risk
 * decisions, the firm book, weights, signals and analytics' correlation breaks, and keeps them
 * for the reports. The
 * institution is a firm-level observer: it may read every namespace; it never writes to one.
 */
export function collect(bus: Bus, s: FirmSubjects, onStep?: (step: number, total: number) => void, opts: { closesOf?: readonly string[] } = {}): Collector {
  const record: RunRecord = {
    dates: [],
    totalSteps: 0,
    pmSteps: new Map(),
    accountSteps: new Map(),
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
  let resolveEnded!: (e: Bodies['sessionEnded']) => void;
  const ended = new Promise<Bodies['sessionEnded']>((r) => (resolveEnded = r));

  bus.subscribe(s.mdStep, (msg) => {
    if (msg.kind !== 'marketStep') return;
    setAt(record.dates, msg.body.step, msg.body.date);
    setAt(record.bars, msg.body.step, msg.body.bars);
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
    const list = record.pmSteps.get(msg.body.pmId) ?? [];
    setAt(list, msg.body.step, msg.body);
    record.pmSteps.set(msg.body.pmId, list);
  });
  bus.subscribe(s.anyPmAccountMarks, (msg) => {
    if (msg.kind !== 'accountMarks') return;
    for (const m of msg.body.marks) {
      const key = `${m.pmId}/${m.accountId}`;
      const list = record.accountSteps.get(key) ?? [];
      setAt(list, m.step, m);
      record.accountSteps.set(key, list);
    }
  });
  bus.subscribe(s.anyPmFills, (msg) => {
    if (msg.kind === 'fillBatch') record.fills.push(...msg.body.fills);
  });
  bus.subscribe(s.venueAccepted, (msg) => {
    if (msg.kind === 'submissions') record.accepted.push(...msg.body.batches);
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
    if (msg.kind === 'splitReply') record.splits.push(msg.body);
  });
  bus.subscribe(s.anyPmSignal, (msg) => {
    if (msg.kind !== 'signal') return;
    record.signals.set(msg.body.pmId, (record.signals.get(msg.body.pmId) ?? 0) + 1);
    record.strategySignals.push(msg.body);
  });
  bus.subscribe(s.analyticsCorrelationBreak, (msg) => {
    if (msg.kind === 'correlationBreak') record.correlationBreaks.push(msg.body);
  });
  bus.subscribe(s.analyticsStepDone, (msg) => {
    if (msg.kind === 'analyticsStepDone') record.analyticsStep = Math.max(record.analyticsStep, msg.body.step);
  });
  for (const subject of [s.anyPmCompliance, s.anyAccountCompliance]) {
    bus.subscribe(subject, (msg) => {
      if (msg.kind === 'complianceReport') record.compliance.push(msg.body);
    });
  }
  bus.subscribe(s.venueSessionEnded, (msg) => {
    if (msg.kind !== 'sessionEnded') return;
    record.ended = msg.body;
    resolveEnded(msg.body);
  });

  const missing = (step: number, pms: readonly string[], accounts: readonly string[]) => [
    ...pms.filter((pm) => !record.pmSteps.get(pm)?.[step]).map((pm) => `PM ${pm}`),
    ...accounts.filter((a) => !record.accountSteps.get(a)?.[step]).map((a) => `account ${a}`),
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
