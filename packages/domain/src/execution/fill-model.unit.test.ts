import { describe, expect, it } from 'vitest';
import { D, decText } from '../money/decimal.js';
import { commissionFor, fillPrice } from './fill-model.js';

const m = (perShare: string, bps: string, minimum = '0', slippageBps = '0') => ({ perShare: new D(perShare), commissionBps: new D(bps), minimum: new D(minimum), slippageBps: new D(slippageBps) });

describe('fill model', () => {
  it.each([
    ['100', 'buy', '5', '100.05'],
    ['100', 'sell', '5', '99.95'],
    ['31.5078', 'buy', '5', '31.5235539'],
    ['10', 'buy', '0', '10'],
  ] as const)('open %s %s with %s bps slippage fills at %s', (open, side, bps, want) => {
    expect(decText(fillPrice(new D(open), side, new D(bps)))).toBe(want);
  });

  it.each([
    ['per share only', m('0.005', '0'), 100, '10', '0.5'],
    ['bps only', m('0', '10'), 100, '50', '5'],
    ['both', m('0.005', '10'), 200, '50', '11'],
    ['minimum applies', m('0.005', '0', '1'), 10, '50', '1'],
    ['no commission stays zero despite a minimum', m('0', '0', '1'), 10, '50', '0'],
  ] as const)('commission: %s', (_n, model, qty, price, want) => {
    expect(decText(commissionFor(new D(qty), new D(price), model))).toBe(want);
  });
});
