import { D, ZERO, decText, type Dec } from '../money/decimal.js';

/** An account taking part in a split, with the capital it is weighted by. */
export interface SplitAccount {
  readonly id: string;
  readonly capital: Dec;
}

/** A split: whole-lot quantities per account (input order, zeros included) and what is left. */
export interface Split {
  readonly allocations: readonly { readonly id: string; readonly qty: Dec }[];
  /** quantity that does not make a whole lot (qty mod lot), or the whole block when every account was dropped */
  readonly unallocated: Dec;
}

/** How a block is split across accounts. */
export type SplitMethodName = 'pro_rata' | 'equal' | 'custom' | 'rotation';

/** A split's settings (config `allocation.split`, maybe overridden per PM). */
export interface SplitSpec {
  readonly method: SplitMethodName;
  readonly lot: Dec;
  /** drop accounts whose exact quota is under this many lots (0 or absent: none) */
  readonly minLots?: number;
  /** gets every odd lot, when it takes part */
  readonly remainderAccount?: string;
  /** custom: ratio per account id */
  readonly ratios?: ReadonlyMap<string, Dec>;
}

/** A split with what it was made from: exact quotas, accounts dropped, who got the odd lots. */
export interface BlockSplit extends Split {
  /** each offered account's exact quota in shares (lots × lot × weight / Σ weights, truncated to 10 decimals), before min_lots */
  readonly targets: readonly { readonly id: string; readonly qty: Dec }[];
  /** accounts dropped because their quota was under min_lots, in the order dropped */
  readonly dropped: readonly string[];
  /** the accounts that got one odd lot each, in the order given */
  readonly oddLots: readonly string[];
  /** rotation: the last account that got an odd lot (the cursor for the next block) */
  readonly rotation?: string;
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

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const TEN_POW_10 = 10n ** 10n;
/** A non-negative integer scaled by 10^10 as a decimal with 10 places. */
const fixed10 = (x: bigint) => new D(`${x / TEN_POW_10}.${(x % TEN_POW_10).toString().padStart(10, '0')}`);

/** Throws SplitInputError for a quantity, lot, min_lots or account list no split can be made from; pure. */
export function checkSplitInputs(qty: Dec, accounts: readonly SplitAccount[], spec: SplitSpec): void {
  const lot = spec.lot;
  if (!qty.isFinite() || qty.isNeg()) throw new SplitInputError(`quantity must be a non-negative number, found ${qty.toString()}`);
  if (!lot.isFinite() || !lot.isInteger() || lot.lte(0)) throw new SplitInputError(`lot must be a positive whole number, found ${lot.toString()}`);
  const minLots = spec.minLots ?? 0;
  if (!Number.isSafeInteger(minLots) || minLots < 0) throw new SplitInputError(`min_lots must be a non-negative whole number, found ${minLots}`);
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.id)) throw new SplitInputError(`account ${a.id} is listed twice`);
    seen.add(a.id);
    if (!a.capital.isFinite() || a.capital.lte(0)) throw new SplitInputError(`account ${a.id}: capital must be positive, found ${a.capital.toString()}`);
  }
}

/** The weight each account is split by: capital (pro_rata, rotation), 1 (equal) or its ratio (custom). */
function weightsOf(accounts: readonly SplitAccount[], spec: SplitSpec): Dec[] {
  return accounts.map((a) => {
    if (spec.method === 'equal') return new D(1);
    if (spec.method !== 'custom') return a.capital;
    const r = spec.ratios?.get(a.id);
    if (!r) throw new SplitInputError(`account ${a.id} has no custom split ratio`);
    if (!r.isFinite() || r.lte(0)) throw new SplitInputError(`account ${a.id}: custom split ratio must be positive, found ${r.toString()}`);
    return r;
  });
}

