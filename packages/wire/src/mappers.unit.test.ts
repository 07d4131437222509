import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '@atrium/domain';
import { decisionFromWire, decisionToWire, reasonFromWire, reasonToWire, sideFromWire, sideToWire, wireReasonNames } from './mappers.js';

describe('wire mappers', () => {
  it('the proto ReasonCode enum and the domain reason codes name the same codes', () => {
    expect([...wireReasonNames()].sort()).toEqual([...REASON_CODES].sort());
  });

  it.each(REASON_CODES.map((c) => [c]))('reason %s round-trips', (code) => {
    expect(reasonFromWire(reasonToWire(code))).toBe(code);
  });

  it.each([['buy'], ['sell']] as const)('side %s round-trips', (side) => {
    expect(sideFromWire(sideToWire(side))).toBe(side);
  });

  it('an unknown side is invalid and an unknown decision is a denial (fail closed)', () => {
    expect(sideFromWire(0)).toBe('invalid');
    expect(sideFromWire(42)).toBe('invalid');
    expect(decisionFromWire(0)).toBe('denied');
    expect(decisionFromWire(decisionToWire('approved'))).toBe('approved');
  });
});
