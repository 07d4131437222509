import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFromWire, reasonFromWire, sideToWire, type Bodies } from '@atrium/wire';
import { Bus, loadConfigFile, MetaFactory, readAudit, rootLogger, subjectsFor } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { loadMarketData } from '@atrium/venue';
import { tempDir, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

const FIRM = 'rogue';
/** steps at which the rogue submits (quiet places nothing then, so its barrier is not disturbed) */
const ROGUE_STEPS = [10, 15, 20, 25, 30, 35, 40, 45];
/** busy also buys on the rogue's steps: the venue's step then waits for its risk, split and placement round trips */
const config = (rogueDates: readonly string[]) => `
firm: { id: ${FIRM}, capital: 2000000 }
data: { source: synthetic, seed: 5, start: 2016-01-04, end: 2016-04-29 }
risk: { firm: { max_gross_exposure: 1500000 } }
pms:
  - id: busy
    capital: 1000000
    strategies:
      - { id: fast, type: sma_crossover, symbols: [TECH1, FIN1], params: { fast: 3, slow: 8, allow_short: true }, sizing: { type: fixed_shares, shares: 800 } }
      - { id: blotter, type: scheduled_orders, params: { orders: [ ${rogueDates.map((d) => `{ date: ${d}, symbol: FIN2, side: buy, qty: 10 }`).join(', ')} ] } }
    accounts: [ { id: b1, capital: 600000 }, { id: b2, capital: 400000 } ]
  - id: quiet
    capital: 1000000
    strategies:
      - { id: once, type: scheduled_orders, params: { orders: [ { date: 2016-01-05, symbol: TECH2, side: buy, qty: 100 } ] } }
    accounts: [ { id: q1, capital: 1000000 } ]
`;

describe('the venue fills only child orders master-risk approved', () => {
  let broker: TestBroker;
  let clean: BacktestResult;
  let dirty: BacktestResult;
  const rogueIds: string[] = [];
  let audit: { fills: Bodies['fill'][]; cancels: Bodies['orderCanceled'][] };

  beforeAll(async () => {
    broker = await testBroker();
    const dates = loadMarketData(loadConfigFile(writeTemp('firm.yaml', config(['2016-01-05'])))).steps.map((st) => st.date);
    const cfg = loadConfigFile(writeTemp('firm.yaml', config(ROGUE_STEPS.map((t) => dates[t]!))));
    const log = rootLogger('error');
    clean = await runBacktest({ config: cfg, outDir: tempDir(), log, natsUrl: broker.url });

    // a rogue on its own connection publishes child orders straight onto quiet's accounts' submissions
    // subject, the moment a step's market data is out: no block order behind them was approved
    const s = subjectsFor(FIRM);
    const rogue = await Bus.connect({ url: broker.url, name: 'rogue', log });
    const meta = new MetaFactory('rogue', 'pm/quiet/q1', `pm.quiet.acct.q1`);
    rogue.subscribe(s.mdStep, (msg) => {
      if (msg.kind !== 'marketStep' || !ROGUE_STEPS.includes(msg.body.step)) return;
      const step = msg.body.step;
      const order = (childId: string, parentId: string, symbol: string) => ({ childId, parentId, pmId: 'quiet', accountId: 'q1', symbol, side: sideToWire('buy'), qty: '500', step });
      const orders = [
        order(`rogue-${step}-a`, `made-up-${step}`, 'TECH1'), // a block order nobody approved
        order(`rogue-${step}-b`, `busy-${step}-1`, 'TECH1'), // another PM's order id: not quiet's approval
      ];
      rogueIds.push(...orders.map((o) => o.childId));
      rogue.publish(s.pm('quiet').submissions, meta.next({ key: `rogue-${step}` }), 'submissions', { pmId: 'quiet', step, batches: [{ pmId: 'quiet', accountId: 'q1', step, orders }] });
    });
    await rogue.flush();
    dirty = await runBacktest({ config: cfg, outDir: tempDir(), log, natsUrl: broker.url });
    await rogue.close();

    const reader = await Bus.connect({ url: broker.url, name: 'test reader', log });
    const log2 = await readAudit(reader.nc, s.auditStream, [s.anyPmFills, s.anyAccountCanceled]);
    await reader.close();
    audit = {
      fills: log2.flatMap((x) => (x.message.kind === 'fillBatch' ? x.message.body.fills : [])),
      cancels: log2.flatMap((x) => (x.message.kind === 'orderCanceled' ? [x.message.body] : [])),
    };
  }, 240_000);
  afterAll(async () => broker?.stop());

  it('refuses every rogue child order NOT_APPROVED on its account\'s subject, and fills none of them', () => {
    expect(rogueIds).toHaveLength(ROGUE_STEPS.length * 2);
    const refused = dirty.record.cancels.filter((c) => rogueIds.includes(c.childId));
    if (process.env.ATRIUM_TEST_FACTS) console.info(JSON.stringify(refused.map((c) => `${c.childId} ${reasonFromWire(c.reason)}`)));
    expect(refused.map((c) => c.childId).sort()).toEqual([...rogueIds].sort());
    expect(refused.every((c) => c.pmId === 'quiet' && c.accountId === 'q1')).toBe(true);
    // the rogue races the venue's step (it cannot hold it): one that arrives after the step is
    // over is refused STALE_STEP before its approval is looked at; the rest must be NOT_APPROVED
    const reasons = refused.map((c) => `${c.childId.slice(-1)} ${reasonFromWire(c.reason)}`);
    for (const r of reasons) expect(r).toMatch(/ (NOT_APPROVED|STALE_STEP)$/);
    expect(reasons.filter((r) => r === 'a NOT_APPROVED').length, 'made-up parents refused NOT_APPROVED').toBeGreaterThan(ROGUE_STEPS.length / 2);
    expect(reasons.filter((r) => r === 'b NOT_APPROVED').length, 'another PM\'s parents refused NOT_APPROVED').toBeGreaterThan(ROGUE_STEPS.length / 2);
    for (const c of refused) if (reasonFromWire(c.reason) === 'NOT_APPROVED') expect(c.message).toMatch(/has no approval from master-risk this step/);
    const rogueInAudit = audit.cancels.filter((c) => rogueIds.includes(c.childId));
    expect(rogueInAudit.length).toBe(rogueIds.length); // recorded in the JetStream audit log too
    for (const f of [...dirty.record.fills, ...audit.fills]) expect(rogueIds).not.toContain(f.childId);
    for (const b of dirty.record.accepted) for (const o of b.orders) expect(rogueIds).not.toContain(o.childId);
  });

  it('still fills the approved orders, every fill under a block order master-risk approved', () => {
    const approved = new Set<string>();
    for (const batch of dirty.record.decisions) for (const d of batch.decisions) if (decisionFromWire(d.decision) !== 'denied') approved.add(`${batch.pmId}/${d.orderId}`);
    expect(dirty.record.fills.filter((f) => f.pmId === 'busy').length).toBeGreaterThan(20);
    for (const f of dirty.record.fills) expect(approved.has(`${f.pmId}/${f.parentId}`), f.parentId).toBe(true);
  });

  it('leaves the run\'s results as they were without the rogue, but for the refusals it counts', () => {
    expect([...dirty.files.keys()].sort()).toEqual([...clean.files.keys()].sort());
    for (const [path, text] of clean.files) if (path !== 'summary.json') expect(dirty.files.get(path), path).toBe(text);
    const summary = (files: Map<string, string>) => JSON.parse(files.get('summary.json')!) as { orders: { cancels: Record<string, number> } };
    const a = summary(clean.files);
    const b = summary(dirty.files);
    const stale = (x: typeof a) => x.orders.cancels.STALE_STEP ?? 0;
    expect((b.orders.cancels.NOT_APPROVED ?? 0) + stale(b) - stale(a)).toBe(rogueIds.length);
    delete b.orders.cancels.NOT_APPROVED;
    if (stale(a)) b.orders.cancels.STALE_STEP = stale(a);
    else delete b.orders.cancels.STALE_STEP;
    expect(b).toEqual(a);
  });
});
