import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes files (paths relative to `outDir`) asynchronously, at most `concurrency` at a time: the
 * folders first, each once, then the files, so that thousands of report files do not block the
 * event loop one write after another. Resolves when every file is written; rejects with the first
 * error (the files already started are finished first).
 */
export async function writeFiles(outDir: string, files: ReadonlyMap<string, string>, concurrency = 16): Promise<void> {
  const paths = [...files.keys()];
  const dirs = [...new Set(paths.map((rel) => dirname(join(outDir, rel))))].sort();
  // a folder's parent sorts before it: create top-down, each once (recursive covers the parents)
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < paths.length) {
      const rel = paths[next++]!;
      try {
        await writeFile(join(outDir, rel), files.get(rel)!);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, paths.length)) }, worker));
  if (failed !== undefined) throw failed;
}
