import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, writeTemp } from '@atrium/testkit';

function atrium(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'alloc', ...args], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const covariance = (c: unknown, ids = ['a', 'b', 'c']) => writeTemp('cov.json', JSON.stringify({ ids, covariance: c }));
const accounts = (list: unknown) => writeTemp('accounts.json', JSON.stringify(list));

describe('atrium alloc (the analysts\' command line)', () => {
  it('prints risk-parity weights as JSON: the published correlated example, not inverse volatility', () => {
    // Maillard, Roncalli & Teïletche (2010), "The properties of equally weighted risk contribution
    // portfolios", J. Portfolio Management 36(4), p. 65: σ = 10%, 20%, 30%, 40%, ρ12 = 0.8,
    // ρ34 = −0.5, other pairs 0 → ERC 38.4%, 19.2%, 24.3%, 18.2% (to a tenth of a percent), where
    // inverse volatility would give 48%, 24%, 16%, 12%
    const file = covariance([[0.01, 0.016, 0, 0], [0.016, 0.04, 0, 0], [0, 0, 0.09, -0.06], [0, 0, -0.06, 0.16]], ['a', 'b', 'c', 'd']);
    const r = atrium('weights', '--method', 'risk_parity', '--covariance', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { ids: string[]; weights: number[] };
    expect(out.ids).toEqual(['a', 'b', 'c', 'd']);
    out.weights.forEach((w, i) => expect(Math.abs(w - [0.384, 0.192, 0.243, 0.182][i]!)).toBeLessThanOrEqual(0.0005));
    const inverseVol = atrium('weights', '--method', 'inverse_vol', '--covariance', file, '--json');
    (JSON.parse(inverseVol.out) as { weights: number[] }).weights.forEach((w, i) => expect(w).toBeCloseTo([0.48, 0.24, 0.16, 0.12][i]!, 10));
    // the table shows each PM's risk contribution: equal
    expect(atrium('weights', '--method', 'risk_parity', '--covariance', file).out.match(/25\.0000%/g)).toHaveLength(4);
  });

  it.each([
    ['inline', ['--weights', 'a=5, b=3,c=2']],
    ['from a file', ['--weights-file', writeTemp('w.json', JSON.stringify({ a: 0.25, b: 0.15, c: 0.1 }))]],
  ])('prints custom weights given %s, normalised, in the order given', (_n, args) => {
    const r = atrium('weights', '--method', 'custom', ...args, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { ids: string[]; weights: number[] };
    expect(out.ids).toEqual(['a', 'b', 'c']);
    out.weights.forEach((w, i) => expect(w).toBeCloseTo([0.5, 0.3, 0.2][i]!, 12));
    expect(atrium('weights', '--method', 'custom', ...args).out).toMatch(/^id\s+weight\s+risk contribution\na\s+50\.0000%/);
  });

  it('prints a table without --json', () => {
    const r = atrium('weights', '--method', 'inverse_vol', '--returns', writeTemp('r.csv', 'x,y\n0.01,0.02\n-0.01,-0.02\n0.01,0.02\n'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^id\s+weight\s+risk contribution\nx\s+66\.6667%/);
  });

  it('prints a split as JSON, in input order', () => {
    const r = atrium('split', '--qty', '1000', '--lot', '100', '--accounts', accounts([{ id: 'z', capital: 1 }, { id: 'a', capital: 1 }, { id: 'm', capital: 1 }]), '--method', 'pro_rata', '--json');
    expect(r.code).toBe(0);
    // 10 lots / 3 = 3.33 each: one odd lot, equal remainders and capitals → the smallest id, a
    expect(JSON.parse(r.out)).toEqual({ allocations: [{ id: 'z', qty: 300 }, { id: 'a', qty: 400 }, { id: 'm', qty: 300 }] });
  });

  it.each([
    ['a covariance that is not square', ['weights', '--method', 'risk_parity', '--covariance', covariance([[1, 0, 0], [0, 1, 0]])], /covariance is not square/],
    ['a covariance that is not symmetric', ['weights', '--method', 'risk_parity', '--covariance', covariance([[1, 0.1, 0], [0.2, 1, 0], [0, 0, 1]])], /covariance is not symmetric/],
    ['a covariance that is not PSD', ['weights', '--method', 'risk_parity', '--covariance', covariance([[1, -0.9, -0.9], [-0.9, 1, -0.9], [-0.9, -0.9, 1]])], /covariance is not positive semi-definite/],
    ['a negative capital', ['split', '--qty', '10', '--accounts', accounts([{ id: 'a', capital: -1 }]), '--method', 'pro_rata'], /account a: capital must be positive, found -1/],
    ['a zero capital', ['split', '--qty', '10', '--accounts', accounts([{ id: 'a', capital: 0 }]), '--method', 'pro_rata'], /account a: capital must be positive, found 0/],
    ['a quantity that is not a whole number of lots', ['split', '--qty', '150', '--lot', '100', '--accounts', accounts([{ id: 'a', capital: 1 }]), '--method', 'pro_rata'], /--qty 150 is not a whole number of lots of 100/],
    ['a missing file', ['split', '--qty', '10', '--accounts', '/nonexistent/a.json', '--method', 'pro_rata'], /cannot read accounts file \/nonexistent\/a\.json: ENOENT/],
    ['both covariance and returns', ['weights', '--method', 'risk_parity', '--covariance', 'a', '--returns', 'b'], /give exactly one of --covariance/],
    ['custom without weights', ['weights', '--method', 'custom'], /method custom needs exactly one of --weights <id=w,...> or --weights-file <file.json>/],
    ['custom with a covariance', ['weights', '--method', 'custom', '--weights', 'a=1', '--covariance', 'c.json'], /method custom takes its weights from --weights or --weights-file, not from --covariance or --returns/],
    ['weights for another method', ['weights', '--method', 'risk_parity', '--weights', 'a=1', '--covariance', 'c.json'], /--weights and --weights-file apply to method custom only, not risk_parity/],
    ['a custom entry without =', ['weights', '--method', 'custom', '--weights', 'a=1,b0.3'], /--weights: entry 2 "b0\.3" is not id=weight/],
    ['a custom weight that is not a number', ['weights', '--method', 'custom', '--weights', 'a=1,b=x'], /--weights: weight of "b" must be a non-negative number, found "x"/],
    ['a negative custom weight', ['weights', '--method', 'custom', '--weights', 'a=1,b=-0.5'], /--weights: weight of "b" must be a non-negative number, found "-0\.5"/],
    ['a custom id given twice', ['weights', '--method', 'custom', '--weights', 'a=1,a=2'], /--weights: id "a" is listed twice/],
    ['custom weights that add up to 0', ['weights', '--method', 'custom', '--weights', 'a=0,b=0'], /--weights: the weights add up to 0; give at least one positive weight/],
    ['a weights file that is not an object', ['weights', '--method', 'custom', '--weights-file', writeTemp('w.json', '[0.5, 0.5]')], /w\.json: expected \{"id": weight, \.\.\.\}/],
    ['a weights file with a text weight', ['weights', '--method', 'custom', '--weights-file', writeTemp('w.json', '{"a": "0.5"}')], /w\.json: weight of "a" must be a non-negative number, found "0\.5"/],
  ])('rejects %s with a clear message and exit 2', (_n, args, message) => {
    const r = atrium(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('rejects an unknown method with exit 2 (usage)', () => {
    const r = atrium('split', '--qty', '10', '--accounts', 'x.json', '--method', 'fair');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Allowed choices are pro_rata, equal, custom, rotation/);
  });

  it('rejects a missing required option with exit 2 (usage)', () => {
    const r = atrium('split', '--accounts', 'x.json', '--method', 'equal');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/required option '--qty <n>' not specified/);
  });

  it.each([['weights'], ['split']])('%s has --help', (cmd) => {
    const r = atrium(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Examples:/);
  });
});