/**
 * Splits `qty` of a block across the offered accounts in whole lots, exactly (BigInt):
 * 1. weights: capital (pro_rata, rotation), 1 each (equal) or the account's ratio (custom);
 * 2. min_lots: while the smallest-weight account's quota is under min_lots lots it is dropped
 *    and the rest re-apportioned (among equal weights the larger id goes first); when every
 *    account is dropped nothing is allocated;
 * 3. each account gets floor(lots × w / Σw) lots;
 * 4. the k lots left (k < accounts) go one each: all to `remainderAccount` when it takes part;
 *    else for rotation to the next accounts with a fractional quota after `rotationAfter` in id
 *    order, cyclically; else to the largest fractional remainders, ties to the larger weight,
 *    then the smaller account id.
 * The result does not depend on the order accounts are listed in. Pure; throws SplitInputError.
 */
export function splitBlock(qty: Dec, accounts: readonly SplitAccount[], spec: SplitSpec, rotationAfter?: string): BlockSplit {
  const lot = spec.lot;
  const minLots = spec.minLots ?? 0;
  checkSplitInputs(qty, accounts, spec);
  const none = { dropped: [], oddLots: [], ...(rotationAfter !== undefined ? { rotation: rotationAfter } : {}) };
  if (accounts.length === 0) return { allocations: [], unallocated: qty, targets: [], ...none };
  const lots = BigInt(qty.div(lot).floor().toFixed(0));
  const placed = new D(lots.toString()).times(lot);
  const w = toScaledBigInts(weightsOf(accounts, spec));
  const wTotal = w.reduce((s, x) => s + x, 0n);
  const lotBig = BigInt(lot.toFixed(0));
  // exact quotas, truncated to 10 decimals in integer arithmetic (Decimal division costs ~5 µs each)
  const targets = accounts.map((a, i) => ({ id: a.id, qty: fixed10((lots * lotBig * w[i]! * TEN_POW_10) / wTotal) }));

  // min_lots: drop the smallest weights first while their quota is under the minimum
  const dropped: number[] = [];
  let live = wTotal;
  if (minLots > 0) {
    const dropOrder = accounts.map((_, i) => i).sort((i, j) => (w[i]! !== w[j]! ? (w[i]! < w[j]! ? -1 : 1) : -byId(accounts[i]!.id, accounts[j]!.id)));
    for (const i of dropOrder) {
      if (lots * w[i]! >= BigInt(minLots) * live) break;
      dropped.push(i);
      live -= w[i]!;
    }
  }
  const out = accounts.map(() => 0n);
  if (live === 0n) {
    return { allocations: accounts.map((a) => ({ id: a.id, qty: ZERO })), unallocated: qty, targets, ...none, dropped: dropped.map((i) => accounts[i]!.id) };
  }
  const droppedSet = new Set(dropped);
  const takes = accounts.map((_, i) => i).filter((i) => !droppedSet.has(i));
  const rem = accounts.map(() => 0n);
  for (const i of takes) {
    out[i] = (lots * w[i]!) / live;
    rem[i] = (lots * w[i]!) % live;
  }
  let left = lots - out.reduce((s, x) => s + x, 0n);
  const oddLots: number[] = [];
  let rotation = rotationAfter;
  const give = (i: number) => {
    out[i] = out[i]! + 1n;
    oddLots.push(i);
    left -= 1n;
  };
  const remainder = spec.remainderAccount === undefined ? -1 : takes.find((i) => accounts[i]!.id === spec.remainderAccount) ?? -1;
  if (remainder >= 0) {
    while (left > 0n) give(remainder);
  } else if (spec.method === 'rotation') {
    const candidates = takes.filter((i) => rem[i]! > 0n).sort((i, j) => byId(accounts[i]!.id, accounts[j]!.id));
    const next = rotationAfter === undefined ? 0 : candidates.findIndex((i) => accounts[i]!.id > rotationAfter);
    const first = next >= 0 ? next : 0;
    for (let k = 0; left > 0n; k++) {
      const i = candidates[(first + k) % candidates.length]!;
      give(i);
      rotation = accounts[i]!.id;
    }
  } else {
    const order = [...takes].sort((i, j) => {
      if (rem[i]! !== rem[j]!) return rem[i]! > rem[j]! ? -1 : 1;
      if (w[i]! !== w[j]!) return w[i]! > w[j]! ? -1 : 1;
      return byId(accounts[i]!.id, accounts[j]!.id);
    });
    for (const i of order) {
      if (left <= 0n) break;
      give(i);
    }
  }
  return {
    allocations: accounts.map((a, i) => ({ id: a.id, qty: new D((out[i]! * lotBig).toString()) })),
    unallocated: qty.minus(placed),
    targets,
    dropped: dropped.map((i) => accounts[i]!.id),
    oddLots: oddLots.map((i) => accounts[i]!.id),
    ...(rotation !== undefined ? { rotation } : {}),
  };
}

