import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionFromWire, reasonFromWire } from '@atrium/wire';
import { loadConfigFile, rootLogger } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { CLI, tempDir, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

const FIRM = 'pmstate';
const DAYS = 60;
/** business days from 2016-01-04 */
const dates = (() => {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(2016, 0, 4)); out.length < DAYS; d.setUTCDate(d.getUTCDate() + 1)) if (d.getUTCDay() % 6 !== 0) out.push(d.toISOString().slice(0, 10));
  return out;
})();
/** AAA at 100, then 80 from step 10 on (flat): dd, 90% in AAA, is 18% under its peak from step 10 */
const CSV = ['date,open,high,low,close,volume,Name', ...dates.flatMap((d, t) => [`${d},${t < 10 ? 100 : 80},${t < 10 ? 100 : 80},${t < 10 ? 100 : 80},${t < 10 ? 100 : 80},1000000,AAA`, `${d},50,50,50,50,1000000,BBB`])].join('\n');
const RESUME_AT = 20;
const HALT_AT = 32;
const REDUCE_AT = 44;
const CONFIG = `
firm: { id: ${FIRM}, capital: 1000000 }
data: { source: csv, path: prices.csv }
execution: { slippage_bps: 0, commission: { per_share: 0 } }
pms:
  - id: dd
    capital: 100000
    limits: { max_drawdown_pct: 10 }
    strategies:
      - { id: blotter, type: scheduled_orders, params: { orders: [ { date: ${dates[0]}, symbol: AAA, side: buy, qty: 900 }, ${dates.slice(12).map((d) => `{ date: ${d}, symbol: AAA, side: buy, qty: 10 }`).join(', ')} ] } }
  - id: other
    capital: 100000
    strategies:
      - { id: blotter, type: scheduled_orders, params: { orders: [ ${dates.map((d) => `{ date: ${d}, symbol: BBB, side: buy, qty: 5 }`).join(', ')} ] } }
`;

