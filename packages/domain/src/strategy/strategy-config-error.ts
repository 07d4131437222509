/** One thing wrong with a strategy's configuration: the param's path and what was found. */
export interface ParamIssue {
  /** Path inside the strategy config, e.g. `params.fast` or `params.components[1].weight`. */
  readonly param: string;
  readonly message: string;
}

/**
 * Thrown when a strategy config cannot work (fast >= slow, a period of 0, an unknown type...).
 * It carries every issue found, not just the first, so one run of the config shows all of them.
 */
export class StrategyConfigError extends Error {
  /** The first offending param, for callers that report one. */
  readonly param: string;

  constructor(readonly strategyId: string, readonly issues: readonly ParamIssue[]) {
    super(`strategy ${JSON.stringify(strategyId)}: ${issues.map((i) => i.message).join('; ')}`);
    this.name = 'StrategyConfigError';
    this.param = issues[0]?.param ?? '';
  }
}

/** Throws StrategyConfigError when `issues` is not empty; pure otherwise. */
export function assertNoIssues(strategyId: string, issues: readonly ParamIssue[]): void {
  if (issues.length > 0) throw new StrategyConfigError(strategyId, issues);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Records an issue unless `value` is an integer >= `minimum`; pure apart from the push. */
export function checkInteger(issues: ParamIssue[], param: string, value: unknown, minimum: number): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && value >= minimum) return true;
  issues.push({ param, message: `${param} must be an integer >= ${minimum}, found ${shown(value)}` });
  return false;
}

/**
 * Records an issue unless `value` is a finite number passing `test`; `requirement` completes
 * "must be ..." in the message. Pure apart from the push.
 */
export function checkNumber(
  issues: ParamIssue[],
  param: string,
  value: unknown,
  test: (v: number) => boolean,
  requirement: string,
): boolean {
  if (typeof value === 'number' && Number.isFinite(value) && test(value)) return true;
  issues.push({ param, message: `${param} must be ${requirement}, found ${shown(value)}` });
  return false;
}

/** Records an issue unless `value` is a boolean; pure apart from the push. */
export function checkBoolean(issues: ParamIssue[], param: string, value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  issues.push({ param, message: `${param} must be true or false, found ${shown(value)}` });
  return false;
}

/** Records an issue unless the period pair is strictly increasing (fast < slow); pure apart from the push. */
export function checkFastBelowSlow(
  issues: ParamIssue[],
  fastParam: string,
  fast: number,
  slowParam: string,
  slow: number,
): void {
  if (fast < slow) return;
  issues.push({ param: fastParam, message: `${fastParam} (${fast}) must be less than ${slowParam} (${slow})` });
}
