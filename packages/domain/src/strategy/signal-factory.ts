import type { SignalStrategyParams } from '../config/types.js';
import { MeanReversionStrategy, meanReversionIssues } from './mean-reversion.js';
import { MomentumStrategy, momentumIssues } from './momentum.js';
import type { SignalStrategy } from './signal-strategy.js';
import { SmaCrossoverStrategy, smaCrossoverIssues } from './sma-crossover.js';
import type { ParamIssue } from './strategy-config-error.js';

/** Every problem with the params of a plain signal strategy (paths under `at`); pure. */
export function signalParamsIssues(params: SignalStrategyParams, at = 'params'): ParamIssue[] {
  switch (params?.type) {
    case 'sma_crossover':
      return smaCrossoverIssues(params, at);
    case 'momentum':
      return momentumIssues(params, at);
    case 'mean_reversion':
      return meanReversionIssues(params, at);
    default: {
      const found = JSON.stringify((params as { type?: unknown } | undefined)?.type);
      return [{ param: `${at}.type`, message: `${at}.type must be sma_crossover, momentum or mean_reversion, found ${found}` }];
    }
  }
}

/** Builds a plain signal strategy; throws StrategyConfigError for impossible params. */
export function createSignalStrategy(
  id: string,
  symbols: readonly string[],
  params: SignalStrategyParams,
): SignalStrategy {
  switch (params.type) {
    case 'sma_crossover':
      return new SmaCrossoverStrategy(id, symbols, params);
    case 'momentum':
      return new MomentumStrategy(id, symbols, params);
    case 'mean_reversion':
      return new MeanReversionStrategy(id, symbols, params);
  }
}
