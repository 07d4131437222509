#!/usr/bin/env python3
'''
Reference figures for test/backtrader-parity.e2e.test.ts, produced with backtrader
(mementum/backtrader master, version 1.9.78.123). backtrader is not a dependency of Atrium:
run this where `import backtrader` works (pip install backtrader, or a checkout on PYTHONPATH).

Run:  python3 test/reference/backtrader_reference.py [out.json]
The figures it printed are in test/reference/backtrader.json.
'''
import csv
import datetime
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # use the local reconstructed copy of backtrader

import backtrader as bt  # noqa: E402

DATADIR = os.environ.get('ATRIUM_SHARED_DATA', os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'backtrader'))
STARTCASH = 100000.0

SCENARIOS = [
    dict(id='A', file='orcl-1995-2014.txt', fromdate='2000-01-01',
         todate='2014-12-31', fast=10, slow=30, stake=100,
         commission=dict(kind='per_share', value=0.005), slippage_bps=0.0),
    dict(id='B', file='orcl-1995-2014.txt', fromdate='2000-01-01',
         todate='2014-12-31', fast=10, slow=30, stake=100,
         commission=dict(kind='per_share', value=0.005), slippage_bps=5.0),
    dict(id='C', file='nvda-1999-2014.txt', fromdate='2005-01-01',
         todate='2014-12-31', fast=20, slow=50, stake=200,
         commission=dict(kind='percent', value=0.001), slippage_bps=5.0),
    dict(id='D', file='yhoo-1996-2014.txt', fromdate='1996-04-12',
         todate='2014-12-31', fast=5, slow=20, stake=500,
         commission=dict(kind='per_share', value=0.005), slippage_bps=0.0),
]


def pdate(s):
    # NOTE: pass datetime.date (not datetime.datetime). backtrader extends a
    # plain date to sessionstart (00:00) for fromdate and to sessionend
    # (23:59:59.999990) for todate, so both ends are inclusive for daily bars
    # (which are stamped at sessionend). A datetime at midnight as todate
    # would silently drop the todate bar.
    return datetime.datetime.strptime(s, '%Y-%m-%d').date()


class SmaCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        self.sma_fast = bt.ind.SMA(self.data.close, period=self.p.fast)
        self.sma_slow = bt.ind.SMA(self.data.close, period=self.p.slow)
        self.cross = bt.ind.CrossOver(self.sma_fast, self.sma_slow)
        self.fills = []
        self.avgprice_ulp_diffs = 0
        self.signals = []  # (date, +1/-1) as seen by next()

    def notify_order(self, order):
        if order.status == order.Completed:
            # one fill per order here (no volume filler)
            ex = order.executed
            assert len(ex.exbits) == 1
            bit = ex.exbits[0]  # the actual execution (price used for cash)
            dt = bt.num2date(bit.dt).date()
            self.fills.append(dict(
                date=dt.isoformat(),
                side='buy' if order.isbuy() else 'sell',
                size=abs(bit.size),
                price=bit.price,
                commission=bit.comm,
            ))
            # order.executed.price is a size-weighted average recomputed as
            # (0*0 + size*price)/size and may differ from bit.price in the
            # last ulp; it is not what the broker used for cash.
            self.avgprice_ulp_diffs += int(ex.price != bit.price)
        elif order.status in [order.Margin, order.Rejected, order.Canceled,
                              order.Expired]:
            raise RuntimeError('unexpected order status %s' %
                               order.getstatusname())

    def next(self):
        c = self.cross[0]
        if c:
            self.signals.append((self.data.datetime.date(0).isoformat(), c))
        if not self.position:
            if c > 0:
                self.buy()  # size from the FixedSize sizer (stake)
        elif c < 0:
            self.close()  # sell the whole position


def make_feed(path, fromdate, todate, kind='yahoo'):
    if kind == 'yahoo':
        # adjclose=False: keep the file's raw Open/High/Low/Close columns
        # round=False: backtrader rounds to 2 decimals by default -> disable
        return bt.feeds.YahooFinanceCSVData(
            dataname=path, fromdate=fromdate, todate=todate,
            adjclose=False, round=False)
    # cross-check feed: explicit column mapping of the same file
    return bt.feeds.GenericCSVData(
        dataname=path, fromdate=fromdate, todate=todate,
        dtformat='%Y-%m-%d', datetime=0, open=1, high=2, low=3, close=4,
        volume=6, openinterest=-1, time=-1)