describe('PM trading state over the wire: the PM\'s own drawdown, master-risk\'s view, and operator commands the PM obeys', () => {
  let broker: TestBroker;
  let r: BacktestResult;
  const commands: string[] = [];

  beforeAll(async () => {
    broker = await testBroker();
    const dir = tempDir();
    writeTemp('prices.csv', CSV, dir);
    const config = loadConfigFile(writeTemp('firm.yaml', CONFIG, dir));
    // `atrium risk … --pm dd` from another process, while this one (venue, PMs) is held: the
    // command goes to master-risk in its own process, which tells the PM; the PM obeys on the
    // next step it plans
    const atrium = (step: number, action: string) => {
      const res = spawnSync(process.execPath, [CLI, 'risk', action, '--pm', 'dd', '--firm', FIRM, '--nats', broker.url, '--reason', `step ${step}`], { encoding: 'utf8', env: { ...process.env, NATS_URL: '' } });
      commands.push(`${res.status} ${res.stdout.trim().split('\n')[0]}`);
    };
    const at = new Map([[RESUME_AT, 'resume'], [HALT_AT, 'halt'], [REDUCE_AT, 'reduce']]);
    r = await runBacktest({
      config,
      outDir: join(dirname(config.sourcePath!), 'out'),
      log: rootLogger('error'),
      natsUrl: broker.url,
      separate: ['master-risk'],
      onProgress: (step) => {
        const action = at.get(step);
        if (action) atrium(step, action);
        at.delete(step);
      },
    });
  }, 240_000);
  afterAll(async () => broker?.stop());

  /** [state, first step] of each run of one state in a PM's step_done */
  const runs = (pm: string) => {
    const out: [string, number][] = [];
    r.record.pmSteps.get(pm)!.forEach((d, t) => {
      if (out.at(-1)?.[0] !== d.tradingState) out.push([d.tradingState, t]);
    });
    return out;
  };

  it('takes each command from the CLI', () => {
    expect(commands).toEqual(['0 PM dd ACTIVE: step 20', '0 PM dd HALTED: step 32', '0 PM dd REDUCING: step 44']);
  });

  it('goes REDUCING on its own max_drawdown_pct, and obeys resume, halt and reduce from the next step it plans', () => {
    const seen = runs('dd');
    expect(seen.map(([s]) => s)).toEqual(['ACTIVE', 'REDUCING', 'ACTIVE', 'HALTED', 'REDUCING']);
    expect(seen[1]![1]).toBe(10); // 18% under its peak at step 10's close
    for (const [i, at] of [[2, RESUME_AT], [3, HALT_AT], [4, REDUCE_AT]] as const) expect([at, at + 1]).toContain(seen[i]![1]);
    expect(runs('other')).toEqual([['ACTIVE', 0]]);
  });

  it('re-arms the drawdown on resume: ACTIVE at 18% under the old peak, and buying again', () => {
    const resumed = runs('dd')[2]![1];
    const afterResume = r.record.pmSteps.get('dd')!.slice(resumed, runs('dd')[3]![1]);
    expect(afterResume.every((d) => d.tradingState === 'ACTIVE' && Number(d.equity) < 90_000)).toBe(true);
    const buys = r.record.decisions.filter((b) => b.pmId === 'dd' && b.step >= resumed && b.step < runs('dd')[3]![1]).flatMap((b) => b.decisions);
    expect(buys.length).toBeGreaterThan(0);
    expect(buys.every((d) => decisionFromWire(d.decision) === 'approved')).toBe(true);
    // while REDUCING the PM withheld each day's buy of 10 (a blotter row is an order, sent once:
    // a withheld row is not sent later); the first order after the resume is that day's row
    const first = r.record.decisions.find((b) => b.pmId === 'dd' && b.step >= runs('dd')[1]![1] && b.orders.length > 0)!;
    expect([resumed - 1, resumed]).toContain(first.step);
    expect(first.orders.map((o) => o.qty)).toEqual(['10']);
  });

  it('sends no orders while REDUCING with nothing to reduce, nor while HALTED, but tells master-risk of each change', () => {
    const [, [, reducing], [, resumed], [, halted], [, reduced]] = runs('dd');
    const dd = r.record.decisions.filter((b) => b.pmId === 'dd');
    const inside = (from: number, to: number) => dd.filter((b) => b.step >= from && b.step < to);
    // one order-less batch at each change the PM made or obeyed, nothing else (a command that
    // lands while the PM is deciding a step shows in that step's step_done: the PM plans in it
    // from the next step, so the step it landed on may still have carried an order)
    expect(inside(reducing, resumed).map((b) => [b.step, b.orders.length])).toEqual([[reducing, 0]]);
    for (const [from, to] of [[halted, reduced], [reduced, DAYS]]) {
      const batches = inside(from, to).filter((b) => b.orders.length === 0 || b.step > from);
      expect(batches.map((b) => b.orders.length), `steps ${from}-${to}`).toEqual([0]);
      expect([from, from + 1]).toContain(batches[0]!.step);
    }
  });

  it('shows the PM\'s state in master-risk\'s book and alerts each change with its reason', () => {
    const [, [, reducing], [, resumed]] = runs('dd');
    const bookState = (t: number) => r.record.riskBooks[t]!.pms.find((p) => p.pmId === 'dd')!.state;
    expect(bookState(reducing)).toBe('ACTIVE'); // the book of step 10 is made before the PM plans it
    for (let t = reducing + 1; t <= resumed - 1; t++) expect(bookState(t), `step ${t}`).toBe('REDUCING');
    const alerts = r.record.riskAlerts.filter((a) => a.scope === 'dd').map((a) => `${a.kind} ${a.state} ${reasonFromWire(a.reason)}`);
    expect(alerts).toEqual(['STATE_CHANGED REDUCING PM_DRAWDOWN', 'STATE_CHANGED ACTIVE OK', 'STATE_CHANGED HALTED PM_HALTED', 'STATE_CHANGED REDUCING PM_REDUCING']);
    expect(r.record.riskAlerts.find((a) => a.scope === 'dd')!.message).toBe('PM dd REDUCING (reported by the PM): drawdown 18.00% from its peak reached limit 10% (max_drawdown_pct)');
  });
});
