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

/** Subjects of one account (all inside its PM's namespace). */
export interface AccountSubjects {
  readonly prefix: string;
  /** PM -> account: place these child orders (published; the account answers the venue, not the PM). */
  readonly place: string;
  /** account -> venue: submit these child orders (published: one batch per placement, counted by the venue's barrier). */
  readonly submit: string;
  readonly filled: string;
  readonly canceled: string;
  /** every fill / cancel of the PM's accounts: what the account listens on (one delivery per PM connection) */
  readonly pmFills: string;
  readonly pmCancels: string;
  /** account state after a step, marked at the close */
  readonly marked: string;
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
  /** every fill / cancel of the PM's accounts */
  readonly accountFills: string;
  readonly accountCancels: string;
  readonly accountMarks: string;
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
  readonly anyAccountFilled: string;
  readonly anyAccountCanceled: string;
  readonly anyAccountMarked: string;
  readonly anyAccountCompliance: string;
  readonly anyPmCompliance: string;
  readonly anyAccountSubmit: string;
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
      place: `${a}.cmd.place`,
      submit: `${a}.cmd.submit`,
      filled: `${a}.evt.filled`,
      canceled: `${a}.evt.canceled`,
      pmFills: `${pmPrefix}.acct.*.evt.filled`,
      pmCancels: `${pmPrefix}.acct.*.evt.canceled`,
      marked: `${a}.evt.marked`,
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
      accountFills: `${pp}.acct.*.evt.filled`,
      accountCancels: `${pp}.acct.*.evt.canceled`,
      accountMarks: `${pp}.acct.*.evt.marked`,
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
    anyAccountFilled: `${p}.pm.*.acct.*.evt.filled`,
    anyAccountCanceled: `${p}.pm.*.acct.*.evt.canceled`,
    anyAccountMarked: `${p}.pm.*.acct.*.evt.marked`,
    anyAccountCompliance: `${p}.pm.*.acct.*.evt.compliance`,
    anyPmCompliance: `${p}.pm.*.evt.compliance`,
    anyAccountSubmit: `${p}.pm.*.acct.*.cmd.submit`,
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
      `${p}.pm.*.acct.*.evt.filled`,
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
