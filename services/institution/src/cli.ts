#!/usr/bin/env node
import { CommanderError } from 'commander';
import { program } from './program.js';

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // usage errors exit 2 (program.ts makes every command throw instead of exiting); help exits 0
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = err.exitCode === 0 ? 0 : 2;
}
