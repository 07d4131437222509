#!/usr/bin/env node
// The `atrium` command: runs the built CLI (npm ci builds it; run `npm run build` after edits).
import { existsSync } from 'node:fs';
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('atrium: not built yet — run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
await import(cli.href);
