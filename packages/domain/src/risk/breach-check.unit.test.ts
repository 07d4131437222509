import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { findRiskBreaches, type ApprovedOrder, type StepBook } from './breach-check.js';
import { measureLimits, type UsageContext } from './limit-usage.js';
import type { FirmLimits } from './firm-check.js';

const d = (n: number) => new D(n);
const ctx = (limits: FirmLimits): UsageContext => ({ limits, firmCapital: d(1_000_000), sectorOf: (s) => (s.startsWith('T') ? 'tech' : 'energy') });
const pos = (symbol: string, qty: number, price: number) => ({ symbol, qty: d(qty), price: d(price) });
const book = (step: number, firm: ReturnType<typeof pos>[], pms: StepBook['pms'] = []): StepBook => ({ step, firm, pms });
const buy = (step: number, pmId: string, symbol: string, qty: number, price: number, orderId = `${pmId}-${step}-${symbol}`): ApprovedOrder => ({ step, orderId, pmId, symbol, side: 'buy', qty: d(qty), price: d(price) });
const sell = (...a: Parameters<typeof buy>): ApprovedOrder => ({ ...buy(...a), side: 'sell' });

const summary = (r: ReturnType<typeof findRiskBreaches>) => ({
  active: r.active.map((b) => `${b.step} ${b.orderId} ${b.limit} ${b.scope} ${decText(b.before)}→${decText(b.value)} > ${decText(b.limitValue)}`),
  passive: r.passive.map((b) => `${b.step} ${b.limit} ${b.scope} ${decText(b.value)} > ${decText(b.limitValue)}`),
  steps: r.passiveSteps,
});

