/** The strategy surface: contract types, indicators, the built-in strategies, their factory and sizing. */
export type { DecidedOrder, Direction, StepCloses, Strategy, TargetChange } from './strategy.js';
export type { Indicator } from './indicators/indicator.js';
export { InvalidPeriodError } from './indicators/indicator.js';
export { SimpleMovingAverage } from './indicators/simple-moving-average.js';
export { RollingStd } from './indicators/rolling-std.js';
export { RateOfChange } from './indicators/rate-of-change.js';
export { StrategyConfigError, type ParamIssue } from './strategy-config-error.js';
export { SignalStrategy, type Signal } from './signal-strategy.js';
export { SmaCrossoverStrategy, smaCrossoverIssues, type SmaCrossoverParams } from './sma-crossover.js';
export { MomentumStrategy, momentumIssues, type MomentumParams } from './momentum.js';
export { MeanReversionStrategy, meanReversionIssues, type MeanReversionParams } from './mean-reversion.js';
export { EnsembleStrategy, ensembleIssues, type EnsembleParams } from './ensemble.js';
export { ScheduledOrdersStrategy, scheduledOrdersIssues, type ScheduledOrdersParams } from './scheduled-orders.js';
export { createStrategy, strategyConfigIssues } from './create-strategy.js';
export { sizeTarget, sizingIssues, InvalidSizingError } from './sizing.js';
