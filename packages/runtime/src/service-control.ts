import type { Actor, AnyActorLogic, InputFrom } from 'xstate';
import { v1 } from '@atrium/wire';
import { Bus } from './bus.js';
import { MetaFactory } from './meta.js';
import { subjectsFor, type FirmSubjects } from './subjects.js';
import { actorLogger, type Logger } from './logger.js';
import { hostActor } from './actor-host.js';

/** A started service: resolves `done` after STOP (or `stop()`), having drained its connections. */
export interface ServiceHandle {
  readonly name: string;
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export interface ControlHooks {
  /** START with the session id every message id is prefixed with */
  onStart?: (sessionId: string) => void;
  onSuspendPm?: (pmId: string) => void;
  onResumePm?: (pmId: string) => void;
  onRemovePm?: (pmId: string) => void;
  /** state and pms for status replies */
  status?: () => { state: string; pms?: readonly string[] };
}

/**
 * Wires a service to the firm's control subjects: lifecycle commands (START, STOP, PM
 * suspend/resume/remove) and the status query `inst.<firm>.ctl.<service>[.<instance>].qry.status`.
 * STOP drains the given buses and resolves `done`.
 */
export function serviceControl(opts: {
  name: string;
  instance?: string;
  bus: Bus;
  meta: MetaFactory;
  subjects: FirmSubjects;
  hooks: ControlHooks;
  /** extra connections to drain on stop (the control bus is drained last) */
  buses?: readonly Bus[];
  onStopped?: () => Promise<void> | void;
}): ServiceHandle {
  const { bus, meta, subjects: s, hooks } = opts;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const b of opts.buses ?? []) if (b !== bus) await b.close();
      await opts.onStopped?.();
      await bus.close();
      resolveDone();
    })();
    return stopping;
  };
  bus.subscribe(s.ctlLifecycle, (msg) => {
    if (msg.kind !== 'lifecycle') return;
    const c = msg.body;
    switch (c.action) {
      case v1.LifecycleAction.LIFECYCLE_START:
        hooks.onStart?.(c.sessionId || meta.sessionId);
        break;
      case v1.LifecycleAction.LIFECYCLE_STOP:
        void stop();
        break;
      case v1.LifecycleAction.LIFECYCLE_SUSPEND_PM:
        hooks.onSuspendPm?.(c.target);
        break;
      case v1.LifecycleAction.LIFECYCLE_RESUME_PM:
        hooks.onResumePm?.(c.target);
        break;
      case v1.LifecycleAction.LIFECYCLE_REMOVE_PM:
        hooks.onRemovePm?.(c.target);
        break;
      default:
        bus.counters.inc('bad_messages');
        bus.log.warn({ action: c.action }, 'unknown lifecycle action');
    }
  });
  bus.subscribe(s.ctlStatus(opts.name, opts.instance), (msg, raw) => {
    const st = hooks.status?.() ?? { state: 'running' };
    const counters: Record<string, number> = {};
    for (const b of [bus, ...(opts.buses ?? [])]) for (const [k, v] of Object.entries(b.counters.toObject())) counters[k] = (counters[k] ?? 0) + v;
    bus.respond(raw, meta.next({ causation: msg.meta }), 'serviceStatus', {
      service: opts.name,
      instance: opts.instance ?? '',
      state: st.state,
      pms: [...(st.pms ?? [])],
      counters,
    });
  });
  return { name: opts.name, done, stop };
}

/**
 * Starts a service made of one actor on one connection — the shape of venue, master-risk and
 * allocation: a child logger, the bus, message ids, the actor and its binding, lifecycle and
 * status. `hooks` adds to START (which always sets the session of the message ids).
 */
export async function startActorService<TLogic extends AnyActorLogic>(opts: {
  name: string;
  firm: string;
  url: string;
  log: Logger;
  /** the namespace its messages carry ("venue", "risk", "alloc") */
  namespace: string;
  logic: TLogic;
  input: InputFrom<TLogic>;
  bind: (actor: Actor<TLogic>, bus: Bus, subjects: FirmSubjects, meta: MetaFactory) => void;
  hooks?: (actor: Actor<TLogic>) => ControlHooks;
}): Promise<ServiceHandle> {
  const subjects = subjectsFor(opts.firm);
  const log = actorLogger(opts.log, { svc: opts.name, firm: opts.firm });
  const bus = await Bus.connect({ url: opts.url, name: `atrium ${opts.name}`, log });
  const meta = new MetaFactory('boot', opts.name, opts.namespace);
  const actor = hostActor(opts.logic, { id: opts.name, log, input: opts.input });
  opts.bind(actor, bus, subjects, meta);
  const extra = opts.hooks?.(actor) ?? {};
  const handle = serviceControl({
    name: opts.name,
    bus,
    meta,
    subjects,
    hooks: {
      status: () => ({ state: 'running' }),
      ...extra,
      onStart: (session) => {
        meta.setSession(session);
        extra.onStart?.(session);
      },
    },
    onStopped: () => {
      actor.stop();
    },
  });
  await bus.flush();
  return handle;
}
