#!/usr/bin/env node
// Analytics: time per incremental rolling-correlation update (and with break detection) for
// 10, 100 and 500 portfolios over a 252-step window, and time to build and write every report
// file of a synthetic 3-year run of 10 and 100 PMs (no broker: the run record is generated).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CorrelationBreakDetector, createRng, RollingCorrelation } from '@atrium/domain';
import { buildReports, syntheticRun, writeFiles } from '@atrium/institution';

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '3' }, steps: { type: 'string', default: '756' }, help: { type: 'boolean', default: false } } });
if (values.help) {
  process.stdout.write('npm run bench -- analytics [--runs 3] [--steps 756] [--json]\n  ms per correlation update (10/100/500 portfolios, window 252) and s to build and write all reports (10/100 PMs), with CPU time\n');
  process.exit(0);
}
const say = (s) => values.json || process.stderr.write(s + '\n');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const WINDOW = 252;

function correlation(n) {
  const rng = createRng(n);
  const factor = () => rng.normal() * 0.01;
  const row = () => {
    const m = factor();
    return Float64Array.from({ length: n }, (_, i) => (i % 4) * 0.3 * m + rng.normal() * 0.01);
  };
  const rc = new RollingCorrelation(n, WINDOW);
  const detector = new CorrelationBreakDetector(n, { alertThreshold: 0.8, changeThreshold: 0.3, minPeriods: 20 });
  // fill both windows first: a full window is the steady state, where every update slides both
  for (let t = 0; t < 2 * WINDOW; t++) rc.push(row());
  const steps = n >= 500 ? 60 : 300;
  const rows = Array.from({ length: steps }, row);
  let t0 = performance.now();
  for (let t = 0; t < steps / 2; t++) rc.push(rows[t]);
  const update = (performance.now() - t0) / (steps / 2);
  t0 = performance.now();
  let breaks = 0;
  for (let t = steps / 2; t < steps; t++) {
    rc.push(rows[t]);
    breaks += detector.check(rc).length;
  }
  const withBreaks = (performance.now() - t0) / (steps / 2);
  say(`correlation ${n} portfolios: ${update.toFixed(3)} ms per update, ${withBreaks.toFixed(3)} ms with break detection (${breaks} breaks)`);
  return { portfolios: n, window: WINDOW, update_ms: Number(update.toFixed(4)), update_and_breaks_ms: Number(withBreaks.toFixed(4)) };
}

async function reports(pms) {
  const { config, record, data } = syntheticRun({ pms, steps: Number(values.steps), groups: true });
  const runs = [];
  let size = { files: 0, bytes: 0 };
  for (let i = 0; i < Number(values.runs); i++) {
    const out = mkdtempSync(join(tmpdir(), 'atrium-bench-reports-'));
    // CPU time of this process (every thread: the garbage collector and the file writes, kernel
    // time included): on a shared machine, the figure that load inflates less than the wall clock
    const cpu = () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1e6;
    };
    const c0 = cpu();
    const t0 = performance.now();
    const files = buildReports(config, record, data);
    const c1 = cpu();
    const t1 = performance.now();
    await writeFiles(out, files);
    runs.push({ total: (performance.now() - t0) / 1000, build: (t1 - t0) / 1000, write: (performance.now() - t1) / 1000, buildCpu: c1 - c0, writeCpu: cpu() - c1 });
    size = { files: files.size, bytes: [...files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0) };
    rmSync(out, { recursive: true, force: true });
  }
  const m = (k) => median(runs.map((r) => r[k]));
  const f = (x) => x.toFixed(2);
  say(`reports ${pms} PMs (${pms * 2} accounts, ${pms * 2} strategies, ${record.totalSteps} steps, ${record.fills.length} fills): ${f(m('total'))} s median of ${runs.length} — build ${f(m('build'))} s (CPU ${f(m('buildCpu'))} s), write ${f(m('write'))} s (CPU ${f(m('writeCpu'))} s) — ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB; load average ${loadavg()[0].toFixed(1)}`);
  return {
    pms, accounts: pms * 2, strategies: pms * 2, groups: config.groups.length, steps: record.totalSteps, fills: record.fills.length, files: size.files, mb: Number((size.bytes / 1e6).toFixed(1)),
    write_s_median: Number(m('total').toFixed(3)), build_s_median: Number(m('build').toFixed(3)), build_cpu_s_median: Number(m('buildCpu').toFixed(3)), files_s_median: Number(m('write').toFixed(3)), files_cpu_s_median: Number(m('writeCpu').toFixed(3)),
  };
}

const result = {
  bench: 'analytics',
  correlation: [10, 100, 500].map(correlation),
  reports: [await reports(10), await reports(100)],
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
  node: process.version,
  load_average: loadavg().map((x) => Number(x.toFixed(2))),
};
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
