import { Command, InvalidArgumentError, Option } from 'commander';
import { join, resolve } from 'node:path';
import { ConfigError, DataError, selectPmsByTag } from '@atrium/domain';
import { gracefulShutdown, loadConfigFile, MissingBrokerError, rootLogger, setLogLevel, EXIT } from '@atrium/runtime';
import { runBacktest, SERVICES, SessionError, type ServiceName } from './session/backtest.js';
import { serveService } from './session/serve.js';
import { progressBar } from './progress.js';
import { riskCommand } from './risk/cli-risk.js';
import { allocCommand } from './alloc/alloc-cli.js';
import { benchCommand } from './bench/bench-cli.js';

/** The `atrium` command tree (cli.ts parses the command line with it); building it runs nothing. */
export const program = new Command();
program
  .name('atrium')
  .description('Atrium: a trading institution of PMs, accounts, master risk and allocation, run as actors on NATS.')
  .showHelpAfterError('(run with --help for usage)')
  .configureHelp({ sortSubcommands: false });

function services(value: string): ServiceName[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!(SERVICES as readonly string[]).includes(s)) throw new InvalidArgumentError(`unknown service "${s}" (one of: ${SERVICES.join(', ')})`);
  return list as ServiceName[];
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Prints a clear message for the errors a user can fix, and returns the exit code. */
function report(err: unknown): number {
  const log = rootLogger();
  if (err instanceof ConfigError || err instanceof DataError || err instanceof MissingBrokerError || err instanceof SessionError) {
    process.stderr.write(`atrium: ${err.message}\n`);
    return err instanceof ConfigError ? 2 : EXIT.failed;
  }
  log.error({ err }, 'failed');
  process.stderr.write(`atrium: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failed;
}

program
  .command('backtest')
  .description('Run a backtest of the institution a config describes, and write per-PM, per-account and firm reports.')
  .argument('<config>', 'YAML config file (see docs/config.md)')
  .option('-o, --out <dir>', 'output folder (default: runs/<firm>-<timestamp>)')
  .option('--nats <url>', 'NATS server to use (default: $NATS_URL, else a private nats-server started for the run)')
  .option('--separate <services>', `run these services as separate OS processes, comma-separated (${SERVICES.join(', ')})`, services)
  .option('-q, --quiet', 'no progress bar and no summary table')
  .option('--json', 'print the firm summary as JSON on stdout')
  .option('--tag <tag>', 'run only the PMs with this tag (firm capital becomes the sum of theirs)')
  .addHelpText(
    'after',
    `
Examples:
  $ atrium backtest examples/institution.yaml
  $ atrium backtest examples/dual-momentum.yaml --out runs/dual --separate master-risk
  $ NATS_URL=nats://127.0.0.1:4222 atrium backtest examples/portfolios.yaml --json

Orders decided on step t fill at step t+1's open; equity is marked at every close.
Reports: <out>/summary.json, <out>/report.html, <out>/<pm>/..., <out>/<pm>/accounts/<acct>/...`,
  )
  .action(async (configPath: string, o: { out?: string; nats?: string; separate?: ServiceName[]; quiet?: boolean; json?: boolean; tag?: string }) => {
    setLogLevel('warn');
    const log = rootLogger();
    // SIGINT/SIGTERM abort the session and wait for it to stop its services, child processes and
    // private broker; then the process exits 130/143 (a second signal exits at once)
    const interrupt = new AbortController();
    let session: Promise<unknown> | undefined;
    const shutdown = gracefulShutdown(log, {
      onSignal: (signal) => {
        process.stderr.write(`\natrium: ${signal}: stopping the session (again to exit at once)\n`);
        interrupt.abort(`by ${signal}`);
      },
    });
    shutdown.register(async () => {
      interrupt.abort('shutting down');
      await session?.catch(() => {});
    });
    try {
      const config = loadConfigFile(configPath);
      const outDir = resolve(o.out ?? join('runs', `${config.firm.id}-${stamp()}`));
      const bar = o.quiet ? undefined : progressBar(process.stderr);
      session = runBacktest({ config, outDir, log, natsUrl: o.nats, separate: o.separate, onProgress: bar?.update, tag: o.tag, signal: interrupt.signal });
      const r = (await session) as Awaited<ReturnType<typeof runBacktest>>;
      bar?.done();
      const summary = JSON.parse(r.files.get('summary.json')!) as { firm: Record<string, unknown>; pms: Record<string, Record<string, unknown>> };
      if (o.json) process.stdout.write(JSON.stringify(summary.firm) + '\n');
      else if (!o.quiet) {
        const rows = [['', 'final equity', 'return', 'sharpe', 'max dd', 'fills'], ...[['firm', summary.firm] as const, ...Object.entries(summary.pms)].map(([id, p]) => [id, String(p.final_equity), fmtPct(p.total_return), fmtNum(p.sharpe), fmtPct(p.max_drawdown), String(p.fills)])];
        const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
        for (const row of rows) process.stdout.write(row.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ') + '\n');
        process.stdout.write(`\nreports: ${outDir}\n  ${join(outDir, 'report.html')}\n  (${r.run.steps} steps in ${(Number(r.run.wall_ms) / 1000).toFixed(1)} s)\n`);
      }
      shutdown.dispose();
    } catch (err) {
      // interrupted: the shutdown handler exits 130/143 once the session has stopped everything
      if (interrupt.signal.aborted) return;
      shutdown.dispose();
      process.exitCode = report(err);
    }
  });

const fmtPct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : 'n/a');
const fmtNum = (v: unknown) => (typeof v === 'number' ? v.toFixed(2) : 'n/a');

program
  .command('serve')
  .description('Run one service alone (for a distributed deployment); it serves until a STOP command, SIGINT or SIGTERM.')
  .addArgument(new Command().createArgument('<service>', 'the service to run').choices(SERVICES as unknown as string[]))
  .requiredOption('-c, --config <file>', 'the same YAML config every service of the firm reads')
  .option('--nats <url>', 'NATS server (default: $NATS_URL)')
  .option('--pms <ids>', 'pm service: host only these PMs (comma-separated; default all)')
  .option('--tag <tag>', 'serve the firm of the PMs with this tag only (as backtest --tag)')
  .addHelpText('after', '\nExample:\n  $ NATS_URL=nats://nats:4222 atrium serve master-risk --config firm.yaml')
  .action(async (svc: ServiceName, o: { config: string; nats?: string; pms?: string; tag?: string }) => {
    const log = rootLogger('info');
    const shutdown = gracefulShutdown(log);
    try {
      const loaded = loadConfigFile(o.config);
      const config = o.tag !== undefined ? selectPmsByTag(loaded, o.tag) : loaded;
      const { handle, release } = await serveService(svc, config, { natsUrl: o.nats ?? process.env.NATS_URL, pmIds: o.pms?.split(',').map((p) => p.trim()), log });
      shutdown.register(release);
      shutdown.register(() => handle.stop());
      log.info({ svc }, 'serving');
      await handle.done;
      await release();
      shutdown.dispose();
      log.info({ svc }, 'stopped');
    } catch (err) {
      shutdown.dispose();
      process.exitCode = report(err);
    }
  });

program.addCommand(riskCommand(report));

program
  .command('validate')
  .description('Check a config file and print every problem (or a short summary when it is valid).')
  .argument('<config>', 'YAML config file')
  .action((configPath: string) => {
    try {
      const c = loadConfigFile(configPath);
      const accounts = c.pms.reduce((n, p) => n + p.accounts.length, 0);
      const strategies = c.pms.reduce((n, p) => n + p.strategies.length, 0);
      process.stdout.write(`${configPath}: valid — firm ${c.firm.id}, ${c.pms.length} PMs, ${accounts} accounts, ${strategies} strategies, data ${c.data.source}\n`);
    } catch (err) {
      process.exitCode = report(err);
    }
  });

program.addCommand(allocCommand());
program.addCommand(benchCommand(report));

program.addOption(new Option('--version', 'print the version').hideHelp());
program.on('option:version', () => {
  process.stdout.write('atrium 0.1.0\n');
  process.exit(0);
});

// Usage errors (unknown option, missing argument, bad choice) exit 2, as the README says; help exits 0.
(function exitTwoOnUsageErrors(cmd: Command) {
  cmd.exitOverride();
  cmd.commands.forEach(exitTwoOnUsageErrors);
})(program);
