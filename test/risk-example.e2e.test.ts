import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile, rootLogger } from '@atrium/runtime';
import { runBacktest, type BacktestResult } from '@atrium/institution';
import { REPO_ROOT, tempDir, testBroker, type TestBroker } from '@atrium/testkit';

interface RiskSummary {
  decided: number;
  approved: number;
  scaled: number;
  denied: number;
  denials_by_reason: Record<string, number>;
  scaled_by_reason: Record<string, number>;
  active_breaches: number;
  passive_breaches: number;
  passive_breaches_by_limit: Record<string, number>;
  alerts: Record<string, number>;
}

describe('examples/risk.yaml: every firm limit, scaling and PM caps in a four-PM backtest', () => {
  let broker: TestBroker;
  let inProcess: BacktestResult;
  let separate: BacktestResult;
  let risk: RiskSummary;
  beforeAll(async () => {
    broker = await testBroker();
    const config = loadConfigFile(`${REPO_ROOT}/examples/risk.yaml`);
    const log = rootLogger('error');
    inProcess = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url });
    separate = await runBacktest({ config, outDir: tempDir(), log, natsUrl: broker.url, separate: ['master-risk', 'pm'] });
    risk = (JSON.parse(inProcess.files.get('summary.json')!) as { risk: RiskSummary }).risk;
  }, 180_000);
  afterAll(async () => broker?.stop());

  it('gives byte-identical reports whether master-risk and the PMs run in this process or their own', () => {
    expect([...separate.files.keys()].sort()).toEqual([...inProcess.files.keys()].sort());
    for (const [path, text] of inProcess.files) expect(separate.files.get(path), path).toBe(text);
  });

  it('has no active breach, and reports the passive ones apart', () => {
    expect(risk.active_breaches).toBe(0);
    expect(risk.passive_breaches).toBeGreaterThan(0);
    expect(risk.alerts.PASSIVE_BREACH).toBeGreaterThan(0);
    expect(inProcess.files.get('report.html')).toMatch(/Active breaches .*<b>0<\/b>.*Passive breaches .*<b>\d+<\/b> steps/);
  });

  it('binds several limits, scales orders to fit and names a reason for each', () => {
    expect(risk.scaled).toBeGreaterThan(0);
    expect(Object.keys(risk.denials_by_reason)).toEqual(expect.arrayContaining(['RESTRICTED_SYMBOL', 'PM_MAX_GROSS_EXPOSURE', 'MAX_SINGLE_NAME_PCT']));
    expect(Object.keys(risk.scaled_by_reason)).toEqual(expect.arrayContaining(['MAX_ORDER_NOTIONAL', 'PM_MAX_GROSS_EXPOSURE']));
    const rows = inProcess.files.get('firm/decisions.csv')!.trim().split('\n');
    expect(rows[0]).toBe('order_id,pm,symbol,side,qty,decision,reason_code,gross_after,gross_limit');
    expect(rows.length - 1).toBe(risk.decided);
    expect(risk.approved + risk.scaled + risk.denied).toBe(risk.decided);
  });

  it('writes one exposure row per step, after the step\'s fills, against the gross limit', () => {
    const rows = inProcess.files.get('firm/exposure.csv')!.trim().split('\n');
    expect(rows[0]).toBe('date,gross,net,gross_limit');
    expect(rows.length - 1).toBe(inProcess.record.totalSteps);
    for (const r of rows.slice(1)) expect(r.split(',')[3]).toBe('2400000');
  });
});
