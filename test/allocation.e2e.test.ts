import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { D, decText, type AtriumConfig, type Dec } from '@atrium/domain';
import { sideFromWire, type Bodies } from '@atrium/wire';
import { Bus, loadConfigFile, readAudit, rootLogger, subjectsFor, type AuditRecord } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { tempDir, testBroker, type TestBroker } from '@atrium/testkit';
import { reportTable, sharesFromSplits } from './report-tables.js';

const CONFIG = fileURLToPath(new URL('../examples/institution.yaml', import.meta.url));

interface Summary {
  allocation: {
    weights: { seq: number; date: string; method: string; weights: Record<string, number>; capital: Record<string, string>; unallocated: number }[];
    accounts: Record<string, Record<string, { target_share: number; allocated_share: number; blocks: number }>>;
  };
}

/** PMs none of whose strategies may go short (allow_short, parsed as allowShort, is false by default). */
const longOnlyPms = (config: AtriumConfig) => config.pms.filter((p) => !JSON.stringify(p.strategies).includes('"allowShort":true')).map((p) => p.id);

describe('examples/institution.yaml: block splits and weight decisions, recorded in JetStream', () => {
  let broker: TestBroker;
  let config: AtriumConfig;
  let run: BacktestResult;
  let outDir: string;
  let summary: Summary;
  let audit: AuditRecord[];

  beforeAll(async () => {
    broker = await testBroker();
    config = loadConfigFile(CONFIG);
    outDir = tempDir();
    run = await runBacktest({ config, outDir, log: rootLogger('warn'), natsUrl: broker.url });
    summary = JSON.parse(run.files.get('summary.json')!) as Summary;
    const bus = await Bus.connect({ url: broker.url, name: 'test reader', log: rootLogger('error') });
    const s = subjectsFor(config.firm.id);
    audit = await readAudit(bus.nc, s.auditStream, [s.allocWeights, s.allocSplitDone]);
    await bus.close();
  }, 180_000);

  afterAll(async () => broker?.stop());

  it('never leaves an account of a long-only PM short: sells that reduce are split by holdings', () => {
    const longOnly = longOnlyPms(config);
    expect(longOnly).toEqual(['trend', 'momentum']);
    const fills = [...run.record.fills].sort((a, b) => a.step - b.step);
    const pos = new Map<string, Dec>();
    const add = (key: string, q: Dec) => pos.set(key, (pos.get(key) ?? new D(0)).plus(q));
    let sells = 0;
    for (let i = 0; i < fills.length; i++) {
      const f = fills[i]!;
      if (!longOnly.includes(f.pmId)) continue;
      const q = sideFromWire(f.side) === 'buy' ? new D(f.qty) : new D(f.qty).neg();
      if (q.isNeg()) sells += 1;
      add(`${f.pmId}/${f.accountId}/${f.symbol}`, q);
      add(`${f.pmId}/*/${f.symbol}`, q);
      if (fills[i + 1]?.step === f.step) continue;
      // at the end of every step: the PM is long or flat (it is long-only) and so is each of its accounts
      for (const [key, qty] of pos) expect(qty.isNeg(), `${key} holds ${decText(qty)} after step ${f.step}`).toBe(false);
    }
    expect(sells).toBeGreaterThan(50);
  });

  it('records every weight decision in JetStream with a Nats-Msg-Id, equal to the report\'s weights', () => {
    const decisions = audit.flatMap((r) => (r.message.kind === 'capitalWeights' ? [{ r, body: r.message.body }] : []));
    expect(decisions.length).toBe(summary.allocation.weights.length);
    expect(decisions.length).toBe(35);
    for (const { r } of decisions) expect(r.natsMsgId).toBe(r.message.meta.msgId);
    const fromAudit = decisions.map(({ body: w }) => ({
      seq: w.seq,
      date: w.date,
      method: w.method,
      weights: Object.fromEntries(w.weights.map((x) => [x.pmId, x.weight])),
      capital: Object.fromEntries(w.weights.map((x) => [x.pmId, x.capital])),
      unallocated: w.unallocated,
    }));
    expect(fromAudit).toEqual(summary.allocation.weights.map(({ seq, date, method, weights, capital, unallocated }) => ({ seq, date, method, weights, capital, unallocated })));
  });

  it('records the inputs of a weight decision: the report\'s last-decision table shows the recorded figures', () => {
    const last = audit.flatMap((r) => (r.message.kind === 'capitalWeights' ? [r.message.body] : [])).at(-1)!;
    const i = last.inputs!;
    expect(last.method).toBe('inverse_vol');
    expect(i.observations).toBe(63);
    const t = reportTable(run.files.get('report.html')!, `last decision, after ${last.date}: inverse_vol over 63 returns`);
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    expect(t.rows).toEqual(last.weights.map((w, k) => [w.pmId, pct(i.volatility[k]! * Math.sqrt(252)), pct(i.trailingReturn[k]!), pct(i.drawdown[k]!), pct(i.target[k]!), pct(w.weight), pct(i.riskContribution[k]!)]));
    // inverse volatility: each target is 1/σ normalised
    const inv = i.volatility.map((v) => 1 / v);
    const sum = inv.reduce((a, b) => a + b, 0);
    i.target.forEach((w, k) => expect(w).toBeCloseTo(inv[k]! / sum, 12));
  });

  it('records every split in JetStream with its inputs; the report\'s per-account shares follow from those records', () => {
    const splits = audit.flatMap((r) => (r.message.kind === 'splitReply' ? [{ r, body: r.message.body }] : []));
    for (const { r } of splits) expect(r.natsMsgId).toBe(r.message.meta.msgId);
    const bodies: Bodies['splitReply'][] = splits.map((x) => x.body);
    expect(bodies.length).toBe(run.record.splits.length);
    for (const pm of config.pms) {
      const blocks = bodies.filter((b) => b.pmId === pm.id).flatMap((b) => b.results.filter((x) => !x.error)).length;
      const shares = sharesFromSplits(bodies.filter((b) => b.pmId === pm.id));
      for (const a of pm.accounts) {
        const got = summary.allocation.accounts[pm.id]![a.id]!;
        expect(got.blocks, `${pm.id}/${a.id}`).toBe(blocks);
        expect(got.allocated_share, `${pm.id}/${a.id}`).toBeCloseTo(shares.allocated.get(a.id) ?? 0, 9);
        expect(got.target_share, `${pm.id}/${a.id}`).toBeCloseTo(shares.target.get(a.id) ?? 0, 9);
      }
    }
  });

  it('records a reducing split\'s inputs (holdings) and outputs, and each account\'s trades show its allocation', () => {
    const bodies = audit.flatMap((r) => (r.message.kind === 'splitReply' ? [r.message.body] : []));
    const trend = bodies.filter((b) => b.pmId === 'trend');
    // a sell of trend's that only reduces, with the accounts holding unlike their capitals (60:40)
    const found = trend.flatMap((b) => b.results.map((x) => ({ x, input: b.inputs.find((it) => it.order?.orderId === x.orderId)! }))).find(({ x, input }) => x.reducing !== '' && x.reducing !== '0' && new D(x.reducing).eq(input.order!.qty) && x.allocations.length === 2);
    expect(found, 'a reducing split of trend').toBeDefined();
    const { x, input } = found!;
    expect(sideFromWire(input.order!.side)).toBe('sell');
    const held = new Map(input.accounts.map((a) => [a.accountId, new D(a.position)]));
    const total = [...held.values()].reduce((s, h) => s.plus(h), new D(0));
    for (const a of x.allocations) {
      // within one share of the account's holding's quota, and never more than it holds
      expect(new D(a.qty).minus(new D(input.order!.qty).times(held.get(a.accountId)!).div(total)).abs().lt(1)).toBe(true);
      expect(new D(a.qty).lte(held.get(a.accountId)!)).toBe(true);
      const trades = readFileSync(join(outDir, 'trend', 'accounts', a.accountId, 'trades.csv'), 'utf8').split('\n').filter((l) => l.split(',')[2] === x.orderId);
      expect(trades.map((l) => l.split(',')[5])).toEqual([a.qty]);
    }
  });
});
