import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { AllocInputError, customWeights, SPLIT_METHODS, WEIGHTS_CLI_METHODS, splitFromAccounts, splitJson, splitTable, weightsFromCovariance, weightsFromReturns, weightsJson, weightsTable } from './alloc-tools.js';

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new AllocInputError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Runs a command body: bad input prints `atrium: <message>` and exits 2. */
function run(body: () => string): void {
  try {
    process.stdout.write(body());
  } catch (err) {
    process.stderr.write(`atrium: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof AllocInputError ? 2 : 1;
  }
}

/** `atrium alloc …`: capital weights and block splits for analysts, without a session. */
export function allocCommand(): Command {
  const alloc = new Command('alloc').description('Capital weights across PMs and block splits across accounts, computed from files (no broker needed).');
  // usage errors (a missing option, a method not among the choices) are bad input: exit 2, as documented
  alloc.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

  alloc
    .command('weights')
    .description('Capital weights from a covariance matrix or from returns, or fixed ones (custom).')
    .addOption(new Option('--method <m>', 'weighting method').choices([...WEIGHTS_CLI_METHODS]).makeOptionMandatory())
    .option('--covariance <file.json>', 'covariance: {"ids": [...], "covariance": [[...], ...]}')
    .option('--returns <file.csv>', 'returns: a header of ids, then one row per period (plain numbers)')
    .option('--weights <id=w,...>', 'custom: fixed weights, normalised to add up to 1')
    .option('--weights-file <file.json>', 'custom: fixed weights from {"id": weight, ...}, normalised')
    .option('--json', 'print {"ids": [...], "weights": [...]} instead of a table')
    .addHelpText(
      'after',
      `
Exactly one of --covariance or --returns, except for custom, which takes exactly one of
--weights or --weights-file instead (weights non-negative, normalised to add up to 1). A
covariance must be square, symmetric and positive semi-definite. risk_parity is the exact
equal-risk-contribution portfolio (relative risk contributions equal to 1e-10);
performance_weighted and sharpe_optimized need --returns.

Examples:
  $ atrium alloc weights --method risk_parity --covariance cov.json
  $ atrium alloc weights --method sharpe_optimized --returns pm-returns.csv --json
  $ atrium alloc weights --method custom --weights trend=0.5,momentum=0.3,reversion=0.2`,
    )
    .action((o: { method: string; covariance?: string; returns?: string; weights?: string; weightsFile?: string; json?: boolean }) =>
      run(() => {
        const given = o.weights !== undefined || o.weightsFile !== undefined;
        if (o.method === 'custom') {
          if (o.covariance !== undefined || o.returns !== undefined) throw new AllocInputError('method custom takes its weights from --weights or --weights-file, not from --covariance or --returns');
          if ((o.weights === undefined) === (o.weightsFile === undefined)) throw new AllocInputError('method custom needs exactly one of --weights <id=w,...> or --weights-file <file.json>');
          const w = o.weights !== undefined ? customWeights(o.weights) : customWeights(read(o.weightsFile!, 'weights file'), o.weightsFile, true);
          return o.json ? `${weightsJson(w)}\n` : weightsTable(w);
        }
        if (given) throw new AllocInputError(`--weights and --weights-file apply to method custom only, not ${o.method}`);
        if ((o.covariance === undefined) === (o.returns === undefined)) throw new AllocInputError('give exactly one of --covariance <file.json> or --returns <file.csv>');
        const w = o.covariance !== undefined ? weightsFromCovariance(o.method, read(o.covariance, 'covariance file'), o.covariance) : weightsFromReturns(o.method, read(o.returns!, 'returns file'), o.returns);
        return o.json ? `${weightsJson(w)}\n` : weightsTable(w);
      }),
    );

  alloc
    .command('split')
    .description('Split one block order across accounts in whole lots, exactly.')
    .requiredOption('--qty <n>', 'block quantity: a whole number of lots')
    .option('--lot <l>', 'lot size in shares', '1')
    .option('--min-lots <k>', 'drop accounts whose quota is under k lots and re-apportion')
    .requiredOption('--accounts <file.json>', 'accounts: [{"id": ..., "capital": ..., "ratio": ... (custom)}, ...]')
    .addOption(new Option('--method <m>', 'split method').choices([...SPLIT_METHODS]).makeOptionMandatory())
    .option('--remainder-account <id>', 'this account gets every odd lot')
    .option('--rotation-after <id>', 'rotation: the account that got the last odd lot before this block')
    .option('--json', 'print {"allocations": [{"id": ..., "qty": ...}, ...]} (input order) instead of a table')
    .addHelpText(
      'after',
      `
Each account gets floor(lots x weight / total) lots (weight: capital for pro_rata and rotation,
1 for equal, "ratio" for custom); the lots left go one each to the largest remainders (ties: the
larger weight, then the smaller id), to the remainder account, or in turn (rotation, after
--rotation-after in id order).

Examples:
  $ atrium alloc split --qty 1000 --lot 100 --accounts accounts.json --method pro_rata
  $ atrium alloc split --qty 997 --accounts accounts.json --method rotation --rotation-after acct-2 --json`,
    )
    .action((o: { qty: string; lot: string; minLots?: string; accounts: string; method: string; remainderAccount?: string; rotationAfter?: string; json?: boolean }) =>
      run(() => {
        const s = splitFromAccounts(
          { qty: o.qty, lot: o.lot, method: o.method, ...(o.minLots !== undefined ? { minLots: o.minLots } : {}), ...(o.remainderAccount !== undefined ? { remainderAccount: o.remainderAccount } : {}), ...(o.rotationAfter !== undefined ? { rotationAfter: o.rotationAfter } : {}) },
          read(o.accounts, 'accounts file'),
          o.accounts,
        );
        return o.json ? `${splitJson(s)}\n` : splitTable(s);
      }),
    );
  return alloc;
}