def run_bt(sc, feedkind='yahoo', runonce=True, slip_kwargs=None):
    cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
    path = os.path.join(DATADIR, sc['file'])
    data = make_feed(path, pdate(sc['fromdate']), pdate(sc['todate']),
                     feedkind)
    cerebro.adddata(data)
    cerebro.addstrategy(SmaCross, fast=sc['fast'], slow=sc['slow'])
    cerebro.addsizer(bt.sizers.FixedSize, stake=sc['stake'])
    cerebro.broker.setcash(STARTCASH)

    comm = sc['commission']
    if comm['kind'] == 'per_share':
        cerebro.broker.setcommission(
            commission=comm['value'], commtype=bt.CommInfoBase.COMM_FIXED,
            stocklike=True)
    else:
        cerebro.broker.setcommission(
            commission=comm['value'], commtype=bt.CommInfoBase.COMM_PERC,
            percabs=True, stocklike=True)

    if sc['slippage_bps']:
        kw = dict(slip_open=True, slip_limit=True, slip_match=True,
                  slip_out=True)
        if slip_kwargs is not None:
            kw = slip_kwargs
        cerebro.broker.set_slippage_perc(sc['slippage_bps'] / 10000.0, **kw)

    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    strat = cerebro.run()[0]

    ta = strat.analyzers.ta.get_analysis()
    pos = cerebro.broker.getposition(data)
    # raw OHLC as loaded by the feed (for verification)
    n = data.buflen()
    ohlc = dict(
        date=[bt.num2date(x).date().isoformat()
              for x in data.datetime.getzero(0, n)],
        open=list(data.open.getzero(0, n)),
        high=list(data.high.getzero(0, n)),
        low=list(data.low.getzero(0, n)),
        close=list(data.close.getzero(0, n)),
    )
    return dict(
        final_equity=cerebro.broker.getvalue(),
        final_cash=cerebro.broker.getcash(),
        closed_trades=ta.get('total', {}).get('closed', 0),
        total_trades=ta.get('total', {}).get('total', 0),
        open_trades=ta.get('total', {}).get('open', 0),
        pnl_net_total=(ta['pnl']['net']['total'] if 'pnl' in ta else 0.0),
        pnl_gross_total=(ta['pnl']['gross']['total'] if 'pnl' in ta else 0.0),
        fills=strat.fills,
        signals=strat.signals,
        avgprice_ulp_diffs=strat.avgprice_ulp_diffs,
        position_size=pos.size,
        position_price=pos.price,
        ohlc=ohlc,
    )


# ---------------------------------------------------------------------------
# Independent re-implementation of the Atrium conventions (plain Python), used
# only to cross-check that backtrader was configured to match them.
# ---------------------------------------------------------------------------
def load_csv(path, fromdate, todate):
    rows = []
    with open(path) as f:
        r = csv.reader(f)
        next(r)
        for d, o, h, l, c, ac, v in r:
            if fromdate <= d <= todate:
                rows.append((d, float(o), float(h), float(l), float(c)))
    return rows


def sma(vals, n):
    out = [None] * len(vals)
    for i in range(n - 1, len(vals)):
        out[i] = math.fsum(vals[i - n + 1:i + 1]) / n
    return out


