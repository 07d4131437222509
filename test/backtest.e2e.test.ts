import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D, decText, type Dec } from '@atrium/domain';
import { decodeMessage, decisionFromWire, sideFromWire } from '@atrium/wire';
import { Bus, loadConfigFile, rootLogger, subjectsFor } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { connz, tempDir, testBroker, writeTemp, type ConnInfo, type TestBroker } from '@atrium/testkit';

const FIRM = 'e2e2pm';
const CONFIG = `
firm: { id: ${FIRM}, capital: 2000000 }
data: { source: synthetic, seed: 11, start: 2016-01-01, end: 2016-07-31 }
execution: { slippage_bps: 5, commission: { per_share: 0.005 } }
risk: { firm: { max_gross_exposure: 900000, max_single_name_pct: 15, max_order_notional: 300000 } }
allocation: { method: inverse_vol, rebalance: monthly, lookback: 20 }
pms:
  - id: pm-a
    capital: 1000000
    limits: { max_position_pct: 30 }
    strategies:
      - { id: fast, type: sma_crossover, symbols: [TECH1, TECH2, FIN1], params: { fast: 3, slow: 10, allow_short: true }, sizing: { type: percent_equity, percent: 12 } }
    accounts: [ { id: a1, capital: 700000 }, { id: a2, capital: 300000 } ]
  - id: pm-b
    capital: 1000000
    strategies:
      - { id: mr, type: mean_reversion, symbols: [TECH1, FIN1, FIN2], params: { lookback: 10, entry_threshold: 1, allow_short: true }, sizing: { type: fixed_shares, shares: 1500 } }
    accounts: [ { id: b1, capital: 500000 }, { id: b2, capital: 250000 }, { id: b3, capital: 250000 } ]
`;

const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x42]);

function positionsOf(list: readonly { symbol: string; qty: string }[]): Map<string, Dec> {
  return new Map(list.map((p) => [p.symbol, new D(p.qty)]));
}
function sameBook(a: Map<string, Dec>, b: Map<string, Dec>): boolean {
  const keys = new Set([...a.keys(), ...b.keys()]);
  for (const k of keys) if (!(a.get(k) ?? new D(0)).eq(b.get(k) ?? new D(0))) return false;
  return true;
}
function decisionSign(side: number): number {
  return sideFromWire(side) === 'buy' ? 1 : -1;
}
function sum(maps: Map<string, Dec>[]): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const m of maps) for (const [k, v] of m) out.set(k, (out.get(k) ?? new D(0)).plus(v));
  return out;
}

