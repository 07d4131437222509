import type { SizingConfig } from '../config/types.js';
import { D, parseDecimal, tryDecimal, ZERO, type Dec } from '../money/decimal.js';
import type { Direction } from './strategy.js';
import type { ParamIssue } from './strategy-config-error.js';

/** Thrown by sizeTarget for a sizing rule that cannot give a quantity (negative, fractional shares). */
export class InvalidSizingError extends Error {
  constructor(readonly field: string, readonly text: string, requirement: string) {
    super(`${field} must be ${requirement}, found ${JSON.stringify(text)}`);
    this.name = 'InvalidSizingError';
  }
}

/** Every problem with a sizing rule (paths under `at`); pure. */
export function sizingIssues(sizing: SizingConfig, at = 'sizing'): ParamIssue[] {
  switch (sizing?.type) {
    case 'fixed_shares': {
      const shares = tryDecimal(sizing.shares);
      if (shares !== undefined && !shares.isNegative() && shares.isInteger()) return [];
      return [{ param: `${at}.shares`, message: `${at}.shares must be a whole number >= 0, found ${JSON.stringify(sizing.shares)}` }];
    }
    case 'percent_equity': {
      const percent = tryDecimal(sizing.percent);
      if (percent !== undefined && percent.gt(0)) return [];
      return [{ param: `${at}.percent`, message: `${at}.percent must be a decimal > 0, found ${JSON.stringify(sizing.percent)}` }];
    }
    default: {
      const found = JSON.stringify((sizing as { type?: unknown } | undefined)?.type);
      return [{ param: `${at}.type`, message: `${at}.type must be fixed_shares or percent_equity, found ${found}` }];
    }
  }
}

/** floor(n / d) for n >= 0, d > 0, exact even where the precision-34 quotient rounds up to a whole. */
function floorDiv(n: Dec, d: Dec): Dec {
  let q = n.div(d).toDecimalPlaces(0, D.ROUND_DOWN);
  if (q.times(d).gt(n)) q = q.minus(1);
  else if (q.plus(1).times(d).lte(n)) q = q.plus(1);
  return q;
}

/**
 * Signed whole-share target for a direction, in decimal math; pure.
 * - fixed_shares: direction × shares.
 * - percent_equity: direction × floor(percent / 100 × equity / price), so shorts round toward
 *   zero too (never more shares than the budget buys).
 * Direction 0 or price <= 0 give 0, and so does equity <= 0 for percent_equity. Throws InvalidSizingError for negative or
 * fractional shares and a negative percent, InvalidDecimalError for text that is not a number.
 */
export function sizeTarget(sizing: SizingConfig, direction: Direction, price: Dec, equity: Dec): Dec {
  if (!price.gt(0)) return ZERO;
  let magnitude: Dec;
  if (sizing.type === 'fixed_shares') {
    magnitude = parseDecimal(sizing.shares, 'sizing.shares');
    if (magnitude.isNegative() || !magnitude.isInteger()) {
      throw new InvalidSizingError('sizing.shares', sizing.shares, 'a whole number >= 0');
    }
  } else {
    const percent = parseDecimal(sizing.percent, 'sizing.percent');
    if (percent.isNegative()) throw new InvalidSizingError('sizing.percent', sizing.percent, 'a decimal >= 0');
    if (!equity.gt(0)) return ZERO;
    magnitude = floorDiv(percent.times(equity), price.times(100));
  }
  if (direction === 0 || magnitude.isZero()) return ZERO;
  return direction === 1 ? magnitude : magnitude.neg();
}
