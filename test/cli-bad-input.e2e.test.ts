import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir, writeTemp } from '@atrium/testkit';

function atrium(...args: string[]) {
  return atriumIn({ ...process.env, LOG_LEVEL: 'error' }, ...args);
}
function atriumIn(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const base = (extra: string, data = 'data: { source: synthetic, seed: 3, start: 2016-01-04, end: 2016-02-26 }') => `
firm: { id: badinput, capital: 100000 }
${data}
pms:
  - id: p
    capital: 100000
    strategies:
      - { id: s, type: sma_crossover, symbols: [AAA], params: { fast: 2, slow: 5 }${extra} }
    accounts: [ { id: a, capital: 100000 } ]
`;

describe('the CLI on bad input', () => {
  it.each([
    ['an unknown key', base(', sizng: { type: fixed_shares, shares: 10 }'), /pms\[0\]\.strategies\[0\]\.sizng: unknown key \(did you mean sizing\?\)/],
    ['a wrong type', base('').replace('fast: 2', 'fast: "ten"'), /pms\[0\]\.strategies\[0\]\.params\.fast: expected a positive integer, found "ten"/],
    ['a missing data file', base('', 'data: { source: csv, format: long, path: ./nope.csv }'), /data\.path: file not found: .*nope\.csv/],
  ])('rejects a config with %s, names the path and exits 2', (_n, yaml, message) => {
    const r = atrium('backtest', writeTemp('c.yaml', yaml), '--out', tempDir(), '-q');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('validate reports every problem at once', () => {
    const yaml = base(', sizng: 1').replace('fast: 2', 'fast: 0').replace('capital: 100000 }\n', 'capital: -1 }\n');
    const r = atrium('validate', writeTemp('c.yaml', yaml));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/3 problems|4 problems/);
    expect(r.err).toMatch(/sizng/);
    expect(r.err).toMatch(/params\.fast/);
  });

  const broken = ['date,open,high,low,close,volume,Name', '2016-01-04,10,11,9,10.5,1000,AAA', '2016-01-05,,11,9,10.5,1000,AAA', '2016-01-06,10,9,11,10.5,1000,AAA', '2016-01-07,10,11,9,10.5,1000,AAA', '2016-01-08,10,11,9,10.5,1000,AAA', '2016-01-11,10,11,9,10.5,1000,AAA'].join('\n');

  it('skips broken data rows with counted warnings under on_bad_row: skip', () => {
    const dir = tempDir();
    writeTemp('d.csv', broken + '\n', dir);
    const out = join(dir, 'out');
    const r = atrium('backtest', writeTemp('c.yaml', base('', 'data: { source: csv, format: long, path: d.csv, on_bad_row: skip }'), dir), '--out', out, '-q');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { data: { steps: number; warnings: string[] } };
    expect(summary.data.steps).toBe(4);
    expect(summary.data.warnings.join('\n')).toMatch(/skipped 1 row with empty fields/);
    expect(summary.data.warnings.join('\n')).toMatch(/skipped 1 row with broken OHLC/);
  });

  it('fails on the first broken row under on_bad_row: fail, naming file, line and problem', () => {
    const dir = tempDir();
    writeTemp('d.csv', broken + '\n', dir);
    const r = atrium('backtest', writeTemp('c.yaml', base('', 'data: { source: csv, format: long, path: d.csv, on_bad_row: fail }'), dir), '--out', join(dir, 'out'), '-q');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/d\.csv:3: AAA 2016-01-05: empty field/);
  });

  it('exits 1 without a broker, saying how to install nats-server (apt-get, brew, Docker)', () => {
    // no NATS_URL, an empty PATH, and NATS_SERVER_BIN naming the binary so that the usual
    // install places (/usr/sbin, ...) are not tried either: no nats-server anywhere
    const { NATS_URL: _url, ...env } = process.env;
    const out = tempDir();
    const r = atriumIn({ ...env, PATH: tempDir(), NATS_SERVER_BIN: 'nats-server', LOG_LEVEL: 'error' }, 'backtest', writeTemp('c.yaml', base('')), '--out', out, '-q');
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/^atrium: no NATS broker: NATS_URL is not set and no nats-server could be run \(tried nats-server on PATH\)/);
    expect(r.err).toMatch(/sudo apt-get install -y nats-server/);
    expect(r.err).toMatch(/brew install nats-server/);
    expect(r.err).toMatch(/Docker: +docker run -p 4222:4222 nats/);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  });

});

describe('usage errors', () => {
  it.each([[['backtest']], [['backtest', 'x.yaml', '--bogus']], [['risk', 'halt', '--bogus']], [['nosuch']], [['serve', 'nosuch', '--config', 'x']]])('exit 2: atrium %j', (args) => {
    const r = atrium(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error:/);
  });
});
