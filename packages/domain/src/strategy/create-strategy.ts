import type { StrategyConfig } from '../config/types.js';
import { EnsembleStrategy, ensembleIssues } from './ensemble.js';
import { ScheduledOrdersStrategy, scheduledOrdersIssues } from './scheduled-orders.js';
import { createSignalStrategy, signalParamsIssues } from './signal-factory.js';
import { sizingIssues } from './sizing.js';
import type { Strategy } from './strategy.js';
import { assertNoIssues, type ParamIssue } from './strategy-config-error.js';

function symbolsIssues(symbols: readonly string[]): ParamIssue[] {
  if (!Array.isArray(symbols) || symbols.length === 0) {
    return [{ param: 'symbols', message: 'symbols must name at least one symbol' }];
  }
  return symbols.flatMap((s, i) =>
    typeof s === 'string' && s !== ''
      ? []
      : [{ param: `symbols[${i}]`, message: `symbols[${i}] must be a non-empty string, found ${JSON.stringify(s)}` }],
  );
}

/**
 * Every problem with a strategy config, all of them rather than the first, so a config loader can
 * report a whole file at once; pure. Empty means createStrategy will not throw.
 * scheduled_orders ignores `symbols` and `sizing` (its orders name symbols and quantities).
 */
export function strategyConfigIssues(config: StrategyConfig): ParamIssue[] {
  const params = config.params;
  switch (params?.type) {
    case 'scheduled_orders':
      return scheduledOrdersIssues(params);
    case 'ensemble':
      return [...symbolsIssues(config.symbols), ...ensembleIssues(params), ...sizingIssues(config.sizing)];
    default:
      return [...symbolsIssues(config.symbols), ...signalParamsIssues(params), ...sizingIssues(config.sizing)];
  }
}

/**
 * Builds the strategy a config describes, with fresh (flat, cold) state. Throws
 * StrategyConfigError naming the strategy id and every offending param when the config cannot
 * work; pure otherwise.
 */
export function createStrategy(config: StrategyConfig): Strategy {
  assertNoIssues(config.id, strategyConfigIssues(config));
  const params = config.params;
  switch (params.type) {
    case 'scheduled_orders':
      return new ScheduledOrdersStrategy(config.id, params);
    case 'ensemble':
      return new EnsembleStrategy(config.id, config.symbols, params);
    default:
      return createSignalStrategy(config.id, config.symbols, params);
  }
}