describe('findRiskBreaches', () => {
  it.each<[string, FirmLimits, StepBook[], ApprovedOrder[], string[], string[]]>([
    ['approvals within the gross limit', { maxGrossExposure: d(20_000) }, [book(0, [])], [buy(0, 'a', 'T1', 100, 100), buy(0, 'b', 'T2', 100, 100)], [], []],
    ['two approvals that together cross gross', { maxGrossExposure: d(15_000) }, [book(0, [])], [buy(0, 'a', 'T1', 100, 100), buy(0, 'b', 'T2', 100, 100)], ['0 b-0-T2 max_gross_exposure firm 10000→20000 > 15000'], []],
    ['a sell counts at its worst: it may never fill', { maxGrossExposure: d(10_000) }, [book(0, [pos('T1', 100, 100)])], [sell(0, 'a', 'T1', 50, 100), buy(0, 'b', 'T2', 1, 100)], ['0 b-0-T2 max_gross_exposure firm 10000→10100 > 10000'], []],
    ['a sell through flat adds short exposure', { maxGrossExposure: d(10_000) }, [book(0, [pos('T1', 100, 100)])], [sell(0, 'a', 'T1', 250, 100)], ['0 a-0-T1 max_gross_exposure firm 10000→15000 > 10000'], []],
    ['net long', { maxNetExposure: d(5_000) }, [book(0, [])], [buy(0, 'a', 'T1', 60, 100)], ['0 a-0-T1 max_net_exposure firm 0→6000 > 5000'], []],
    ['net short', { maxNetExposure: d(5_000) }, [book(0, [])], [sell(0, 'a', 'T1', 60, 100)], ['0 a-0-T1 max_net_exposure firm 0→6000 > 5000'], []],
    ['single name in % of capital', { maxSingleNamePct: d(1) }, [book(0, [pos('T1', 60, 100)])], [buy(0, 'a', 'T1', 50, 100)], ['0 a-0-T1 max_single_name_pct T1 6000→11000 > 10000'], []],
    ['single name notional', { maxSingleNameNotional: d(10_000) }, [book(0, [])], [buy(0, 'a', 'E1', 1001, 10)], ['0 a-0-E1 max_single_name_notional E1 0→10010 > 10000'], []],
    ['sector', { maxSectorPct: d(1) }, [book(0, [pos('T1', 60, 100)])], [buy(0, 'a', 'T2', 50, 100), buy(0, 'a', 'E1', 500, 10)], ['0 a-0-T2 max_sector_pct tech 6000→11000 > 10000'], []],
    ['order notional', { maxOrderNotional: d(5_000) }, [book(0, [])], [buy(0, 'a', 'T1', 51, 100)], ['0 a-0-T1 max_order_notional a-0-T1 0→5100 > 5000'], []],
    ['orders per step', { maxOrdersPerStep: 1 }, [book(0, [])], [buy(0, 'a', 'T1', 1, 100), buy(0, 'a', 'T2', 1, 100), buy(0, 'b', 'T3', 1, 100)], ['0 a-0-T2 max_orders_per_step a 1→2 > 1'], []],
    ['a PM cap', {}, [book(0, [pos('T1', 100, 100)], [{ pmId: 'b', positions: [pos('T1', 100, 100)], cap: d(5_000) }])], [buy(0, 'a', 'T2', 100, 100), buy(0, 'b', 'E1', 10, 10)], ['0 b-0-E1 pm_capital_cap b 10000→10100 > 5000'], ['0 pm_capital_cap b 10000 > 5000']],
    ['prices carry a book over: passive, and reducing orders are fine', { maxGrossExposure: d(15_000) }, [book(0, [pos('T1', 100, 100)]), book(1, [pos('T1', 100, 200)])], [sell(1, 'a', 'T1', 100, 200)], [], ['1 max_gross_exposure firm 20000 > 15000']],
    ['adding to a passive breach is active', { maxGrossExposure: d(15_000) }, [book(1, [pos('T1', 100, 200)])], [buy(1, 'a', 'E1', 1, 10)], ['1 a-1-E1 max_gross_exposure firm 20000→20010 > 15000'], ['1 max_gross_exposure firm 20000 > 15000']],
    ['reservations end with their step', { maxGrossExposure: d(10_000) }, [book(0, []), book(1, [])], [buy(0, 'a', 'T1', 100, 100), buy(1, 'a', 'T1', 100, 100)], [], []],
    ['every passive scope is listed', { maxSingleNameNotional: d(1_000) }, [book(3, [pos('T1', 20, 100), pos('E1', 200, 10), pos('T2', 5, 100)])], [], [], ['3 max_single_name_notional E1 2000 > 1000', '3 max_single_name_notional T1 2000 > 1000']],
  ])('%s', (_n, limits, books, approvals, active, passive) => {
    const r = summary(findRiskBreaches({ ctx: ctx(limits), books, approvals }));
    expect(r.active).toEqual(active);
    expect(r.passive).toEqual(passive);
    expect(r.steps).toBe(new Set(passive.map((p) => p.split(' ')[0])).size);
  });

  it.each([
    ['within the limits', 25_000, 0],
    ['over the gross limit', 20_000, 1],
  ])('finds a breach or none whatever the order of approvals within a step: %s', (_n, gross, breaches) => {
    const limits = { maxGrossExposure: d(gross), maxSectorPct: d(2.5) };
    const approvals = [buy(0, 'a', 'T1', 100, 100), sell(0, 'b', 'T2', 100, 100), buy(0, 'c', 'E1', 1000, 10), sell(0, 'a', 'T1', 50, 100, 'x')];
    const books = [book(0, [pos('T2', 50, 100)])];
    const forward = findRiskBreaches({ ctx: ctx(limits), books, approvals });
    const backward = findRiskBreaches({ ctx: ctx(limits), books, approvals: [...approvals].reverse() });
    expect([forward.active.length, backward.active.length]).toEqual([breaches, breaches]);
  });
});

describe('measureLimits', () => {
  it('reports the firm figures, the largest symbol and sector, and each PM against its cap', () => {
    const limits = { maxGrossExposure: d(50_000), maxNetExposure: d(10_000), maxSingleNamePct: d(1), maxSectorPct: d(2) };
    const snap = { firm: [pos('T1', 100, 100), pos('T2', -50, 100), pos('E1', 300, 10)], pms: [{ pmId: 'a', positions: [pos('T1', 100, 100)], cap: d(8_000) }, { pmId: 'b', positions: [] }] };
    const { usage, over } = measureLimits(snap, ctx(limits));
    const text = (u: typeof usage) => u.map((x) => `${x.limit} ${x.scope} ${decText(x.value)}/${decText(x.limitValue)}`);
    expect(text(usage)).toEqual([
      'max_gross_exposure firm 18000/50000',
      'max_net_exposure firm 8000/10000',
      'max_single_name_pct T1 10000/10000',
      'max_sector_pct tech 15000/20000',
      'pm_capital_cap a 10000/8000',
    ]);
    expect(text(over)).toEqual(['pm_capital_cap a 10000/8000']);
  });
});
