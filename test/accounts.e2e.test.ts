import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D, decText } from '@atrium/domain';
import { loadConfigFile, rootLogger } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { CLI, tempDir, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

/**
 * A blotter through two accounts with different lot methods (f: fifo and long only, h: hifo, with a
 * warn rule) and a blotter directed at a third account (s: specific lots, AAA prohibited), on prices
 * chosen so that every figure below is worked by hand. Commission $0.01 a share, no slippage; a
 * blotter row is an order decided on its date (at the close) that fills at the next date's open,
 * sent once: what an account refuses is not sent again.
 *
 *   date        AAA open  BBB open  pooled AAA blotter (f/h 50:50)      directed BBB blotter (s)
 *   2020-01-06     10        20     buy 200                            buy 100
 *   2020-01-07     10        20     buy 200    → fills 100+100 @ 10    buy 100   → fills @ 20 (BBB-1)
 *   2020-01-08     12        22     buy 200    → fills 100+100 @ 12    sell 150 BBB-2;BBB-1 → fills @ 22 (BBB-2)
 *   2020-01-09     11        25     sell 300   → fills 100+100 @ 11    sell 10 BBB-7 (no such lot: refused) → 150 fills @ 25
 *   2020-01-10     13        25                → 150+150 @ 13
 *   2020-01-13     10        25     sell 400: a flip of the PM's 300 to −100. The 300 that reduce
 *                                  go by holdings (f 150, h 150); f is long only, so the 100 that
 *                                  open a short go all to h
 *   2020-01-14      9        25                → f sells 150 @ 9 (flat); h sells 250 @ 9: closes
 *                                                150, opens a short lot of 100
 *
 * The refused BBB-7 sale is never sent again (a re-sent sale without its lot ids would have sold
 * 10 of BBB-1 by fifo on 01-13).
 */
const PRICES: [string, number, number, number][] = [
  ['2020-01-06', 10, 20, 100],
  ['2020-01-07', 10, 20, 101],
  ['2020-01-08', 12, 22, 102],
  ['2020-01-09', 11, 25, 101],
  ['2020-01-10', 13, 25, 103],
  ['2020-01-13', 10, 25, 104],
  ['2020-01-14', 9, 25, 105],
];
const bar = (date: string, sym: string, p: number) => `${date},${p},${p},${p},${p},100000,${sym}`;
const CSV = ['date,open,high,low,close,volume,Name', ...PRICES.flatMap(([d, a, b, spy]) => [bar(d, 'AAA', a), bar(d, 'BBB', b), bar(d, 'SPY', spy)])].join('\n') + '\n';
const POOLED = 'date,symbol,side,qty\n2020-01-06,AAA,buy,200\n2020-01-07,AAA,buy,200\n2020-01-08,AAA,buy,200\n2020-01-09,AAA,sell,300\n2020-01-13,AAA,sell,400\n';
const PICKS = 'date,symbol,side,qty,lot_ids\n2020-01-06,BBB,buy,100,\n2020-01-07,BBB,buy,100,\n2020-01-08,BBB,sell,150,BBB-2;BBB-1\n2020-01-09,BBB,sell,10,BBB-7\n';
const CONFIG = `
firm: { id: lots, capital: 400000 }
data: { source: csv, format: long, path: prices.csv }
execution: { slippage_bps: 0, commission: { per_share: 0.01 } }
pms:
  - id: desk
    capital: 300000
    tags: [tax]
    benchmark: SPY
    strategies:
      - { id: pooled, type: scheduled_orders, params: { file: pooled.csv } }
      - { id: picks, type: scheduled_orders, params: { file: picks.csv, account: s } }
    accounts:
      - { id: f, capital: 100000, client: alice, tags: [alice], tax_lot_method: fifo, restrictions: { long_only: true } }
      - { id: h, capital: 100000, client: alice, tags: [alice], tax_lot_method: hifo, compliance: [ { rule: max_position_pct, pct: 1.5, severity: warn } ], benchmark: SPY }
      - { id: s, capital: 100000, tax_lot_method: specific, restrictions: { prohibited_symbols: [AAA] } }
  - id: idle
    capital: 100000
groups:
  - { id: book, pms: [desk, idle], currency: USD, benchmark: SPY, tags: [house] }
  - { id: trading, pms: [desk], tags: [house] }
`;

const rows = (text: string | undefined) => (text ?? '').trim().split('\n');
const json = (r: BacktestResult, path: string) => JSON.parse(r.files.get(path)!) as Record<string, unknown>;

describe('accounts: tax lots, compliance, wash sales, benchmarks and tags in a backtest', () => {
  let broker: TestBroker;
  let inProcess: BacktestResult;
  let pmApart: BacktestResult;
  let tagged: BacktestResult;
  let configPath: string;

  beforeAll(async () => {
    broker = await testBroker();
    const dir = tempDir();
    writeTemp('prices.csv', CSV, dir);
    writeTemp('pooled.csv', POOLED, dir);
    writeTemp('picks.csv', PICKS, dir);
    configPath = writeTemp('firm.yaml', CONFIG, dir);
    const config = loadConfigFile(configPath);
    const log = rootLogger('warn');
    inProcess = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url });
    pmApart = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url, separate: ['pm'] });
    tagged = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url, tag: 'tax' });
  }, 180_000);

  afterAll(async () => {
    await broker?.stop();
  });

  it('fifo: the 01-10 sale of 150 relieves the 10.01 lot and half the 12.01 lot; the 01-14 sale the rest, at a loss', () => {
    expect(rows(inProcess.files.get('desk/accounts/f/realized.csv'))).toEqual([
      'date,symbol,lot_id,qty,unit_cost,price,pnl,term,open_date,holding_days',
      // 100 × 13 − 1.00 commission − 1001 cost; 50 × 13 − 0.50 − 600.50
      '2020-01-10,AAA,AAA-1,100,10.01,13,298,short_term,2020-01-07,3',
      '2020-01-10,AAA,AAA-2,50,12.01,13,49,short_term,2020-01-08,2',
      // 50 × 9 − 0.50 − 600.50; 100 × 9 − 1.00 − 1101
      '2020-01-14,AAA,AAA-2,50,12.01,9,-151,short_term,2020-01-08,6',
      '2020-01-14,AAA,AAA-3,100,11.01,9,-202,short_term,2020-01-09,5',
    ]);
    // long only: f sold what it held and took none of the short
    expect(rows(inProcess.files.get('desk/accounts/f/lots.csv'))).toEqual(['symbol,lot_id,open_date,qty,unit_cost']);
  });

  it('hifo: the same sale relieves the 12.01 lot and half the 11.01 lot; the 01-14 sale closes the rest at a loss and opens a short lot', () => {
    expect(rows(inProcess.files.get('desk/accounts/h/realized.csv'))).toEqual([
      'date,symbol,lot_id,qty,unit_cost,price,pnl,term,open_date,holding_days',
      '2020-01-10,AAA,AAA-2,100,12.01,13,98,short_term,2020-01-08,2',
      '2020-01-10,AAA,AAA-3,50,11.01,13,99,short_term,2020-01-09,1',
      // 250 @ 9, commission 2.50 spread by quantity: 0.50 + 1.00 closing, 1.00 opening the short
      '2020-01-14,AAA,AAA-3,50,11.01,9,-101,short_term,2020-01-09,5',
      '2020-01-14,AAA,AAA-1,100,10.01,9,-102,short_term,2020-01-07,7',
    ]);
    expect(rows(inProcess.files.get('desk/accounts/h/lots.csv'))).toEqual(['symbol,lot_id,open_date,qty,unit_cost', 'AAA,AAA-4,2020-01-14,-100,8.99']);
    // the report's table shows when each lot part was opened and how long it was held
    expect(inProcess.files.get('desk/accounts/h/report.html')).toMatch(/<th[^>]*>opened<\/th><th[^>]*>days held<\/th>/);
    expect(inProcess.files.get('desk/accounts/h/report.html')).toMatch(/<td[^>]*>2020-01-14<\/td><td>AAA<\/td><td>AAA-1<\/td><td[^>]*>2020-01-07<\/td><td[^>]*>7<\/td>/);
  });

  it('specific: the directed blotter sells the lots it names, in the order named, and only in its account', () => {
    expect(rows(inProcess.files.get('desk/accounts/s/realized.csv'))).toEqual([
      'date,symbol,lot_id,qty,unit_cost,price,pnl,term,open_date,holding_days',
      '2020-01-09,BBB,BBB-2,100,22.01,25,298,short_term,2020-01-08,1',
      '2020-01-09,BBB,BBB-1,50,20.01,25,249,short_term,2020-01-07,2',
    ]);
    expect(rows(inProcess.files.get('desk/accounts/s/lots.csv'))).toEqual(['symbol,lot_id,open_date,qty,unit_cost', 'BBB,BBB-1,2020-01-07,50,20.01']);
    for (const a of ['f', 'h']) expect(inProcess.files.get(`desk/accounts/${a}/trades.csv`)).not.toMatch(/BBB/);
  });

  it('keeps the open lots equal to the positions of every account (a view of the same fills)', () => {
    for (const a of ['f', 'h', 's']) {
      const lots = new Map<string, D>();
      for (const r of rows(inProcess.files.get(`desk/accounts/${a}/lots.csv`)).slice(1)) {
        const [symbol, , , qty] = r.split(',');
        lots.set(symbol!, (lots.get(symbol!) ?? new D(0)).plus(qty!));
      }
      const positions = rows(inProcess.files.get(`desk/accounts/${a}/positions.csv`)).slice(1).map((r) => r.split(',').slice(0, 2).join(','));
      expect([...lots].map(([s, q]) => `${s},${decText(q)}`), a).toEqual(positions);
    }
  });

  it('puts realised and unrealised P&L in performance.json, and they add up to the account\'s P&L', () => {
    // realised: f 298 + 49 − 151 − 202; h 98 + 99 − 101 − 102; s 298 + 249. Unrealised at the last
    // close (AAA 9, BBB 25): f flat; h −100 × 9 + 899; s 50 × 25 − 1000.5
    const expected: Record<string, [string, string]> = { f: ['-6', '0'], h: ['-6', '-1'], s: ['547', '249.5'] };
    for (const [a, [realized, unrealized]] of Object.entries(expected)) {
      const p = json(inProcess, `desk/accounts/${a}/performance.json`);
      expect([p.realized_pnl, p.unrealized_pnl], a).toEqual([realized, unrealized]);
      expect(decText(new D(realized).plus(unrealized)), a).toBe(decText(new D(p.final_equity as string).minus(100000)));
    }
  });

  it('refuses what compliance forbids, naming the account and the rule, and lists every refusal in the account report', () => {
    // f is long only, and the PM never asks it to go short: in the 01-13 flip it sells its 150 and
    // no share of the new short, so it has nothing to refuse
    expect(rows(inProcess.files.get('desk/accounts/f/compliance.csv')).slice(1)).toEqual([]);
    // h's warn rule (max_position_pct 1.5%) records the buys that take AAA past it, and lets them through:
    // 200 × 10 = 2000 of equity 99,999 (01-07); 300 × 12 = 3600 of 97,798 cash + 200 × 12 (01-08)
    expect(rows(inProcess.files.get('desk/accounts/h/compliance.csv')).slice(1)).toEqual([
      '2020-01-07,account,desk-1-1-h,AAA,buy,100,max_position_pct,pms[0].accounts[1].compliance[0],warn,warned,ACCOUNT_MAX_POSITION,2%,1.5%,"account h: position 200 AAA (2000) would be 2% of equity 99999, above 1.5% (pms[0].accounts[1].compliance[0], warn)"',
      '2020-01-08,account,desk-2-1-h,AAA,buy,100,max_position_pct,pms[0].accounts[1].compliance[0],warn,warned,ACCOUNT_MAX_POSITION,3.5929%,1.5%,"account h: position 300 AAA (3600) would be 3.5929% of equity 100198, above 1.5% (pms[0].accounts[1].compliance[0], warn)"',
    ]);
    expect(rows(inProcess.files.get('desk/accounts/h/trades.csv')).filter((r) => r.startsWith('2020-01-08,') || r.startsWith('2020-01-09,'))).toHaveLength(2);
    const s = rows(inProcess.files.get('desk/accounts/s/compliance.csv')).slice(1);
    // the PM leaves s out of every AAA block before the split (it may not buy AAA and holds none to sell) …
    expect(s.filter((r) => r.includes(',pre_split,')).map((r) => r.split(',').slice(0, 3).join(','))).toEqual(
      // one per pooled row: blotter rows are sent once
      ['2020-01-06,pre_split,desk-0-1', '2020-01-07,pre_split,desk-1-1', '2020-01-08,pre_split,desk-2-1', '2020-01-09,pre_split,desk-3-1', '2020-01-13,pre_split,desk-5-1'],
    );
    // … and refuses a sale naming a lot it does not have
    expect(s.filter((r) => r.includes(',account,'))).toEqual([
      '2020-01-09,account,desk-3-2-s,BBB,sell,10,specific_lots,,hard,refused,ACCOUNT_INVALID_LOT,BBB-7,,account s: lot BBB-7 does not exist (open lots in BBB: BBB-1)',
    ]);
    expect(inProcess.files.get('desk/accounts/s/report.html')).toContain('lot BBB-7 does not exist');
    const summary = json(inProcess, 'summary.json') as { pms: Record<string, { accounts: Record<string, { compliance: object; tax_lot_method: string }> }> };
    expect(summary.pms.desk!.accounts.s).toMatchObject({ tax_lot_method: 'specific', compliance: { refused: 1, excluded: 5, warned: 0 } });
  });

  it('warns of wash sales across the accounts of one client, not blocking them', () => {
    // h's losses on 01-14 (AAA-3 and AAA-1, bought 01-09 and 01-07); alice (f and h) bought AAA within
    // 30 days. A purchase counts for what this sale did not relieve of it: f's three fills (01-07,
    // 01-08, 01-09), h's 01-08 fill and the 50 of h's 01-09 fill this sale left (h's 01-07 fill it
    // closed in full does not): 5 purchases, the nearest on 01-09 (f before h on a tie).
    expect(rows(inProcess.files.get('desk/accounts/h/wash_sales.csv'))).toEqual([
      'date,symbol,lot_id,loss,buy_account,buy_date,buy_qty,buy_fill_id,days_apart,purchases',
      '2020-01-14,AAA,AAA-3,-101,desk/f,2020-01-09,100,desk-2-1-f-f,-5,5',
      '2020-01-14,AAA,AAA-1,-102,desk/f,2020-01-09,100,desk-2-1-f-f,-5,5',
    ]);
    // f's losses on 01-14 (AAA-2, AAA-3): h's three fills, f's 01-07 fill and the 50 of its 01-08 fill
    // this sale did not relieve (its 01-09 fill it closed in full does not count): the nearest, h's 01-09
    expect(rows(inProcess.files.get('desk/accounts/f/wash_sales.csv'))).toEqual([
      'date,symbol,lot_id,loss,buy_account,buy_date,buy_qty,buy_fill_id,days_apart,purchases',
      '2020-01-14,AAA,AAA-2,-151,desk/h,2020-01-09,100,desk-2-1-h-f,-5,5',
      '2020-01-14,AAA,AAA-3,-202,desk/h,2020-01-09,100,desk-2-1-h-f,-5,5',
    ]);
    expect(inProcess.files.get('desk/accounts/h/report.html')).toContain('Wash-sale warnings');
  });

  it('compares the PM and an account with their benchmark', () => {
    for (const path of ['desk/performance.json', 'desk/accounts/h/performance.json']) {
      const b = json(inProcess, path).benchmark as Record<string, unknown>;
      expect(Object.keys(b)).toEqual(['symbol', 'benchmark_return', 'excess_return', 'alpha', 'beta', 'tracking_error', 'information_ratio']);
      expect(b.benchmark_return).toBeCloseTo(105 / 100 - 1, 12);
    }
    expect(rows(inProcess.files.get('desk/benchmark.csv')).slice(0, 3)).toEqual(['date,benchmark_close,benchmark_equity', '2020-01-06,100,300000.00', '2020-01-07,101,303000.00']);
    expect(json(inProcess, 'desk/accounts/f/performance.json')).not.toHaveProperty('benchmark');
  });

  it('compares a group with its benchmark like a PM: the figures, the line and benchmark.csv', () => {
    const b = json(inProcess, 'groups/book/performance.json').benchmark as Record<string, unknown>;
    expect([b.symbol, Object.keys(b)]).toEqual(['SPY', ['symbol', 'benchmark_return', 'excess_return', 'alpha', 'beta', 'tracking_error', 'information_ratio']]);
    expect(b.benchmark_return).toBeCloseTo(105 / 100 - 1, 12);
    // the group's capital (desk 300,000 + idle 100,000) invested in SPY at the first close
    expect(rows(inProcess.files.get('groups/book/benchmark.csv')).slice(0, 3)).toEqual(['date,benchmark_close,benchmark_equity', '2020-01-06,100,400000.00', '2020-01-07,101,404000.00']);
    expect(inProcess.files.get('groups/book/report.html')).toContain('Benchmark SPY');
    expect(inProcess.files.has('groups/trading/benchmark.csv')).toBe(false);
  });

  it('groups PMs and accounts by tag in summary.json and the consolidated report', () => {
    type Tagged = Record<string, { members: string[]; capital: string; final_equity: string }>;
    const byTag = json(inProcess, 'summary.json').by_tag as { pms: Tagged; accounts: Tagged; groups: Tagged };
    expect(byTag.pms.tax!.members).toEqual(['desk']);
    expect([byTag.accounts.alice!.members, byTag.accounts.alice!.capital]).toEqual([['desk/f', 'desk/h'], '200000']);
    // groups by their tags, over the PMs they hold, each once (desk is in both groups)
    expect([byTag.groups.house!.members, byTag.groups.house!.capital]).toEqual([['book', 'trading'], '400000']);
    const book = json(inProcess, 'groups/book/performance.json');
    expect(byTag.groups.house!.final_equity).toBe(book.final_equity);
    expect(inProcess.files.get('report.html')).toContain('id="accounts-by-tag"');
    expect(inProcess.files.get('report.html')).toContain('id="groups-by-tag"');
  });

  it('--tag runs the tagged PMs alone, the firm holding only their capital', () => {
    const s = json(tagged, 'summary.json') as { firm: { capital: string }; pms: Record<string, unknown> };
    expect([s.firm.capital, Object.keys(s.pms)]).toEqual(['300000', ['desk']]);
    expect(tagged.files.get('desk/accounts/h/realized.csv')).toBe(inProcess.files.get('desk/accounts/h/realized.csv'));
  });

  it('gives byte-identical reports with the PM service in its own process', () => {
    expect([...pmApart.files.keys()].sort()).toEqual([...inProcess.files.keys()].sort());
    for (const [path, text] of inProcess.files) expect(pmApart.files.get(path), path).toBe(text);
  });

  it('rejects an unknown --tag (exit 2) and a benchmark the data does not hold, naming the PM, account or group', () => {
    const noTag = spawnSync(process.execPath, [CLI, 'backtest', configPath, '--tag', 'nope', '-q', '--out', tempDir()], { encoding: 'utf8' });
    expect([noTag.status, noTag.stderr]).toEqual([2, expect.stringContaining('--tag nope: no PM has this tag (PM tags in this config: tax)')]);
    const bad = writeTemp('bad.yaml', CONFIG.replace('path: prices.csv }', 'path: prices.csv, symbols: [AAA, BBB, SPY] }').replace('benchmark: SPY }', 'benchmark: QQQ }'), configPath.replace(/firm\.yaml$/, ''));
    const r = spawnSync(process.execPath, [CLI, 'validate', bad], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, expect.stringContaining('pms[0].accounts[1].benchmark: QQQ not in the data (data symbols: AAA, BBB, SPY)')]);
    // without data.symbols the benchmark is loaded like a traded symbol: the file must hold it
    const unlisted = writeTemp('unlisted.yaml', CONFIG.replace('benchmark: SPY }', 'benchmark: QQQ }'), configPath.replace(/firm\.yaml$/, ''));
    const u = spawnSync(process.execPath, [CLI, 'backtest', unlisted, '-q', '--out', tempDir()], { encoding: 'utf8' });
    expect([u.status, u.stderr]).toEqual([1, expect.stringContaining('prices.csv: symbol not in the file: QQQ (QQQ is the benchmark of account desk/h)')]);
    // synthetic data would make up any symbol: a benchmark must be one it generates; and a group's
    // currency is held to the firm's one currency like a PM's
    const synthetic = writeTemp('synthetic.yaml', [
      'firm: { id: t, capital: 200000 }',
      'data: { source: synthetic, seed: 5, start: 2016-01-01, end: 2016-03-31 }',
      'pms: [ { id: desk, capital: 200000, currency: USD, benchmark: NOPE1, strategies: [ { id: s, type: scheduled_orders, params: { orders: [ { date: 2016-01-04, symbol: TECH1, side: buy, qty: 1 } ] } } ] } ]',
      'groups: [ { id: g1, pms: [desk], currency: GBP, benchmark: CONS1 } ]',
    ].join('\n'), configPath.replace(/firm\.yaml$/, ''));
    const v = spawnSync(process.execPath, [CLI, 'validate', synthetic], { encoding: 'utf8' });
    expect(v.status).toBe(2);
    for (const line of [
      'pms[0].benchmark: NOPE1 not in the data (the benchmark of PM desk): synthetic data without data.symbols holds only the symbols the strategies trade (TECH1); list NOPE1 in data.symbols to generate it',
      'groups[0].currency: GBP differs from USD (pms[0].currency): one currency per firm (mixed currencies are not supported yet)',
      'groups[0].benchmark: CONS1 not in the data (the benchmark of group g1)',
    ]) expect(v.stderr).toContain(line);
  });
});
