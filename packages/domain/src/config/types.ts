/**
 * The validated, resolved shape of an Atrium config file (YAML). `parseConfig` produces it; every
 * service reads the same file and so derives the same config. Money is kept as decimal text.
 * Keys are snake_case in YAML and camelCase here.
 */

export interface FirmConfig {
  readonly id: string;
  /** Firm capital (decimal text). Default: the sum of PM capitals. */
  readonly capital: string;
  readonly name?: string;
}

export type DataFormat = 'long' | 'yahoo';
export type BadRowPolicy = 'skip' | 'fail';

export interface CsvDataConfig {
  readonly source: 'csv';
  readonly format: DataFormat;
  /** long format: one file with every symbol. yahoo format: one file per symbol. Absolute paths. */
  readonly files: readonly { readonly path: string; readonly symbol?: string }[];
  /** Symbols to load; default: every symbol the strategies name (long), or the file symbols (yahoo). */
  readonly symbols: readonly string[];
  /** Inclusive; no bar outside [start, end] is read. */
  readonly start?: string;
  readonly end?: string;
  /** yahoo only: scale Open/High/Low/Close by Adj Close / Close. Default false. */
  readonly adjust: boolean;
  /** Rows with empty fields or broken OHLC: skip them with a counted warning, or fail the load. */
  readonly onBadRow: BadRowPolicy;
}

export interface SyntheticDataConfig {
  readonly source: 'synthetic';
  readonly seed: number;
  /** Symbols to generate; default: every symbol the strategies name. */
  readonly symbols: readonly string[];
  readonly start: string;
  readonly end: string;
}

export type DataConfig = CsvDataConfig | SyntheticDataConfig;

export interface CommissionConfig {
  /** Per share traded (decimal text). Default 0. */
  readonly perShare: string;
  /** Basis points of notional. Default 0. */
  readonly bps: string;
  /** Minimum per fill. Default 0. */
  readonly minimum: string;
}

export interface ExecutionConfig {
  readonly fill: 'next_open';
  readonly slippageBps: string;
  readonly commission: CommissionConfig;
  /** Fill at most this % of a bar's volume per symbol per step (decimal text). Absent: unlimited. */
  readonly maxParticipationPct?: string;
}

export interface FirmLimitsConfig {
  readonly maxGrossExposure?: string;
  readonly maxNetExposure?: string;
  readonly maxSingleNamePct?: string;
  readonly maxSingleNameNotional?: string;
  /** Gross exposure of one sector (instrumentOf(...).sector), as % of firm capital. */
  readonly maxSectorPct?: string;
  readonly maxOrderNotional?: string;
  /** Firm quantity approved in a symbol within one step, as % of its 20-step average volume. */
  readonly maxAdvPct?: string;
  readonly restrictedSymbols?: readonly string[];
  /** Block orders approved per PM per step. */
  readonly maxOrdersPerStep?: number;
  /** Firm drawdown from peak equity, in %, that halts the firm. */
  readonly maxDrawdownPct?: string;
}

/** What master-risk does with an order that does not fit: deny it, or scale it down to fit. */
export type OnBreach = 'deny' | 'scale';
/** How master-risk orders the batches of one step: PM config order (deterministic) or arrival. */
export type RiskSequencing = 'pm_order' | 'arrival';

/** The firm-wide amount limits a PM gets its weight's share of once allocation weighs it. */
export type WeightScaledLimit = 'gross' | 'net' | 'single_name';
export const WEIGHT_SCALED_LIMITS: readonly WeightScaledLimit[] = ['gross', 'net', 'single_name'];

export interface RiskConfig {
  readonly firm: FirmLimitsConfig;
  /** How long a PM waits for master-risk before denying with RISK_UNAVAILABLE. */
  readonly timeoutMs: number;
  readonly onBreach: OnBreach;
  readonly sequencing: RiskSequencing;
  /** which firm limits each PM is held to weight × (default: all of WEIGHT_SCALED_LIMITS) */
  readonly scaleByWeight: readonly WeightScaledLimit[];
}

export type WeightMethod = 'equal_weight' | 'inverse_vol' | 'risk_parity' | 'performance_weighted' | 'sharpe_optimized' | 'custom';
export type RebalanceSchedule = 'never' | 'daily' | 'weekly' | 'monthly' | 'quarterly';
export type SplitMethod = 'pro_rata' | 'equal' | 'custom' | 'rotation';

