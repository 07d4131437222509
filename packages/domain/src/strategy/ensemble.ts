import type { StrategyParams } from '../config/types.js';
import { createSignalStrategy, signalParamsIssues } from './signal-factory.js';
import { SignalStrategy, type Signal } from './signal-strategy.js';
import { assertNoIssues, checkBoolean, checkNumber, type ParamIssue } from './strategy-config-error.js';

export type EnsembleParams = Extract<StrategyParams, { type: 'ensemble' }>;

/** Every problem with ensemble params, components included (paths under `at`); pure. */
export function ensembleIssues(params: EnsembleParams, at = 'params'): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const components = Array.isArray(params.components) ? params.components : [];
  if (components.length === 0) {
    issues.push({ param: `${at}.components`, message: `${at}.components must list at least one component` });
  }
  let weightOk = true;
  let absWeight = 0;
  components.forEach((component, i) => {
    const path = `${at}.components[${i}]`;
    if (checkNumber(issues, `${path}.weight`, component.weight, () => true, 'a finite number')) {
      absWeight += Math.abs(component.weight);
    } else weightOk = false;
    issues.push(...signalParamsIssues(component.params, `${path}.params`));
  });
  if (components.length > 0 && weightOk && absWeight === 0) {
    issues.push({ param: `${at}.components`, message: `${at}.components weights must not all be 0` });
  }
  // The blend lies in [−1, 1] and is 0 while nothing has a view: a threshold of 0 would go long
  // on no evidence, and one above 1 could never be reached.
  checkNumber(issues, `${at}.threshold`, params.threshold, (v) => v > 0 && v <= 1, 'a number in (0, 1]');
  checkBoolean(issues, `${at}.allowShort`, params.allowShort);
  return issues;
}

/**
 * Weighted vote of signal strategies run on the same symbols. Each bar every component advances,
 * then blend = Σ weight_i × direction_i / Σ |weight_i| (in [−1, 1]); direction = +1 when
 * blend >= threshold, −1 when blend <= −threshold and `allowShort`, 0 otherwise. Score = blend.
 * Deterministic, mutable, pure (no I/O, no clock).
 */
export class EnsembleStrategy extends SignalStrategy {
  private readonly components: readonly SignalStrategy[];
  private readonly weights: readonly number[];
  private readonly absWeight: number;

  constructor(id: string, symbols: readonly string[], readonly params: EnsembleParams) {
    super(id, symbols);
    assertNoIssues(id, ensembleIssues(params));
    this.components = params.components.map((c, i) =>
      createSignalStrategy(`${id}/components[${i}]`, this.symbols, c.params),
    );
    this.weights = params.components.map((c) => c.weight);
    this.absWeight = this.weights.reduce((sum, w) => sum + Math.abs(w), 0);
  }

  protected decide(slot: number, close: number): Signal {
    let vote = 0;
    for (let i = 0; i < this.components.length; i += 1) {
      const component = this.components[i] as SignalStrategy;
      component.advance(slot, close);
      vote += (this.weights[i] as number) * component.directionAt(slot);
    }
    const blend = vote / this.absWeight;
    const { threshold, allowShort } = this.params;
    const direction = blend >= threshold ? 1 : allowShort && blend <= -threshold ? -1 : 0;
    return { direction, score: blend };
  }
}
