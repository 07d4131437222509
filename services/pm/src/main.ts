import { accountRules, D, instrumentOf, type AtriumConfig, type PmConfig } from '@atrium/domain';
import { actorLogger, Bus, hostActor, MetaFactory, serviceControl, subjectsFor, type Logger, type ServiceHandle } from '@atrium/runtime';
import { pmMachine } from './pm/pm.machine.js';
import { bindPm } from './pm/pm.binding.js';
import { accountMachine } from './account/account.machine.js';
import { accountsOutbox, bindAccount } from './account/account.binding.js';

export interface PmServiceOptions {
  config: AtriumConfig;
  url: string;
  log: Logger;
  /** PMs this process hosts (default: all of the config's) */
  pmIds?: readonly string[];
}

/** Thrown when asked to host a PM the config does not define. */
export class UnknownPmError extends Error {
  constructor(readonly pmId: string, known: readonly string[]) {
    super(`unknown PM ${JSON.stringify(pmId)}; the config defines: ${known.join(', ')}`);
    this.name = 'UnknownPmError';
  }
}

/**
 * Starts one PM: its own connection (and reply inbox under its own prefix), the PM actor and one
 * account actor per account, all bound to the PM's namespace. Accounts live and die with their PM.
 */
async function startPm(config: AtriumConfig, pm: PmConfig, url: string, root: Logger): Promise<ServiceHandle> {
  const s = subjectsFor(config.firm.id);
  const ps = s.pm(pm.id);
  const log = actorLogger(root, { svc: 'pm', firm: config.firm.id, pm: pm.id });
  const bus = await Bus.connect({ url, name: `atrium pm/${pm.id}`, log, inboxPrefix: ps.inboxPrefix });
  const timeouts = { riskTimeoutMs: config.risk.timeoutMs, requestTimeoutMs: Math.max(10_000, config.risk.timeoutMs) };
  const metas: MetaFactory[] = [];
  const instrument = (symbol: string) => instrumentOf(config, symbol);
  // what the accounts do in a step goes out as one message per PM (their answers, their marks)
  const outboxMeta = new MetaFactory('boot', `pm/${pm.id}/accts`, `pm.${pm.id}.accts`);
  metas.push(outboxMeta);
  const outbox = accountsOutbox(bus, pm.id, ps, outboxMeta);
  const accounts = pm.accounts.map((a) => {
    const meta = new MetaFactory('boot', `pm/${pm.id}/${a.id}`, `pm.${pm.id}.acct.${a.id}`);
    metas.push(meta);
    const alog = actorLogger(log, { svc: 'pm', acct: a.id });
    const input = { pmId: pm.id, accountId: a.id, capital: new D(a.capital), taxLotMethod: a.taxLotMethod ?? 'fifo', rules: accountRules(config, pm, a), instrument };
    const actor = hostActor(accountMachine, { id: `${pm.id}/${a.id}`, log: alog, input });
    bindAccount(actor, bus, ps, ps.account(a.id), s.mdStep, meta, outbox);
    return actor;
  });
  const meta = new MetaFactory('boot', `pm/${pm.id}`, `pm.${pm.id}`);
  metas.push(meta);
  const actor = hostActor(pmMachine, {
    id: pm.id,
    log,
    input: {
      pmId: pm.id,
      capital: new D(pm.capital),
      limits: {
        maxPositionPct: pm.limits.maxPositionPct === undefined ? undefined : new D(pm.limits.maxPositionPct),
        maxDrawdownPct: pm.limits.maxDrawdownPct === undefined ? undefined : new D(pm.limits.maxDrawdownPct),
      },
      strategies: pm.strategies,
      accounts: pm.accounts.map((a) => ({ id: a.id, capital: new D(a.capital), rules: accountRules(config, pm, a) })),
      instrument,
    },
  });
  bindPm(actor, bus, ps, s.mdStep, meta, timeouts);
  const handle = serviceControl({
    name: 'pm',
    instance: pm.id,
    bus,
    meta,
    subjects: s,
    hooks: {
      onStart: (session) => metas.forEach((m) => m.setSession(session)),
      status: () => ({ state: actor.getSnapshot().value as string, pms: [pm.id] }),
    },
    onStopped: () => {
      actor.stop();
      accounts.forEach((a) => a.stop());
    },
  });
  await bus.flush();
  return handle;
}

/** Starts the PM service: the given PMs (default all), each isolated on its own connection. */
export async function startPmService(opts: PmServiceOptions): Promise<ServiceHandle> {
  const known = opts.config.pms.map((p) => p.id);
  const ids = opts.pmIds ?? known;
  const pms = ids.map((id) => {
    const pm = opts.config.pms.find((p) => p.id === id);
    if (!pm) throw new UnknownPmError(id, known);
    return pm;
  });
  const handles = await Promise.all(pms.map((pm) => startPm(opts.config, pm, opts.url, opts.log)));
  return {
    name: 'pm',
    done: Promise.all(handles.map((h) => h.done)).then(() => {}),
    stop: async () => {
      await Promise.all(handles.map((h) => h.stop()));
    },
  };
}
