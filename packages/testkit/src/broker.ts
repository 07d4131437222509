import { startNatsServer, type EmbeddedServer } from '@atrium/runtime';

/** A broker for one test file: NATS_URL when set (and no monitoring is needed), else a private nats-server. */
export interface TestBroker {
  readonly url: string;
  /** monitoring endpoints (/connz …), only for a private server started with `monitor: true` */
  readonly monitorUrl?: string;
  readonly server?: EmbeddedServer;
  stop(): Promise<void>;
}

/** Starts (or reuses, via NATS_URL) a JetStream-enabled broker for a test. */
export async function testBroker(opts: { monitor?: boolean } = {}): Promise<TestBroker> {
  if (process.env.NATS_URL && !opts.monitor) return { url: process.env.NATS_URL, stop: async () => {} };
  const server = await startNatsServer({ monitorPort: opts.monitor ? 0 : undefined });
  return { url: server.url, monitorUrl: server.monitorUrl, server, stop: () => server.stop() };
}

/** One connection as the server's /connz reports it, with its subscriptions. */
export interface ConnInfo {
  readonly name?: string;
  readonly subscriptions_list?: string[];
}

/** Reads /connz?subs=1 from a broker's monitoring endpoint. */
export async function connz(monitorUrl: string): Promise<ConnInfo[]> {
  const res = await fetch(`${monitorUrl}/connz?subs=1&limit=1024`);
  const body = (await res.json()) as { connections?: ConnInfo[] };
  return body.connections ?? [];
}
