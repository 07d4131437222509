#!/usr/bin/env node
// Master-risk decision latency and throughput over NATS, next to a raw NATS request/reply echo
// measured in the same run. master-risk runs as its own OS process (`atrium serve master-risk`,
// one event loop: one core) with every firm limit set and each decided batch recorded in the
// JetStream audit stream; the echo is its own process too. Prints a table, or one JSON line.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from '@atrium/domain';
import { decisionFromWire, decodeMessage, encodeMessage, sideToWire } from '@atrium/wire';
import { Bus, ensureAuditStream, MetaFactory, rootLogger, startNatsServer, subjectsFor } from '@atrium/runtime';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    pms: { type: 'string', default: '10' },
    batch: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(`npm run bench -- risk [--requests 3000] [--pms 10] [--batch 1000] [--rounds 10] [--json]
  latency: --requests sequential one-order checks (p50/p99) against as many raw echo requests, interleaved
  throughput: --rounds steps in which --pms PMs, each on its own connection, send one batch of --batch orders at once
`);
  process.exit(0);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(root, 'services/institution/dist/cli.js');
const FIRM = 'riskbench';
const NPM = Number(values.pms);
const SECTORS = ['TECH', 'FIN', 'HLTH', 'ENGY', 'CONS'];
const SYMBOLS = SECTORS.flatMap((p) => Array.from({ length: 10 }, (_, i) => `${p}${i + 1}`));
const PMS = Array.from({ length: NPM }, (_, i) => `pm${i + 1}`);

// every limit set, loose enough that most orders pass (the full check runs either way)
const config = `
firm: { id: ${FIRM}, capital: 1000000000000 }
data: { source: synthetic, seed: 1, start: 2016-01-04, end: 2016-01-29, symbols: [${SYMBOLS.join(', ')}] }
risk:
  firm: { max_gross_exposure: 900000000000, max_net_exposure: 800000000000, max_single_name_pct: 50, max_single_name_notional: 400000000000,
          max_sector_pct: 60, max_order_notional: 100000000, max_adv_pct: 100, max_orders_per_step: 100000000, max_drawdown_pct: 50 }
  sequencing: arrival
pms:
${PMS.map((p) => `  - { id: ${p}, capital: 100000000000 }`).join('\n')}
`;
const dir = mkdtempSync(join(tmpdir(), 'atrium-bench-risk-'));
const configPath = join(dir, 'firm.yaml');
writeFileSync(configPath, config);

const log = rootLogger('error');
const server = await startNatsServer();
const children = [];
const spawnNode = (args) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } });
  children.push(child);
  return child;
};
const cpuSeconds = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in clock ticks (100 Hz)
  } catch {
    return undefined;
  }
};
const pct = (xs, p) => percentile(xs, p / 100);

