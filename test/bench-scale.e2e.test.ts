import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AtriumConfig } from '@atrium/domain';
import { rootLogger } from '@atrium/runtime';
import { CLI } from '@atrium/testkit';
import { runScaleBench, type ScaleResult } from '@atrium/institution';

// Small enough for CI, long enough (220 steps) that every strategy type has warmed up and traded.
const SHAPE = ['--pms', '3', '--accounts-per-pm', '3', '--strategies-per-pm', '8', '--symbols', '12', '--steps', '220'];

function benchScale(...args: string[]): { code: number | null; result: ScaleResult; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'bench', 'scale', ...args, '--json'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' }, timeout: 120_000 });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  return { code: r.status, result: (line ? JSON.parse(line) : {}) as ScaleResult, err: r.stderr };
}

describe('atrium bench scale', () => {
  it('prints one JSON line with every figure, no breach, and the same results over two processes as over one', () => {
    const one = benchScale(...SHAPE);
    expect(one.code, one.err).toBe(0);
    const r = one.result;
    expect(Object.keys(r).sort()).toEqual(
      ['pms', 'accounts', 'strategies', 'symbols', 'steps', 'processes', 'orders', 'child_orders', 'fills', 'risk_breaches', 'risk_breaches_by_level', 'risk_unavailable', 'passive_breaches', 'decision_latency_ms', 'wall_s', 'steps_per_s', 'peak_rss_mb', 'nats_baseline_ms', 'results_digest', 'machine'].sort(),
    );
    expect(r).toMatchObject({ pms: 3, accounts: 9, strategies: 24, symbols: 12, steps: 220, processes: 1, risk_breaches: 0, risk_breaches_by_level: { firm: 0, pm: 0, account: 0 }, risk_unavailable: 0 });
    expect(r.orders).toBeGreaterThan(0);
    // a block order becomes one child order per account it is split across
    expect(r.child_orders).toBeGreaterThanOrEqual(r.orders / 2);
    expect(r.fills).toBeGreaterThan(0);
    expect(r.fills).toBeLessThanOrEqual(r.child_orders);
    expect(r.decision_latency_ms.p50).toBeGreaterThan(0);
    expect(r.decision_latency_ms.p50).toBeLessThanOrEqual(r.decision_latency_ms.p99);
    expect(r.decision_latency_ms.p99).toBeLessThanOrEqual(r.decision_latency_ms.max);
    expect(r.nats_baseline_ms.p50).toBeGreaterThan(0);
    expect(r.nats_baseline_ms.p50).toBeLessThanOrEqual(r.nats_baseline_ms.p99);
    expect(r.peak_rss_mb).toBeGreaterThan(50);
    expect(r.wall_s).toBeGreaterThan(0);
    expect(r.steps_per_s).toBeGreaterThan(0);
    expect(r.results_digest).toMatch(/^[0-9a-f]{64}$/);

    // the PMs in a process of their own: the same decisions and fills, to the digest
    const two = benchScale(...SHAPE, '--processes', '2');
    expect(two.code, two.err).toBe(0);
    expect(two.result).toMatchObject({ processes: 2, orders: r.orders, child_orders: r.child_orders, fills: r.fills, risk_breaches: 0, passive_breaches: r.passive_breaches, results_digest: r.results_digest });
  }, 240_000);

  it('counts as breaches the approvals a deliberately broken limit let through, at firm and at account level', async () => {
    // master-risk and the accounts run with the generated limits; the breach checker holds the
    // run to limits nobody enforced: a firm gross limit of 200,000 (the generated one is 18,000,000), or an account
    // rule that forbids a symbol the PM trades
    const firmLimit = (config: AtriumConfig): AtriumConfig => ({ ...config, risk: { ...config.risk, firm: { ...config.risk.firm, maxGrossExposure: '200000' } } });
    const accountRule = (config: AtriumConfig): AtriumConfig => {
      const [pm, ...others] = config.pms;
      const traded = pm!.strategies.map((s) => s.symbols[0]!);
      const accounts = pm!.accounts.map((a) => ({ ...a, compliance: [...(a.compliance ?? []), { kind: 'restricted_symbols' as const, symbols: traded, severity: 'hard' as const, source: 'test' }] }));
      return { ...config, pms: [{ ...pm!, accounts }, ...others] };
    };
    const opts = { pms: 3, accountsPerPm: 3, strategiesPerPm: 8, symbols: 12, steps: 220, processes: 1, seed: 1, log: rootLogger('error') };
    const firm = await runScaleBench({ ...opts, checkAgainst: firmLimit });
    const account = await runScaleBench({ ...opts, checkAgainst: accountRule });
    // the same run each time: only the limits it is held to differ
    expect(account.results_digest).toBe(firm.results_digest);
    expect(firm.risk_breaches_by_level.firm).toBeGreaterThan(0);
    expect(firm.risk_breaches_by_level).toMatchObject({ pm: 0, account: 0 });
    expect(firm.risk_breaches).toBe(firm.risk_breaches_by_level.firm);
    expect(account.risk_breaches_by_level.account).toBeGreaterThan(0);
    expect(account.risk_breaches_by_level).toMatchObject({ firm: 0, pm: 0 });
    expect(account.risk_breaches).toBe(account.risk_breaches_by_level.account);
  }, 240_000);
});
