import { D, type AtriumConfig } from '@atrium/domain';
import { startActorService, type Logger, type ServiceHandle } from '@atrium/runtime';
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
  const a = config.allocation;
  return startActorService({
    name: 'allocation',
    firm: config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'alloc',
    logic: allocMachine,
    input: { pmIds: config.pms.map((p) => p.id), method: a.method, rebalance: a.rebalance, lookback: a.lookback, lot: new D(a.split.lot), firmCapital: new D(config.firm.capital) },
    bind: bindAllocation,
    hooks: (actor) => ({ onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }) }),
  });
}
