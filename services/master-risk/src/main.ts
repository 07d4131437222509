import { D, type AtriumConfig } from '@atrium/domain';
import { startActorService, type Logger, type ServiceHandle } from '@atrium/runtime';
import { riskMachine, type Sequencing } from './risk/risk.machine.js';
import { bindRisk } from './risk/risk.binding.js';

export interface RiskOptions {
  config: AtriumConfig;
  /** every symbol of the session's data (orders in other symbols are denied UNKNOWN_SYMBOL) */
  symbols: readonly string[];
  url: string;
  log: Logger;
  /** default pm_order (deterministic backtests) */
  sequencing?: Sequencing;
}

const dec = (t: string | undefined) => (t === undefined ? undefined : new D(t));

/** Starts master-risk: the firm book, firm-wide limits, check-and-reserve. */
export async function startMasterRisk(opts: RiskOptions): Promise<ServiceHandle> {
  const { config } = opts;
  const f = config.risk.firm;
  const limits = { maxGrossExposure: dec(f.maxGrossExposure), maxNetExposure: dec(f.maxNetExposure), maxSingleNamePct: dec(f.maxSingleNamePct), maxOrderNotional: dec(f.maxOrderNotional) };
  return startActorService({
    name: 'master-risk',
    firm: config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'risk',
    logic: riskMachine,
    input: { firmCapital: new D(config.firm.capital), limits, pmIds: config.pms.map((p) => p.id), symbols: new Set(opts.symbols), sequencing: opts.sequencing ?? 'pm_order' },
    bind: (actor, bus, s, meta) => bindRisk(actor, bus, s, meta, { gross: limits.maxGrossExposure, net: limits.maxNetExposure }),
    hooks: (actor) => ({ onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }) }),
  });
}