/**
 * Splits `qty` across accounts pro rata to capital in whole lots, exactly: largest remainder,
 * ties to the larger capital, then the smaller account id (see splitBlock). Pure; throws
 * SplitInputError for bad input.
 */
export function splitProRata(qty: Dec, accounts: readonly SplitAccount[], lot: Dec = new D(1)): Split {
  const s = splitBlock(qty, accounts, { method: 'pro_rata', lot });
  return { allocations: s.allocations, unallocated: s.unallocated };
}

/** Text form of a split for the wire and reports; pure. */
export function splitText(s: Split): { allocations: { id: string; qty: string }[]; unallocated: string } {
  return { allocations: s.allocations.map((a) => ({ id: a.id, qty: decText(a.qty) })), unallocated: decText(s.unallocated.isZero() ? ZERO : s.unallocated) };
}

/** An account offered a share of a block order, with its position in the order's symbol. */
export interface HoldingAccount extends SplitAccount {
  /** signed quantity the account holds in the block's symbol (the part the block trades); absent: none */
  readonly position?: Dec;
  /** the account may only reduce what it holds: no share of the part that opens positions */
  readonly reduceOnly?: boolean;
}

/** A split of a block order that may reduce the accounts' positions. */
export interface OrderSplit extends BlockSplit {
  /** the part of the block that reduces positions, split by holdings (zero when none does) */
  readonly reducing: Dec;
}

/**
 * Splits the part of a block that reduces positions: `qty` (≤ Σ holdings) in whole lots in
 * proportion to each account's holding, no account more than the whole lots it holds. Lots left
 * by flooring go one each to the largest fractional remainders, ties to the larger holding, then
 * the smaller id; an account already at its holding is passed over (a pass repeats only when
 * holdings are not whole lots). Pure.
 */
function splitByHoldings(qty: Dec, accounts: readonly SplitAccount[], held: readonly Dec[], lot: Dec): { out: bigint[]; targets: Dec[]; unallocated: Dec } {
  const lotBig = BigInt(lot.toFixed(0));
  const caps = held.map((h) => BigInt(h.div(lot).floor().toFixed(0)));
  const lots = BigInt(D.min(qty.div(lot).floor(), new D(caps.reduce((s, x) => s + x, 0n).toString())).toFixed(0));
  const w = toScaledBigInts(held);
  const wTotal = w.reduce((s, x) => s + x, 0n);
  const out = w.map((x) => (lots * x) / wTotal);
  const rem = w.map((x) => (lots * x) % wTotal);
  const targets = w.map((x) => fixed10((lots * lotBig * x * TEN_POW_10) / wTotal));
  let left = lots - out.reduce((s, x) => s + x, 0n);
  const order = accounts.map((_, i) => i).sort((i, j) => {
    if (rem[i]! !== rem[j]!) return rem[i]! > rem[j]! ? -1 : 1;
    if (w[i]! !== w[j]!) return w[i]! > w[j]! ? -1 : 1;
    return byId(accounts[i]!.id, accounts[j]!.id);
  });
  while (left > 0n) {
    for (const i of order) {
      if (left === 0n) break;
      if (out[i]! >= caps[i]!) continue;
      out[i] = out[i]! + 1n;
      left -= 1n;
    }
  }
  return { out: out.map((x) => x * lotBig), targets, unallocated: qty.minus(new D((lots * lotBig).toString())) };
}

