#!/usr/bin/env node
// Backtest throughput: steps/s and orders/s of a config (default: the example institution),
// over several runs on a private nats-server, all services in one process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFile, rootLogger, startNatsServer } from '@atrium/runtime';
import { runBacktest } from '@atrium/institution';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'examples/institution.yaml' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write('npm run bench -- backtest [--config <file>] [--runs <n>] [--json]\n  prints steps/s and orders/s (block orders decided per second) of a full backtest over NATS\n');
  process.exit(0);
}
const config = loadConfigFile(values.config);
const log = rootLogger('error');
const server = await startNatsServer();
const runs = [];
try {
  for (let i = 0; i < Number(values.runs); i++) {
    const out = mkdtempSync(join(tmpdir(), 'atrium-bench-'));
    const t0 = performance.now();
    const r = await runBacktest({ config, outDir: out, log, natsUrl: server.url });
    const s = (performance.now() - t0) / 1000;
    const orders = r.record.decisions.reduce((n, d) => n + d.decisions.length, 0);
    runs.push({ wall_s: s, steps: r.record.totalSteps, orders, fills: r.record.fills.length });
    rmSync(out, { recursive: true, force: true });
    if (!values.json) process.stderr.write(`run ${i + 1}: ${r.record.totalSteps} steps, ${orders} block orders, ${r.record.fills.length} child fills in ${s.toFixed(2)} s\n`);
  }
} finally {
  await server.stop();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall = median(runs.map((r) => r.wall_s));
const result = {
  bench: 'backtest',
  config: values.config,
  pms: config.pms.length,
  accounts: config.pms.reduce((n, p) => n + p.accounts.length, 0),
  strategies: config.pms.reduce((n, p) => n + p.strategies.length, 0),
  runs: runs.length,
  steps: runs[0].steps,
  orders: runs[0].orders,
  child_fills: runs[0].fills,
  wall_s_median: Number(wall.toFixed(3)),
  steps_per_s: Number((runs[0].steps / wall).toFixed(1)),
  orders_per_s: Number((runs[0].orders / wall).toFixed(1)),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  node: process.version,
};
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
}
