import { createInbox, headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';

/** What a stream answers when it has stored a message. */
export interface AuditAck {
  readonly stream: string;
  readonly seq: number;
  /** the stream already had a message with this Nats-Msg-Id and dropped this one */
  readonly duplicate: boolean;
}

/** A publish into the audit log that the stream did not confirm: an error answer, no stream, or no answer in time. */
export class AuditPublishError extends Error {
  constructor(readonly subject: string, message: string) {
    super(`audit publish to ${subject} failed: ${message}`);
    this.name = 'AuditPublishError';
  }
}

interface Pending {
  readonly subject: string;
  readonly deadline: number;
  readonly resolve: (ack: AuditAck) => void;
  readonly reject: (err: AuditPublishError) => void;
}

const decoder = new TextDecoder();

/**
 * JetStream publishes with their acks collected on one reply subscription: each message goes
 * out as a core publish with a `Nats-Msg-Id` header and a reply subject of its own under one
 * inbox, and the stream's PubAck (or error) settles its promise. The same guarantee as a
 * JetStream client publish — stored, or a rejected promise — without a request (timer, token
 * and error object) per message: what a venue publishing a hundred fills a step needs.
 */
export class AuditPublisher {
  private readonly pending = new Map<string, Pending>();
  private readonly prefix: string;
  private readonly sub: Subscription;
  private readonly sweeper: ReturnType<typeof setInterval>;
  private seq = 0;

  constructor(private readonly nc: NatsConnection, private readonly timeoutMs = 10_000, inboxPrefix?: string) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    this.sub = nc.subscribe(`${this.prefix}*`, { callback: (err, msg) => (err ? this.failAll(err.message) : this.settle(msg)) });
    // one timer for every outstanding ack, not one per message
    this.sweeper = setInterval(() => this.expire(Date.now()), Math.min(1000, timeoutMs));
    this.sweeper.unref();
  }

  /** Publishes `data` on `subject` with `Nats-Msg-Id: msgId`; resolves when the stream has stored it. */
  publish(subject: string, data: Uint8Array, msgId: string): Promise<AuditAck> {
    const token = (++this.seq).toString(36);
    const h = natsHeaders();
    h.set('Nats-Msg-Id', msgId);
    const ack = new Promise<AuditAck>((resolve, reject) => this.pending.set(token, { subject, deadline: Date.now() + this.timeoutMs, resolve, reject }));
    try {
      this.nc.publish(subject, data, { reply: this.prefix + token, headers: h });
    } catch (err) {
      this.fail(token, (err as Error).message);
    }
    return ack;
  }

  /** Publishes outstanding: acks not yet in. */
  get outstanding(): number {
    return this.pending.size;
  }

  /** Stops listening; every ack still outstanding is rejected. */
  close(): void {
    clearInterval(this.sweeper);
    this.failAll('the connection is closing');
    if (!this.nc.isClosed()) this.sub.unsubscribe();
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const p = this.pending.get(token);
    if (!p) return;
    this.pending.delete(token);
    // a status message without data: no stream listens on the subject (503) or another refusal
    if (msg.data.length === 0) return p.reject(new AuditPublishError(p.subject, msg.headers?.code === 503 ? 'no stream captures this subject (no responders)' : `status ${msg.headers?.code ?? 'unknown'}`));
    let v: { stream?: string; seq?: number; duplicate?: boolean; error?: { code?: number; err_code?: number; description?: string } };
    try {
      v = JSON.parse(decoder.decode(msg.data)) as typeof v;
    } catch {
      return p.reject(new AuditPublishError(p.subject, 'the stream answered with something that is not a PubAck'));
    }
    if (v.error) return p.reject(new AuditPublishError(p.subject, `${v.error.description ?? 'error'} (code ${v.error.err_code ?? v.error.code ?? '?'})`));
    if (!v.stream) return p.reject(new AuditPublishError(p.subject, 'invalid ack response'));
    p.resolve({ stream: v.stream, seq: v.seq ?? 0, duplicate: v.duplicate ?? false });
  }

  private fail(token: string, message: string): void {
    const p = this.pending.get(token);
    if (!p) return;
    this.pending.delete(token);
    p.reject(new AuditPublishError(p.subject, message));
  }

  private failAll(message: string): void {
    for (const token of [...this.pending.keys()]) this.fail(token, message);
  }

  private expire(now: number): void {
    // insertion order is deadline order: stop at the first that has time left
    for (const [token, p] of this.pending) {
      if (p.deadline > now) break;
      this.fail(token, `no ack within ${this.timeoutMs} ms`);
    }
  }
}
