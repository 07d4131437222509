#!/usr/bin/env node
// Generates the protobufjs static module (and its .d.ts) for proto/ into packages/wire.
// The generated files are build output: never edit them, never commit them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, copyFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcGen = join(root, 'packages/wire/src/gen');
const distGen = join(root, 'packages/wire/dist/gen');

if (process.argv.includes('--clean')) {
  rmSync(srcGen, { recursive: true, force: true });
  rmSync(distGen, { recursive: true, force: true });
  process.exit(0);
}

const protoFiles = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.proto')) protoFiles.push(p);
  }
})(join(root, 'proto'));

const out = join(srcGen, 'atrium.js');
const dts = join(srcGen, 'atrium.d.ts');
const newest = Math.max(...protoFiles.map((f) => statSync(f).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
const upToDate = existsSync(out) && existsSync(dts) && statSync(out).mtimeMs >= newest && statSync(dts).mtimeMs >= newest;

if (!upToDate) {
  const require = createRequire(import.meta.url);
  const cliDir = dirname(require.resolve('protobufjs-cli/package.json'));
  mkdirSync(srcGen, { recursive: true });
  execFileSync(process.execPath, [join(cliDir, 'bin/pbjs'), '-t', 'static-module', '-w', 'es6', '--es6',
    '--dependency', 'protobufjs/minimal.js', '--no-verify', '--no-convert', '--no-delimited', '--force-number',
    '-p', join(root, 'proto'), '-o', out, ...protoFiles], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(cliDir, 'bin/pbts'), '--no-comments', '-o', dts, out], { stdio: 'inherit' });
}
mkdirSync(distGen, { recursive: true });
for (const f of ['atrium.js', 'atrium.d.ts']) copyFileSync(join(srcGen, f), join(distGen, f));
