import { D, effectiveSplit, policyText, splitSpecOf, weightPolicyOf, type AtriumConfig } from '@atrium/domain';
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
  const policy = weightPolicyOf(a);
  const firmCapital = new D(config.firm.capital);
  return startActorService({
    name: 'allocation',
    firm: config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'alloc',
    logic: allocMachine,
    input: {
      pmIds: config.pms.map((p) => p.id),
      ...(policy ? { policy, policyText: policyText(a) } : {}),
      rebalance: a.rebalance,
      lookback: a.lookback,
      split: splitSpecOf(a.split),
      splits: new Map(config.pms.map((p) => [p.id, splitSpecOf(effectiveSplit(a.split, p.split))])),
      firmCapital,
      initialWeights: new Map(config.pms.map((p) => [p.id, new D(p.capital).div(firmCapital).toNumber()])),
    },
    bind: bindAllocation,
    hooks: (actor) => ({ onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }) }),
  });
}
