/**
 * Every NATS subject Atrium uses is built here and nowhere else.
 * Grammar: inst.<firm>.<scope…>.<cmd|evt|qry>.<name>; ids match [A-Za-z0-9_-]{1,64}.
 *
 * Namespaces: a PM owns inst.<firm>.pm.<pm>.> (its accounts live under …pm.<pm>.acct.<acct>.>);
 * it is granted the market data subject, its own risk and allocation subjects
 * (inst.<firm>.risk.pm.<pm>.> — its check requests out, its trading state by command in — and
 * inst.<firm>.alloc.pm.<pm>.>) and its own reply inbox.
 */

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Thrown when an id would make an invalid or ambiguous subject token. */
export class InvalidIdError extends Error {
  constructor(readonly kind: string, readonly id: string) {
    super(`invalid ${kind} id ${JSON.stringify(id)}: expected [A-Za-z0-9_-]{1,64}`);
    this.name = 'InvalidIdError';
  }
}

function check(kind: string, id: string): string {
  if (!ID_PATTERN.test(id)) throw new InvalidIdError(kind, id);
  return id;
}

/** The commands master-risk takes on `inst.<firm>.risk.cmd.<name>`. */
export const RISK_COMMANDS = ['halt', 'reduce', 'resume'] as const;
export type RiskCommandName = (typeof RISK_COMMANDS)[number];

/**
 * Subjects of one account (all inside its PM's namespace). What a PM's accounts do in a step
 * travels in one message per PM on the PM's `accts` subjects (see PmSubjects): placements,
 * submissions, fills and marks, each account taking or adding its own part.
 */
export interface AccountSubjects {
  readonly prefix: string;
  readonly canceled: string;
  /** every cancel of the PM's accounts: what the account listens on (one delivery per PM connection) */
  readonly pmCancels: string;
  /** compliance refusals and warnings of the account's child orders */
  readonly compliance: string;
}

/** Subjects of one PM. */
export interface PmSubjects {
  readonly prefix: string;
  /** everything in the PM's namespace, accounts included */
  readonly all: string;
  readonly stepDone: string;
  readonly signal: string;
  /** PM -> its accounts: one step's child orders, one batch per account (Placements) */
  readonly placements: string;
  /** its accounts -> venue: their answers to one Placements, one batch per account (Submissions; counted by the venue's barrier) */
  readonly submissions: string;
  /** venue -> the PM, its accounts, master-risk: one step's fills of the PM's accounts (FillBatch, audited) */
  readonly fills: string;
  /** its accounts -> observers: their marks at one close (AccountMarks) */
  readonly accountMarks: string;
  /** every cancel of the PM's accounts */
  readonly accountCancels: string;
  /** accounts the PM left out of a block's split by their compliance rules */
  readonly compliance: string;
  /** master-risk check request for this PM */
  readonly riskCheck: string;
  /** master-risk -> this PM: the trading state an operator's command put it in */
  readonly riskState: string;
  /** the PM's record of orders it denied RISK_UNAVAILABLE (master-risk did not answer) */
  readonly riskUnavailable: string;
  /** allocation split request for this PM */
  readonly allocSplit: string;
  /** this PM's capital from allocation */
  readonly capital: string;
  /** reply inbox prefix of the PM's connection */
  readonly inboxPrefix: string;
  account(acctId: string): AccountSubjects;
}

/** All subjects of one firm; build with `subjectsFor(firmId)`. */
export interface FirmSubjects {
  readonly firm: string;
  readonly prefix: string;
  readonly all: string;
  readonly mdStep: string;
  pm(pmId: string): PmSubjects;
  readonly anyPmStepDone: string;
  readonly anyPmSignal: string;
  readonly anyPmFills: string;
  readonly anyAccountCanceled: string;
  readonly anyPmAccountMarks: string;
  readonly anyAccountCompliance: string;
  readonly anyPmCompliance: string;
  readonly anyPmSubmissions: string;
  readonly anyRiskCheck: string;
  readonly anyAllocSplit: string;
  readonly riskDecided: string;
  readonly riskBook: string;
  /** passive breaches, cleared breaches and trading-state changes */
  readonly riskAlert: string;
  /** an operator's command to master-risk: halt, reduce or resume (the firm, or one PM) */
  riskCommand(action: RiskCommandName): string;
  readonly anyRiskCommand: string;
  readonly anyPmRiskUnavailable: string;
  readonly allocWeights: string;
  readonly allocSplitDone: string;
  readonly allocStepDone: string;
  readonly venueSessionEnded: string;
  readonly ctlLifecycle: string;
  /** status query of a service ("venue", "master-risk", ...) or of one instance ("pm", "pm-a") */
  ctlStatus(service: string, instance?: string): string;
  readonly venueAccepted: string;
  /** analytics: a pair's rolling correlation broke a rule; analytics took in a step */
  readonly analyticsCorrelationBreak: string;
  readonly analyticsStepDone: string;
  /** JetStream audit stream name and its subjects */
  readonly auditStream: string;
  readonly auditSubjects: readonly string[];
}

