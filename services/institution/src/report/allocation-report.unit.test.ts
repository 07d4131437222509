import { describe, expect, it } from 'vitest';
import { parseConfigObject } from '@atrium/domain';
import type { Bodies } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';
import { allocationReport } from './allocation-report.js';

const config = parseConfigObject(
  {
    firm: { id: 'f' },
    data: { source: 'synthetic', symbols: ['TECH1'], start: '2016-01-01', end: '2016-03-31' },
    allocation: { method: 'risk_parity' },
    pms: [{ id: 'p', capital: 500, accounts: [{ id: 'x', capital: 300 }, { id: 'y', capital: 100 }, { id: 'z', capital: 100 }] }, { id: 'q', capital: 500 }],
  },
  { baseDir: '/' },
);
const item = (orderId: string, qty: string, refPrice: string, accounts: string[]) => ({ order: { orderId, qty, refPrice }, accounts: accounts.map((accountId) => ({ accountId, capital: accountId === 'x' ? '300' : '100' })) });
const alloc = (pairs: [string, string][]) => pairs.map(([accountId, qty]) => ({ accountId, qty }));
const fill = (accountId: string, qty: string, price: string) => ({ pmId: 'p', accountId, qty, price }) as unknown as Bodies['fill'];

// Worked by hand. Block o1: 10 at 10, offered x, y, z: quotas 6, 2, 2, allocated 6, 2, 2.
// Block o2: 5 at 20, offered x, y only (z restricted): quotas 3.75, 1.25, allocated 4, 1 (x's odd lot).
// Target notional x 60 + 75 = 135, y 20 + 25 = 45, z 20 (of 200); allocated x 140, y 40, z 20.
// Fills: o1 only, at 10.5: 63, 21, 21.
const splits = [
  { pmId: 'p', step: 3, inputs: [item('o2', '5', '20', ['x', 'y'])], results: [{ orderId: 'o2', error: '', allocations: alloc([['x', '4'], ['y', '1']]), targets: alloc([['x', '3.75'], ['y', '1.25']]), oddLots: ['x'], dropped: [] }] },
  { pmId: 'p', step: 1, inputs: [item('o1', '10', '10', ['x', 'y', 'z'])], results: [{ orderId: 'o1', error: '', allocations: alloc([['x', '6'], ['y', '2'], ['z', '2']]), targets: alloc([['x', '6'], ['y', '2'], ['z', '2']]), oddLots: [], dropped: [] }] },
] as unknown as Bodies['splitReply'][];
const record = { splits, fills: [fill('x', '6', '10.5'), fill('y', '2', '10.5'), fill('z', '2', '10.5')], weights: [] } as unknown as RunRecord;

describe('allocationReport', () => {
  it('gives each account its configured, target, allocated and filled share of the PM\'s blocks', () => {
    const r = allocationReport(config, record);
    expect(r.accounts['p']).toEqual({
      x: { configured_share: 0.6, target_share: 0.675, allocated_share: 0.7, filled_share: 0.6, blocks: 2, blocks_offered: 2, odd_lots: 1, dropped: 0 },
      y: { configured_share: 0.2, target_share: 0.225, allocated_share: 0.2, filled_share: 0.2, blocks: 2, blocks_offered: 2, odd_lots: 0, dropped: 0 },
      z: { configured_share: 0.2, target_share: 0.1, allocated_share: 0.1, filled_share: 0.2, blocks: 2, blocks_offered: 1, odd_lots: 0, dropped: 0 },
    });
    expect(r.accounts['q']).toEqual({ 'q-main': { configured_share: 1, target_share: 0, allocated_share: 0, filled_share: 0, blocks: 0, blocks_offered: 0, odd_lots: 0, dropped: 0 } });
    expect(r.html).toContain('<td>x</td><td class="num">60.00%</td><td class="num">67.50%</td><td class="num">70.00%</td>');
  });

  it('does not depend on the order split records arrived in', () => {
    const reversed = { ...record, splits: [...splits].reverse() } as RunRecord;
    expect(allocationReport(config, reversed)).toEqual(allocationReport(config, record));
  });
});
