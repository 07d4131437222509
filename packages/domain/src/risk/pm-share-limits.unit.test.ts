import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { FirmBook } from './firm-book.js';
import { checkFirmOrder, type CheckContext, type FirmLimits, type OrderToCheck } from './firm-check.js';
import { pmShareLimitsOf } from './pm-share-limits.js';
import type { ReasonCode } from './reason.js';

const d = (n: number) => new D(n);
const FIRM_CAPITAL = d(1_000_000);

describe('pmShareLimitsOf: PM limit = weight × firm limit', () => {
  it.each<[string, FirmLimits, number, Record<string, string>]>([
    ['every amount limit the firm has', { maxGrossExposure: d(2_000_000), maxNetExposure: d(1_000_000), maxSingleNamePct: d(10), maxSingleNameNotional: d(150_000) }, 0.25, { gross: '500000', net: '250000', singleNamePct: '25000', singleNameNotional: '37500' }],
    ['none the firm lacks', { maxNetExposure: d(1_000_000) }, 0.5, { net: '500000' }],
    ['order-level limits are not amounts a PM holds: not scaled', { maxOrderNotional: d(400_000), maxAdvPct: d(5), maxOrdersPerStep: 10, maxSectorPct: d(30) }, 0.5, {}],
    ['a zero weight leaves no room', { maxGrossExposure: d(2_000_000), maxSingleNamePct: d(10) }, 0, { gross: '0', singleNamePct: '0' }],
    ['a weight that is not a number gives no share', { maxGrossExposure: d(2_000_000) }, Number.NaN, {}],
  ])('%s', (_n, limits, weight, want) => {
    const s = pmShareLimitsOf(limits, FIRM_CAPITAL, weight);
    expect(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, decText(v.limit)]))).toEqual(want);
  });

  it('names its reason codes and what each share is made of', () => {
    const s = pmShareLimitsOf({ maxGrossExposure: d(2_000_000), maxNetExposure: d(1_000_000), maxSingleNamePct: d(10), maxSingleNameNotional: d(150_000) }, FIRM_CAPITAL, 0.25);
    expect(Object.values(s).map((l) => [l.reason, l.basis])).toEqual([
      ['PM_MAX_GROSS_EXPOSURE', 'weight 0.25 × max_gross_exposure 2000000'],
      ['PM_MAX_NET_EXPOSURE', 'weight 0.25 × max_net_exposure 1000000'],
      ['PM_MAX_SINGLE_NAME_PCT', 'weight 0.25 × max_single_name_pct 10% of firm capital 1000000'],
      ['PM_MAX_SINGLE_NAME_NOTIONAL', 'weight 0.25 × max_single_name_notional 150000'],
    ]);
  });
});

/** A book with X at 100 and Y at 50; `setup` adds fills (firm and PM) and reservations. */
function book(setup: (b: FirmBook) => void = () => {}): FirmBook {
  const b = new FirmBook({ capital: FIRM_CAPITAL });
  b.setPrice('X', d(100));
  b.setPrice('Y', d(50));
  setup(b);
  return b;
}
const fill = (pmId: string, symbol: string, side: 'buy' | 'sell', qty: number) => (b: FirmBook) => b.applyFill(symbol, side, d(qty), { pmId });
const order = (o: Partial<OrderToCheck> = {}): OrderToCheck => ({ orderId: 'o1', pmId: 'a', symbol: 'X', side: 'buy', qty: '100', step: 0, ...o });
/** PM a's shares at `weight` of the firm limits given (the firm's own limits are left out of the check: only the PM's share is tested). */
const shares = (limits: FirmLimits, weight = 0.25): Partial<CheckContext> => ({ pmShares: new Map([['a', pmShareLimitsOf(limits, FIRM_CAPITAL, weight)]]) });
const ctx = (over: Partial<CheckContext>): CheckContext => ({ firmCapital: FIRM_CAPITAL, knownPms: new Set(['a', 'b']), knownSymbols: new Set(['X', 'Y']), ...over });

