import { D, effectiveSplit, type AtriumConfig, type MarketData, type ParticipationLimit } from '@atrium/domain';
import { startActorService, type Logger, type ServiceHandle } from '@atrium/runtime';
import { venueMachine } from './venue/venue.machine.js';
import { bindVenue } from './venue/venue.binding.js';

export interface VenueOptions {
  config: AtriumConfig;
  data: MarketData;
  url: string;
  log: Logger;
  /** PMs in the step barrier (default: every PM in the config) */
  pmIds?: readonly string[];
  onStep?: (step: number, total: number) => void;
}

/** Starts the venue service: market data replay, the step barrier and the paper broker. */
export async function startVenue(opts: VenueOptions): Promise<ServiceHandle> {
  const { config } = opts;
  const ex = config.execution;
  const pmIds = opts.pmIds ?? config.pms.map((p) => p.id);
  let state = 'ready';
  return startActorService({
    name: 'venue',
    firm: config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'venue',
    logic: venueMachine,
    input: {
      steps: opts.data.steps,
      fillModel: { slippageBps: new D(ex.slippageBps), perShare: new D(ex.commission.perShare), commissionBps: new D(ex.commission.bps), minimum: new D(ex.commission.minimum) },
      pmIds,
      ...(ex.maxParticipationPct ? { participation: participationOf(config) } : {}),
    },
    bind: (actor, bus, s, meta) =>
      bindVenue(actor, bus, s, meta, new Map(config.pms.map((p) => [p.id, new Set(p.accounts.map((a) => a.id))])), {
        onEnded: (steps) => {
          state = 'ended';
          bus.log.info({ steps }, 'session ended');
        },
        onStep: opts.onStep,
      }),
    hooks: (actor) => ({
      onStart: () => {
        state = 'running';
        actor.send({ type: 'start' });
      },
      onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }),
      status: () => ({ state, pms: pmIds }),
    }),
  });
}

/** The volume limit of a config: its percentage, and each PM's split lot for whole-lot partial fills. */
function participationOf(config: AtriumConfig): ParticipationLimit {
  const lots = new Map(config.pms.map((p) => [p.id, new D(effectiveSplit(config.allocation.split, p.split).lot)]));
  return { pct: new D(config.execution.maxParticipationPct!), lotOf: (pm) => lots.get(pm) ?? new D(config.allocation.split.lot) };
}
