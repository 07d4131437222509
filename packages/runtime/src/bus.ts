import { connect, headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { decodeMessage, encodeMessage, peekMsgId, WireDecodeError, type BodyInit, type BodyKind, type Message, type Meta } from '@atrium/wire';
import { isBroadcastSubject } from './subjects.js';
import { AuditPublisher, type AuditAck } from './audit-publisher.js';
import type { Logger } from './logger.js';

/** Named counters of one service or actor (bad messages, handler errors, ...). */
export class Counters {
  private readonly values = new Map<string, number>();
  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  toObject(): Record<string, number> {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Decoded broadcast messages (market data) of this process by message id and size: every
 * connection receives its own copy of the bytes, but one decode serves them all. A few entries
 * suffice: a step's copies arrive together.
 */
const sharedDecodes = new Map<string, Message>();
function decodeShared(data: Uint8Array): Message {
  const id = peekMsgId(data);
  if (id === undefined) return decodeMessage(data);
  const key = `${data.length}:${id}`;
  const hit = sharedDecodes.get(key);
  if (hit) return hit;
  const msg = decodeMessage(data);
  sharedDecodes.set(key, msg);
  if (sharedDecodes.size > 16) sharedDecodes.delete(sharedDecodes.keys().next().value!);
  return msg;
}

/** A request that got no usable answer: timeout, no responders, an error reply, or bad bytes. */
export class RequestFailedError extends Error {
  constructor(readonly subject: string, readonly code: 'timeout' | 'no_responders' | 'error_reply' | 'bad_reply' | 'closed', message: string, options?: { cause?: unknown }) {
    super(`request to ${subject} failed (${code}): ${message}`, options);
    this.name = 'RequestFailedError';
  }
}

export type Handler = (msg: Message, raw: Msg) => void | Promise<void>;

export interface BusOptions {
  url: string;
  /** Connection name shown by the server (e.g. "atrium pm/pm-a"). */
  name: string;
  log: Logger;
  counters?: Counters;
  /** Reply inbox prefix (a PM's own, so per-PM permissions can cover its replies). */
  inboxPrefix?: string;
}

/**
 * One NATS connection that speaks Atrium envelopes: subscriptions decode (bad bytes are logged,
 * counted and dropped — a request gets an error reply), publishes encode, requests time out
 * into RequestFailedError, and audited publishes go through JetStream with a Nats-Msg-Id.
 */
export class Bus {
  readonly counters: Counters;
  private readonly shared = new Map<string, { sub: Subscription; handlers: Handler[] }>();
  private auditPublisher?: AuditPublisher;

  private constructor(readonly nc: NatsConnection, readonly log: Logger, counters: Counters, private readonly inboxPrefix?: string) {
    this.counters = counters;
  }

  static async connect(opts: BusOptions): Promise<Bus> {
    const nc = await connect({
      servers: opts.url,
      name: opts.name,
      inboxPrefix: opts.inboxPrefix,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 10_000,
      // an Error with a stack per request costs more than the request itself at our rates
      noAsyncTraces: true,
    });
    return new Bus(nc, opts.log, opts.counters ?? new Counters(), opts.inboxPrefix);
  }

  /**
   * Subscribes with decoding and error containment. Handlers of the same subject (and queue) on
   * one bus share one NATS subscription and one decode, and run in registration order — so a
   * PM and its accounts on one connection see messages in the order the server delivered them.
   * Returns a function that removes this handler.
   */
  subscribe(subject: string, handler: Handler, opts: { queue?: string } = {}): () => void {
    const key = `${subject}\u0000${opts.queue ?? ''}`;
    let entry = this.shared.get(key);
    if (!entry) {
      const handlers: Handler[] = [];
      const broadcast = isBroadcastSubject(subject);
      const sub = this.nc.subscribe(subject, {
        queue: opts.queue,
        callback: (err, raw) => {
          if (err) {
            this.log.error({ err, subject }, 'subscription error');
            return;
          }
          this.dispatch(raw, handlers, broadcast);
        },
      });
      entry = { sub, handlers };
      this.shared.set(key, entry);
    }
    const e = entry;
    e.handlers.push(handler);
    return () => {
      const i = e.handlers.indexOf(handler);
      if (i >= 0) e.handlers.splice(i, 1);
      if (e.handlers.length === 0) {
        e.sub.unsubscribe();
        this.shared.delete(key);
      }
    };
  }

  private dispatch(raw: Msg, handlers: readonly Handler[], broadcast: boolean): void {
    let msg: Message;
    try {
      msg = broadcast ? decodeShared(raw.data) : decodeMessage(raw.data);
    } catch (err) {
      this.counters.inc('bad_messages');
      this.log.warn({ subject: raw.subject, bytes: raw.data.length, err: (err as Error).message }, 'dropped a message that is not an Atrium envelope');
      if (raw.reply) this.replyError(raw, 'bad_message', (err as Error).message);
      return;
    }
    const onError = (err: unknown) => {
      this.counters.inc('handler_errors');
      this.log.error({ subject: raw.subject, kind: msg.kind, msgId: msg.meta.msgId, err }, 'handler failed; message dropped');
      if (raw.reply) this.replyError(raw, 'handler_error', err instanceof Error ? err.message : String(err));
    };
    for (const handler of handlers) {
      try {
        const r = handler(msg, raw);
        if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(onError);
      } catch (err) {
        onError(err);
      }
    }
  }

  private replyError(raw: Msg, code: string, message: string): void {
    try {
      raw.respond(encodeMessage({ msgId: `err:${raw.subject}`, correlationId: '', causationId: '', namespace: '', source: 'bus' }, 'error', { code, message }));
    } catch {
      // the requester is gone; nothing to tell
    }
  }

  /** Publishes one envelope (core NATS, fire and forget). */
  publish<K extends BodyKind>(subject: string, meta: Meta, kind: K, body: BodyInit<K>): void {
    this.nc.publish(subject, encodeMessage(meta, kind, body));
  }

  /** Answers a request. */
  respond<K extends BodyKind>(raw: Msg, meta: Meta, kind: K, body: BodyInit<K>): void {
    if (!raw.reply) return;
    raw.respond(encodeMessage(meta, kind, body));
  }

  /** Sends a request and decodes the reply; an error reply or a timeout is a RequestFailedError. */
  async request<K extends BodyKind>(subject: string, meta: Meta, kind: K, body: BodyInit<K>, timeoutMs: number): Promise<Message> {
    let reply: Msg;
    try {
      reply = await this.nc.request(subject, encodeMessage(meta, kind, body), { timeout: timeoutMs });
    } catch (err) {
      const name = (err as Error).name ?? '';
      const text = (err as Error).message ?? String(err);
      const code = /NoResponders/i.test(name) || /no responders/i.test(text) ? 'no_responders' : /Timeout/i.test(name) || /timeout/i.test(text) ? 'timeout' : 'closed';
      throw new RequestFailedError(subject, code, text, { cause: err });
    }
    let msg: Message;
    try {
      msg = decodeMessage(reply.data);
    } catch (err) {
      throw new RequestFailedError(subject, 'bad_reply', (err as WireDecodeError).message, { cause: err });
    }
    if (msg.kind === 'error') throw new RequestFailedError(subject, 'error_reply', `${msg.body.code}: ${msg.body.message}`);
    return msg;
  }

  /**
   * Publishes into the JetStream audit log with `Nats-Msg-Id` = meta.msgId (duplicates of a
   * retried publish are dropped by the stream) and resolves once the stream has stored it.
   */
  audit<K extends BodyKind>(subject: string, meta: Meta, kind: K, body: BodyInit<K>): Promise<AuditAck> {
    // generous: an ack waits behind whatever this process has not read yet, and a process
    // running behind (a scale run on a busy machine) must not report stored messages as lost
    this.auditPublisher ??= new AuditPublisher(this.nc, 60_000, this.inboxPrefix);
    return this.auditPublisher.publish(subject, encodeMessage(meta, kind, body), meta.msgId);
  }

  /**
   * Records a message in the audit log without waiting: a failure is counted
   * (`audit_failures`) and logged, never thrown — for records that must not hold up a reply.
   */
  auditInBackground<K extends BodyKind>(subject: string, meta: Meta, kind: K, body: BodyInit<K>): void {
    this.audit(subject, meta, kind, body).catch((err) => {
      this.counters.inc('audit_failures');
      this.log.error({ err, subject, msgId: meta.msgId }, 'could not record a message in the audit log');
    });
  }

  /** Headers helper for callers that need raw NATS headers. */
  static headers() {
    return natsHeaders();
  }

  /** Flushes pending publishes to the server. */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  /** Drains subscriptions and closes the connection; safe to call twice. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    try {
      await this.nc.drain();
    } catch {
      await this.nc.close().catch(() => {});
    }
    // acks that did not come in before the drain never will
    this.auditPublisher?.close();
  }
}
