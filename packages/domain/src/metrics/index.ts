export { MetricsInputError } from './metrics-error.js';
export { computePerformance, type Performance, type PerformanceInput } from './performance.js';
export { countRoundTrips, type RoundTripFill } from './round-trips.js';
export { correlationMatrix } from './correlation.js';
export {
  PERIODS_PER_YEAR, annualVolatility, cagr, calmarRatio, downsideRisk, maxDrawdown, sharpeRatio, sortinoRatio, totalReturn,
} from './return-stats.js';
export { benchmarkReturns, benchmarkStats, type BenchmarkStats } from './benchmark.js';
export * from './percentile.js';
