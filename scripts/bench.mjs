#!/usr/bin/env node
// Benchmarks are scripts that print figures (and one JSON line with --json), not timed tests.
//   npm run bench -- backtest [--config examples/institution.yaml] [--runs 3] [--json]
//   npm run bench -- analytics [--runs 3] [--steps 756] [--json]
//   npm run bench -- risk [--requests 3000] [--pms 10] [--batch 1000] [--rounds 10] [--json]
//   npm run bench -- allocation [--seconds 1] [--json]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = {
  backtest: join(root, 'scripts/bench/backtest.mjs'),
  analytics: join(root, 'scripts/bench/analytics.mjs'),
  risk: join(root, 'scripts/bench/risk.mjs'),
  allocation: join(root, 'scripts/bench/allocation.mjs'),
};
const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || !benches[name]) {
  process.stdout.write(`usage: npm run bench -- <name> [options]\n\nbenchmarks:\n${Object.keys(benches).map((b) => `  ${b}`).join('\n')}\n\nrun one with --help for its options\n`);
  process.exit(name && name !== '--help' ? 2 : 0);
}
if (!existsSync(join(root, 'services/institution/dist/cli.js'))) {
  process.stderr.write('build first: npm run build\n');
  process.exit(1);
}
const r = spawnSync(process.execPath, [benches[name], ...rest], { stdio: 'inherit' });
process.exit(r.status ?? 1);
