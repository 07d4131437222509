import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { FirmBook } from './firm-book.js';
import { checkFirmOrder, type CheckContext, type FirmLimits, type OrderToCheck, type ScopeState } from './firm-check.js';
import type { ReasonCode } from './reason.js';

const SECTORS: Record<string, string> = { X: 'tech', Y: 'tech', W: 'energy' };

/** A book with X at 100, Y at 50 and W at 10; `setup` adds fills (firm and PM) and reservations. */
function book(setup: (b: FirmBook) => void = () => {}): FirmBook {
  const b = new FirmBook({ sectorOf: (s) => SECTORS[s] ?? 'other', capital: new D(1_000_000) });
  b.setPrice('X', new D(100));
  b.setPrice('Y', new D(50));
  b.setPrice('W', new D(10));
  setup(b);
  return b;
}

const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
  firmCapital: new D(1_000_000),
  knownPms: new Set(['a', 'b']),
  knownSymbols: new Set(['X', 'Y', 'W']),
  adv: (s) => (s === 'X' ? new D(1000) : undefined),
  ...over,
});
const order = (o: Partial<OrderToCheck> = {}): OrderToCheck => ({ orderId: 'o1', pmId: 'a', symbol: 'X', side: 'buy', qty: '100', step: 0, ...o });
const d = (n: number) => new D(n);
const state = (s: ScopeState['state'], reason: ReasonCode): ScopeState => ({ state: s, reason, why: 'test' });
const fillA = (symbol: string, side: 'buy' | 'sell', qty: number) => (b: FirmBook) => b.applyFill(symbol, side, d(qty), { pmId: 'a' });
const reserve = (pmId: string, symbol: string, side: 'buy' | 'sell', qty: number, id = `${pmId}-${symbol}-${side}`) => (b: FirmBook) => b.reserve({ orderId: id, pmId, symbol, side, qty: d(qty), step: 0 });
const all = (...fs: ((b: FirmBook) => void)[]) => (b: FirmBook) => fs.forEach((f) => f(b));

type Row = [string, FirmLimits, Partial<CheckContext>, (b: FirmBook) => void, OrderToCheck, ReasonCode, string];

