import type { Bar, MarketData, MarketStepData } from '../market/bar.js';
import { businessDays, isIsoDate } from './calendar.js';
import { DataError } from './data-error.js';
import { createRng, deriveSeed, type Rng } from './rng.js';
import { compareText } from './series.js';

/** Options for generateSynthetic. */
export interface SyntheticOptions {
  /** Any safe integer; the same seed and options always give the same data. */
  readonly seed: number;
  readonly symbols: readonly string[];
  /** Inclusive YYYY-MM-DD bounds; bars fall on Monday–Friday only. */
  readonly start: string;
  readonly end: string;
}

/** The shared volatility regime of a day. */
export type Regime = 'calm' | 'stressed';

/** Generated market data plus what generated it, for tests and reports. */
export interface SyntheticMarket extends MarketData {
  /** Symbol → sector (from SECTORS). */
  readonly sectors: ReadonlyMap<string, string>;
  /** The regime of each step, aligned with `steps`. */
  readonly regimes: readonly Regime[];
}

/** The sectors synthetic symbols belong to. */
export const SECTORS = ['technology', 'financials', 'health', 'energy', 'consumer', 'industrials'] as const;

// Daily model parameters: calm daily vol of a typical name is ~1.5% (about 24% a year).
const MARKET_VOL = 0.008;
const SECTOR_VOL = 0.008;
const STRESS_MULTIPLIER = 2.5;
const P_CALM_TO_STRESSED = 0.01; // calm spells last ~100 days
const P_STRESSED_TO_CALM = 0.05; // stressed spells last ~20 days
const GAP_SHARE = 0.2; // overnight gap as a share of the day's sigma
const RANGE_SHARE = 0.5; // intraday excursion beyond open/close as a share of sigma
const VOLUME_MOVE_BOOST = 0.8; // extra volume per sigma of absolute return

/** A symbol's fixed character, drawn from its own stream. */
interface Profile {
  readonly symbol: string;
  readonly sector: number;
  readonly beta: number;
  readonly sectorLoading: number;
  readonly idioVol: number;
  readonly drift: number;
  /** Calm-regime total daily sigma. */
  readonly sigma: number;
  readonly baseVolume: number;
  readonly rng: Rng;
  /** Last close in cents. */
  closeCents: number;
}

const PREFIXES: readonly [string, (typeof SECTORS)[number]][] = [
  ['TECH', 'technology'],
  ['FIN', 'financials'],
  ['HLTH', 'health'],
  ['ENGY', 'energy'],
  ['CONS', 'consumer'],
  ['INDU', 'industrials'],
];

/**
 * The sector of a synthetic symbol: named by its prefix when it has one (TECH1 → technology,
 * FIN2 → financials, HLTH, ENGY, CONS, INDU), else a hash of its name — the same for every seed
 * and universe; pure.
 */
export function sectorOf(symbol: string): (typeof SECTORS)[number] {
  const upper = symbol.toUpperCase();
  for (const [prefix, sector] of PREFIXES) if (upper.startsWith(prefix)) return sector;
  let h = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 0x01000193);
  return SECTORS[(h >>> 0) % SECTORS.length]!;
}

function profileOf(seed: number, symbol: string): Profile {
  const rng = createRng(deriveSeed(seed, `symbol:${symbol}`));
  const beta = rng.uniform(0.6, 1.4);
  const sectorLoading = rng.uniform(0.6, 1.2);
  const idioVol = rng.uniform(0.007, 0.014);
  const drift = rng.uniform(0.0001, 0.0005);
  const startPrice = Math.exp(rng.uniform(Math.log(20), Math.log(300)));
  const baseVolume = Math.exp(rng.uniform(Math.log(3e5), Math.log(2e7)));
  const sigma = Math.sqrt((beta * MARKET_VOL) ** 2 + (sectorLoading * SECTOR_VOL) ** 2 + idioVol ** 2);
  return {
    symbol, sector: SECTORS.indexOf(sectorOf(symbol)), beta, sectorLoading, idioVol, drift, sigma, baseVolume, rng,
    closeCents: toCents(startPrice),
  };
}

function toCents(price: number): number {
  return Math.max(1, Math.round(price * 100));
}

/** Exact 2-decimal text of an integer number of cents. */
function centsText(cents: number): string {
  const frac = cents % 100;
  return `${(cents - frac) / 100}.${frac < 10 ? '0' : ''}${frac}`;
}

