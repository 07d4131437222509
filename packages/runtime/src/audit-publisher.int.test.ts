import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer, type EmbeddedServer } from './broker.js';
import { AuditPublisher, AuditPublishError } from './audit-publisher.js';

describe('AuditPublisher (against a real JetStream server)', () => {
  let server: EmbeddedServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNatsServer({});
    nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'AUDIT_TEST', subjects: ['audit.>'], duplicate_window: 60_000_000_000 });
  });
  afterAll(async () => {
    await nc.close();
    await server.stop();
  });

  it('resolves with the stream sequence once each message is stored, in order', async () => {
    const p = new AuditPublisher(nc);
    const acks = await Promise.all(Array.from({ length: 200 }, (_, i) => p.publish('audit.fill', new TextEncoder().encode(`f${i}`), `m-${i}`)));
    expect(acks.map((a) => a.stream)).toEqual(Array(200).fill('AUDIT_TEST'));
    expect(acks.map((a) => a.seq)).toEqual(Array.from({ length: 200 }, (_, i) => acks[0]!.seq + i));
    expect(acks.some((a) => a.duplicate)).toBe(false);
    expect(p.outstanding).toBe(0);
    const info = await (await jetstreamManager(nc)).streams.info('AUDIT_TEST');
    expect(info.state.messages).toBeGreaterThanOrEqual(200);
    p.close();
  });

  it('reports a retried message id as a duplicate the stream dropped', async () => {
    const p = new AuditPublisher(nc);
    const first = await p.publish('audit.x', new Uint8Array([1]), 'same-id');
    const again = await p.publish('audit.x', new Uint8Array([1]), 'same-id');
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ stream: 'AUDIT_TEST', seq: first.seq, duplicate: true });
    p.close();
  });

  it('rejects a publish no stream captures, naming the subject', async () => {
    const p = new AuditPublisher(nc);
    const err = await p.publish('elsewhere.fill', new Uint8Array([1]), 'x-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditPublishError);
    expect((err as Error).message).toMatch(/elsewhere\.fill.*no stream captures this subject/);
    p.close();
  });

  it('rejects a publish whose ack does not come in time', async () => {
    // a reply subject nobody answers: a subscriber on the subject eats the message, no stream acks
    const p = new AuditPublisher(nc, 200);
    const sink = nc.subscribe('nostream.fill');
    const err = await p.publish('nostream.fill', new Uint8Array([1]), 'y-1').catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/no ack within 200 ms/);
    sink.unsubscribe();
    p.close();
  });

  it('rejects what is outstanding when closed', async () => {
    const p = new AuditPublisher(nc, 60_000);
    const sink = nc.subscribe('nostream.other');
    const pending = p.publish('nostream.other', new Uint8Array([1]), 'z-1').catch((e: unknown) => e);
    p.close();
    expect(((await pending) as Error).message).toMatch(/closing/);
    sink.unsubscribe();
  });
});
