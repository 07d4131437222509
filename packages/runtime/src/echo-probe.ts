import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/**
 * Measures the raw NATS request/reply round trip on a broker while something else runs on it:
 * one connection answers, another asks every `intervalMs`; `stop()` returns the round trips in ms.
 * The baseline a service's own request latency is compared with.
 */
export async function startEchoProbe(url: string, opts: { intervalMs?: number; payloadBytes?: number } = {}): Promise<{ stop(): Promise<number[]> }> {
  const subject = `_atrium.probe.${randomBytes(4).toString('hex')}`;
  const responder: NatsConnection = await connect({ servers: url, name: 'atrium echo responder', noAsyncTraces: true });
  const requester: NatsConnection = await connect({ servers: url, name: 'atrium echo requester', noAsyncTraces: true });
  responder.subscribe(subject, {
    callback: (_e, m) => {
      m.respond(m.data);
    },
  });
  await responder.flush();
  const payload = new Uint8Array(opts.payloadBytes ?? 256);
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await requester.request(subject, payload, { timeout: 5000 });
        samples.push(performance.now() - t0);
      } catch {
        // a lost probe is not a round trip; the caller sees fewer samples
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await requester.drain();
      await responder.drain();
      return samples;
    },
  };
}
