import { D, ZERO, decText, type Dec } from '../money/decimal.js';

/** An account taking part in a split, with the capital it is weighted by. */
export interface SplitAccount {
  readonly id: string;
  readonly capital: Dec;
}

/** A split: whole-lot quantities per account (input order, zeros included) and what is left. */
export interface Split {
  readonly allocations: readonly { readonly id: string; readonly qty: Dec }[];
  /** quantity that does not make a whole lot (qty mod lot): never allocated */
  readonly unallocated: Dec;
}

/** Thrown for inputs a split cannot be made from (non-positive capital, bad lot, ...). */
export class SplitInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitInputError';
  }
}

function toScaledBigInts(values: readonly Dec[]): bigint[] {
  const places = Math.max(0, ...values.map((v) => v.decimalPlaces()));
  const scale = new D(10).pow(places);
  return values.map((v) => BigInt(v.times(scale).toFixed(0)));
}

/**
 * Splits `qty` across accounts pro rata to capital in whole lots, exactly: each account gets
 * floor(lots × capital / total) lots, and the lots left over go one each to the largest
 * fractional remainders; ties go to the larger capital, then to the smaller account id (so the
 * result does not depend on the order accounts are listed in). Integer arithmetic throughout;
 * pure. Throws SplitInputError for bad input.
 */
export function splitProRata(qty: Dec, accounts: readonly SplitAccount[], lot: Dec = new D(1)): Split {
  if (!qty.isFinite() || qty.isNeg()) throw new SplitInputError(`quantity must be a non-negative number, found ${qty.toString()}`);
  if (!lot.isFinite() || !lot.isInteger() || lot.lte(0)) throw new SplitInputError(`lot must be a positive whole number, found ${lot.toString()}`);
  if (accounts.length === 0) return { allocations: [], unallocated: qty };
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.id)) throw new SplitInputError(`account ${a.id} is listed twice`);
    seen.add(a.id);
    if (!a.capital.isFinite() || a.capital.lte(0)) throw new SplitInputError(`account ${a.id}: capital must be positive, found ${a.capital.toString()}`);
  }
  const lots = BigInt(qty.div(lot).floor().toFixed(0));
  const unallocated = qty.minus(new D(lots.toString()).times(lot));
  const caps = toScaledBigInts(accounts.map((a) => a.capital));
  const total = caps.reduce((s, c) => s + c, 0n);
  const base = caps.map((c) => (lots * c) / total);
  const rem = caps.map((c) => (lots * c) % total);
  let left = lots - base.reduce((s, b) => s + b, 0n);
  const order = accounts
    .map((a, i) => i)
    .sort((i, j) => {
      const ri = rem[i]!, rj = rem[j]!;
      if (ri !== rj) return ri > rj ? -1 : 1;
      const ci = caps[i]!, cj = caps[j]!;
      if (ci !== cj) return ci > cj ? -1 : 1;
      const a = accounts[i]!.id, b = accounts[j]!.id;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  for (const i of order) {
    if (left <= 0n) break;
    base[i] = base[i]! + 1n;
    left -= 1n;
  }
  return {
    allocations: accounts.map((a, i) => ({ id: a.id, qty: new D(base[i]!.toString()).times(lot) })),
    unallocated,
  };
}

/** Text form of a split for the wire and reports; pure. */
export function splitText(s: Split): { allocations: { id: string; qty: string }[]; unallocated: string } {
  return { allocations: s.allocations.map((a) => ({ id: a.id, qty: decText(a.qty) })), unallocated: decText(s.unallocated.isZero() ? ZERO : s.unallocated) };
}