/** How block orders are split across a PM's accounts (`allocation.split`, `pms[i].split`). */
export interface SplitConfig {
  readonly method: SplitMethod;
  /** Lot size, a whole number of shares (decimal text). */
  readonly lot: string;
  /** Accounts whose quota is under this many lots are dropped. Absent: no minimum. */
  readonly minLots?: number;
  /** Per PM only: the account that gets every odd lot. */
  readonly remainderAccount?: string;
  /** Per PM only, method custom: ratio per account id (decimal text). */
  readonly ratios?: Readonly<Record<string, string>>;
}

export interface AllocationConfig {
  /** Absent: PM capitals stay as configured. */
  readonly method?: WeightMethod;
  readonly rebalance: RebalanceSchedule;
  /** Steps of PM returns the weights look back over. */
  readonly lookback: number;
  /** method custom: weight per PM id (decimal text, normalised). */
  readonly weights?: Readonly<Record<string, string>>;
  /** Bounds of each PM's weight, fractions of firm equity (decimal text). */
  readonly minWeight?: string;
  readonly maxWeight?: string;
  /** Most ½ Σ |Δweight| per rebalance (decimal text, a fraction). */
  readonly maxTurnover?: string;
  /** While a PM's drawdown exceeds threshold_pct, its weight is multiplied by scale; the rest is unallocated. */
  readonly drawdownReduction?: { readonly thresholdPct: string; readonly scale: string };
  /** The firm's split settings; a PM may override them (PmConfig.split). */
  readonly split: SplitConfig;
}

export interface PmLimitsConfig {
  /** Largest position, as % of the PM's equity. */
  readonly maxPositionPct?: string;
  /** Drawdown from the PM's peak equity, in %, that switches the PM to REDUCING. */
  readonly maxDrawdownPct?: string;
  /** PM gross ≤ allocated capital × this, checked by master-risk; absent means 1. */
  readonly maxLeverage?: string;
}

export type SizingConfig =
  | { readonly type: 'fixed_shares'; readonly shares: string }
  | { readonly type: 'percent_equity'; readonly percent: string };

export interface ScheduledOrder {
  /** The step date the order is decided on; it fills at the next step's open. */
  readonly date: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: string;
  /** Lots the order closes first (specific identification), `<symbol>-<n>` each. */
  readonly lotIds?: readonly string[];
}

export type StrategyParams =
  | { readonly type: 'sma_crossover'; readonly fast: number; readonly slow: number; readonly allowShort: boolean }
  | { readonly type: 'momentum'; readonly fastPeriod: number; readonly slowPeriod: number; readonly threshold: number; readonly allowShort: boolean }
  | { readonly type: 'mean_reversion'; readonly lookback: number; readonly entryThreshold: number; readonly exitThreshold: number; readonly allowShort: boolean }
  | { readonly type: 'ensemble'; readonly components: readonly EnsembleComponent[]; readonly threshold: number; readonly allowShort: boolean }
  | {
      readonly type: 'scheduled_orders';
      readonly orders: readonly ScheduledOrder[];
      /** The one account the blotter trades (its orders are not split); needed for lot ids with several accounts. */
      readonly account?: string;
    };

export type SignalStrategyParams = Exclude<StrategyParams, { type: 'ensemble' } | { type: 'scheduled_orders' }>;

export interface EnsembleComponent {
  readonly weight: number;
  readonly params: SignalStrategyParams;
}

export type StrategyType = StrategyParams['type'];

export interface StrategyConfig {
  readonly id: string;
  readonly symbols: readonly string[];
  readonly params: StrategyParams;
  /** Ignored by scheduled_orders (its rows carry quantities). Default fixed_shares 100. */
  readonly sizing: SizingConfig;
}

/** Descriptive data of a PM, account or group; reports are cut by it. */
export interface Metadata {
  readonly name?: string;
  readonly description?: string;
  readonly client?: string;
  readonly riskProfile?: string;
  /** ISO code; one currency per firm for now */
  readonly currency?: string;
  /** a symbol in the data that reports compare against */
  readonly benchmark?: string;
  readonly tags: readonly string[];
}

/** How a compliance rule acts on a breach: refuse the child order, or let it pass and record it. */
export type ComplianceSeverity = 'hard' | 'warn';

