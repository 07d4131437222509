import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Thrown when no broker is configured and no `nats-server` can be started. */
export class MissingBrokerError extends Error {
  constructor(detail: string) {
    super(
      `no NATS broker: ${detail}.\n` +
        'Set NATS_URL to a running server (JetStream enabled), or install nats-server so Atrium can start a private one:\n' +
        '  Debian/Ubuntu: sudo apt-get install -y nats-server\n' +
        '  macOS:         brew install nats-server\n' +
        '  Docker:        docker run -p 4222:4222 nats:2.10 -js   (then NATS_URL=nats://127.0.0.1:4222)\n' +
        'A nats-server installed elsewhere: set NATS_SERVER_BIN to its path.',
    );
    this.name = 'MissingBrokerError';
  }
}

/** A nats-server child process this process started; `stop()` kills it and removes its store. */
export interface EmbeddedServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly process: ChildProcess;
  /** http://127.0.0.1:<port> of the monitoring endpoints, when asked for */
  readonly monitorUrl?: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Default: a free port. */
  port?: number;
  /** Default true. */
  jetstream?: boolean;
  /** Extra nats-server config text (cluster, authorization, ...) written to a config file. */
  configText?: string;
  /** Server name (needed in clusters). */
  name?: string;
  /** Keep the store directory after stop (default false). */
  keepStore?: boolean;
  /** Store directory (default: a new temp dir). */
  storeDir?: string;
  /** Path of the binary (default: $NATS_SERVER_BIN, else `nats-server` on PATH or in NATS_SERVER_PATHS). */
  binary?: string;
  /** Paths tried after `binary` (see FindNatsServerOptions.fallbacks). */
  fallbacks?: readonly string[];
  /** Also serve the HTTP monitoring endpoints (/connz, /varz) on this port (0: a free one). */
  monitorPort?: number;
  /**
   * Run it in a process group of its own (default false), out of reach of a terminal's Ctrl-C:
   * for an owner that handles SIGINT itself and stops the server last. Without, it stops with
   * its owner's process group.
   */
  detached?: boolean;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Where `nats-server` is looked for when it is not on PATH (a service manager's or a cron job's
 * PATH often lacks /usr/sbin, where Debian's package puts it).
 */
export const NATS_SERVER_PATHS: readonly string[] = ['/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'];

export interface FindNatsServerOptions {
  /** The binary: a path, or a name looked up on PATH. Default: $NATS_SERVER_BIN, else `nats-server`. */
  binary?: string;
  /**
   * Paths tried after `binary`. Default: NATS_SERVER_PATHS, or none when the binary was named
   * (option or $NATS_SERVER_BIN): a binary asked for by name is the only one tried.
   */
  fallbacks?: readonly string[];
}

/** The binaries findNatsServer tries, in order; pure (the environment is passed in). */
export function natsServerCandidates(opts: FindNatsServerOptions = {}, env: NodeJS.ProcessEnv = process.env): string[] {
  const named = opts.binary ?? env.NATS_SERVER_BIN;
  return [named ?? 'nats-server', ...(opts.fallbacks ?? (named === undefined ? NATS_SERVER_PATHS : []))];
}

/** Path of the first nats-server binary that runs (`--version`), or undefined when none does. */
export function findNatsServer(opts: FindNatsServerOptions = {}): string | undefined {
  for (const candidate of natsServerCandidates(opts)) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode}: ${stderr().trim()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const sock = tcpConnect(port, '127.0.0.1');
      sock.once('connect', () => { sock.destroy(); resolve(true); });
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms: ${stderr().trim()}`);
}

/** Starts a private nats-server child process (JetStream on, temp store, free port). */
export async function startNatsServer(opts: StartServerOptions = {}): Promise<EmbeddedServer> {
  const candidates = natsServerCandidates(opts);
  const bin = findNatsServer(opts);
  if (!bin) throw new MissingBrokerError(`NATS_URL is not set and no nats-server could be run (tried ${candidates.map((c) => (c.includes('/') ? c : `${c} on PATH`)).join(', ')})`);
  const port = opts.port ?? (await freePort());
  const storeDir = opts.storeDir ?? mkdtempSync(join(tmpdir(), 'atrium-nats-'));
  const args = ['-a', '127.0.0.1', '-p', String(port)];
  if (opts.jetstream !== false) args.push('-js', '-sd', storeDir);
  if (opts.name) args.push('-n', opts.name);
  const monitorPort = opts.monitorPort === undefined ? undefined : opts.monitorPort || (await freePort());
  if (monitorPort !== undefined) args.push('-m', String(monitorPort));
  if (opts.configText) {
    const conf = join(storeDir, 'server.conf');
    writeFileSync(conf, opts.configText);
    args.push('-c', conf);
  }
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: opts.detached ?? false });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  try {
    await waitForPort(port, child, () => err);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    monitorUrl: monitorPort === undefined ? undefined : `http://127.0.0.1:${monitorPort}`,
    process: child,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          if (!opts.keepStore) rmSync(storeDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
      return stopped;
    },
  };
}

/** A broker to use: NATS_URL when set, else a private embedded server (stopped by `release`). */
export interface ResolvedBroker {
  readonly url: string;
  readonly embedded?: EmbeddedServer;
  release(): Promise<void>;
}

/**
 * Resolves the broker in the documented order: explicit url, NATS_URL, embedded nats-server
 * (`detached`: see StartServerOptions).
 */
export async function resolveBroker(url: string | undefined = process.env.NATS_URL, opts: { detached?: boolean } = {}): Promise<ResolvedBroker> {
  if (url) return { url, release: async () => {} };
  const embedded = await startNatsServer({ detached: opts.detached });
  return { url: embedded.url, embedded, release: () => embedded.stop() };
}
