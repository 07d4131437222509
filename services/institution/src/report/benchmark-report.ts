import { benchmarkReturns, benchmarkStats, D, DataError, type AtriumConfig, type BenchmarkStats, type Metadata } from '@atrium/domain';
import { csv } from './csv.js';
import { esc, kpis } from './html.js';
import { lineChart } from './svg.js';

/** Every symbol a PM, account or group is compared against, sorted (the collector records their closes). */
export function benchmarkSymbols(config: Pick<AtriumConfig, 'pms'> & Partial<Pick<AtriumConfig, 'groups'>>): string[] {
  const all = [...config.pms.flatMap((pm) => [pm.meta.benchmark, ...pm.accounts.map((a) => a.meta.benchmark)]), ...(config.groups ?? []).map((g) => g.meta.benchmark)];
  return [...new Set(all.filter((s): s is string => s !== undefined))].sort();
}

/**
 * A data error about symbols missing from a file, with the PMs, accounts and groups whose benchmark
 * they are named (a benchmark is loaded even when no strategy trades it); other errors as they are.
 */
export function explainMissingBenchmarks(err: unknown, config: Pick<AtriumConfig, 'pms'> & Partial<Pick<AtriumConfig, 'groups'>>): unknown {
  if (!(err instanceof DataError) || err.code !== 'missing_symbols') return err;
  const missing = /not in the file: (.*)$/.exec(err.message)?.[1]?.split(', ') ?? [];
  const users = [
    ...config.pms.flatMap((pm) => [
      ...(pm.meta.benchmark && missing.includes(pm.meta.benchmark) ? [`${pm.meta.benchmark} is the benchmark of PM ${pm.id}`] : []),
      ...pm.accounts.flatMap((a) => (a.meta.benchmark && missing.includes(a.meta.benchmark) ? [`${a.meta.benchmark} is the benchmark of account ${pm.id}/${a.id}`] : [])),
    ]),
    ...(config.groups ?? []).flatMap((g) => (g.meta.benchmark && missing.includes(g.meta.benchmark) ? [`${g.meta.benchmark} is the benchmark of group ${g.id}`] : [])),
  ];
  return users.length ? new DataError(err.code, `${err.message} (${users.join('; ')})`, { source: err.source }, { cause: err }) : err;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));

/** What a portfolio with a benchmark adds to its reports; empty without one. */
export interface BenchmarkSection {
  /** `performance.json`'s `benchmark` */
  readonly perf: { benchmark?: BenchmarkStats };
  readonly html: string;
  /** `benchmark.csv` (date, benchmark close, benchmark equity) */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * A portfolio against its benchmark: alpha, beta, tracking error, information ratio (see
 * benchmarkStats) and the benchmark's equity line (the initial capital invested in the benchmark
 * on the first step, no flows), from the closes the session published; pure.
 */
export function benchmarkSection(o: { meta: Metadata; capital: string; dates: readonly string[]; equity: readonly string[]; returns: readonly number[]; closes: ReadonlyMap<string, readonly (string | undefined)[]> }): BenchmarkSection {
  const symbol = o.meta.benchmark;
  if (symbol === undefined) return { perf: {}, html: '', files: new Map() };
  const closes = o.dates.map((_, i) => o.closes.get(symbol)?.[i]);
  const b = benchmarkReturns(closes);
  const stats = benchmarkStats(symbol, o.returns, b);
  let wealth = new D(o.capital);
  const line = b.map((r) => (wealth = wealth.times(1 + r)).toDecimalPlaces(2));
  const html = [
    `<h2>Benchmark ${esc(symbol)}</h2>`,
    kpis([
      ['benchmark return', pct(stats.benchmark_return)],
      ['excess return', pct(stats.excess_return)],
      ['alpha (annual)', pct(stats.alpha)],
      ['beta', num(stats.beta)],
      ['tracking error', pct(stats.tracking_error)],
      ['information ratio', num(stats.information_ratio)],
    ]),
    lineChart({ title: `Equity and ${symbol} (the same capital invested in it)`, labels: o.dates, series: [{ name: 'equity', values: o.equity.map(Number) }, { name: symbol, values: line.map((x) => x.toNumber()) }] }),
  ].join('');
  const file = csv(['date', 'benchmark_close', 'benchmark_equity'], o.dates.map((d, i) => [d, closes[i] ?? '', line[i]!.toFixed(2)]));
  return { perf: { benchmark: stats }, html, files: new Map([['benchmark.csv', file]]) };
}