/** One compliance rule as configured; `source` is where it is written (for reports and messages). */
export type ComplianceRuleConfig = (
  | { readonly kind: 'restricted_symbols'; readonly symbols: readonly string[] }
  | { readonly kind: 'max_position_pct'; readonly pct: string }
  | { readonly kind: 'max_issuer_pct'; readonly pct: string }
  | { readonly kind: 'long_only' }
  | { readonly kind: 'allowed_asset_classes'; readonly assetClasses: readonly string[] }
  | { readonly kind: 'max_adv_pct'; readonly pct: string }
) & { readonly severity: ComplianceSeverity; readonly source: string };

export type ComplianceRuleKind = ComplianceRuleConfig['kind'];

/** How an account's sells pick the tax lots they relieve. */
export type TaxLotMethodConfig = 'fifo' | 'lifo' | 'hifo' | 'average_cost' | 'specific';

export interface AccountConfig {
  readonly id: string;
  readonly capital: string;
  readonly meta: Metadata;
  /** Absent: fifo. */
  readonly taxLotMethod?: TaxLotMethodConfig;
  /** The account's own rules (its `compliance:` and its `restrictions:`), without inherited ones. */
  readonly compliance?: readonly ComplianceRuleConfig[];
}

export interface PmConfig {
  readonly id: string;
  /** Initial capital the PM trades with. Default: firm capital x equal weight. */
  readonly capital: string;
  readonly limits: PmLimitsConfig;
  readonly strategies: readonly StrategyConfig[];
  /** Default: one account `<pmId>-main` holding the PM's capital. */
  readonly accounts: readonly AccountConfig[];
  readonly meta: Metadata;
  /** Overrides of allocation.split for this PM's block orders (see effectiveSplit). */
  readonly split?: Partial<SplitConfig>;
  /** The PM's rules, which each of its accounts inherits. Absent: none. */
  readonly compliance?: readonly ComplianceRuleConfig[];
}

/** One entry of the symbol master (`instruments:`); absent fields take defaults (see instrumentOf). */
export interface InstrumentConfig {
  readonly sector?: string;
  readonly assetClass?: string;
  readonly issuer?: string;
}

/** The levels whose daily returns analytics correlates. */
export type CorrelationLevel = 'pm' | 'account' | 'strategy';

/** `analytics:` — cross-portfolio correlation and tail risk (see docs/config.md). */
export interface AnalyticsConfig {
  readonly correlation: {
    /** steps in each rolling window */
    readonly window: number;
    /** observations a window needs before its correlation is read */
    readonly minPeriods: number;
    /** a pair at or above this correlation is a break (diversification lost) */
    readonly alertThreshold: number;
    /** a pair whose correlation moved this much between consecutive windows is a break */
    readonly changeThreshold: number;
    readonly levels: readonly CorrelationLevel[];
  };
  readonly var: {
    /** confidence levels as fractions (0.95, 0.99) */
    readonly confidence: readonly number[];
    /** most recent steps the VaR looks at; absent: the whole run */
    readonly lookback?: number;
  };
}

/** A group of PMs (a client, a team); groups may contain groups. */
export interface GroupConfig {
  readonly id: string;
  /** PMs listed directly */
  readonly pms: readonly string[];
  /** groups listed directly */
  readonly groups: readonly string[];
  /** every PM of the group, its subgroups' included, in config order */
  readonly members: readonly string[];
  /**
   * Target split of the group's capital among its direct members (its `pms` and `groups`), a
   * weight per member (decimal text, normalised by their sum). Absent: no target.
   */
  readonly allocation?: Readonly<Record<string, string>>;
  readonly meta: Metadata;
}

export interface AtriumConfig {
  readonly firm: FirmConfig;
  /** The symbol master: sector, asset class and issuer per symbol. */
  readonly instruments: Readonly<Record<string, InstrumentConfig>>;
  readonly data: DataConfig;
  readonly execution: ExecutionConfig;
  readonly risk: RiskConfig;
  readonly allocation: AllocationConfig;
  readonly pms: readonly PmConfig[];
  readonly analytics: AnalyticsConfig;
  /** Groups of PMs, in config order (empty when none). */
  readonly groups: readonly GroupConfig[];
  /** Firm-wide compliance rules every account inherits. Absent: none. */
  readonly compliance?: readonly ComplianceRuleConfig[];
  /** Absolute path of the file it was read from, when read from a file. */
  readonly sourcePath?: string;
}