function checkOptions(opts: SyntheticOptions): void {
  const fail = (what: string): never => {
    throw new DataError('bad_option', `synthetic data: ${what}`);
  };
  if (!Number.isSafeInteger(opts.seed)) fail(`seed must be a safe integer, found ${opts.seed}`);
  if (!isIsoDate(opts.start)) fail(`start ${JSON.stringify(opts.start)} is not a YYYY-MM-DD date`);
  if (!isIsoDate(opts.end)) fail(`end ${JSON.stringify(opts.end)} is not a YYYY-MM-DD date`);
  if (opts.start > opts.end) fail(`start ${opts.start} is after end ${opts.end}`);
  if (opts.symbols.length === 0) fail('symbols is empty');
  const seen = new Set<string>();
  for (const s of opts.symbols) {
    if (typeof s !== 'string' || s === '') fail(`${JSON.stringify(s)} is not a symbol`);
    if (seen.has(s)) fail(`symbol ${s} is listed twice`);
    seen.add(s);
  }
}

/**
 * Generates realistic daily bars for the given symbols on every business day (Mon–Fri) from start
 * to end inclusive; pure and deterministic: the same options give identical output, and a symbol's
 * series does not depend on which other symbols are requested.
 *
 * Model: log return = drift + beta·market + loading·sector + idiosyncratic, every term's vol scaled
 * by a shared two-state Markov regime (stressed = 2.5× calm, persistent). The open gaps a little
 * from the previous close, high/low extend beyond open/close, volume rises on big moves. Prices are
 * 2-decimal text starting between 20 and 300, volume integer text. Throws DataError('bad_option')
 * for a non-integer seed, bad dates, start > end, empty or duplicate symbols, and
 * DataError('no_rows') when the window has no business day.
 */
export function generateSynthetic(opts: SyntheticOptions): SyntheticMarket {
  checkOptions(opts);
  const dates = businessDays(opts.start, opts.end);
  if (dates.length === 0) {
    throw new DataError('no_rows', `synthetic data: no business day in ${opts.start}..${opts.end}`);
  }
  const symbols = [...opts.symbols].sort(compareText);
  const profiles = symbols.map((s) => profileOf(opts.seed, s));
  // The market stream draws the same numbers whatever the universe, so symbols stay independent of it.
  const market = createRng(deriveSeed(opts.seed, 'market'));
  const sectorMoves = new Float64Array(SECTORS.length);
  const regimes: Regime[] = [];
  const steps: MarketStepData[] = [];
  let stressed = false;

  for (let t = 0; t < dates.length; t++) {
    if (t > 0) stressed = market.next() < (stressed ? 1 - P_STRESSED_TO_CALM : P_CALM_TO_STRESSED);
    regimes.push(stressed ? 'stressed' : 'calm');
    const m = stressed ? STRESS_MULTIPLIER : 1;
    const marketMove = market.normal() * MARKET_VOL * m;
    for (let k = 0; k < SECTORS.length; k++) sectorMoves[k] = market.normal() * SECTOR_VOL * m;

    const bars: Bar[] = [];
    for (const p of profiles) {
      const rng = p.rng;
      const sigma = p.sigma * m;
      const ret = p.drift + p.beta * marketMove + p.sectorLoading * sectorMoves[p.sector]! + rng.normal() * p.idioVol * m;
      const gap = rng.normal() * GAP_SHARE * sigma;
      const prev = p.closeCents / 100;
      const openC = toCents(prev * Math.exp(gap));
      const closeC = toCents(prev * Math.exp(ret));
      const up = Math.abs(rng.normal()) * RANGE_SHARE * sigma;
      const down = Math.abs(rng.normal()) * RANGE_SHARE * sigma;
      // Rounding is monotone and exp(±x) is on the right side of 1, so high >= max(open, close) and
      // low <= min(open, close) hold in cents; the 1-cent floor cannot lift low above a price >= 1 cent.
      const highC = toCents((Math.max(openC, closeC) * Math.exp(up)) / 100);
      const lowC = toCents((Math.min(openC, closeC) * Math.exp(-down)) / 100);
      const surprise = Math.abs(ret - p.drift) / p.sigma;
      const volume = Math.max(1, Math.round(p.baseVolume * Math.exp(0.25 * rng.normal()) * (1 + VOLUME_MOVE_BOOST * surprise)));
      bars.push({
        symbol: p.symbol,
        open: centsText(openC),
        high: centsText(highC),
        low: centsText(lowC),
        close: centsText(closeC),
        volume: String(volume),
      });
      p.closeCents = closeC;
    }
    steps.push({ date: dates[t]!, bars });
  }
  const sectors = new Map(profiles.map((p) => [p.symbol, SECTORS[p.sector]!] as const));
  return { symbols, steps, warnings: [], sectors, regimes };
}
