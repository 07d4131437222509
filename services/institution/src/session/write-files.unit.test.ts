import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFiles } from './write-files.js';

describe('writeFiles', () => {
  it('writes every file, folders made once, a few at a time', async () => {
    const out = mkdtempSync(join(tmpdir(), 'atrium-write-'));
    const files = new Map(Array.from({ length: 300 }, (_, i) => [`pm-${i % 7}/accounts/a${i % 3}/f${i}.csv`, `row ${i}\n`] as const));
    files.set('summary.json', '{}\n');
    await writeFiles(out, files, 4);
    for (const [rel, text] of files) expect(readFileSync(join(out, rel), 'utf8')).toBe(text);
  });

  it('fails with the error when a folder cannot be made', async () => {
    const out = mkdtempSync(join(tmpdir(), 'atrium-write-'));
    writeFileSync(join(out, 'blocker'), 'a file where a folder should be');
    await expect(writeFiles(out, new Map([['ok.txt', 'x'], ['blocker/inside.txt', 'y']]))).rejects.toThrow(/EEXIST|ENOTDIR/);
  });
});
