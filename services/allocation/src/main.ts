import { D, type AtriumConfig } from '@atrium/domain';
import { actorLogger, Bus, hostActor, MetaFactory, serviceControl, subjectsFor, type Logger, type ServiceHandle } from '@atrium/runtime';
import { allocMachine } from './alloc/alloc.machine.js';
import { bindAllocation } from './alloc/alloc.binding.js';

export interface AllocationOptions {
  config: AtriumConfig;
  url: string;
  log: Logger;
}

/** Starts allocation: PM capital weights on a schedule and block-order splits across accounts. */
export async function startAllocation(opts: AllocationOptions): Promise<ServiceHandle> {
  const { config } = opts;
  const s = subjectsFor(config.firm.id);
  const log = actorLogger(opts.log, { svc: 'allocation', firm: config.firm.id });
  const bus = await Bus.connect({ url: opts.url, name: 'atrium allocation', log });
  const meta = new MetaFactory('boot', 'allocation', 'alloc');
  const a = config.allocation;
  const actor = hostActor(allocMachine, {
    id: 'allocation',
    log,
    input: { pmIds: config.pms.map((p) => p.id), method: a.method, rebalance: a.rebalance, lookback: a.lookback, lot: new D(a.split.lot), firmCapital: new D(config.firm.capital) },
  });
  bindAllocation(actor, bus, s, meta);
  const handle = serviceControl({
    name: 'allocation',
    bus,
    meta,
    subjects: s,
    hooks: {
      onStart: (session) => meta.setSession(session),
      onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }),
      status: () => ({ state: 'running' }),
    },
    onStopped: () => {
      actor.stop();
    },
  });
  await bus.flush();
  return handle;
}
