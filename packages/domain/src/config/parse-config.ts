import { parseDocument } from 'yaml';
import type { AtriumConfig } from './types.js';
import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ConfigFileAccess } from './config-files.js';
import { type Fields, IssueList, describeValue, isPlainObject, mapping } from './schema.js';
import { readAllocation, readExecution, readFirm, readRisk } from './firm-sections.js';
import { readData, resolveData } from './data-section.js';
import { readPms, resolvePms } from './pm-section.js';
import { readInstruments } from './instruments-section.js';
import { readAnalytics } from './analytics-section.js';
import { readGroupsAt } from './groups-section.js';
import { checkAllocation } from './allocation-section.js';
import { readComplianceList } from './compliance-section.js';
import { benchmarkUses, currencyIssues } from './account-checks.js';
import { ruleInheritanceIssues } from '../compliance/inheritance.js';

/** Where the config came from and how to reach the files it names. */
export interface ParseConfigOptions extends ConfigFileAccess {
  /** Absolute path of the config file; kept in the result and named in the error message. */
  readonly sourcePath?: string;
}

const ROOT_KEYS = ['firm', 'instruments', 'data', 'execution', 'risk', 'allocation', 'pms', 'compliance', 'analytics', 'groups'];

/** Freezes an object graph, so that a config, once built, cannot be changed by whoever reads it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Validates a config given as a YAML-shaped object (snake_case keys, as `yaml` parses it) and
 * resolves every default; pure apart from the injected `readText`/`fileExists`. Collects every
 * problem and throws one ConfigError listing them all. Used for configs built in code.
 */
export function parseConfigObject(obj: unknown, opts: ParseConfigOptions): AtriumConfig {
  const issues = new IssueList();
  if (!isPlainObject(obj)) {
    throw new ConfigError([{ path: '', message: `expected the config to be a mapping, found ${describeValue(obj)}` }], opts.sourcePath);
  }
  const root = mapping(obj, '', issues, ROOT_KEYS) as Fields;
  if (!root.has('firm')) issues.add('firm', 'required (id, and capital unless every PM gives one)');
  // Without a firm section its message already asks for capital; PMs need not echo it.
  const firm = root.has('firm') ? readFirm(root.raw('firm'), issues) : { id: undefined, capital: undefined, capitalGiven: true, name: undefined };
  const beforeData = issues.items.length;
  const data = readData(root.raw('data'), issues, opts);
  const dataClean = issues.items.length === beforeData;
  const instruments = readInstruments(root.raw('instruments'), issues);
  const execution = readExecution(root.raw('execution'), issues);
  const risk = readRisk(root.raw('risk'), issues);
  const allocation = readAllocation(root.raw('allocation'), issues);
  const beforePms = issues.items.length;
  const drafts = readPms(root.raw('pms'), issues, opts);
  const pmsClean = issues.items.length === beforePms;
  const compliance = root.has('compliance') ? readComplianceList(root.raw('compliance'), 'compliance', issues) : [];
  const groupsAt = readGroupsAt(root.raw('groups'), issues, drafts.map((p) => p.id));
  currencyIssues(drafts, groupsAt.groups, issues);
  // benchmarks are loaded like traded symbols, so they are in the data even when no strategy names them
  const uses = [...drafts.flatMap((pm) => pm.strategies.map((s) => ({ path: s.symbolsPath, symbols: s.config.symbols }))), ...benchmarkUses(drafts, groupsAt.groups)];
  const resolvedData = data && resolveData(data, uses, issues, dataClean && pmsClean);
  const { pms, firmCapital } = resolvePms(drafts, firm, issues);
  checkAllocation(allocation, pms, drafts.map((d) => d.path), issues);
  for (const issue of ruleInheritanceIssues({ compliance, pms })) issues.add(issue.path, issue.message);
  const analytics = readAnalytics(root.raw('analytics'), issues);
  groupsAt.checkAllocations({ pms, allocation });
  const groups = groupsAt.groups.map((g) => g.config);
  if (issues.items.length > 0 || !resolvedData) throw new ConfigError(issues.items, opts.sourcePath);
  const config: AtriumConfig = {
    firm: { id: firm.id ?? '', capital: firmCapital, ...(firm.name !== undefined ? { name: firm.name } : {}) },
    instruments,
    data: resolvedData,
    execution,
    risk,
    allocation,
    pms,
    analytics,
    groups,
    ...(compliance.length ? { compliance } : {}),
    ...(opts.sourcePath !== undefined ? { sourcePath: opts.sourcePath } : {}),
  };
  return deepFreeze(config);
}

/** A YAML error as an issue: no path, the position in the text, yaml's reason without its code frame. */
function yamlIssue(error: { message: string; linePos?: readonly { line: number; col: number }[] }): ConfigIssue {
  const pos = error.linePos?.[0];
  const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return pos
    ? { path: '', message: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${reason}`, line: pos.line, column: pos.col }
    : { path: '', message: `YAML syntax error: ${reason}` };
}

/**
 * Parses and validates the text of an Atrium YAML config, resolving every default; pure apart from
 * the injected `readText`/`fileExists`. Throws ConfigError with every problem: YAML syntax errors
 * (with line and column) first, or else every validation problem as `path: problem`.
 */
export function parseConfig(yamlText: string, opts: ParseConfigOptions): AtriumConfig {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) throw new ConfigError(doc.errors.map(yamlIssue), opts.sourcePath);
  return parseConfigObject(doc.toJS({ maxAliasCount: 1000 }), opts);
}
