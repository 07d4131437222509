import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1 } from '@atrium/wire';
import { Bus, MetaFactory, rootLogger, subjectsFor } from '@atrium/runtime';
import { CLI, testBroker, writeTemp, type TestBroker } from '@atrium/testkit';

const FIRM = 'servetest';
const CONFIG = `
firm: { id: ${FIRM}, capital: 100000 }
data: { source: synthetic, seed: 1, start: 2016-01-04, end: 2016-01-29 }
pms:
  - { id: p, capital: 100000, strategies: [ { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 } } ] }
`;

function serve(svc: string, url: string) {
  const child = spawn(process.execPath, [CLI, 'serve', svc, '--config', writeTemp('c.yaml', CONFIG), '--nats', url], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, stderr: () => err };
}

describe('atrium serve', () => {
  let broker: TestBroker;
  let bus: Bus;
  const s = subjectsFor(FIRM);
  const meta = new MetaFactory('t', 'test', 'firm');
  beforeAll(async () => {
    broker = await testBroker();
    bus = await Bus.connect({ url: broker.url, name: 'test', log: rootLogger('warn') });
  });
  afterAll(async () => {
    await bus.close();
    await broker.stop();
  });

  async function ready(service: string, instance?: string) {
    for (let i = 0; i < 100; i++) {
      try {
        const r = await bus.request(s.ctlStatus(service, instance), meta.next(), 'statusQuery', { requester: 'test' }, 300);
        if (r.kind === 'serviceStatus') return r.body;
      } catch {
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    throw new Error(`${service} never answered`);
  }

  it('answers its status query, then drains and exits 0 on a STOP command', async () => {
    const p = serve('allocation', broker.url);
    expect((await ready('allocation')).service).toBe('allocation');
    bus.publish(s.ctlLifecycle, meta.next(), 'lifecycle', { action: v1.LifecycleAction.LIFECYCLE_STOP });
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toMatch(/"msg":"stopped"/);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('drains and exits %s → %d', async (signal, code) => {
    const p = serve('pm', broker.url);
    expect((await ready('pm', 'p')).pms).toEqual(['p']);
    p.child.kill(signal);
    expect(await p.exited).toBe(code);
    expect(p.stderr()).toMatch(/shutting down: draining connections/);
  });
});
