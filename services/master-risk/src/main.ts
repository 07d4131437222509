import { D, DEFAULT_MAX_LEVERAGE, firmLimitsOf, instrumentOf, type AtriumConfig } from '@atrium/domain';
import { startActorService, type Logger, type ServiceHandle } from '@atrium/runtime';
import { riskMachine, type Sequencing } from './risk/risk.machine.js';
import { bindRisk } from './risk/risk.binding.js';

/** How to start master-risk. */
export interface RiskOptions {
  config: AtriumConfig;
  /** every symbol of the session's data (orders in other symbols are denied UNKNOWN_SYMBOL) */
  symbols: readonly string[];
  url: string;
  log: Logger;
  /** default: the config's risk.sequencing (pm_order unless set: deterministic backtests) */
  sequencing?: Sequencing;
}

/** Starts master-risk: the firm book, firm-wide limits, PM capital caps, trading states, check-and-reserve. */
export async function startMasterRisk(opts: RiskOptions): Promise<ServiceHandle> {
  const { config } = opts;
  const limits = firmLimitsOf(config.risk.firm);
  const sectors = new Map(opts.symbols.map((s) => [s, instrumentOf(config, s).sector]));
  return startActorService({
    name: 'master-risk',
    firm: config.firm.id,
    url: opts.url,
    log: opts.log,
    namespace: 'risk',
    logic: riskMachine,
    input: {
      firmCapital: new D(config.firm.capital),
      limits,
      pmIds: config.pms.map((p) => p.id),
      symbols: new Set(opts.symbols),
      sequencing: opts.sequencing ?? config.risk.sequencing,
      onBreach: config.risk.onBreach,
      scaleByWeight: config.risk.scaleByWeight,
      sectorOf: (s) => sectors.get(s) ?? instrumentOf(config, s).sector,
      pmCapital: new Map(config.pms.map((p) => [p.id, { capital: new D(p.capital), maxLeverage: new D(p.limits.maxLeverage ?? DEFAULT_MAX_LEVERAGE) }])),
    },
    bind: (actor, bus, s, meta) => bindRisk(actor, bus, s, meta, { gross: limits.maxGrossExposure, net: limits.maxNetExposure, adv: limits.maxAdvPct !== undefined }),
    hooks: (actor) => ({ onRemovePm: (pmId) => actor.send({ type: 'removePm', pmId }) }),
  });
}
