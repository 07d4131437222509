import { accountRules, AverageVolume, checkCompliance, D, instrumentOf, ZERO, type AccountView, type AtriumConfig, type Dec } from '@atrium/domain';
import { sideFromWire } from '@atrium/wire';
import type { RunRecord } from '../session/collector.js';

/** A child order an account accepted although one of its hard rules forbade it. */
export interface AccountBreach {
  readonly step: number;
  readonly account: string;
  readonly childId: string;
  readonly message: string;
}

/** What the replay found: active breaches (there must be none) and the closes with an account over a position cap. */
export interface AccountBreachReport {
  readonly active: readonly AccountBreach[];
  /** steps at whose close some account held a position over its max_position_pct, with no order to blame */
  readonly passiveSteps: ReadonlySet<number>;
}

interface Book {
  readonly qty: Map<string, Dec>;
}

const add = (book: Book, symbol: string, qty: Dec) => {
  const q = (book.qty.get(symbol) ?? ZERO).plus(qty);
  if (q.isZero()) book.qty.delete(symbol);
  else book.qty.set(symbol, q);
};

/**
 * Replays every child order the venue accepted through its account's hard compliance rules
 * (inherited ones included), on the account's book rebuilt from the fill log — positions
 * after the fills of the order's step, plus the orders accepted before it in the same batch,
 * marked at that step's closes, with the equity the account reported at that close — and lists
 * the ones a rule forbade (active breaches: there must be none). Also the closes at which an
 * account's position exceeded its max_position_pct (passive: prices did it). Pure.
 */
export function accountBreaches(config: AtriumConfig, record: RunRecord): AccountBreachReport {
  const rulesOf = new Map<string, ReturnType<typeof accountRules>>();
  for (const pm of config.pms) for (const a of pm.accounts) rulesOf.set(`${pm.id}/${a.id}`, accountRules(config, pm, a).filter((r) => r.severity === 'hard'));
  const books = new Map<string, Book>();
  const book = (key: string) => books.get(key) ?? books.set(key, { qty: new Map() }).get(key)!;
  const fills = [...record.fills].sort((a, b) => a.step - b.step || (a.fillId < b.fillId ? -1 : a.fillId > b.fillId ? 1 : 0));
  const batches = [...record.accepted].sort((a, b) => a.step - b.step || (a.pmId < b.pmId ? -1 : a.pmId > b.pmId ? 1 : 0) || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  const volumes = new AverageVolume();
  const needVolumes = [...rulesOf.values()].some((rules) => rules.some((r) => r.kind === 'max_adv_pct'));
  // a position is over some cap exactly when it is over the smallest one
  const smallestCap = new Map<string, Dec>();
  for (const [key, rules] of rulesOf) {
    const caps = rules.filter((r) => r.kind === 'max_position_pct').map((r) => new D(r.pct));
    if (caps.length) smallestCap.set(key, D.min(...caps));
  }
  const closes = new Map<string, Dec>();
  const active: AccountBreach[] = [];
  const passiveSteps = new Set<number>();
  let f = 0;
  let b = 0;
  for (let t = 0; t < record.totalSteps; t++) {
    for (; f < fills.length && fills[f]!.step <= t; f++) {
      const x = fills[f]!;
      add(book(`${x.pmId}/${x.accountId}`), x.symbol, sideFromWire(x.side) === 'sell' ? new D(x.qty).neg() : new D(x.qty));
    }
    for (const bar of record.bars[t] ?? []) {
      closes.set(bar.symbol, new D(bar.close));
      if (needVolumes) volumes.push(bar.symbol, new D(bar.volume));
    }
    // passive: a position cap exceeded at this close (one is enough to count the step)
    passive: for (const [key, pct] of smallestCap) {
      const text = record.accountEquity.get(key)?.[t];
      const equity = text ? new D(text) : undefined;
      if (!equity?.gt(0)) continue;
      const bound = equity.times(pct).div(100);
      for (const [symbol, qty] of book(key).qty) {
        const price = closes.get(symbol);
        if (price && qty.abs().times(price).gt(bound)) {
          passiveSteps.add(t);
          break passive;
        }
      }
    }
    // active: replay this step's accepted orders against the rules
    for (; b < batches.length && batches[b]!.step <= t; b++) {
      const batch = batches[b]!;
      const key = `${batch.pmId}/${batch.accountId}`;
      const rules = rulesOf.get(key) ?? [];
      const equity = record.accountEquity.get(key)?.[batch.step];
      if (!rules.length || !equity) continue;
      const held = book(key).qty;
      const pending = new Map<string, Dec>();
      const view: AccountView = {
        equity: new D(equity),
        position: (s) => (held.get(s) ?? ZERO).plus(pending.get(s) ?? ZERO),
        price: (s) => closes.get(s),
        instrument: (s) => instrumentOf(config, s),
        held: () => [...new Set([...held.keys(), ...pending.keys()])],
        averageVolume: (s) => volumes.average(s),
      };
      for (const o of batch.orders) {
        const side = sideFromWire(o.side);
        if (side === 'invalid') continue;
        const qty = new D(o.qty);
        const findings = checkCompliance(rules, { symbol: o.symbol, side, qty }, view);
        if (findings.length) active.push({ step: batch.step, account: key, childId: o.childId, message: findings.map((x) => x.message).join('; ') });
        pending.set(o.symbol, (pending.get(o.symbol) ?? ZERO).plus(side === 'buy' ? qty : qty.neg()));
      }
    }
  }
  return { active, passiveSteps };
}
