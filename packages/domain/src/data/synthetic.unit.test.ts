import { describe, expect, it } from 'vitest';
import { isoDateToDays, weekdayOfDays, businessDays } from './calendar.js';
import { DataError } from './data-error.js';
import { generateSynthetic, sectorOf, SECTORS, type SyntheticMarket } from './synthetic.js';

const UNIVERSE = Array.from({ length: 24 }, (_, i) => `SYM${i}`);
// 2000 business days: enough that sample correlations and regime vols are not noise.
const LONG = { seed: 11, symbols: UNIVERSE, start: '2010-01-01', end: '2017-08-31' };
const long = generateSynthetic(LONG);

const json = (m: SyntheticMarket): string => JSON.stringify({ ...m, sectors: [...m.sectors] });

/** Close-to-close log returns per symbol; element t-1 is the return into step t. */
function logReturns(m: SyntheticMarket): Map<string, number[]> {
  const out = new Map<string, number[]>(m.symbols.map((s) => [s, []]));
  for (let t = 1; t < m.steps.length; t++) {
    const prev = m.steps[t - 1]!.bars;
    m.steps[t]!.bars.forEach((b, i) => out.get(b.symbol)!.push(Math.log(Number(b.close) / Number(prev[i]!.close))));
  }
  return out;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y) / n, mb = b.reduce((x, y) => x + y) / n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('generateSynthetic', () => {
  it('gives byte-identical output for the same seed and options', () => {
    expect(json(generateSynthetic(LONG))).toBe(json(long));
  });

  it('gives different prices for a different seed', () => {
    const other = generateSynthetic({ ...LONG, seed: 12 });
    expect(other.steps[0]!.bars[0]!.close).not.toBe(long.steps[0]!.bars[0]!.close);
    expect(json(other)).not.toBe(json(long));
  });

  it("keeps a symbol's series the same whatever other symbols are generated with it", () => {
    const alone = generateSynthetic({ ...LONG, symbols: ['SYM5'], end: '2010-12-31' });
    const crowd = generateSynthetic({ ...LONG, symbols: ['ZZZ', 'SYM5', 'AAA'], end: '2010-12-31' });
    expect(crowd.steps.map((s) => s.bars[1])).toEqual(alone.steps.map((s) => s.bars[0]));
  });

  it('has one step per weekday from start to end, none on a weekend, every symbol on every step, sorted', () => {
    expect(long.steps).toHaveLength(2000);
    expect(long.steps.map((s) => s.date)).toEqual(businessDays(LONG.start, LONG.end));
    for (const s of long.steps) {
      const wd = weekdayOfDays(isoDateToDays(s.date));
      expect(wd === 0 || wd === 6).toBe(false);
      expect(s.bars.map((b) => b.symbol)).toEqual(long.symbols);
    }
    expect(long.symbols).toEqual([...UNIVERSE].sort());
    expect(long.warnings).toEqual([]);
  });

  it('keeps OHLC consistent on every bar, with 2-decimal prices and positive integer volume', () => {
    let bars = 0;
    for (const s of long.steps) {
      for (const b of s.bars) {
        const [o, h, l, c] = [b.open, b.high, b.low, b.close].map(Number) as [number, number, number, number];
        const ok = /^\d+\.\d\d$/.test(b.open) && /^\d+\.\d\d$/.test(b.high) && /^\d+\.\d\d$/.test(b.low) && /^\d+\.\d\d$/.test(b.close)
          && /^[1-9]\d*$/.test(b.volume) && l > 0 && h >= Math.max(o, c) && l <= Math.min(o, c);
        if (!ok) throw new Error(`${s.date} ${JSON.stringify(b)}`);
        bars++;
      }
    }
    expect(bars).toBe(2000 * 24);
  });

  it('opens near the previous close and starts prices between 20 and 300', () => {
    for (const b of long.steps[0]!.bars) expect(Number(b.open) > 19 && Number(b.open) < 310).toBe(true);
    const gaps: number[] = [];
    for (let t = 1; t < long.steps.length; t++) {
      long.steps[t]!.bars.forEach((b, i) => gaps.push(Math.abs(Math.log(Number(b.open) / Number(long.steps[t - 1]!.bars[i]!.close)))));
    }
    expect(mean(gaps)).toBeLessThan(0.01);
    expect(mean(gaps)).toBeGreaterThan(0.001);
  });

  it('correlates symbols of the same sector more than symbols of different sectors', () => {
    const rets = logReturns(long);
    const same: number[] = [], diff: number[] = [];
    for (let i = 0; i < UNIVERSE.length; i++) {
      for (let j = i + 1; j < UNIVERSE.length; j++) {
        const c = correlation(rets.get(UNIVERSE[i]!)!, rets.get(UNIVERSE[j]!)!);
        (long.sectors.get(UNIVERSE[i]!) === long.sectors.get(UNIVERSE[j]!) ? same : diff).push(c);
      }
    }
    expect(same.length).toBeGreaterThan(10);
    expect(mean(diff)).toBeGreaterThan(0.1); // the market factor links everything
    expect(mean(same)).toBeGreaterThan(mean(diff) + 0.15);

    const [a, b] = UNIVERSE.filter((s) => long.sectors.get(s) === long.sectors.get('SYM0'));
    const c = UNIVERSE.find((s) => long.sectors.get(s) !== long.sectors.get('SYM0'))!;
    expect(correlation(rets.get(a!)!, rets.get(b!)!)).toBeGreaterThan(correlation(rets.get(a!)!, rets.get(c)!));
  });

  it('switches between persistent calm and stressed regimes, with about 2.5x the realised vol when stressed', () => {
    const rets = logReturns(long);
    const sq = { calm: [] as number[], stressed: [] as number[] };
    for (const r of rets.values()) r.forEach((x, i) => sq[long.regimes[i + 1]!].push(x * x));
    const ratio = Math.sqrt(mean(sq.stressed) / mean(sq.calm));
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(3);

    const stressedShare = sq.stressed.length / (sq.stressed.length + sq.calm.length);
    expect(stressedShare).toBeGreaterThan(0.05);
    expect(stressedShare).toBeLessThan(0.35);
    const runs = long.regimes.filter((r, i) => r === 'stressed' && long.regimes[i - 1] !== 'stressed').length;
    expect(sq.stressed.length / 24 / runs).toBeGreaterThan(8); // mean stressed spell in days
  });

  it('trades more volume on big-move days', () => {
    const rets = logReturns(long);
    for (const s of ['SYM0', 'SYM7', 'SYM13']) {
      const col = long.symbols.indexOf(s);
      const days = rets.get(s)!.map((r, i) => ({ move: Math.abs(r), volume: Number(long.steps[i + 1]!.bars[col]!.volume) }));
      days.sort((x, y) => x.move - y.move);
      const quiet = mean(days.slice(0, 1000).map((d) => d.volume));
      const loud = mean(days.slice(-200).map((d) => d.volume));
      expect(loud).toBeGreaterThan(1.5 * quiet);
    }
  });

  it('drifts slightly upward on average across symbols and seeds', () => {
    const drifts = [1, 2, 3, 4, 5].flatMap((seed) => {
      const m = generateSynthetic({ ...LONG, seed });
      return [...logReturns(m).values()].map((r) => mean(r) * 252);
    });
    expect(mean(drifts)).toBeGreaterThan(0);
    expect(mean(drifts)).toBeLessThan(0.3);
  });

  it('assigns each symbol a sector from its name alone', () => {
    for (const s of UNIVERSE) expect(long.sectors.get(s)).toBe(sectorOf(s));
    expect(generateSynthetic({ ...LONG, seed: 99, end: '2010-01-08' }).sectors).toEqual(long.sectors);
    expect(new Set(long.sectors.values()).size).toBe(SECTORS.length);
  });

  it.each([
    [{ seed: 1.5 }, 'bad_option', 'synthetic data: seed must be a safe integer, found 1.5'],
    [{ symbols: [] }, 'bad_option', 'synthetic data: symbols is empty'],
    [{ symbols: ['A', 'B', 'A'] }, 'bad_option', 'synthetic data: symbol A is listed twice'],
    [{ symbols: [''] }, 'bad_option', 'synthetic data: "" is not a symbol'],
    [{ start: '2020-02-30' }, 'bad_option', 'synthetic data: start "2020-02-30" is not a YYYY-MM-DD date'],
    [{ start: '2020-02-01', end: '2020-01-01' }, 'bad_option', 'synthetic data: start 2020-02-01 is after end 2020-01-01'],
    [{ start: '2024-01-06', end: '2024-01-07' }, 'no_rows', 'synthetic data: no business day in 2024-01-06..2024-01-07'],
  ])('rejects %j', (opts, code, message) => {
    let error: unknown;
    try {
      generateSynthetic({ ...LONG, ...opts });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code, message });
  });
});