/** Builds the subject set of a firm; pure. */
export function subjectsFor(firmId: string): FirmSubjects {
  const firm = check('firm', firmId);
  const p = `inst.${firm}`;
  const account = (pmPrefix: string, acctId: string): AccountSubjects => {
    const a = `${pmPrefix}.acct.${check('account', acctId)}`;
    return {
      prefix: a,
      canceled: `${a}.evt.canceled`,
      pmCancels: `${pmPrefix}.acct.*.evt.canceled`,
      compliance: `${a}.evt.compliance`,
    };
  };
  const pm = (pmId: string): PmSubjects => {
    const id = check('pm', pmId);
    const pp = `${p}.pm.${id}`;
    return {
      prefix: pp,
      all: `${pp}.>`,
      stepDone: `${pp}.evt.step_done`,
      signal: `${pp}.evt.signal`,
      placements: `${pp}.accts.cmd.place`,
      submissions: `${pp}.accts.cmd.submit`,
      fills: `${pp}.accts.evt.filled`,
      accountMarks: `${pp}.accts.evt.marked`,
      accountCancels: `${pp}.acct.*.evt.canceled`,
      compliance: `${pp}.evt.compliance`,
      riskCheck: `${p}.risk.pm.${id}.cmd.check`,
      riskState: `${p}.risk.pm.${id}.evt.state`,
      riskUnavailable: `${pp}.evt.risk_unavailable`,
      allocSplit: `${p}.alloc.pm.${id}.cmd.split`,
      capital: `${p}.alloc.pm.${id}.evt.capital`,
      inboxPrefix: `_INBOX.${firm}.${id}`,
      account: (acctId: string) => account(pp, acctId),
    };
  };
  return {
    firm,
    prefix: p,
    all: `${p}.>`,
    mdStep: `${p}.md.evt.step`,
    pm,
    anyPmStepDone: `${p}.pm.*.evt.step_done`,
    anyPmSignal: `${p}.pm.*.evt.signal`,
    anyPmFills: `${p}.pm.*.accts.evt.filled`,
    anyAccountCanceled: `${p}.pm.*.acct.*.evt.canceled`,
    anyPmAccountMarks: `${p}.pm.*.accts.evt.marked`,
    anyAccountCompliance: `${p}.pm.*.acct.*.evt.compliance`,
    anyPmCompliance: `${p}.pm.*.evt.compliance`,
    anyPmSubmissions: `${p}.pm.*.accts.cmd.submit`,
    anyRiskCheck: `${p}.risk.pm.*.cmd.check`,
    anyAllocSplit: `${p}.alloc.pm.*.cmd.split`,
    riskDecided: `${p}.risk.evt.decided`,
    riskBook: `${p}.risk.evt.book`,
    riskAlert: `${p}.risk.evt.alert`,
    riskCommand: (action: RiskCommandName) => {
      if (!(RISK_COMMANDS as readonly string[]).includes(action)) throw new InvalidIdError('risk command', action);
      return `${p}.risk.cmd.${action}`;
    },
    anyRiskCommand: `${p}.risk.cmd.*`,
    anyPmRiskUnavailable: `${p}.pm.*.evt.risk_unavailable`,
    allocWeights: `${p}.alloc.evt.weights`,
    allocSplitDone: `${p}.alloc.evt.split`,
    allocStepDone: `${p}.alloc.evt.step_done`,
    venueSessionEnded: `${p}.venue.evt.session_ended`,
    ctlLifecycle: `${p}.ctl.cmd.lifecycle`,
    ctlStatus: (service: string, instance?: string) => `${p}.ctl.${check('service', service)}${instance ? `.${check('instance', instance)}` : ''}.qry.status`,
    venueAccepted: `${p}.venue.evt.accepted`,
    analyticsCorrelationBreak: `${p}.analytics.evt.correlation_break`,
    analyticsStepDone: `${p}.analytics.evt.step_done`,
    auditStream: `ATRIUM_${firm.replace(/-/g, '_').toUpperCase()}_AUDIT`,
    auditSubjects: [
      `${p}.pm.*.evt.>`,
      `${p}.pm.*.accts.evt.filled`,
      `${p}.pm.*.acct.*.evt.canceled`,
      `${p}.pm.*.acct.*.evt.compliance`,
      `${p}.risk.evt.decided`,
      `${p}.risk.evt.alert`,
      `${p}.alloc.evt.>`,
      `${p}.venue.evt.>`,
      `${p}.analytics.evt.correlation_break`,
    ],
  };
}

/** Splits a PM/account subject back into its ids (undefined when it is not one); pure. */
export function parsePmSubject(subject: string): { firm: string; pm: string; account?: string } | undefined {
  const t = subject.split('.');
  if (t[0] !== 'inst' || t[2] !== 'pm' || !t[1] || !t[3]) return undefined;
  return t[4] === 'acct' && t[5] ? { firm: t[1], pm: t[3], account: t[5] } : { firm: t[1], pm: t[3] };
}

/**
 * True for subjects every actor of a process may receive the same message on (market data):
 * a process decodes such a message once and shares the decoded, immutable value; pure.
 */
export function isBroadcastSubject(subject: string): boolean {
  return subject.endsWith('.md.evt.step');
}