describe('checkFirmOrder: a PM held to its share of the firm\'s limits', () => {
  it.each<[string, Partial<CheckContext>, (b: FirmBook) => void, OrderToCheck, ReasonCode, string]>([
    // 0.25 × 40,000 = 10,000
    ['net long at its share passes', shares({ maxNetExposure: d(40_000) }), () => {}, order(), 'OK', '100'],
    ['net long over its share is denied', shares({ maxNetExposure: d(39_996) }), () => {}, order(), 'PM_MAX_NET_EXPOSURE', '0'],
    ['net short over its share is denied', shares({ maxNetExposure: d(39_996) }), () => {}, order({ side: 'sell' }), 'PM_MAX_NET_EXPOSURE', '0'],
    ['net counts the PM\'s reservations', shares({ maxNetExposure: d(40_000) }), (b) => b.reserve({ orderId: 'r', pmId: 'a', symbol: 'Y', side: 'buy', qty: d(1), step: 0 }), order(), 'PM_MAX_NET_EXPOSURE', '0'],
    ['another PM\'s book does not count against a PM\'s share', shares({ maxNetExposure: d(40_000) }), fill('b', 'Y', 'buy', 1000), order(), 'OK', '100'],
    ['a share binds only its own PM', shares({ maxNetExposure: d(4) }), () => {}, order({ pmId: 'b' }), 'OK', '100'],
    // 0.25 × 4% × 1,000,000 = 10,000
    ['single name over its share of max_single_name_pct is denied', shares({ maxSingleNamePct: d(3.9) }), () => {}, order(), 'PM_MAX_SINGLE_NAME_PCT', '0'],
    ['single name at its share of max_single_name_pct passes', shares({ maxSingleNamePct: d(4) }), () => {}, order(), 'OK', '100'],
    // 0.25 × 39,996 = 9,999
    ['single name over its share of max_single_name_notional is denied', shares({ maxSingleNameNotional: d(39_996) }), () => {}, order(), 'PM_MAX_SINGLE_NAME_NOTIONAL', '0'],
    ['a PM over its single-name share (its weight fell) may still reduce', shares({ maxSingleNameNotional: d(20_000) }), fill('a', 'X', 'buy', 100), order({ side: 'sell', qty: '60' }), 'OK', '60'],
    ['… but may not add to it', shares({ maxSingleNameNotional: d(20_000) }), fill('a', 'X', 'buy', 100), order({ qty: '1' }), 'PM_MAX_SINGLE_NAME_NOTIONAL', '0'],
    ['a PM over its net share may trade another name that reduces net', shares({ maxNetExposure: d(20_000) }), fill('a', 'X', 'buy', 100), order({ symbol: 'Y', side: 'sell', qty: '10' }), 'OK', '10'],
    ['a gross share that binds is denied with its own code', { pmCaps: new Map([['a', { limit: d(9_999), basis: 'weight 0.25 × max_gross_exposure 39996', reason: 'PM_MAX_GROSS_EXPOSURE' as const }]]) }, () => {}, order(), 'PM_MAX_GROSS_EXPOSURE', '0'],
  ])('%s', (_n, over, setup, o, reason, approved) => {
    const r = checkFirmOrder(book(setup), {}, ctx(over), o);
    expect([r.reason, decText(r.approvedQty)]).toEqual([reason, approved]);
  });

  it('says which share, its amount and what it is made of', () => {
    const r = checkFirmOrder(book(), {}, ctx(shares({ maxNetExposure: d(20_000) })), order({ side: 'sell' }));
    expect(r.message).toBe('PM a net short exposure 10000 would exceed its share 5000 (weight 0.25 × max_net_exposure 20000)');
  });

  it('scales an order to what is left of the PM\'s share under on_breach: scale', () => {
    const r = checkFirmOrder(book(fill('a', 'X', 'buy', 40)), {}, ctx({ ...shares({ maxSingleNameNotional: d(40_000) }), onBreach: 'scale' }), order());
    expect([r.decision, r.reason, decText(r.approvedQty)]).toEqual(['scaled', 'PM_MAX_SINGLE_NAME_NOTIONAL', '60']);
  });
});

describe('pmShareLimitsOf: risk.scale_by_weight picks the limits', () => {
  const firm: FirmLimits = { maxGrossExposure: d(2_000_000), maxNetExposure: d(1_000_000), maxSingleNamePct: d(10), maxSingleNameNotional: d(150_000) };
  it.each<[string, ('gross' | 'net' | 'single_name')[], string[]]>([
    ['gross only', ['gross'], ['gross']],
    ['net and single name', ['net', 'single_name'], ['net', 'singleNamePct', 'singleNameNotional']],
    ['none', [], []],
  ])('%s', (_n, scaled, want) => {
    expect(Object.keys(pmShareLimitsOf(firm, FIRM_CAPITAL, 0.5, scaled))).toEqual(want);
  });
});
