import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { rootLogger, setLogLevel } from '@atrium/runtime';
import { progressBar } from '../progress.js';
import { runScaleBench, type ScaleResult } from './scale.js';

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive whole number, found ${JSON.stringify(v)}`);
  return n;
};

interface ScaleFlags {
  pms: number;
  accountsPerPm: number;
  strategiesPerPm: number;
  symbols: number;
  steps: number;
  processes: number;
  seed: number;
  data?: string;
  reports?: boolean;
  nats?: string;
  json?: boolean;
}

function printTable(rows: readonly (readonly string[])[]): void {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ') + '\n');
}

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** One scale run in a fresh process (so its peak memory is its own), parsed from its JSON line. */
function scaleInChild(args: readonly string[]): ScaleResult {
  const r = spawnSync(process.execPath, [CLI, 'bench', 'scale', ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`bench scale ${args.join(' ')} failed with exit code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ScaleResult;
}

/** `atrium bench …`: the institutional scale benchmark and its scaling series. */
export function benchCommand(report: (err: unknown) => number): Command {
  const bench = new Command('bench').description('Benchmarks that print figures (one JSON line with --json): the institutional scale test and its scaling series.');
  bench
    .command('scale')
    .description('Build an institution of the given size on generated data, run a full backtest over NATS, and measure it.')
    .option('--pms <n>', 'portfolio managers', positive('--pms'), 10)
    .option('--accounts-per-pm <n>', 'client accounts per PM', positive('--accounts-per-pm'), 10)
    .option('--strategies-per-pm <n>', 'strategies per PM', positive('--strategies-per-pm'), 50)
    .option('--symbols <n>', 'symbols in the universe', positive('--symbols'), 100)
    .option('--steps <n>', 'steps (trading days)', positive('--steps'), 1000)
    .option('--processes <n>', 'OS processes in all: 1 runs everything in one; N spreads the PMs over N - 1 more', positive('--processes'), 1)
    .option('--seed <n>', 'seed of the generated institution and data', positive('--seed'), 1)
    .option('--data <file>', 'trade a long-format CSV (date,open,high,low,close,volume,Name) instead of generated data')
    .option('--reports', 'also build and write the reports (not measured by default)')
    .option('--nats <url>', 'NATS server (default: $NATS_URL, else a private nats-server)')
    .option('--json', 'print the figures as one JSON line')
    .addHelpText(
      'after',
      `
Prints pms, accounts, strategies, symbols, steps, orders (block orders decided), child_orders,
fills, risk_breaches (approvals that took a firm, PM or account exposure over its limit,
recomputed after the run from the decision log and the books — must be 0; by level in
risk_breaches_by_level), risk_unavailable (orders denied because master-risk did not answer
within risk.timeout_ms — the generated firm gives it a minute, so 0 unless the machine is
overloaded), passive_breaches (steps where prices alone carried a book over a limit),
decision_latency_ms (p50, p99, max:
from a PM sending its block orders to its child orders accepted by the venue), wall_s,
steps_per_s, peak_rss_mb (every process, nats-server included), nats_baseline_ms (a raw
request/reply round trip measured during the run) and results_digest (sha256 of every decision
and fill: the same for --processes 1 and N, so a layout can be checked to change nothing).

Examples:
  $ atrium bench scale                                  # 10 PMs / 100 accounts / 500 strategies, 1,000 steps
  $ atrium bench scale --processes 2 --json
  $ atrium bench scale --pms 100 --symbols 500 --processes 2`,
    )
    .action(async (o: ScaleFlags) => {
      setLogLevel('error');
      try {
        const bar = o.json ? undefined : progressBar(process.stderr);
        const r = await runScaleBench({ ...o, natsUrl: o.nats ?? process.env.NATS_URL, log: rootLogger(), onProgress: bar?.update });
        bar?.done();
        if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
        else for (const [k, v] of Object.entries(r)) process.stdout.write(`${k.padEnd(20)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
      } catch (err) {
        process.exitCode = report(err);
      }
    });
  bench
    .command('scaling')
    .description('Run the scale shape at 1, 2, 5, 10 and 20 PMs and at 10, 30 and 100 PMs (each in its own process): time and peak memory, T(10)/T(1), memory per PM.')
    .option('--accounts-per-pm <n>', 'client accounts per PM', positive('--accounts-per-pm'), 10)
    .option('--strategies-per-pm <n>', 'strategies per PM', positive('--strategies-per-pm'), 50)
    .option('--symbols <n>', 'symbols in the universe', positive('--symbols'), 100)
    .option('--steps <n>', 'steps (trading days) of each run', positive('--steps'), 250)
    .option('--processes <n>', 'OS processes of each run (see bench scale)', positive('--processes'), 1)
    .option('--json', 'print the series as one JSON line')
    .action((o: { accountsPerPm: number; strategiesPerPm: number; symbols: number; steps: number; processes: number; json?: boolean }) => {
      try {
        const shape = ['--accounts-per-pm', String(o.accountsPerPm), '--strategies-per-pm', String(o.strategiesPerPm), '--symbols', String(o.symbols), '--steps', String(o.steps), '--processes', String(o.processes)];
        const runs = [1, 2, 5, 10, 20, 30, 100].map((pms) => {
          if (!o.json) process.stderr.write(`scaling: ${pms} PMs …\n`);
          const r = scaleInChild(['--pms', String(pms), ...shape]);
          return { pms, wall_s: r.wall_s, steps_per_s: r.steps_per_s, peak_rss_mb: r.peak_rss_mb, rss_per_pm_mb: Math.round((r.peak_rss_mb / pms) * 10) / 10, orders: r.orders, risk_breaches: r.risk_breaches };
        });
        const at = (n: number) => runs.find((r) => r.pms === n)!;
        const ratio = Math.round((at(10).wall_s / at(1).wall_s) * 100) / 100;
        const marginal = (a: number, b: number) => Math.round(((at(b).peak_rss_mb - at(a).peak_rss_mb) / (b - a)) * 10) / 10;
        const result = { steps: o.steps, accounts_per_pm: o.accountsPerPm, strategies_per_pm: o.strategiesPerPm, symbols: o.symbols, processes: o.processes, runs, t10_over_t1: ratio, marginal_rss_per_pm_mb: { '10_to_30': marginal(10, 30), '30_to_100': marginal(30, 100) } };
        if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
        else {
          printTable([['PMs', 'wall s', 'steps/s', 'peak RSS MB', 'MB per PM', 'orders', 'breaches'], ...runs.map((r) => [String(r.pms), r.wall_s.toFixed(1), String(r.steps_per_s), r.peak_rss_mb.toFixed(0), r.rss_per_pm_mb.toFixed(1), String(r.orders), String(r.risk_breaches)])]);
          process.stdout.write(`\nT(10 PMs) / T(1 PM) = ${ratio} (target <= 2.8)\nmarginal memory per added PM: ${result.marginal_rss_per_pm_mb['10_to_30']} MB (10 -> 30), ${result.marginal_rss_per_pm_mb['30_to_100']} MB (30 -> 100)\n`);
        }
      } catch (err) {
        process.exitCode = report(err);
      }
    });
  return bench;
}
