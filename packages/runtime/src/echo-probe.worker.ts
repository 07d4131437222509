import { parentPort, workerData } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';

// The echo probe's own event loop (see echo-probe.ts): one connection answers, one asks every
// `intervalMs`; on 'stop' it posts the round trips (ms) back and exits.
const { url, intervalMs, payloadBytes } = workerData as { url: string; intervalMs: number; payloadBytes: number };
const subject = `_atrium.probe.${randomBytes(4).toString('hex')}`;
const responder = await connect({ servers: url, name: 'atrium echo responder', noAsyncTraces: true });
const requester = await connect({ servers: url, name: 'atrium echo requester', noAsyncTraces: true });
responder.subscribe(subject, {
  callback: (_e, m) => {
    m.respond(m.data);
  },
});
await responder.flush();
const payload = new Uint8Array(payloadBytes);
const samples: number[] = [];
let running = true;
parentPort!.on('message', (m) => {
  if (m === 'stop') running = false;
});
parentPort!.postMessage('ready');
while (running) {
  const t0 = performance.now();
  try {
    await requester.request(subject, payload, { timeout: 5000 });
    samples.push(performance.now() - t0);
  } catch {
    // a lost probe is not a round trip; the caller sees fewer samples
  }
  await new Promise((r) => setTimeout(r, intervalMs));
}
await requester.drain();
await responder.drain();
parentPort!.postMessage(samples);