def independent(sc, crossdef='simple'):
    rows = load_csv(os.path.join(DATADIR, sc['file']), sc['fromdate'],
                    sc['todate'])
    closes = [r[4] for r in rows]
    f, s = sma(closes, sc['fast']), sma(closes, sc['slow'])
    bps = sc['slippage_bps']
    comm = sc['commission']
    cash, pos, entry = STARTCASH, 0, 0.0
    pending = None
    fills = []
    nzd = None  # last non-zero diff (backtrader definition)
    for i, (d, o, h, l, c) in enumerate(rows):
        # 1) fill the order decided on the previous bar at this bar's open
        if pending:
            side = pending
            px = o * (1 + bps / 10000.0) if side == 'buy' else \
                o * (1 - bps / 10000.0)
            size = sc['stake'] if side == 'buy' else pos
            cm = size * comm['value'] if comm['kind'] == 'per_share' else \
                size * comm['value'] * px
            if side == 'buy':
                cash -= size * px + cm
                pos, entry = size, px
            else:
                cash += size * px - cm
                pos = 0
            fills.append((d, side, size, px, cm))
            pending = None
        # 2) signal at the close of this bar
        sig = 0
        if s[i] is not None and i >= 1 and s[i - 1] is not None:
            dprev = f[i - 1] - s[i - 1]
            dnow = f[i] - s[i]
            if crossdef == 'simple':  # prev fast <= slow and now fast > slow
                if dprev <= 0 and dnow > 0:
                    sig = 1
                elif dprev >= 0 and dnow < 0:
                    sig = -1
            else:  # backtrader: last non-zero difference before this bar
                if nzd is not None:
                    if nzd < 0 and dnow > 0:
                        sig = 1
                    elif nzd > 0 and dnow < 0:
                        sig = -1
        if s[i] is not None:
            dnow = f[i] - s[i]
            if nzd is None or dnow != 0:
                nzd = dnow
        if pos == 0 and sig > 0:
            pending = 'buy'
        elif pos > 0 and sig < 0:
            pending = 'sell'
    equity = cash + pos * rows[-1][4]
    return dict(final_equity=equity, fills=fills, nbars=len(rows),
                first=rows[0][0], last=rows[-1][0])


def zero_diff_bars(sc):
    '''Bars where fast SMA == slow SMA exactly (the only place where the
    "previous bar fast <= slow" definition and backtrader's
    "last non-zero difference" definition can disagree).'''
    rows = load_csv(os.path.join(DATADIR, sc['file']), sc['fromdate'],
                    sc['todate'])
    closes = [r[4] for r in rows]
    f, s = sma(closes, sc['fast']), sma(closes, sc['slow'])
    out = []
    for i in range(len(rows)):
        if s[i] is not None and f[i] - s[i] == 0:
            sg = lambda x: None if x is None else (x > 0) - (x < 0)
            prev = f[i - 1] - s[i - 1] if s[i - 1] is not None else None
            nxt = f[i + 1] - s[i + 1] if i + 1 < len(rows) else None
            out.append(dict(date=rows[i][0], sign_prev_bar=sg(prev),
                            sign_next_bar=sg(nxt)))
    return out


def check_raw_prices(sc, ohlc):
    rows = load_csv(os.path.join(DATADIR, sc['file']), sc['fromdate'],
                    sc['todate'])
    assert len(rows) == len(ohlc['date']), (len(rows), len(ohlc['date']))
    for i, (d, o, h, l, c) in enumerate(rows):
        assert d == ohlc['date'][i]
        assert (o, h, l, c) == (ohlc['open'][i], ohlc['high'][i],
                                ohlc['low'][i], ohlc['close'][i]), d
    return len(rows)