describe('a two-PM backtest over NATS with master-risk and analytics in their own processes', () => {
  let broker: TestBroker;
  let observer: Bus;
  let first: BacktestResult;
  let second: BacktestResult;
  const seenByA: string[] = [];
  const seenByBAccounts: string[] = [];
  let conns: ConnInfo[] = [];
  const garbageReplies: string[] = [];

  beforeAll(async () => {
    broker = await testBroker({ monitor: true });
    const configPath = writeTemp('firm.yaml', CONFIG);
    const config = loadConfigFile(configPath);
    const log = rootLogger('warn');
    observer = await Bus.connect({ url: broker.url, name: 'test observer', log });
    const s = subjectsFor(FIRM);
    const record = (into: string[]) => (_e: unknown, m: { data: Uint8Array }) => {
      try {
        into.push(JSON.stringify(decodeMessage(m.data)));
      } catch {
        into.push('(garbage)'); // what this test itself injects
      }
    };
    observer.nc.subscribe(s.pm('pm-a').all, { callback: record(seenByA) });
    // what B's accounts receive: their step's placements, fills and marks (one message per PM on
    // the PM's accts subjects) and their own cancels and compliance records
    observer.nc.subscribe(`${s.pm('pm-b').prefix}.accts.>`, { callback: record(seenByBAccounts) });
    observer.nc.subscribe(`${s.pm('pm-b').prefix}.acct.>`, { callback: record(seenByBAccounts) });
    await observer.flush();

    let injected: Promise<void> | undefined;
    first = await runBacktest({
      config,
      outDir: tempDir(),
      log,
      natsUrl: broker.url,
      separate: ['master-risk', 'analytics'],
      onProgress: (step) => {
        if (step !== 10 || injected) return;
        injected = (async () => {
          conns = await connz(broker.monitorUrl!);
          observer.nc.publish(s.mdStep, garbage);
          for (const subject of [s.pm('pm-a').placements, s.pm('pm-a').riskCheck, s.pm('pm-b').allocSplit]) {
            const reply = await observer.nc.request(subject, garbage, { timeout: 5000 });
            const m = decodeMessage(reply.data);
            garbageReplies.push(m.kind === 'error' ? m.body.code : m.kind);
          }
        })();
      },
    });
    await injected;
    second = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url });
  }, 180_000);

  afterAll(async () => {
    await observer?.close();
    await broker?.stop();
  });

  it('gives byte-identical reports from two runs (one with a service in another process and garbage on the wire)', () => {
    expect([...first.files.keys()].sort()).toEqual([...second.files.keys()].sort());
    for (const [path, text] of first.files) expect(second.files.get(path), path).toBe(text);
    expect(first.files.size).toBeGreaterThan(20);
  });

  it('logs, counts and drops garbage: every request gets an error reply and the actors keep working', () => {
    expect(garbageReplies).toEqual(['bad_message', 'bad_message', 'bad_message']);
    const counters = first.run.counters as Record<string, Record<string, number>>;
    expect(counters['pm/pm-a']!.bad_messages).toBeGreaterThanOrEqual(2); // market data + a placement
    expect(counters['pm/pm-b']!.bad_messages).toBeGreaterThanOrEqual(1); // market data
    expect(counters['master-risk']!.bad_messages).toBeGreaterThanOrEqual(2); // market data + a check
    expect(counters['allocation']!.bad_messages).toBeGreaterThanOrEqual(2); // market data + a split
    expect((second.run.counters as Record<string, Record<string, number>>)['pm/pm-a']!.bad_messages ?? 0).toBe(0);
  });

  it('trades, and every fill belongs to a block order master-risk approved', () => {
    const approved = new Set<string>();
    for (const batch of first.record.decisions) for (const d of batch.decisions) if (decisionFromWire(d.decision) !== 'denied') approved.add(d.orderId);
    expect(first.record.fills.length).toBeGreaterThan(20);
    for (const f of first.record.fills) expect(approved.has(f.parentId), f.parentId).toBe(true);
    const summary = JSON.parse(first.files.get('summary.json')!) as { risk: { denied: number } };
    expect(summary.risk.denied).toBeGreaterThan(0); // the limits bind sometimes
  });

  it('isolates PMs: PM A\'s namespace carries only A\'s traffic and B\'s accounts receive nothing of A\'s', () => {
    expect(seenByA.length).toBeGreaterThan(100);
    expect(seenByBAccounts.length).toBeGreaterThan(50);
    for (const m of seenByA) expect(m).not.toMatch(/pm-b|"b[123]"/);
    for (const m of seenByBAccounts) expect(m).not.toMatch(/pm-a|"a[12]"/);
  });

  it('subscribes each PM connection only to its own namespace and the subjects it is granted', () => {
    const pmConns = conns.filter((c) => c.name?.startsWith('atrium pm/'));
    expect(pmConns.map((c) => c.name).sort()).toEqual(['atrium pm/pm-a', 'atrium pm/pm-b']);
    for (const c of pmConns) expect(c.subscriptions_list, c.name).toContain(`inst.${FIRM}.risk.pm.${c.name!.slice('atrium pm/'.length)}.evt.state`);
    for (const c of pmConns) {
      const pm = c.name!.slice('atrium pm/'.length);
      const allowed = [
        `inst.${FIRM}.md.evt.step`,
        `inst.${FIRM}.ctl.cmd.lifecycle`,
        `inst.${FIRM}.ctl.pm.${pm}.qry.status`,
        `inst.${FIRM}.alloc.pm.${pm}.evt.capital`,
        `inst.${FIRM}.risk.pm.${pm}.evt.state`, // its trading state by an operator's command
      ];
      for (const sub of c.subscriptions_list ?? []) {
        const ok = allowed.includes(sub) || sub.startsWith(`inst.${FIRM}.pm.${pm}.`) || sub.startsWith(`_INBOX.${FIRM}.${pm}.`);
        expect(ok, `${c.name} subscribes ${sub}`).toBe(true);
      }
    }
  });

  it('reconciles at every step the positions the actors report: accounts sum to their PM, PMs to master-risk\'s firm book, cash + positions = equity', () => {
    const r = first.record;
    const T = r.totalSteps;
    expect(T).toBeGreaterThan(100);
    // Each actor's own book as it reported it: every position on its first and last report, in
    // between those its fills changed (a closed one flat). Marked as books mark: at the step's
    // close, a symbol without a bar keeping the last price reported or marked.
    type Reported = { qty: Map<string, Dec>; mark: Map<string, Dec> };
    const reported = new Map<string, Reported>();
    const take = (key: string, t: number, x: { positions: readonly { symbol: string; qty: string; lastPrice: string }[]; positionsChangedOnly: boolean }, closes: Map<string, Dec>): Reported => {
      const b = reported.get(key) ?? reported.set(key, { qty: new Map(), mark: new Map() }).get(key)!;
      expect(x.positionsChangedOnly, `${key} step ${t}: every position on the first and last step only`).toBe(t !== 0 && t !== T - 1);
      if (!x.positionsChangedOnly) b.qty.clear();
      for (const p of x.positions) {
        const q = new D(p.qty);
        if (q.isZero()) b.qty.delete(p.symbol);
        else b.qty.set(p.symbol, q);
        if (!q.isZero()) b.mark.set(p.symbol, new D(p.lastPrice));
      }
      for (const sym of b.qty.keys()) if (closes.has(sym)) b.mark.set(sym, closes.get(sym)!);
      return b;
    };
    const valueOf = (b: Reported) => [...b.qty].reduce((v, [sym, q]) => v.plus(q.times(b.mark.get(sym)!)), new D(0));

    // and, independently, every book rebuilt from the fill log
    const fromFills = new Map<string, Map<string, Dec>>();
    const fillBook = (key: string) => fromFills.get(key) ?? fromFills.set(key, new Map()).get(key)!;
    const fills = [...r.fills].sort((a, b) => a.step - b.step || (a.fillId < b.fillId ? -1 : 1));
    const filledAt = new Set(fills.map((x) => `${x.pmId}/${x.accountId}@${x.step}`).concat(fills.map((x) => `${x.pmId}@${x.step}`)));
    let f = 0;
    let changedReports = 0;
    let quietReports = 0;
    for (let t = 0; t < T; t++) {
      for (; f < fills.length && fills[f]!.step <= t; f++) {
        const x = fills[f]!;
        for (const key of [x.pmId, `${x.pmId}/${x.accountId}`]) {
          const q = (fillBook(key).get(x.symbol) ?? new D(0)).plus(new D(x.qty).times(decisionSign(x.side)));
          if (q.isZero()) fillBook(key).delete(x.symbol);
          else fillBook(key).set(x.symbol, q);
        }
      }
      const closes = new Map(r.bars[t]!.map((bar) => [bar.symbol, new D(bar.close)]));
      const pmBooks: Map<string, Dec>[] = [];
      for (const [pm, accts] of [['pm-a', ['a1', 'a2']], ['pm-b', ['b1', 'b2', 'b3']]] as const) {
        const done = r.pmSteps.get(pm)![t]!;
        const pmBook = take(pm, t, done, closes);
        const accountBooks: Map<string, Dec>[] = [];
        for (const a of accts) {
          const key = `${pm}/${a}`;
          const x = r.accountSteps.get(key)![t]!;
          const b = take(key, t, x, closes);
          // the account's own positions, marked, are its net; cash + positions = equity
          expect(decText(valueOf(b)), `${key} net step ${t}`).toBe(decText(new D(x.net)));
          expect(decText(new D(x.cash).plus(valueOf(b))), `${key} cash + positions step ${t}`).toBe(decText(new D(x.equity)));
          expect(sameBook(b.qty, fillBook(key)), `${key} positions = its fills, step ${t}`).toBe(true);
          // positions are sent only when fills changed them
          if (x.positionsChangedOnly) {
            expect(x.positions.length > 0, `${key} sent positions at step ${t}`).toBe(filledAt.has(`${key}@${t}`));
            if (x.positions.length) changedReports++;
            else quietReports++;
          }
          accountBooks.push(b.qty);
        }
        expect(sameBook(sum(accountBooks), pmBook.qty), `${pm}: its accounts' positions sum to its own, step ${t}`).toBe(true);
        expect(decText(valueOf(pmBook)), `${pm} net step ${t}`).toBe(decText(new D(done.net)));
        expect(sameBook(pmBook.qty, fillBook(pm)), `${pm} positions = its fills, step ${t}`).toBe(true);
        if (done.positionsChangedOnly) expect(done.positions.length > 0, `${pm} sent positions at step ${t}`).toBe(filledAt.has(`${pm}@${t}`));
        pmBooks.push(pmBook.qty);
      }
      // master-risk keeps the firm book from the same fill events, independently
      expect(sameBook(sum(pmBooks), positionsOf(r.riskBooks[t]!.exposures)), `PMs sum to master-risk's firm book, step ${t}`).toBe(true);
    }
    expect(f).toBe(fills.length);
    expect(changedReports).toBeGreaterThan(20);
    expect(quietReports).toBeGreaterThan(changedReports); // most closes carry no position
  });

});