/** A split that gives every account nothing and leaves `unallocated` over; pure. */
function noSplit(accounts: readonly { readonly id: string }[], unallocated: Dec, rotationAfter?: string): BlockSplit {
  const none = accounts.map((a) => ({ id: a.id, qty: ZERO }));
  return { allocations: none, unallocated, targets: none, dropped: [], oddLots: [], ...(rotationAfter !== undefined ? { rotation: rotationAfter } : {}) };
}

/** The part of a block that opens positions, split by the method across the accounts that may open (none: all of it unallocated), reported for every account in input order; pure. */
function openingSplit(qty: Dec, accounts: readonly HoldingAccount[], spec: SplitSpec, rotationAfter?: string): BlockSplit {
  const open = accounts.filter((a) => !a.reduceOnly);
  if (open.length === accounts.length) return splitBlock(qty, accounts, spec, rotationAfter);
  if (open.length === 0) return noSplit(accounts, qty, rotationAfter);
  const r = splitBlock(qty, open, spec, rotationAfter);
  const of = (list: readonly { id: string; qty: Dec }[]) => {
    const byId = new Map(list.map((x) => [x.id, x.qty]));
    return accounts.map((a) => ({ id: a.id, qty: byId.get(a.id) ?? ZERO }));
  };
  return { ...r, allocations: of(r.allocations), targets: of(r.targets) };
}

/**
 * Splits a block order on `side` across accounts that may hold its symbol. The part that reduces
 * positions — up to Σ of the accounts' holdings on the other side (longs for a sell, shorts for a
 * buy) — is split in proportion to those holdings, capped at each account's holding, in whole
 * lots (largest remainder; ties to the larger holding, then the smaller id), so that no account
 * sells more than it holds while the block only reduces. Only the rest — the part that opens or
 * flips a position — is split by the spec's method (`splitBlock`: min_lots, the remainder
 * account and rotation apply to it alone). Reducing quantity that whole lots within the holdings
 * cannot place is left unallocated. `targets` add up both parts' exact quotas; `oddLots`,
 * `dropped` and `rotation` are the method's. Without holdings on the other side this is
 * `splitBlock`. Pure; throws SplitInputError.
 */
export function splitOrder(qty: Dec, side: 'buy' | 'sell', accounts: readonly HoldingAccount[], spec: SplitSpec, rotationAfter?: string): OrderSplit {
  checkSplitInputs(qty, accounts, spec);
  const held = accounts.map((a) => {
    const p = a.position ?? ZERO;
    if (!p.isFinite()) throw new SplitInputError(`account ${a.id}: position must be a finite number, found ${p.toString()}`);
    const h = side === 'sell' ? p : p.neg();
    return h.gt(0) ? h : ZERO;
  });
  const total = held.reduce((s, h) => s.plus(h), ZERO);
  if (total.isZero() || accounts.length === 0) return { ...openingSplit(qty, accounts, spec, rotationAfter), reducing: ZERO };
  const reducing = D.min(qty, total);
  const rest = qty.minus(reducing);
  const r = splitByHoldings(reducing, accounts, held, spec.lot);
  const fresh = rest.gt(0) ? openingSplit(rest, accounts, spec, rotationAfter) : noSplit(accounts, ZERO, rotationAfter);
  return {
    ...fresh,
    allocations: accounts.map((a, i) => ({ id: a.id, qty: new D(r.out[i]!.toString()).plus(fresh.allocations[i]!.qty) })),
    targets: accounts.map((a, i) => ({ id: a.id, qty: r.targets[i]!.plus(fresh.targets[i]!.qty) })),
    unallocated: r.unallocated.plus(fresh.unallocated),
    reducing,
  };
}
