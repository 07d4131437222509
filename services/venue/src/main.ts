import { D, type AtriumConfig, type MarketData } from '@atrium/domain';
import { actorLogger, Bus, hostActor, MetaFactory, serviceControl, subjectsFor, type Logger, type ServiceHandle } from '@atrium/runtime';
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
  const s = subjectsFor(config.firm.id);
  const log = actorLogger(opts.log, { svc: 'venue', firm: config.firm.id });
  const bus = await Bus.connect({ url: opts.url, name: 'atrium venue', log });
  const meta = new MetaFactory('boot', 'venue', 'venue');
  const ex = config.execution;
  const actor = hostActor(venueMachine, {
    id: 'venue',
    log,
    input: {
      steps: opts.data.steps,
      fillModel: { slippageBps: new D(ex.slippageBps), perShare: new D(ex.commission.perShare), commissionBps: new D(ex.commission.bps), minimum: new D(ex.commission.minimum) },
      pmIds: opts.pmIds ?? config.pms.map((p) => p.id),
    },
  });
  let state = 'ready';
  bindVenue(actor, bus, s, meta, {
    onEnded: (steps) => {
      state = 'ended';
      log.info({ steps }, 'session ended');
    },
    onStep: opts.onStep,
  });
  const handle = serviceControl({
    name: 'venue',
    bus,
    meta,
    subjects: s,
    hooks: {
      onStart: (session) => {
        meta.setSession(session);
        state = 'running';
        actor.send({ type: 'start' });
      },
      onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }),
      status: () => ({ state, pms: opts.pmIds ?? config.pms.map((p) => p.id) }),
    },
    onStopped: () => {
      actor.stop();
    },
  });
  await bus.flush();
  return handle;
}
