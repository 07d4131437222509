import { analyticsLayout, type AtriumConfig } from '@atrium/domain';
import { startActorService, type Logger, type ServiceHandle } from '@atrium/runtime';
import { analyticsMachine } from './analytics/analytics.machine.js';
import { bindAnalytics } from './analytics/analytics.binding.js';

export interface AnalyticsOptions {
  config: AtriumConfig;
  url: string;
  log: Logger;
}

/** Starts analytics: rolling cross-portfolio correlations and their breaks, from what the firm publishes. */
export async function startAnalytics(opts: AnalyticsOptions): Promise<ServiceHandle> {
  return startActorService({
    name: 'analytics',
    firm: opts.config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'analytics',
    logic: analyticsMachine,
    input: { layout: analyticsLayout(opts.config) },
    bind: bindAnalytics,
    hooks: (actor) => ({ onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }) }),
  });
}
