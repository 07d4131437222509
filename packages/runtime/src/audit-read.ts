import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeMessage, type Message } from '@atrium/wire';

/** One record of the audit log, in stream order. */
export interface AuditRecord {
  readonly seq: number;
  readonly subject: string;
  readonly message: Message;
  /** the record's Nats-Msg-Id header (JetStream's de-duplication key); absent for a plain publish */
  readonly natsMsgId?: string;
}

/** Whether a subject matches a NATS subject filter (`*` one token, `>` the rest); pure. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const t = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return t.length > i;
    if (i >= t.length || (f[i] !== '*' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

/**
 * Reads a firm's audit stream (or the part of it on `subjects`, filtered here so that servers
 * before 2.10 serve too) from its first record to the last one stored when the call began,
 * decoded, in stream order: the log a session is replayed from. Records that are not envelopes
 * are skipped.
 */
export async function readAudit(nc: NatsConnection, stream: string, subjects?: readonly string[]): Promise<AuditRecord[]> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream);
  const total = (await consumer.info()).num_pending;
  const out: AuditRecord[] = [];
  let seen = 0;
  while (seen < total) {
    const batch = await consumer.fetch({ max_messages: Math.min(1000, total - seen), expires: 5000 });
    let got = 0;
    for await (const m of batch) {
      got += 1;
      if (subjects?.length && !subjects.some((f) => subjectMatches(f, m.subject))) continue;
      try {
        const natsMsgId = m.headers?.get('Nats-Msg-Id') || undefined;
        out.push({ seq: m.seq, subject: m.subject, message: decodeMessage(m.data), ...(natsMsgId ? { natsMsgId } : {}) });
      } catch {
        // not an envelope: an audit log may hold what a test or a faulty client injected
      }
    }
    if (got === 0) break;
    seen += got;
  }
  return out;
}
