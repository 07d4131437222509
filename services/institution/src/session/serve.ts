import type { AtriumConfig } from '@atrium/domain';
import { resolveBroker, type Logger, type ServiceHandle } from '@atrium/runtime';
import { loadMarketData, startVenue } from '@atrium/venue';
import { startMasterRisk } from '@atrium/master-risk';
import { startAllocation } from '@atrium/allocation';
import { startAnalytics } from '@atrium/analytics';
import { startPmService } from '@atrium/pm';
import type { ServiceName } from './backtest.js';

/**
 * Runs one service alone (`atrium serve <service>`) until a STOP command or a signal; the
 * service reads the same config file as every other one and so derives the same setup.
 */
export async function serveService(svc: ServiceName, config: AtriumConfig, opts: { natsUrl?: string; pmIds?: readonly string[]; log: Logger }): Promise<{ handle: ServiceHandle; release: () => Promise<void> }> {
  const broker = await resolveBroker(opts.natsUrl);
  const url = broker.url;
  let handle: ServiceHandle;
  switch (svc) {
    case 'venue':
      handle = await startVenue({ config, data: loadMarketData(config), url, log: opts.log });
      break;
    case 'master-risk': {
      const symbols = loadMarketData(config).symbols;
      handle = await startMasterRisk({ config, symbols, url, log: opts.log });
      break;
    }
    case 'allocation':
      handle = await startAllocation({ config, url, log: opts.log });
      break;
    case 'pm':
      handle = await startPmService({ config, url, log: opts.log, pmIds: opts.pmIds });
      break;
    case 'analytics':
      handle = await startAnalytics({ config, url, log: opts.log });
      break;
  }
  if (broker.embedded) opts.log.warn({ url }, 'no NATS_URL or --nats: serving on a private nats-server nobody else can reach');
  return { handle, release: () => broker.release() };
}
