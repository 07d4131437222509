#!/usr/bin/env node
// Allocation throughput: risk-parity weights/s for 10, 100 and 1,000 PMs (the exact ERC solve by
// Newton's method, to 1e-10, from a 5-factor covariance) and block splits/s across 10, 100 and
// 1,000 accounts (exact BigInt largest remainder). Pure domain code, no broker. Seeded inputs: same work every run.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { D, riskBudgetWeights, riskContributions, splitBlock } from '@atrium/domain';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '1' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write(
    'npm run bench -- allocation [--seconds <s>] [--runs <n>] [--json]\n' +
      '  prints risk-parity weights/s for 10, 100 and 1,000 PMs and splits/s for 10, 100 and 1,000 accounts\n' +
      '  (each size is timed --runs times, default 3, for about --seconds each, default 1; the median is shown)\n',
  );
  process.exit(0);
}
const budgetMs = Number(values.seconds) * 1000;

/** mulberry32: a small seeded generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const normal = (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** A daily-return covariance of n PMs from 5 factors plus idiosyncratic risk (positive definite). */
function factorCovariance(n, seed) {
  const r = rng(seed);
  const k = 5;
  const loadings = Array.from({ length: n }, () => Array.from({ length: k }, () => 0.006 * normal(r)));
  const idio = Array.from({ length: n }, () => (0.004 + 0.012 * r()) ** 2);
  return loadings.map((bi, i) => loadings.map((bj, j) => bi.reduce((s, x, f) => s + x * bj[f], 0) + (i === j ? idio[i] : 0)));
}

/** Calls per second of fn: the median of --runs timings of about --seconds each. */
function rate(fn) {
  const rates = [];
  let total = 0;
  for (let r = 0; r < Number(values.runs); r++) {
    let count = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      fn();
      count += 1;
      elapsed = performance.now() - t0;
    } while (elapsed < budgetMs || count < 3);
    rates.push(count / (elapsed / 1000));
    total += count;
  }
  rates.sort((a, b) => a - b);
  return { count: total, perSecond: rates[Math.floor(rates.length / 2)] };
}

const weights = [];
for (const n of [10, 100, 1000]) {
  const cov = factorCovariance(n, 42 + n);
  let last;
  const { count, perSecond } = rate(() => (last = riskBudgetWeights(cov)));
  const rc = riskContributions(last.weights, cov);
  const worst = Math.max(...rc.map((x) => Math.abs(x - 1 / n)));
  weights.push({ pms: n, weights_per_s: Number(perSecond.toPrecision(4)), runs: count, newton_steps: last.iterations, max_rc_error: Number(worst.toExponential(2)), converged: last.converged });
}

const splits = [];
for (const n of [10, 100, 1000]) {
  const r = rng(7 + n);
  const accounts = Array.from({ length: n }, (_, i) => ({ id: `acct-${String(i).padStart(4, '0')}`, capital: new D((50_000 + Math.floor(r() * 5_000_000_00) / 100).toFixed(2)) }));
  const qty = new D(1_000_003);
  const spec = { method: 'pro_rata', lot: new D(1) };
  const { count, perSecond } = rate(() => splitBlock(qty, accounts, spec));
  splits.push({ accounts: n, splits_per_s: Number(perSecond.toPrecision(4)), runs: count });
}

const result = { bench: 'allocation', risk_parity: weights, splits, machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`, node: process.version };
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  process.stdout.write('risk parity (exact ERC to 1e-10, from a covariance)\n');
  for (const w of weights) process.stdout.write(`  ${String(w.pms).padStart(5)} PMs       ${String(w.weights_per_s).padStart(10)} weights/s   (${w.newton_steps} Newton steps, max |RC - 1/n| ${w.max_rc_error})\n`);
  process.stdout.write('block splits (pro rata, exact largest remainder)\n');
  for (const s of splits) process.stdout.write(`  ${String(s.accounts).padStart(5)} accounts  ${String(s.splits_per_s).padStart(10)} splits/s\n`);
  process.stdout.write(`machine: ${result.machine}, node ${result.node}\n`);
}
