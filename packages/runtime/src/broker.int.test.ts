import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findNatsServer, MissingBrokerError, NATS_SERVER_PATHS, natsServerCandidates, resolveBroker, startNatsServer } from './broker.js';

const INSTALL_HINTS = [/apt-get install -y nats-server/, /brew install nats-server/, /docker run -p 4222:4222 nats/, /NATS_URL=nats:\/\/127\.0\.0\.1:4222/, /NATS_SERVER_BIN/];

describe('finding nats-server', () => {
  it.each([
    ['nothing set', {}, {}, ['nats-server', ...NATS_SERVER_PATHS]],
    ['NATS_SERVER_BIN', {}, { NATS_SERVER_BIN: '/opt/nats/nats-server' }, ['/opt/nats/nats-server']],
    ['a binary option', { binary: 'my-nats' }, { NATS_SERVER_BIN: '/opt/nats/nats-server' }, ['my-nats']],
    ['explicit fallbacks', { fallbacks: ['/a/nats-server'] }, {}, ['nats-server', '/a/nats-server']],
    ['no fallbacks', { fallbacks: [] }, {}, ['nats-server']],
  ] as const)('tries, with %s, %j', (_what, opts, env, expected) => {
    expect(natsServerCandidates(opts, env)).toEqual(expected);
  });

  it('finds the nats-server this machine has (PATH or the usual places) by default', () => {
    expect(findNatsServer()).toBeDefined();
  });

  it('finds none when only a binary that does not exist may be tried', () => {
    expect(findNatsServer({ binary: '/nonexistent/nats-server' })).toBeUndefined();
    expect(findNatsServer({ binary: 'no-such-nats-server-binary', fallbacks: [] })).toBeUndefined();
  });

  it('says how to install one when none can be run: apt-get, brew, Docker', async () => {
    const err = await startNatsServer({ binary: '/nonexistent/nats-server' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(MissingBrokerError);
    const message = (err as Error).message;
    expect(message).toMatch(/NATS_URL is not set and no nats-server could be run \(tried \/nonexistent\/nats-server\)/);
    for (const hint of INSTALL_HINTS) expect(message).toMatch(hint);
  });

  it('starts a private server and removes its store when released', async () => {
    const broker = await resolveBroker('');
    expect(broker.embedded?.url).toBe(broker.url);
    const store = broker.embedded!.storeDir;
    expect(existsSync(store)).toBe(true);
    await broker.release();
    expect(existsSync(store)).toBe(false);
    expect(broker.embedded!.process.exitCode !== null || broker.embedded!.process.signalCode !== null).toBe(true);
  });
});
