import { createActor } from 'xstate';
import { pmMachine } from '@atrium/pm';
import { D, buildScaleConfig, parseConfigObject } from '@atrium/domain';
const config = parseConfigObject(buildScaleConfig({ pms: 1, accountsPerPm: 10, strategiesPerPm: 50, symbols: 100, steps: 100, seed: 1 }), { baseDir: '/' });
const pm = config.pms[0];
const actor = createActor(pmMachine, { input: { pmId: pm.id, capital: new D(pm.capital), limits: {}, strategies: pm.strategies, accounts: pm.accounts.map((a) => ({ id: a.id, capital: new D(a.capital) })) } });
let emits = 0; actor.on('*', () => emits++); actor.start();
const syms = config.data.symbols;
const N = 3000;
const steps = Array.from({ length: N }, (_, k) => syms.map((s, i) => { const c = (100 + 10 * Math.sin(k / 30 + i)).toFixed(4); return { symbol: s, open: c, high: c, low: c, close: c, volume: '100000' }; }));
let t = performance.now(); let checks = 0;
for (let k = 0; k < N; k++) {
  actor.send({ type: 'marketStep', step: k, date: 'd' + k, bars: steps[k], weightsSeq: 0 });
  if (actor.getSnapshot().value === 'checking') { checks++; actor.send({ type: 'riskUnavailable', message: 'x' }); }
  if (k === 999) { console.log('warm', ((performance.now() - t) / 1000).toFixed(1), 'ms/step'); t = performance.now(); }
}
console.log('steady', ((performance.now() - t) / 2000).toFixed(3), 'ms/step', 'checks', checks, 'emits', emits);