describe('checkFirmOrder: the limits added for master risk', () => {
  it.each<Row>([
    ['single name over its notional limit is denied', { maxSingleNameNotional: d(9_999) }, {}, () => {}, order(), 'MAX_SINGLE_NAME_NOTIONAL', '0'],
    ['single name at its notional limit passes', { maxSingleNameNotional: d(10_000) }, {}, () => {}, order(), 'OK', '100'],
    ['single name notional counts what other PMs hold', { maxSingleNameNotional: d(15_000) }, {}, (b) => b.applyFill('X', 'buy', d(60), { pmId: 'b' }), order(), 'MAX_SINGLE_NAME_NOTIONAL', '0'],
    ['a sector over its % of firm capital is denied', { maxSectorPct: d(1) }, {}, fillA('Y', 'buy', 100), order(), 'MAX_SECTOR_PCT', '0'],
    ['a sector at its % of firm capital passes', { maxSectorPct: d(1.5) }, {}, fillA('Y', 'buy', 100), order(), 'OK', '100'],
    ['another sector is not held against a full one', { maxSectorPct: d(1) }, {}, fillA('Y', 'buy', 200), order({ symbol: 'W' }), 'OK', '100'],
    ['sector exposure counts reservations at their worst', { maxSectorPct: d(1.5) }, {}, reserve('b', 'Y', 'sell', 100), order(), 'OK', '100'],
    ['sector exposure over the limit with reservations is denied', { maxSectorPct: d(1.4) }, {}, reserve('b', 'Y', 'sell', 100), order(), 'MAX_SECTOR_PCT', '0'],
    ['quantity within % of average volume passes', { maxAdvPct: d(10) }, {}, () => {}, order(), 'OK', '100'],
    ['quantity over % of average volume is denied', { maxAdvPct: d(10) }, {}, () => {}, order({ qty: '101' }), 'MAX_ADV_PCT', '0'],
    ['volume taken by another PM this step counts, on either side', { maxAdvPct: d(10) }, {}, reserve('b', 'X', 'sell', 50), order({ qty: '60' }), 'MAX_ADV_PCT', '0'],
    ['a symbol with no volume seen is denied under max_adv_pct', { maxAdvPct: d(10) }, {}, () => {}, order({ symbol: 'Y', qty: '1' }), 'MAX_ADV_PCT', '0'],
    ['a restricted symbol is denied to buy', { restrictedSymbols: new Set(['X']) }, {}, () => {}, order(), 'RESTRICTED_SYMBOL', '0'],
    ['a restricted symbol is denied to add to a long', { restrictedSymbols: new Set(['X']) }, {}, fillA('X', 'buy', 100), order({ qty: '1' }), 'RESTRICTED_SYMBOL', '0'],
    ['a restricted symbol is denied to sell short', { restrictedSymbols: new Set(['X']) }, {}, () => {}, order({ side: 'sell' }), 'RESTRICTED_SYMBOL', '0'],
    ['a restricted symbol may be sold to exit the PM\'s long', { restrictedSymbols: new Set(['X']) }, {}, fillA('X', 'buy', 100), order({ side: 'sell' }), 'OK', '100'],
    ['a restricted symbol may be bought to cover the PM\'s short', { restrictedSymbols: new Set(['X']) }, {}, fillA('X', 'sell', 100), order({ qty: '40' }), 'OK', '40'],
    ['a restricted exit may not go through flat', { restrictedSymbols: new Set(['X']) }, {}, fillA('X', 'buy', 100), order({ side: 'sell', qty: '101' }), 'RESTRICTED_SYMBOL', '0'],
    ['a restricted exit counts the PM\'s sells already reserved', { restrictedSymbols: new Set(['X']) }, {}, all(fillA('X', 'buy', 100), reserve('a', 'X', 'sell', 60)), order({ side: 'sell', qty: '50' }), 'RESTRICTED_SYMBOL', '0'],
    ['another PM\'s long in a restricted symbol is not this PM\'s to exit', { restrictedSymbols: new Set(['X']) }, {}, (b) => b.applyFill('X', 'buy', d(100), { pmId: 'b' }), order({ side: 'sell', qty: '10' }), 'RESTRICTED_SYMBOL', '0'],
    ['a restricted exit still meets the other limits', { restrictedSymbols: new Set(['X']), maxOrderNotional: d(5_000) }, {}, fillA('X', 'buy', 100), order({ side: 'sell' }), 'MAX_ORDER_NOTIONAL', '0'],
    ['an order id the PM already has open is denied', {}, {}, reserve('a', 'Y', 'buy', 1, 'o1'), order(), 'DUPLICATE_ORDER', '0'],
    ['another PM\'s open order with the same id does not count', {}, {}, reserve('b', 'Y', 'buy', 1, 'o1'), order(), 'OK', '100'],
    ['an unrestricted symbol passes', { restrictedSymbols: new Set(['Y']) }, {}, () => {}, order(), 'OK', '100'],
    ['a PM at its orders per step is denied', { maxOrdersPerStep: 2 }, {}, all(reserve('a', 'Y', 'buy', 1), reserve('a', 'W', 'buy', 1)), order(), 'MAX_ORDERS_PER_STEP', '0'],
    ['orders of another PM do not count', { maxOrdersPerStep: 2 }, {}, all(reserve('b', 'Y', 'buy', 1), reserve('b', 'W', 'buy', 1)), order(), 'OK', '100'],
    ['PM gross over its capital cap is denied', {}, { pmCaps: new Map([['a', { limit: d(9_999), basis: 'capital 9999 × max_leverage 1' }]]) }, () => {}, order(), 'PM_CAPITAL_CAP', '0'],
    ['PM gross at its capital cap passes', {}, { pmCaps: new Map([['a', { limit: d(10_000), basis: 'b' }]]) }, () => {}, order(), 'OK', '100'],
    ['another PM\'s positions do not count against a PM cap', {}, { pmCaps: new Map([['a', { limit: d(10_000), basis: 'b' }]]) }, (b) => b.applyFill('Y', 'buy', d(1000), { pmId: 'b' }), order(), 'OK', '100'],
    ['a PM cap counts the PM\'s own reservations', {}, { pmCaps: new Map([['a', { limit: d(10_000), basis: 'b' }]]) }, reserve('a', 'Y', 'buy', 1), order(), 'PM_CAPITAL_CAP', '0'],
    ['a PM over its cap (prices moved) may still reduce', {}, { pmCaps: new Map([['a', { limit: d(5_000), basis: 'b' }]]) }, fillA('X', 'buy', 100), order({ side: 'sell', qty: '50' }), 'OK', '50'],
    ['a PM over its cap may not add elsewhere', {}, { pmCaps: new Map([['a', { limit: d(5_000), basis: 'b' }]]) }, fillA('X', 'buy', 100), order({ symbol: 'W', qty: '1' }), 'PM_CAPITAL_CAP', '0'],
    ['a passive sector breach lets reducing orders through', { maxSectorPct: d(0.5) }, {}, fillA('X', 'buy', 100), order({ side: 'sell', qty: '100' }), 'OK', '100'],
    ['a passive single-name breach blocks adding to it', { maxSingleNameNotional: d(5_000) }, {}, fillA('X', 'buy', 100), order({ qty: '1' }), 'MAX_SINGLE_NAME_NOTIONAL', '0'],
  ])('%s', (_name, limits, over, setup, o, reason, approved) => {
    const r = checkFirmOrder(book(setup), limits, ctx(over), o);
    expect([r.reason, decText(r.approvedQty)]).toEqual([reason, approved]);
    expect(r.decision).toBe(reason === 'OK' ? 'approved' : 'denied');
    if (reason !== 'OK') expect(r.message).toMatch(/\(max_\w+\)|\(restricted_symbols\)|max_leverage|\(b\)|already approved and open/);
  });

  it.each<[string, Partial<CheckContext>, (b: FirmBook) => void, OrderToCheck, ReasonCode, string]>([
    ['a HALTED firm denies a buy', { firmState: state('HALTED', 'FIRM_HALTED') }, () => {}, order(), 'FIRM_HALTED', '0'],
    ['a HALTED firm denies a reducing sell', { firmState: state('HALTED', 'FIRM_HALTED') }, fillA('X', 'buy', 100), order({ side: 'sell' }), 'FIRM_HALTED', '0'],
    ['a firm halted by drawdown says so', { firmState: state('HALTED', 'FIRM_DRAWDOWN') }, () => {}, order(), 'FIRM_DRAWDOWN', '0'],
    ['a HALTED PM is denied', { pmStates: new Map([['a', state('HALTED', 'PM_HALTED')]]) }, () => {}, order(), 'PM_HALTED', '0'],
    ['another PM is not held by a HALTED PM', { pmStates: new Map([['b', state('HALTED', 'PM_HALTED')]]) }, () => {}, order(), 'OK', '100'],
    ['a REDUCING firm denies opening a position', { firmState: state('REDUCING', 'FIRM_REDUCING') }, () => {}, order(), 'FIRM_REDUCING', '0'],
    ['a REDUCING firm lets a sell toward flat through', { firmState: state('REDUCING', 'FIRM_REDUCING') }, fillA('X', 'buy', 100), order({ side: 'sell', qty: '100' }), 'OK', '100'],
    ['a REDUCING firm denies a sell through flat', { firmState: state('REDUCING', 'FIRM_REDUCING') }, fillA('X', 'buy', 100), order({ side: 'sell', qty: '101' }), 'FIRM_REDUCING', '0'],
    ['a REDUCING firm counts sells already reserved', { firmState: state('REDUCING', 'FIRM_REDUCING') }, all(fillA('X', 'buy', 100), reserve('b', 'X', 'sell', 60)), order({ side: 'sell', qty: '50' }), 'FIRM_REDUCING', '0'],
    ['a REDUCING firm lets a buy cover a short', { firmState: state('REDUCING', 'FIRM_REDUCING') }, fillA('X', 'sell', 100), order({ qty: '40' }), 'OK', '40'],
    ['a REDUCING PM is judged on its own position', { pmStates: new Map([['a', state('REDUCING', 'PM_REDUCING')]]) }, (b) => b.applyFill('X', 'buy', d(100), { pmId: 'b' }), order({ side: 'sell', qty: '10' }), 'PM_REDUCING', '0'],
    ['a REDUCING PM may reduce its own position', { pmStates: new Map([['a', state('REDUCING', 'PM_REDUCING')]]) }, fillA('X', 'buy', 100), order({ side: 'sell', qty: '10' }), 'OK', '10'],
  ])('%s', (_name, over, setup, o, reason, approved) => {
    const r = checkFirmOrder(book(setup), {}, ctx(over), o);
    expect([r.reason, decText(r.approvedQty)]).toEqual([reason, approved]);
  });

  it('names the state and why in the message', () => {
    const r = checkFirmOrder(book(), {}, ctx({ firmState: { state: 'HALTED', reason: 'FIRM_DRAWDOWN', why: 'drawdown 12% reached limit 10% (max_drawdown_pct)' } }), order());
    expect(r.message).toBe('firm is HALTED: drawdown 12% reached limit 10% (max_drawdown_pct)');
  });

  it('names the limit, the value and the limit value', () => {
    const cases: [FirmLimits, Partial<CheckContext>, (b: FirmBook) => void, OrderToCheck, string][] = [
      [{ maxSingleNameNotional: d(9_000) }, {}, () => {}, order(), 'X exposure 10000 would exceed limit 9000 (max_single_name_notional)'],
      [{ maxSectorPct: d(1) }, {}, fillA('Y', 'buy', 100), order(), 'sector tech exposure 15000 would exceed 1% of firm capital = 10000 (max_sector_pct)'],
      [{ maxAdvPct: d(5) }, {}, () => {}, order(), 'X quantity 100 this step would exceed 5% of its 20-step average volume 1000 = 50 (max_adv_pct)'],
      [{ maxOrdersPerStep: 1 }, {}, reserve('a', 'Y', 'buy', 1), order(), 'PM a already has 1 orders approved this step; limit 1 (max_orders_per_step)'],
      [{}, { pmCaps: new Map([['a', { limit: d(5_000), basis: 'capital 5000 × max_leverage 1' }]]) }, () => {}, order(), 'PM a gross exposure 10000 would exceed its cap 5000 (capital 5000 × max_leverage 1)'],
    ];
    for (const [limits, over, setup, o, message] of cases) expect(checkFirmOrder(book(setup), limits, ctx(over), o).message).toBe(message);
  });
});

