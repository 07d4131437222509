import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@atrium/domain';
import { decisionFromWire, reasonFromWire, reasonToWire, sideToWire, v1, type BodyInit, type Bodies } from '@atrium/wire';
import { Bus, ensureAuditStream, MetaFactory, readAudit, rootLogger, subjectsFor, type ServiceHandle } from '@atrium/runtime';
import { startMasterRisk } from '@atrium/master-risk';
import { CLI, testBroker, type TestBroker } from '@atrium/testkit';

const FIRM = 'riskwire';
const config = parseConfig(
  `
firm: { id: ${FIRM}, capital: 1000000 }
data: { source: synthetic, seed: 1, start: 2016-01-04, end: 2016-01-29, symbols: [AAA, BBB] }
risk: { firm: { max_gross_exposure: 100000 } }
pms: [ { id: a, capital: 500000 }, { id: b, capital: 500000 } ]
`,
  { baseDir: '/' },
);

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NATS_URL: '' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
}

describe('master-risk over the wire', () => {
  let broker: TestBroker;
  let bus: Bus;
  let risk: ServiceHandle;
  const s = subjectsFor(FIRM);
  const meta = new MetaFactory('t', 'test', 'firm');
  let n = 0;
  let batches = 0;

  /** Sends one batch on `pm`'s check subject as PM `bodyPm` (in the trading state it reports), and returns its decisions. */
  async function check(orders: { symbol: string; side?: number; qty: string; orderId?: string }[], pm = 'a', bodyPm = pm, state?: BodyInit<'pmTradingState'>): Promise<Bodies['riskDecisions']['decisions']> {
    const body = { pmId: bodyPm, step: 0, ...(state ? { state } : {}), orders: orders.map((o) => ({ orderId: o.orderId ?? `o${++n}`, pmId: bodyPm, symbol: o.symbol, side: o.side ?? sideToWire('buy'), qty: o.qty, step: 0 })) };
    batches += 1;
    const reply = await bus.request(s.pm(pm).riskCheck, meta.next(), 'blockOrders', body, 5000);
    if (reply.kind !== 'riskDecisions') throw new Error(`unexpected ${reply.kind}`);
    return reply.body.decisions;
  }

  beforeAll(async () => {
    broker = await testBroker();
    bus = await Bus.connect({ url: broker.url, name: 'test', log: rootLogger('error') });
    await ensureAuditStream(bus.nc, s, { memory: true });
    risk = await startMasterRisk({ config, symbols: ['AAA', 'BBB'], url: broker.url, log: rootLogger('error'), sequencing: 'arrival' });
    bus.publish(s.ctlLifecycle, meta.next(), 'lifecycle', { action: v1.LifecycleAction.LIFECYCLE_START, sessionId: 'wire' });
    bus.publish(s.mdStep, meta.next(), 'marketStep', { step: 0, date: '2016-01-04', bars: [{ symbol: 'AAA', open: '10', high: '10', low: '10', close: '10', volume: '1000' }], totalSteps: 5 });
    await bus.flush();
  });
  afterAll(async () => {
    await risk?.stop();
    await bus?.close();
    await broker?.stop();
  });

  it.each([
    ['a negative quantity', { symbol: 'AAA', qty: '-5' }, 'INVALID_QUANTITY'],
    ['a zero quantity', { symbol: 'AAA', qty: '0' }, 'INVALID_QUANTITY'],
    ['a fractional quantity', { symbol: 'AAA', qty: '2.5' }, 'INVALID_QUANTITY'],
    ['a non-finite quantity', { symbol: 'AAA', qty: 'Infinity' }, 'INVALID_DECIMAL'],
    ['NaN', { symbol: 'AAA', qty: 'NaN' }, 'INVALID_DECIMAL'],
    ['a malformed decimal', { symbol: 'AAA', qty: '1e' }, 'INVALID_DECIMAL'],
    ['an empty quantity', { symbol: 'AAA', qty: '' }, 'INVALID_DECIMAL'],
    ['an unknown symbol', { symbol: 'ZZZ', qty: '1' }, 'UNKNOWN_SYMBOL'],
    ['a symbol without a price yet', { symbol: 'BBB', qty: '1' }, 'NO_PRICE'],
    ['no side', { symbol: 'AAA', side: 0, qty: '1' }, 'INVALID_SIDE'],
  ])('denies %s with its own reason code', async (_what, order, reason) => {
    const [d] = await check([order]);
    expect([decisionFromWire(d!.decision), reasonFromWire(d!.reason)]).toEqual(['denied', reason]);
    expect(d!.message.length).toBeGreaterThan(5);
  });

  it.each([
    ['an unknown PM on its own subject', 'zz', 'zz'],
    ['a PM id that is not the subject\'s', 'a', 'b'],
  ])('denies %s UNKNOWN_PM', async (_what, pm, bodyPm) => {
    const d = await check([{ symbol: 'AAA', qty: '1' }], pm, bodyPm);
    expect(reasonFromWire(d[0]!.reason)).toBe('UNKNOWN_PM');
  });

  it('decides a good order beside bad ones in the same batch, and keeps deciding afterwards', async () => {
    const d = await check([{ symbol: 'AAA', qty: 'x' }, { symbol: 'AAA', qty: '100' }, { symbol: 'AAA', qty: '-1' }]);
    expect(d.map((x) => reasonFromWire(x.reason))).toEqual(['INVALID_DECIMAL', 'OK', 'INVALID_QUANTITY']);
    expect(d[1]!.price).toBe('10');
    expect(d[1]!.grossAfter).toBe('1000');
  });

  it('denies a repeated order id DUPLICATE_ORDER, in the batch and against an open reservation', async () => {
    const first = await check([{ symbol: 'AAA', qty: '10', orderId: 'dup' }, { symbol: 'AAA', qty: '10', orderId: 'dup' }]);
    const again = await check([{ symbol: 'AAA', qty: '10', orderId: 'dup' }]);
    const other = await check([{ symbol: 'AAA', qty: '10', orderId: 'dup' }], 'b'); // b's ids are b's own
    expect([...first, ...again, ...other].map((d) => reasonFromWire(d.reason))).toEqual(['OK', 'DUPLICATE_ORDER', 'DUPLICATE_ORDER', 'OK']);
    expect(again[0]!.grossAfter).toBe(first[0]!.grossAfter); // the duplicate reserved nothing
  });

  it('learns a PM\'s own drawdown from its batch and denies its increasing orders PM_DRAWDOWN', async () => {
    const drawdown = { pmId: 'a', state: 'REDUCING', reason: reasonToWire('PM_DRAWDOWN'), why: 'drawdown 12.00% from its peak reached limit 10% (max_drawdown_pct)', seq: 0 };
    const d = await check([{ symbol: 'AAA', qty: '1' }], 'a', 'a', drawdown);
    expect([reasonFromWire(d[0]!.reason), d[0]!.message]).toEqual(['PM_DRAWDOWN', 'PM a is REDUCING (drawdown 12.00% from its peak reached limit 10% (max_drawdown_pct)): only orders that reduce exposure pass; buy AAA may reduce by 0, not 1']);
    const back = await check([{ symbol: 'AAA', qty: '1' }], 'a', 'a', { pmId: 'a', state: 'ACTIVE', reason: reasonToWire('OK'), why: '', seq: 0 });
    expect(reasonFromWire(back[0]!.reason)).toBe('OK');
  });

  it('switches trading states on atrium risk halt|reduce|resume, answers with the states, and audits each change', async () => {
    const toB: string[] = [];
    const toA: string[] = [];
    const listen = (pm: string, into: string[]) => bus.subscribe(s.pm(pm).riskState, (m) => void (m.kind === 'pmTradingState' && into.push(`${m.body.pmId} ${m.body.state} ${reasonFromWire(m.body.reason)} ${m.body.seq}`)));
    listen('b', toB);
    listen('a', toA);
    await bus.flush();
    const halt = await cli(['risk', 'halt', '--firm', FIRM, '--nats', broker.url, '--reason', 'desk review']);
    expect([halt.code, halt.out]).toEqual([0, 'firm HALTED: desk review\nfirm HALTED\n']);
    expect(reasonFromWire((await check([{ symbol: 'AAA', qty: '1' }]))[0]!.reason)).toBe('FIRM_HALTED');

    const reduce = await cli(['risk', 'reduce', '--pm', 'b', '--firm', FIRM, '--nats', broker.url, '--json']);
    expect(reduce.code).toBe(0);
    expect(JSON.parse(reduce.out)).toEqual({ ok: true, message: 'PM b REDUCING', firmState: 'HALTED', pmStates: [{ pmId: 'b', state: 'REDUCING' }] });

    expect((await cli(['risk', 'resume', '--firm', FIRM, '--nats', broker.url])).code).toBe(0);
    expect(reasonFromWire((await check([{ symbol: 'AAA', qty: '1' }], 'a'))[0]!.reason)).toBe('OK');
    expect(reasonFromWire((await check([{ symbol: 'AAA', qty: '1' }], 'b'))[0]!.reason)).toBe('PM_REDUCING');

    // the command reached the PM on its own risk subject (what the PM actor obeys), and nobody else
    await new Promise((r) => setTimeout(r, 100));
    expect([toB, toA]).toEqual([['b REDUCING PM_REDUCING 1'], []]);

    const unknown = await cli(['risk', 'halt', '--pm', 'nope', '--firm', FIRM, '--nats', broker.url]);
    expect([unknown.code, unknown.out]).toEqual([2, 'refused: unknown PM "nope"\nfirm ACTIVE; PMs: b REDUCING\n']);
    const noBroker = await cli(['risk', 'halt', '--firm', FIRM]);
    expect([noBroker.code, noBroker.err]).toEqual([2, 'atrium risk: give --nats <url> or set NATS_URL: the command goes to a running master-risk\n']);

    await new Promise((r) => setTimeout(r, 200));
    const alerts = (await readAudit(bus.nc, s.auditStream, [s.riskAlert])).map((x) => (x.message.kind === 'riskAlert' ? `${x.message.body.kind} ${x.message.body.scope} ${x.message.body.state}` : x.message.kind));
    expect(alerts).toEqual(['STATE_CHANGED a REDUCING', 'STATE_CHANGED a ACTIVE', 'STATE_CHANGED firm HALTED', 'STATE_CHANGED b REDUCING', 'STATE_CHANGED firm ACTIVE']);
  });

  it('records every decided batch, bad input included, in the audit stream', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const decided = await readAudit(bus.nc, s.auditStream, [s.riskDecided]);
    expect(batches).toBeGreaterThanOrEqual(15);
    expect(decided.length).toBe(batches);
  });

  it('tells the operator when no master-risk answers', async () => {
    const r = await cli(['risk', 'halt', '--firm', 'nobody', '--nats', broker.url]);
    expect([r.code, r.err]).toEqual([1, `atrium risk: master-risk of firm nobody did not answer on inst.nobody.risk.cmd.halt (is it running on ${broker.url}?)\n`]);
  });
});
