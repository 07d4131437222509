import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { riskContributions } from '@atrium/domain';
import { reasonFromWire } from '@atrium/wire';
import { loadConfigFile, rootLogger } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { tempDir, testBroker, type TestBroker } from '@atrium/testkit';
import { reportTable, sharesFromSplits } from './report-tables.js';

/** A report cell such as "12.34%" as a fraction. */
const percent = (cell: string) => Number(cell.replace(/%$/, '')) / 100;

const CONFIG = fileURLToPath(new URL('../examples/risk-parity.yaml', import.meta.url));

interface Summary {
  allocation: {
    method: string;
    weights: { date: string; method: string; note: string; weights: Record<string, number>; capital: Record<string, string>; unallocated: number }[];
    accounts: Record<string, Record<string, { configured_share: number; target_share: number; allocated_share: number; filled_share: number; odd_lots: number; blocks: number; blocks_offered: number }>>;
  };
  orders: { cancels: Record<string, number> };
}

describe('examples/risk-parity.yaml: PM capital follows monthly risk parity', () => {
  let broker: TestBroker;
  let inProcess: BacktestResult;
  let separate: BacktestResult;
  let summary: Summary;

  beforeAll(async () => {
    broker = await testBroker();
    const config = loadConfigFile(CONFIG);
    const log = rootLogger('warn');
    inProcess = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url });
    separate = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url, separate: ['allocation', 'venue'] });
    summary = JSON.parse(inProcess.files.get('summary.json')!) as Summary;
  }, 240_000);

  afterAll(async () => {
    await broker?.stop();
  });

  it('decides weights once a month, by risk parity once 42 returns exist (equal weight before, with the reason)', () => {
    const w = summary.allocation.weights;
    expect(summary.allocation.method).toBe('risk_parity');
    expect(w.length).toBe(23); // month ends from January 2015 to November 2016 (December's is the last step)
    expect(new Set(w.map((x) => x.date.slice(0, 7))).size).toBe(w.length);
    expect(w[0]!.method).toBe('equal_weight');
    expect(w[0]!.note).toMatch(/returns of history < lookback 42/);
    expect(w.filter((x) => x.method === 'risk_parity').length).toBeGreaterThanOrEqual(15);
    for (const x of w) {
      const total = Object.values(x.weights).reduce((s, v) => s + v, 0);
      expect(total + x.unallocated).toBeCloseTo(1, 9);
    }
  });

  it('records the inputs of each decision; risk parity targets have equal risk contributions over the recorded covariance', () => {
    const decisions = inProcess.record.weights.filter((x) => x.method === 'risk_parity');
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      const i = d.inputs!;
      const n = d.weights.length;
      expect(i.observations).toBe(42);
      expect(i.covariance).toHaveLength(n * n);
      const cov = Array.from({ length: n }, (_, r) => i.covariance.slice(r * n, r * n + n));
      for (const rc of riskContributions(i.target, cov)) expect(Math.abs(rc - 1 / n)).toBeLessThan(1e-9);
      expect(i.residual).toBeLessThanOrEqual(1e-10);
      expect(i.policy).toBe('risk_parity rebalance monthly lookback 42 min_weight 0.1 max_weight 0.5 max_turnover 0.3 drawdown_reduction 12% × 0.5');
    }
  });

  it('shows the weights over time and each account\'s allocated against target share in the report', () => {
    const html = inProcess.files.get('report.html')!;
    expect(html).toContain('Capital weights over time');
    expect(html).toContain('Block splits across accounts');
    expect(html).toContain('PM momentum: split custom, lot 1, min 5 lots, odd lots to house-m');
    for (const [pm, accounts] of Object.entries(summary.allocation.accounts)) {
      for (const [acct, a] of Object.entries(accounts)) {
        expect(Math.abs(a.allocated_share - a.target_share), `${pm}/${acct}`).toBeLessThan(0.002);
        expect(a.blocks_offered, `${pm}/${acct}`).toBe(a.blocks); // every account was offered every block
        // a block that reduces positions is owed by holdings, which follow the configured shares up to lot rounding
        expect(Math.abs(a.target_share - a.configured_share), `${pm}/${acct}`).toBeLessThan(0.001);
      }
    }
    // rotation shares the odd lots; the remainder account takes them all
    const trend = summary.allocation.accounts['trend']!;
    expect(Math.abs(trend['pension-a']!.odd_lots - trend['endowment-b']!.odd_lots)).toBeLessThanOrEqual(1);
    expect(summary.allocation.accounts['momentum']!['family-c']!.odd_lots).toBe(0);
    expect(summary.allocation.accounts['momentum']!['house-m']!.odd_lots).toBeGreaterThan(0);
  });

  it('shows in the report\'s weights table the weights of summary.json, decision by decision', () => {
    const pms = Object.keys(summary.allocation.accounts);
    const t = reportTable(inProcess.files.get('report.html')!, 'capital weights decided after each date');
    expect(t.header).toEqual(['date', 'method', ...pms]);
    expect(t.rows.length).toBe(summary.allocation.weights.length);
    t.rows.forEach((row, k) => {
      const w = summary.allocation.weights[k]!;
      expect(row.slice(0, 2)).toEqual([w.date, w.method]);
      // the table shows percentages to two places: each within half a unit of the last place
      pms.forEach((pm, j) => expect(Math.abs(percent(row[2 + j]!) - w.weights[pm]!), `${w.date} ${pm}: ${row[2 + j]}`).toBeLessThanOrEqual(0.00005 + 1e-12));
    });
    // and summary.json's weights are allocation's decisions as recorded
    expect(summary.allocation.weights.map((w) => w.weights)).toEqual([...inProcess.record.weights].sort((a, b) => a.seq - b.seq).map((w) => Object.fromEntries(w.weights.map((x) => [x.pmId, x.weight]))));
  });

  it('shows each account\'s allocated and target shares as worked out from the run\'s splits', () => {
    const html = inProcess.files.get('report.html')!;
    for (const [pm, accounts] of Object.entries(summary.allocation.accounts)) {
      const shares = sharesFromSplits(inProcess.record.splits.filter((x) => x.pmId === pm));
      const t = reportTable(html, `PM ${pm}: split `);
      expect(t.header.slice(0, 4)).toEqual(['account', 'configured', 'target', 'allocated']);
      expect(t.rows.map((r) => r[0])).toEqual(Object.keys(accounts));
      for (const row of t.rows) {
        const [acct, , target, allocated] = row as [string, string, string, string];
        const want = { target: shares.target.get(acct) ?? 0, allocated: shares.allocated.get(acct) ?? 0 };
        expect(accounts[acct]!.target_share, `${pm}/${acct}`).toBeCloseTo(want.target, 9);
        expect(accounts[acct]!.allocated_share, `${pm}/${acct}`).toBeCloseTo(want.allocated, 9);
        expect(Math.abs(percent(target) - want.target), `${pm}/${acct} target ${target}`).toBeLessThanOrEqual(0.00005 + 1e-12);
        expect(Math.abs(percent(allocated) - want.allocated), `${pm}/${acct} allocated ${allocated}`).toBeLessThanOrEqual(0.00005 + 1e-12);
      }
    }
  });

  it('fills in part at the volume limit, at one price for every account of a block', () => {
    expect(summary.orders.cancels['VOLUME_LIMIT']).toBeGreaterThan(0);
    const limited = new Set(inProcess.record.cancels.filter((c) => reasonFromWire(c.reason) === 'VOLUME_LIMIT').map((c) => c.parentId));
    const partial = inProcess.record.fills.filter((f) => limited.has(f.parentId));
    expect(partial.length).toBeGreaterThan(0);
    const prices = new Map<string, Set<string>>();
    for (const f of inProcess.record.fills) prices.set(f.parentId, (prices.get(f.parentId) ?? new Set()).add(f.price));
    for (const [parent, set] of prices) expect(set.size, parent).toBe(1);
  });

  it('writes byte-identical reports with allocation and the venue in their own processes', () => {
    expect([...separate.files.keys()].sort()).toEqual([...inProcess.files.keys()].sort());
    for (const [path, text] of inProcess.files) expect(separate.files.get(path), path).toBe(text);
  });
});