describe('checkFirmOrder with on_breach: scale', () => {
  const scale = (over: Partial<CheckContext> = {}) => ctx({ onBreach: 'scale', ...over });

  it.each<[string, FirmLimits, Partial<CheckContext>, (b: FirmBook) => void, OrderToCheck, string, ReasonCode, string]>([
    ['gross: scaled to what is left of the limit', { maxGrossExposure: d(15_000) }, {}, fillA('Y', 'buy', 100), order({ qty: '200' }), 'scaled', 'MAX_GROSS_EXPOSURE', '100'],
    ['order notional: scaled to the largest whole quantity under it', { maxOrderNotional: d(5_050) }, {}, () => {}, order(), 'scaled', 'MAX_ORDER_NOTIONAL', '50'],
    ['ADV: scaled to the participation left', { maxAdvPct: d(10) }, {}, reserve('b', 'X', 'buy', 30), order(), 'scaled', 'MAX_ADV_PCT', '70'],
    ['the tightest of several limits binds', { maxGrossExposure: d(8_000), maxSingleNameNotional: d(6_000) }, {}, () => {}, order(), 'scaled', 'MAX_SINGLE_NAME_NOTIONAL', '60'],
    ['PM cap: scaled to the PM\'s room', {}, { pmCaps: new Map([['a', { limit: d(2_500), basis: 'b' }]]) }, () => {}, order(), 'scaled', 'PM_CAPITAL_CAP', '25'],
    ['REDUCING: scaled to the position', {}, { firmState: state('REDUCING', 'FIRM_REDUCING') }, fillA('X', 'buy', 30), order({ side: 'sell' }), 'scaled', 'FIRM_REDUCING', '30'],
    ['restricted: scaled to the PM\'s exit', { restrictedSymbols: new Set(['X']) }, {}, fillA('X', 'buy', 30), order({ side: 'sell' }), 'scaled', 'RESTRICTED_SYMBOL', '30'],
    ['restricted with nothing to exit: denied', { restrictedSymbols: new Set(['X']) }, {}, () => {}, order(), 'denied', 'RESTRICTED_SYMBOL', '0'],
    ['an order that fits is approved whole', { maxGrossExposure: d(20_000) }, {}, () => {}, order(), 'approved', 'OK', '100'],
    ['nothing fits: denied', { maxGrossExposure: d(50) }, {}, () => {}, order(), 'denied', 'MAX_GROSS_EXPOSURE', '0'],
    ['nothing reducible: denied', {}, { firmState: state('REDUCING', 'FIRM_REDUCING') }, () => {}, order(), 'denied', 'FIRM_REDUCING', '0'],
    ['HALTED is never scaled', {}, { firmState: state('HALTED', 'FIRM_HALTED') }, () => {}, order(), 'denied', 'FIRM_HALTED', '0'],
  ])('%s', (_name, limits, over, setup, o, decision, reason, approved) => {
    const r = checkFirmOrder(book(setup), limits, scale(over), o);
    expect([r.decision, r.reason, decText(r.approvedQty)]).toEqual([decision, reason, approved]);
  });

  it('the scaled quantity is the largest that fits: one more would not', () => {
    const limits = { maxGrossExposure: d(123_456) };
    const b = book(fillA('Y', 'buy', 77));
    const r = checkFirmOrder(b, limits, scale(), order({ qty: '100000' }));
    expect(r.decision).toBe('scaled');
    const q = r.approvedQty;
    expect(checkFirmOrder(b, limits, ctx(), order({ qty: decText(q) })).decision).toBe('approved');
    expect(checkFirmOrder(b, limits, ctx(), order({ qty: decText(q.plus(1)) })).decision).toBe('denied');
    expect(r.message).toMatch(/^scaled from 100000 to \d+: at \d+ gross exposure .* \(max_gross_exposure\)$/);
    expect(decText(r.grossAfter)).toBe(decText(new D(3850).plus(q.times(100))));
  });
});
