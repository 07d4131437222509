import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { selectPmsByTag, type AtriumConfig, type MarketData } from '@atrium/domain';
import { v1 } from '@atrium/wire';
import { Bus, ensureAuditStream, MetaFactory, resolveBroker, subjectsFor, RequestFailedError, type Logger, type ServiceHandle } from '@atrium/runtime';
import { loadMarketData, startVenue } from '@atrium/venue';
import { startMasterRisk } from '@atrium/master-risk';
import { startAllocation } from '@atrium/allocation';
import { startAnalytics } from '@atrium/analytics';
import { startPmService } from '@atrium/pm';
import { collect, type RunRecord } from './collector.js';
import { buildReports } from '../report/build.js';
import { writeFiles } from './write-files.js';
import { benchmarkSymbols, explainMissingBenchmarks } from '../report/benchmark-report.js';

export const SERVICES = ['venue', 'master-risk', 'allocation', 'pm', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface BacktestOptions {
  config: AtriumConfig;
  /** where reports go (created) */
  outDir: string;
  log: Logger;
  /** broker URL; default NATS_URL, else a private nats-server */
  natsUrl?: string;
  /** services to run as separate OS processes (`atrium serve <service>`); needs config.sourcePath */
  separate?: readonly ServiceName[];
  /**
   * Spread the PMs over this many `atrium serve pm --pms …` processes (round robin in config
   * order); 0 (default) hosts them as `separate` says. Needs config.sourcePath.
   */
  pmProcesses?: number;
  /** market data already loaded (else loaded from the config) */
  data?: MarketData;
  onProgress?: (step: number, total: number) => void;
  /** fail when no step completes for this long (default 120 s) */
  stallTimeoutMs?: number;
  /** build and write the reports (default true); false writes run.json only (benchmarks) */
  reports?: boolean;
  /** run only the PMs with this tag (see selectPmsByTag); separate processes get it too */
  tag?: string;
  /** called once every service is up, with a way to stop each (tests stop master-risk mid-run: fail closed) */
  onStarted?: (services: ReadonlyMap<ServiceName, { stop(): Promise<void> }>) => void;
  /**
   * Aborting it ends the session early (SIGINT/SIGTERM in the CLI): the run rejects with a
   * SessionError once its services, child processes and private broker are stopped.
   */
  signal?: AbortSignal;
}

/** Services whose loss a session survives: without master-risk every order is denied RISK_UNAVAILABLE (fail closed); without analytics the report lists the breaks published until then. */
const SURVIVABLE: ReadonlySet<ServiceName> = new Set(['master-risk', 'analytics']);

export interface BacktestResult {
  readonly outDir: string;
  readonly record: RunRecord;
  readonly files: ReadonlyMap<string, string>;
  readonly run: Record<string, unknown>;
}

/** Thrown when a session stops making progress or a service process fails. */
export class SessionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionError';
  }
}

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** How long a stopped service process may drain before it is killed. */
const CHILD_STOP_MS = 5_000;

function spawnService(svc: ServiceName, configPath: string, url: string, log: Logger, extra: readonly string[], detached: boolean): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  // ATRIUM_NODE_ARGS: Node options for the service processes (a heap limit, --cpu-prof), which
  // NODE_OPTIONS may not carry
  const nodeArgs = (process.env.ATRIUM_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', svc, '--config', configPath, '--nats', url, ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    detached,
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  log.info({ svc, pid: child.pid }, 'started service process');
  return { child, stderr: () => err, exited };
}

