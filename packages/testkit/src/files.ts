import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two levels above packages/testkit). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** The shared real data folder beside the repository (never copied into it). */
export const SHARED_DATA = process.env.ATRIUM_SHARED_DATA ?? resolve(REPO_ROOT, '../shared/data');

/** Path of a file in the shared data folder. */
export function sharedData(rel: string): string {
  return join(SHARED_DATA, rel);
}

/** True when the shared data file exists (tests that need it skip otherwise). */
export function hasSharedData(rel = ''): boolean {
  return existsSync(sharedData(rel));
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'atrium-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a file into a fresh temp dir and returns its path. */
export function writeTemp(name: string, text: string, dir = tempDir()): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** The built CLI (the tests that spawn it need `npm run build` first; `npm test` does it). */
export const CLI = join(REPO_ROOT, 'services/institution/dist/cli.js');
