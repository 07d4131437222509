import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { parseConfig } from '@atrium/domain';
import { rootLogger } from '@atrium/runtime';
import { runBacktest } from '@atrium/institution';
import { hasSharedData, sharedData, tempDir, testBroker, type TestBroker } from '@atrium/testkit';

/**
 * A single PM with one account must give the same final equity, closed-trade count and fills as
 * backtrader on the same data, strategy and conventions (next-open fills, per-share or bps
 * commission, bps slippage on the open, uncapped). The reference figures come from
 * test/reference/backtrader_reference.py (see test/reference/backtrader.json for provenance).
 */
const reference = JSON.parse(readFileSync(new URL('./reference/backtrader.json', import.meta.url), 'utf8')) as {
  scenarios: Record<string, { file: string; start: string; end: string; fast: number; slow: number; shares: number; commission: { kind: string; value: number }; slippage_bps: number; final_equity: number; closed_trades: number; executed_orders: number; fills_first5: { date: string; side: string; price: number }[]; fills_last5: { date: string; side: string; price: number }[]; open_position_at_end: { size: number } }>;
};
const symbolOf = (file: string) => file.slice(0, 4).toUpperCase();

describe.skipIf(!hasSharedData('backtrader'))('parity with backtrader', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await testBroker();
  });
  afterAll(async () => broker.stop());

  it.each(Object.entries(reference.scenarios))('scenario %s: same final equity, closed trades and fills', async (id, sc) => {
    const sym = symbolOf(sc.file);
    const commission = sc.commission.kind === 'per_share' ? `{ per_share: ${sc.commission.value} }` : `{ bps: ${sc.commission.value * 10_000} }`;
    const yaml = `
firm: { id: parity-${id}, capital: 100000 }
data: { source: csv, format: yahoo, path: ${sharedData(`backtrader/${sc.file}`)}, symbols: [${sym}], start: ${sc.start}, end: ${sc.end} }
execution: { slippage_bps: ${sc.slippage_bps}, commission: ${commission} }
pms:
  - id: solo
    capital: 100000
    strategies:
      - { id: x, type: sma_crossover, symbols: [${sym}], params: { fast: ${sc.fast}, slow: ${sc.slow} }, sizing: { type: fixed_shares, shares: ${sc.shares} } }
    accounts: [ { id: acct, capital: 100000 } ]
`;
    const config = parseConfig(yaml, { baseDir: '/' });
    const r = await runBacktest({ config, outDir: tempDir(), log: rootLogger('warn'), natsUrl: broker.url });
    const perf = JSON.parse(r.files.get('solo/performance.json')!) as { final_equity: string; round_trips: number; fills: number };
    expect(Number(perf.final_equity)).toBeCloseTo(sc.final_equity, 6);
    expect(perf.round_trips).toBe(sc.closed_trades);
    expect(perf.fills).toBe(sc.executed_orders);
    // the account is the PM here: same figures
    const acct = JSON.parse(r.files.get('solo/accounts/acct/performance.json')!) as { final_equity: string };
    expect(acct.final_equity).toBe(perf.final_equity);
    // first and last fills: same dates, sides and prices
    const rows = r.files.get('solo/accounts/acct/trades.csv')!.trim().split('\n').slice(1).map((l) => l.split(','));
    const asFill = (c: string[]) => ({ date: c[0], side: c[4], price: Number(c[6]) });
    const ours = rows.map(asFill);
    for (const [theirs, mine] of [
      [sc.fills_first5, ours.slice(0, 5)],
      [sc.fills_last5, ours.slice(-5)],
    ] as const) {
      expect(mine.map((f) => [f.date, f.side])).toEqual(theirs.map((f) => [f.date, f.side]));
      mine.forEach((f, i) => expect(f.price).toBeCloseTo(theirs[i]!.price, 8));
    }
    const pos = r.files.get('solo/positions.csv')!.trim().split('\n')[1]?.split(',');
    expect(Number(pos?.[1] ?? 0)).toBe(sc.open_position_at_end.size);
  });
});