async function waitReady(bus: Bus, s: ReturnType<typeof subjectsFor>, meta: MetaFactory, targets: readonly { service: string; instance?: string }[], timeoutMs: number, aborted: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const t of targets) {
    for (;;) {
      const why = aborted();
      if (why) throw new SessionError(why);
      try {
        await bus.request(s.ctlStatus(t.service, t.instance), meta.next(), 'statusQuery', { requester: 'institution' }, 500);
        break;
      } catch (err) {
        if (!(err instanceof RequestFailedError)) throw err;
        if (Date.now() > deadline) throw new SessionError(`service ${t.service}${t.instance ? `/${t.instance}` : ''} did not become ready within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** Asks a service process to stop (SIGTERM: it drains and exits), killing it if it has not within CHILD_STOP_MS. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_MS);
  await exited;
  clearTimeout(kill);
}

/** PM ids in `n` groups, round robin in config order (none when n <= 0); pure. */
export function pmGroupsOf(pmIds: readonly string[], n: number): string[][] {
  if (n <= 0) return [];
  const groups: string[][] = Array.from({ length: Math.min(n, pmIds.length) }, () => []);
  pmIds.forEach((id, i) => groups[i % groups.length]!.push(id));
  return groups;
}

/** Peak resident set (VmHWM) of a live process in KiB, 0 when it cannot be read (not Linux, gone). */
export function peakRssKib(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Asks every service for its counters (bad messages, unavailable answers, ...); missing ones are noted. */
async function gatherCounters(bus: Bus, s: ReturnType<typeof subjectsFor>, meta: MetaFactory, config: AtriumConfig): Promise<Record<string, Record<string, number> | string>> {
  const targets: { service: string; instance?: string }[] = [{ service: 'venue' }, { service: 'master-risk' }, { service: 'allocation' }, { service: 'analytics' }, ...config.pms.map((p) => ({ service: 'pm', instance: p.id }))];
  const out: Record<string, Record<string, number> | string> = {};
  await Promise.all(
    targets.map(async (t) => {
      const name = t.instance ? `${t.service}/${t.instance}` : t.service;
      try {
        const r = await bus.request(s.ctlStatus(t.service, t.instance), meta.next(), 'statusQuery', { requester: 'institution' }, 2000);
        out[name] = r.kind === 'serviceStatus' ? Object.fromEntries(Object.entries(r.body.counters ?? {}).map(([k, v]) => [k, Number(v)] as const).sort()) : 'unexpected reply';
      } catch (err) {
        out[name] = `no answer (${err instanceof RequestFailedError ? err.code : String(err)})`;
      }
    }),
  );
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Runs one backtest session end to end: broker, audit stream, services (in this process unless
 * listed in `separate`, each talking only over NATS), START, the step loop to the end of the
 * data, STOP, then the reports into `outDir`. Deterministic reports; timings only in run.json.
 */
export async function runBacktest(opts: BacktestOptions): Promise<BacktestResult> {
  const { log } = opts;
  const config = opts.tag !== undefined ? selectPmsByTag(opts.config, opts.tag) : opts.config;
  const started = new Date();
  const t0 = performance.now();
  const separate = new Set(opts.separate ?? []);
  const pmGroups = pmGroupsOf(config.pms.map((p) => p.id), opts.pmProcesses ?? 0);
  if ((separate.size || pmGroups.length) && !config.sourcePath) throw new SessionError('running services as separate processes needs a config file (config.sourcePath)');
  // every process of the run serves the same (tag-limited) firm
  const tagArgs = opts.tag !== undefined ? ['--tag', opts.tag] : [];
  let data: MarketData;
  try {
    data = opts.data ?? loadMarketData(config);
  } catch (err) {
    throw explainMissingBenchmarks(err, config);
  }
  for (const w of data.warnings) log.warn({ warning: w }, 'data');
  opts.signal?.throwIfAborted();
  // A caller that passes a signal handles SIGINT/SIGTERM: the private broker and the service
  // processes then get process groups of their own, out of reach of a terminal's Ctrl-C, and
  // the session stops them in order (services drain while the broker is still up). Without one,
  // they share the caller's group and a Ctrl-C stops them with it.
  const shielded = opts.signal !== undefined;
  const broker = await resolveBroker(opts.natsUrl, { detached: shielded });
  const s = subjectsFor(config.firm.id);
  const sessionId = `${config.firm.id}-${started.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  const meta = new MetaFactory(sessionId, 'institution', 'firm');
  const handles: ServiceHandle[] = [];
  const children: (ReturnType<typeof spawnService> & { svc: ServiceName })[] = [];
  const stoppers = new Map<ServiceName, { stop(): Promise<void> }>();
  const stoppedEarly: string[] = [];
  let bus: Bus | undefined;
  let failure: string | undefined;
  // an abort is a failure like a lost service: every wait below gives up on it
  const onAbort = () => (failure ??= `session interrupted${typeof opts.signal?.reason === 'string' ? ` (${opts.signal.reason})` : ''}`);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  const check = () => {
    if (failure) throw new SessionError(failure);
  };
  try {
    check();
    bus = await Bus.connect({ url: broker.url, name: 'atrium institution', log });
    try {
      await ensureAuditStream(bus.nc, s);
    } catch (err) {
      throw new SessionError(`cannot create the JetStream audit stream on ${broker.url} (is JetStream enabled? start nats-server with -js): ${(err as Error).message}`, { cause: err });
    }
    // the bars the reports mark with are the loaded data's (the same the venue publishes, kept once);
    // without reports, only what the post-run checks read is kept
    const collector = collect(bus, s, opts.onProgress, { closesOf: benchmarkSymbols(config), keep: opts.reports === false ? 'checks' : 'all', barsOf: (step) => data.steps[step]?.bars });
    await bus.flush();

    const symbols = [...data.symbols];
    for (const group of pmGroups) {
      const c = { ...spawnService('pm', config.sourcePath!, broker.url, log, ['--pms', group.join(','), ...tagArgs], shielded), svc: 'pm' as const };
      children.push(c);
      void c.exited.then((code) => {
        if (code !== 0 && code !== null && !collector.record.ended) failure ??= `PM process (${group.join(', ')}) exited with code ${code}: ${c.stderr().trim().split('\n').slice(-5).join('\n')}`;
      });
    }
    for (const svc of SERVICES) {
      if (svc === 'pm' && pmGroups.length) continue;
      if (separate.has(svc)) {
        const c = { ...spawnService(svc, config.sourcePath!, broker.url, log, tagArgs, shielded), svc };
        children.push(c);
        void c.exited.then((code) => {
          if (collector.record.ended || opts.signal?.aborted) return;
          if (SURVIVABLE.has(svc)) {
            stoppedEarly.push(svc);
            log.warn({ svc, code }, 'service process exited mid-session; the session goes on without it');
          } else if (code !== 0 && code !== null) failure ??= `service ${svc} exited with code ${code}: ${c.stderr().trim().split('\n').slice(-5).join('\n')}`;
        });
        stoppers.set(svc, { stop: async () => void (c.child.kill('SIGTERM'), await c.exited) });
        continue;
      }
      if (svc === 'venue') handles.push(await startVenue({ config, data, url: broker.url, log }));
      if (svc === 'master-risk') handles.push(await startMasterRisk({ config, symbols, url: broker.url, log }));
      if (svc === 'allocation') handles.push(await startAllocation({ config, url: broker.url, log }));
      if (svc === 'pm') handles.push(await startPmService({ config, url: broker.url, log }));
      if (svc === 'analytics') handles.push(await startAnalytics({ config, url: broker.url, log }));
      const h = handles.at(-1)!;
      stoppers.set(svc, { stop: async () => void (stoppedEarly.push(svc), await h.stop()) });
      check();
    }
    await waitReady(
      bus,
      s,
      meta,
      [{ service: 'venue' }, { service: 'master-risk' }, { service: 'allocation' }, { service: 'analytics' }, ...config.pms.map((p) => ({ service: 'pm', instance: p.id }))],
      30_000,
      () => failure,
    );

    opts.onStarted?.(stoppers);
    bus.publish(s.ctlLifecycle, meta.next(), 'lifecycle', { action: v1.LifecycleAction.LIFECYCLE_START, sessionId });
    const pmIds = config.pms.map((p) => p.id);
    const accountKeys = config.pms.flatMap((p) => p.accounts.map((a) => `${p.id}/${a.id}`));
    const stallMs = opts.stallTimeoutMs ?? 120_000;
    let lastSeen = -2;
    let lastChange = Date.now();
    await new Promise<void>((resolve, reject) => {
      void collector.ended.then(() => resolve());
      const timer = setInterval(() => {
        if (failure) {
          clearInterval(timer);
          reject(new SessionError(failure));
          return;
        }
        const st = collector.lastStep();
        if (st !== lastSeen) {
          lastSeen = st;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > stallMs) {
          clearInterval(timer);
          const waiting = collector.missing(Math.max(st, 0), pmIds, accountKeys);
          reject(new SessionError(`no progress for ${Math.round(stallMs / 1000)} s at step ${st}${waiting.length ? `; not finished: ${waiting.join(', ')}` : ''}`));
        }
      }, 250);
      void collector.ended.then(() => clearInterval(timer));
    });
    // the last step's reports come from other publishers than the venue: let them land
    const lastStep = collector.record.totalSteps - 1;
    const settleBy = Date.now() + 15_000;
    // analytics observes the session outside the barrier: wait until it has taken in the last step
    // (unless it stopped mid-session: then the report has the breaks it published until then)
    const analyticsDone = () => stoppedEarly.includes('analytics') || collector.analyticsThrough(lastStep);
    while (!(collector.completeThrough(lastStep, pmIds, accountKeys) && analyticsDone()) && Date.now() < settleBy) {
      check();
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!analyticsDone()) throw new SessionError(`analytics did not take in step ${lastStep} within 15 s of the end (last taken in: ${collector.record.analyticsStep})`);

    check();
    const counters = await gatherCounters(bus, s, meta, config);
    const peakRssMb = Math.round((process.resourceUsage().maxRSS / 1024 + children.reduce((sum, c) => sum + peakRssKib(c.child.pid) / 1024, 0)) * 10) / 10;
    bus.publish(s.ctlLifecycle, meta.next(), 'lifecycle', { action: v1.LifecycleAction.LIFECYCLE_STOP });
    await bus.flush();
    await Promise.all(handles.map((h) => h.done));
    await Promise.all(
      children.map(async (c) => {
        if (stoppedEarly.includes(c.svc)) return; // a survivable service that stopped mid-session (noted in run.json)
        const code = await Promise.race([c.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
        if (code === 'timeout') {
          c.child.kill('SIGKILL');
          throw new SessionError('a service process did not stop within 10 s of STOP');
        }
        if (code !== 0) throw new SessionError(`a service process exited with code ${code}: ${c.stderr().trim()}`);
      }),
    );

    const files = opts.reports === false ? new Map<string, string>() : buildReports(config, collector.record, { symbols: data.symbols, warnings: data.warnings });
    const wallMs = performance.now() - t0;
    const run = {
      session_id: sessionId,
      started_at: started.toISOString(),
      wall_ms: Math.round(wallMs),
      steps: collector.record.totalSteps,
      steps_per_s: Number((collector.record.totalSteps / (wallMs / 1000)).toFixed(1)),
      block_orders: collector.record.decisions.reduce((n, d) => n + d.decisions.length, 0),
      fills: collector.record.fills.length,
      broker: broker.embedded ? 'embedded nats-server' : broker.url,
      separate_processes: [...separate],
      pm_processes: pmGroups.length,
      peak_rss_mb: peakRssMb,
      ...(stoppedEarly.length ? { stopped_mid_session: [...new Set(stoppedEarly)] } : {}),
      counters,
      node: process.version,
      config: config.sourcePath ?? '(in memory)',
    };
    mkdirSync(opts.outDir, { recursive: true });
    await writeFiles(opts.outDir, files);
    writeFileSync(join(opts.outDir, 'run.json'), JSON.stringify(run, null, 2) + '\n');
    return { outDir: opts.outDir, record: collector.record, files, run };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // services first (they drain over the broker), then this connection, then the broker
    await Promise.all([...handles.map((h) => h.stop().catch(() => {})), ...children.map((c) => stopChild(c.child, c.exited))]);
    await bus?.close().catch(() => {});
    await broker.release();
  }
}
