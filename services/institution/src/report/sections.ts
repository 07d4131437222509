import type { AccountConfig, AtriumConfig, Dec, GroupConfig, PmConfig } from '@atrium/domain';
import type { RunRecord } from '../session/collector.js';
import type { Attribution, PmAttribution } from './attribution.js';
import type { CorrelationReport } from './correlation.js';
import type { ScaledSeries } from './exact.js';
import type { StrategyRun } from './levels.js';
import type { Portfolio } from './portfolio.js';
import type { RiskReport } from './risk.js';

/** Facts about the data a session ran on, for the summary. */
export interface DataFacts {
  readonly symbols: readonly string[];
  readonly warnings: readonly string[];
}

/** A PM of the run with everything computed for it. */
export interface PmModel {
  readonly config: PmConfig;
  /** the P&L and the equity of each step, exact (at the run's common scale) */
  readonly pnl: ScaledSeries;
  readonly equity: ScaledSeries;
  /** notional of its block orders filled, both sides, exact */
  readonly traded: Dec;
  readonly portfolio: Portfolio;
  readonly accounts: readonly { readonly config: AccountConfig; readonly portfolio: Portfolio }[];
  readonly strategies: readonly StrategyRun[];
  readonly attribution: PmAttribution;
  /** the PM's attribution tables (by strategy with its residual, symbol, sector), against its initial capital */
  readonly tables: Attribution;
  /** the capital the PM traded with at each step (allocation moves it) */
  readonly capitalOverTime: readonly string[];
  readonly tradingState: string;
}

/** Everything the reports are made of, computed once from the run record. */
export interface RunModel {
  readonly dates: readonly string[];
  readonly firm: Portfolio;
  readonly pms: readonly PmModel[];
  readonly groups: readonly { readonly config: GroupConfig; readonly portfolio: Portfolio; readonly attribution: Attribution }[];
  readonly attribution: Attribution;
  readonly correlation: CorrelationReport;
  readonly risk: RiskReport;
}

/** What a report section module is given: the config, the raw record, the data facts and the model. */
export interface ReportContext {
  readonly config: AtriumConfig;
  readonly record: RunRecord;
  readonly data: DataFacts;
  readonly model: RunModel;
}

/**
 * What a section adds to one report: HTML for its page, keys for the level's entry in
 * summary.json, keys for its performance.json (PMs, accounts and groups have one) and extra
 * files (paths relative to the output folder). Every part is optional; a key that already exists
 * is a programmer error (build.ts throws SectionConflictError).
 */
export interface SectionOutput {
  readonly html?: string;
  readonly summary?: Readonly<Record<string, unknown>>;
  readonly performance?: Readonly<Record<string, unknown>>;
  readonly files?: ReadonlyMap<string, string>;
}

/**
 * A report section module (risk limits, allocation shares, tax lots, ...): pure functions called
 * once per report of each level it implements, in the order of `SECTIONS` in build.ts. Its HTML
 * goes after the built-in content of the page and before the positions and trades.
 */
export interface ReportSection {
  /** names the section in errors */
  readonly id: string;
  firm?(ctx: ReportContext): SectionOutput | undefined;
  pm?(ctx: ReportContext, pm: PmModel): SectionOutput | undefined;
  account?(ctx: ReportContext, pm: PmModel, account: PmModel['accounts'][number]): SectionOutput | undefined;
  group?(ctx: ReportContext, group: RunModel['groups'][number]): SectionOutput | undefined;
}

/** Thrown when a section would overwrite a summary or performance key or a file already written. */
export class SectionConflictError extends Error {
  constructor(section: string, what: string) {
    super(`report section ${section} would overwrite ${what}`);
    this.name = 'SectionConflictError';
  }
}

/** The collected output of every section for one report. */
export interface CollectedSections {
  readonly html: string;
  readonly summary: Record<string, unknown>;
  readonly performance: Record<string, unknown>;
}

/**
 * Runs `call` on every section and merges their outputs: HTML in order, summary and performance
 * keys checked against `taken` (the keys the built-in report already has), files into `files`
 * (checked against those written so far and `taken.files`, those the report writes after).
 */
export function collectSections(
  sections: readonly ReportSection[],
  call: (s: ReportSection) => SectionOutput | undefined,
  taken: { summary: readonly string[]; performance: readonly string[]; files?: readonly string[] },
  files: Map<string, string>,
): CollectedSections {
  const html: string[] = [];
  const summary: Record<string, unknown> = {};
  const performance: Record<string, unknown> = {};
  for (const s of sections) {
    const out = call(s);
    if (!out) continue;
    if (out.html) html.push(out.html);
    for (const [into, keys, add] of [[summary, taken.summary, out.summary], [performance, taken.performance, out.performance]] as const) {
      for (const [k, v] of Object.entries(add ?? {})) {
        if (k in into || keys.includes(k)) throw new SectionConflictError(s.id, `key ${k}`);
        into[k] = v;
      }
    }
    for (const [path, text] of out.files ?? []) {
      if (files.has(path) || taken.files?.includes(path)) throw new SectionConflictError(s.id, `file ${path}`);
      files.set(path, text);
    }
  }
  return { html: html.join(''), summary, performance };
}