def main():
    out = dict(
        generator='backtrader %s (mementum/backtrader master HEAD b853d7c, '
                  'reconstructed; see NOTES.md)' % bt.__version__,
        python=sys.version.split()[0],
        starting_cash=STARTCASH,
        scenarios={},
    )
    for sc in SCENARIOS:
        r = run_bt(sc)
        nbars = check_raw_prices(sc, r['ohlc'])
        dates = r['ohlc']['date']
        opens = dict(zip(dates, r['ohlc']['open']))
        highs = dict(zip(dates, r['ohlc']['high']))
        lows = dict(zip(dates, r['ohlc']['low']))

        # verify every fill price: open * (1 +/- bps/10000), never capped
        bps = sc['slippage_bps']
        outside = 0
        for fl in r['fills']:
            o = opens[fl['date']]
            exp = o * (1 + bps / 10000.0) if fl['side'] == 'buy' else \
                o * (1 - bps / 10000.0)
            if bps == 0:
                exp = o
            assert fl['price'] == exp, (fl, exp)
            if not (lows[fl['date']] <= fl['price'] <= highs[fl['date']]):
                outside += 1
            cm = sc['commission']
            expc = fl['size'] * cm['value'] if cm['kind'] == 'per_share' \
                else fl['size'] * cm['value'] * fl['price']
            assert fl['commission'] == expc, (fl, expc)

        # cross-checks
        r_generic = run_bt(sc, feedkind='generic')
        r_next = run_bt(sc, runonce=False)
        ind_simple = independent(sc, 'simple')
        ind_bt = independent(sc, 'btnzd')
        bt_fill_tuples = [(x['date'], x['side'], x['size'], x['price'],
                           x['commission']) for x in r['fills']]

        res = dict(
            settings=dict(
                data_file=os.path.join(DATADIR, sc['file']),
                fromdate=sc['fromdate'], todate=sc['todate'],
                first_bar=dates[0], last_bar=dates[-1], bars=nbars,
                fast=sc['fast'], slow=sc['slow'], shares=sc['stake'],
                commission=sc['commission'],
                slippage_bps=sc['slippage_bps'],
            ),
            final_equity=r['final_equity'],
            final_cash=r['final_cash'],
            closed_trades=r['closed_trades'],
            tradeanalyzer_total=r['total_trades'],
            tradeanalyzer_open=r['open_trades'],
            tradeanalyzer_pnl_net_total=r['pnl_net_total'],
            tradeanalyzer_pnl_gross_total=r['pnl_gross_total'],
            executed_orders=len(r['fills']),
            fills_first5=r['fills'][:5],
            fills_last5=r['fills'][-5:],
            open_position_at_end=dict(size=r['position_size'],
                                      avg_price=r['position_price']),
            checks=dict(
                feed_prices_equal_raw_csv_ohlc=True,
                fill_prices_equal_open_times_slippage=True,
                fills_outside_bar_high_low=outside,
                commissions_recomputed_equal=True,
                executed_avgprice_differs_from_fill_price_in_last_ulp=r[
                    'avgprice_ulp_diffs'],
                exact_equal_sma_bars=zero_diff_bars(sc),
                genericcsv_feed_same_final_equity=(
                    r_generic['final_equity'] == r['final_equity'] and
                    r_generic['fills'] == r['fills']),
                runonce_false_same_final_equity=(
                    r_next['final_equity'] == r['final_equity'] and
                    r_next['fills'] == r['fills']),
                independent_sim_prevbar_cross=dict(
                    final_equity=ind_simple['final_equity'],
                    abs_diff=abs(ind_simple['final_equity'] -
                                 r['final_equity']),
                    same_fills=[tuple(x) for x in ind_simple['fills']] ==
                    bt_fill_tuples,
                ),
                independent_sim_nonzero_diff_cross=dict(
                    final_equity=ind_bt['final_equity'],
                    abs_diff=abs(ind_bt['final_equity'] - r['final_equity']),
                    same_fills=[tuple(x) for x in ind_bt['fills']] ==
                    bt_fill_tuples,
                ),
            ),
        )
        out['scenarios'][sc['id']] = res
        print(sc['id'], repr(r['final_equity']), r['closed_trades'],
              len(r['fills']), r['position_size'], 'outside HL:', outside,
              res['checks']['independent_sim_prevbar_cross']['same_fills'],
              res['checks']['independent_sim_prevbar_cross']['abs_diff'],
              res['checks']['genericcsv_feed_same_final_equity'],
              res['checks']['runonce_false_same_final_equity'])

    txt = json.dumps(out, indent=2)
    # put each small flat object (fills, commission, checks entries) on one
    # line to keep the file readable; values are unchanged (repr floats)
    import re
    txt = re.sub(r'\{\n\s+("[^{}\[\]]*?)\n\s+\}',
                 lambda m: '{' + re.sub(r',\n\s+', ', ', m.group(1)) + '}',
                 txt)
    json.loads(txt)  # sanity
    assert json.loads(txt) == out
    with open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'backtrader-run.json'), 'w') as f:
        f.write(txt + '\n')


if __name__ == '__main__':
    main()