try {
  const s = subjectsFor(FIRM);
  const bus = await Bus.connect({ url: server.url, name: 'bench driver', log });
  await ensureAuditStream(bus.nc, s);
  // RISK_PROF=<dir> writes a V8 CPU profile of the master-risk process there (where the time goes)
  const risk = spawnNode([...(process.env.RISK_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.RISK_PROF] : []), CLI, 'serve', 'master-risk', '--config', configPath, '--nats', server.url]);
  const echoSubject = `bench.echo`;
  const echo = spawnNode([join(root, 'scripts/bench/echo-server.mjs'), server.url, echoSubject]);
  await new Promise((r) => echo.stdout.once('data', r));
  const meta = new MetaFactory('bench', 'bench', 'firm');
  for (let i = 0; ; i++) {
    try {
      await bus.request(s.ctlStatus('master-risk'), meta.next(), 'statusQuery', { requester: 'bench' }, 500);
      break;
    } catch {
      if (i > 100) throw new Error('master-risk did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let step = -1;
  const price = (i) => String(20 + ((i * 37) % 280));
  const nextStep = async () => {
    step += 1;
    const bars = SYMBOLS.map((symbol, i) => ({ symbol, open: price(i), high: price(i), low: price(i), close: price(i), volume: '100000000' }));
    bus.publish(s.mdStep, meta.next(), 'marketStep', { step, date: '2016-01-04', bars, totalSteps: 1000 });
    await bus.flush();
  };
  let orderSeq = 0;
  const batchBody = (pm, n) => ({
    pmId: pm,
    step,
    orders: Array.from({ length: n }, () => {
      const k = orderSeq++;
      return { orderId: `${pm}-${step}-${k}`, pmId: pm, symbol: SYMBOLS[k % SYMBOLS.length], side: sideToWire(k % 3 === 0 ? 'sell' : 'buy'), qty: String(1 + (k % 50)), refPrice: price(k % SYMBOLS.length), step };
    }),
  });
  await nextStep();

  // latency: one-order checks and raw echoes of the same bytes, interleaved in blocks
  const nReq = Number(values.requests);
  const riskMs = [];
  const echoMs = [];
  const timeOne = async (subject, bytes) => {
    const t0 = performance.now();
    const m = await bus.nc.request(subject, bytes, { timeout: 5000 });
    return [performance.now() - t0, m];
  };
  for (let done = -200; done < nReq; done += 100) {
    for (let i = 0; i < 100; i++) {
      const bytes = encodeMessage(meta.next(), 'blockOrders', batchBody('pm1', 1));
      const [tr] = await timeOne(s.pm('pm1').riskCheck, bytes);
      const [te] = await timeOne(echoSubject, bytes);
      if (done >= 0) {
        riskMs.push(tr);
        echoMs.push(te);
      }
    }
    if (done % 1000 === 0) await nextStep(); // reservations end with the step, as in a session
  }

  // throughput: every PM on its own connection sends its step's batch at once
  const conns = await Promise.all(PMS.map((pm) => Bus.connect({ url: server.url, name: `bench ${pm}`, log, inboxPrefix: s.pm(pm).inboxPrefix })));
  const rounds = Number(values.rounds);
  const batch = Number(values.batch);
  let decisions = 0;
  let approved = 0;
  let wall = 0;
  const cpu0 = cpuSeconds(risk.pid);
  for (let r = 0; r < rounds; r++) {
    await nextStep();
    const bodies = PMS.map((pm) => encodeMessage(meta.next(), 'blockOrders', batchBody(pm, batch)));
    const t0 = performance.now();
    const replies = await Promise.all(conns.map((c, i) => c.nc.request(s.pm(PMS[i]).riskCheck, bodies[i], { timeout: 60000 })));
    wall += performance.now() - t0;
    for (const m of replies) {
      const reply = decodeMessage(m.data);
      if (reply.kind !== 'riskDecisions') throw new Error(`master-risk answered ${reply.kind}`);
      decisions += reply.body.decisions.length;
      approved += reply.body.decisions.filter((d) => decisionFromWire(d.decision) !== 'denied').length;
    }
  }
  const cpu1 = cpuSeconds(risk.pid);
  await Promise.all(conns.map((c) => c.close()));
  await bus.close();

  const rp50 = pct(riskMs, 50);
  const rp99 = pct(riskMs, 99);
  const ep50 = pct(echoMs, 50);
  const ep99 = pct(echoMs, 99);
  const result = {
    bench: 'risk',
    limits: 'all firm limits set; decisions audited to JetStream',
    latency_requests: riskMs.length,
    risk_p50_ms: Number(rp50.toFixed(3)),
    risk_p99_ms: Number(rp99.toFixed(3)),
    echo_p50_ms: Number(ep50.toFixed(3)),
    echo_p99_ms: Number(ep99.toFixed(3)),
    p50_ratio: Number((rp50 / ep50).toFixed(2)),
    p99_ratio: Number((rp99 / ep99).toFixed(2)),
    unbatched_decisions_per_s: Number((riskMs.length / (riskMs.reduce((a, b) => a + b, 0) / 1000)).toFixed(0)),
    pms: NPM,
    batch_orders: batch,
    batched_decisions: decisions,
    batched_approved_share: Number((approved / decisions).toFixed(3)),
    batched_decisions_per_s: Number((decisions / (wall / 1000)).toFixed(0)),
    risk_cpu_s: cpu0 === undefined || cpu1 === undefined ? null : Number((cpu1 - cpu0).toFixed(2)),
    decisions_per_cpu_s: cpu0 === undefined || cpu1 === undefined || cpu1 === cpu0 ? null : Number((decisions / (cpu1 - cpu0)).toFixed(0)),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
    node: process.version,
  };
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(26)} ${v}\n`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
