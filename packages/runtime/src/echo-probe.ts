import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

// The worker runs from the built package (also when this module is loaded from source in tests).
const WORKER = fileURLToPath(new URL('../dist/echo-probe.worker.js', import.meta.url));

/**
 * Measures the raw NATS request/reply round trip on a broker while something else runs on it:
 * in a worker thread of its own (so this process's busy event loop does not delay it), one
 * connection answers and another asks every `intervalMs`; `stop()` returns the round trips in
 * ms. The baseline a service's own request latency is compared with.
 */
export async function startEchoProbe(url: string, opts: { intervalMs?: number; payloadBytes?: number } = {}): Promise<{ stop(): Promise<number[]> }> {
  const worker = new Worker(WORKER, { workerData: { url, intervalMs: opts.intervalMs ?? 5, payloadBytes: opts.payloadBytes ?? 256 } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    stop: () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once('message', (samples: number[]) => {
          void worker.terminate();
          resolve(samples);
        });
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}
