import { Command, Option } from 'commander';
import { ID_PATTERN, loadConfigFile, RISK_COMMANDS, rootLogger, type RiskCommandName } from '@atrium/runtime';
import { RiskCommandError, sendRiskCommand } from './risk-command.js';

/**
 * `atrium risk halt|reduce|resume [--pm <id>] --firm <id> | --config <file> [--nats <url>] [--reason <text>]`:
 * switches the trading state of the firm or of one PM at a running master-risk. `report` turns
 * an error into an exit code (the CLI's own).
 */
export function riskCommand(report: (err: unknown) => number): Command {
  return new Command('risk')
    .description('Switch the trading state of the firm (or of one PM) at a running master-risk: halt, reduce (only orders that reduce exposure pass) or resume.')
    .addArgument(new Command().createArgument('<action>', 'halt | reduce | resume').choices(RISK_COMMANDS as unknown as string[]))
    .option('--pm <id>', 'one PM instead of the whole firm')
    .addOption(new Option('--firm <id>', 'the firm id (or give --config)').conflicts('config'))
    .option('-c, --config <file>', 'the firm config file (its firm.id is used)')
    .option('--nats <url>', 'NATS server master-risk is on (default: $NATS_URL)')
    .option('--reason <text>', 'why: recorded in the alert master-risk publishes')
    .option('--json', 'print the answer as one JSON line')
    .addHelpText(
      'after',
      `
HALTED denies every order; REDUCING lets through only orders that take a position toward flat;
resume returns to ACTIVE (and re-arms the firm's max_drawdown_pct from today's equity).

Examples:
  $ atrium risk halt --firm demo --nats nats://127.0.0.1:4222 --reason "desk review"
  $ atrium risk reduce --pm trend --config examples/institution.yaml
  $ atrium risk resume --firm demo`,
    )
    .action(async (action: RiskCommandName, o: { pm?: string; firm?: string; config?: string; nats?: string; reason?: string; json?: boolean }) => {
      try {
        const firm = o.firm ?? (o.config ? loadConfigFile(o.config).firm.id : undefined);
        if (!firm) throw new RiskUsageError('give --firm <id> or --config <file>');
        for (const [what, id] of [['firm', firm], ['PM', o.pm]] as const) {
          if (id !== undefined && !ID_PATTERN.test(id)) throw new RiskUsageError(`invalid ${what} id ${JSON.stringify(id)}: expected [A-Za-z0-9_-]{1,64}`);
        }
        const url = o.nats ?? process.env.NATS_URL;
        if (!url) throw new RiskUsageError('give --nats <url> or set NATS_URL: the command goes to a running master-risk');
        const r = await sendRiskCommand({ url, firm, action, pmId: o.pm, reason: o.reason, log: rootLogger('warn') });
        if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          const pms = r.pmStates.map((p) => `${p.pmId} ${p.state}`).join(', ');
          process.stdout.write(`${r.ok ? '' : 'refused: '}${r.message}\nfirm ${r.firmState}${pms ? `; PMs: ${pms}` : ''}\n`);
        }
        if (!r.ok) process.exitCode = 2;
      } catch (err) {
        if (err instanceof RiskUsageError || err instanceof RiskCommandError) {
          process.stderr.write(`atrium risk: ${err.message}\n`);
          process.exitCode = err instanceof RiskUsageError ? 2 : 1;
        } else process.exitCode = report(err);
      }
    });
}

/** A usage problem of `atrium risk` (exit code 2). */
class RiskUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RiskUsageError';
  }
}
