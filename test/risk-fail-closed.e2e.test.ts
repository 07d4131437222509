import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFromWire, reasonFromWire } from '@atrium/wire';
import { loadConfigFile, rootLogger } from '@atrium/runtime';
import { runBacktest, type BacktestResult, type ServiceName } from '@atrium/institution';
import { tempDir, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

const FIRM = 'failclosed';
const STOP_AT = 30;
const CONFIG = `
firm: { id: ${FIRM}, capital: 3000000 }
data: { source: synthetic, seed: 5, start: 2016-01-01, end: 2016-05-31 }
risk: { firm: { max_gross_exposure: 2500000 }, timeout_ms: 400 }
pms:
  - id: a
    capital: 1000000
    strategies: [ { id: s, type: sma_crossover, symbols: [TECH1, TECH2, FIN1], params: { fast: 2, slow: 4, allow_short: true }, sizing: { type: percent_equity, percent: 10 } } ]
  - id: b
    capital: 1000000
    strategies: [ { id: s, type: mean_reversion, symbols: [TECH1, FIN1, FIN2], params: { lookback: 5, entry_threshold: 0.5, allow_short: true }, sizing: { type: fixed_shares, shares: 300 } } ]
  - id: c
    capital: 1000000
    strategies: [ { id: s, type: momentum, symbols: [HLTH1, ENGY1], params: { fast_period: 2, slow_period: 5 }, sizing: { type: percent_equity, percent: 8 } } ]
`;

/** Runs a backtest and stops master-risk (in process or its OS process) when step STOP_AT's market data is out. */
async function runAndStopRisk(url: string, separate: ServiceName[]): Promise<BacktestResult> {
  const config = loadConfigFile(writeTemp('firm.yaml', CONFIG));
  let stop: (() => Promise<void>) | undefined;
  let stopped: Promise<void> | undefined;
  const r = await runBacktest({
    config,
    outDir: tempDir(),
    log: rootLogger('error'),
    natsUrl: url,
    separate,
    onStarted: (services) => (stop = () => services.get('master-risk')!.stop()),
    onProgress: (step) => {
      if (step === STOP_AT && !stopped) stopped = stop!();
    },
  });
  await stopped;
  return r;
}

describe.each([
  ['in this process, stopped through its handle', [] as ServiceName[]],
  ['in its own OS process, terminated', ['master-risk'] as ServiceName[]],
])('master-risk %s mid-run: the PMs fail closed', (_how, separate) => {
  let broker: TestBroker;
  let r: BacktestResult;
  beforeAll(async () => {
    broker = await testBroker();
    r = await runAndStopRisk(broker.url, separate);
  }, 120_000);
  afterAll(async () => broker?.stop());

  it('ends the run cleanly, with every step of every PM reported', () => {
    expect(r.record.ended?.reason).toBe('completed');
    expect(r.record.totalSteps).toBeGreaterThan(STOP_AT + 20);
    for (const pm of ['a', 'b', 'c']) expect(r.record.pmSteps.get(pm)?.filter(Boolean)).toHaveLength(r.record.totalSteps);
    expect(r.run.stopped_mid_session).toEqual(['master-risk']);
  });

  it('denies the orders RISK_UNAVAILABLE from the stop on, and none reaches the venue', () => {
    const unavailable = r.record.riskUnavailable;
    expect(unavailable.length).toBeGreaterThan(5);
    const from = Math.min(...unavailable.map((b) => b.step));
    expect(from).toBeGreaterThanOrEqual(STOP_AT);
    expect(from).toBeLessThan(STOP_AT + 10); // a terminated process drains for a moment first
    for (const b of unavailable) for (const d of b.decisions) expect([decisionFromWire(d.decision), reasonFromWire(d.reason)]).toEqual(['denied', 'RISK_UNAVAILABLE']);
    // master-risk decided nothing after the step it was stopped in
    const approved = new Map<string, number>();
    for (const b of r.record.decisions) {
      expect(b.step).toBeLessThanOrEqual(from);
      for (const d of b.decisions) if (decisionFromWire(d.decision) !== 'denied') approved.set(d.orderId, b.step);
    }
    expect(approved.size).toBeGreaterThan(10); // it traded before the stop
    // every fill is of an approved order, and orders fill on the step after their decision at the latest
    expect(r.record.fills.length).toBeGreaterThan(10);
    for (const f of r.record.fills) {
      expect(approved.has(f.parentId), f.parentId).toBe(true);
      expect(f.step).toBeLessThanOrEqual(from + 1);
    }
  });

  it('lists the RISK_UNAVAILABLE denials in firm/decisions.csv and says so in the report', () => {
    const rows = r.files.get('firm/decisions.csv')!.trim().split('\n').slice(1);
    const denied = rows.filter((l) => l.split(',')[6] === 'RISK_UNAVAILABLE');
    const orders = r.record.riskUnavailable.reduce((n, b) => n + b.decisions.length, 0);
    expect(denied).toHaveLength(orders);
    const summary = JSON.parse(r.files.get('summary.json')!) as { risk: { risk_unavailable: { orders: number; from_step: number; note: string }; denials_by_reason: Record<string, number> } };
    expect(summary.risk.risk_unavailable.orders).toBe(orders);
    expect(summary.risk.denials_by_reason.RISK_UNAVAILABLE).toBe(orders);
    const note = `master-risk unavailable from step ${summary.risk.risk_unavailable.from_step}`;
    expect(summary.risk.risk_unavailable.note).toMatch(new RegExp(`^${note} \\(\\d{4}-\\d\\d-\\d\\d\\): ${orders} orders denied RISK_UNAVAILABLE$`));
    expect(r.files.get('report.html')).toContain(note);
  });
});
