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
  it('prints risk-parity weights as JSON', () => {
    // Maillard, Roncalli & Teïletche (2010), p. 65, zero correlation: ERC = inverse volatility 48/24/16/12 %
    const file = covariance([[0.01, 0, 0, 0], [0, 0.04, 0, 0], [0, 0, 0.09, 0], [0, 0, 0, 0.16]], ['a', 'b', 'c', 'd']);
    const r = atrium('weights', '--method', 'risk_parity', '--covariance', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { ids: string[]; weights: number[] };
    expect(out.ids).toEqual(['a', 'b', 'c', 'd']);
    out.weights.forEach((w, i) => expect(w).toBeCloseTo([0.48, 0.24, 0.16, 0.12][i]!, 10));
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
