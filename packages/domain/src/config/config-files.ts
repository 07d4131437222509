import type { IssueList } from './schema.js';

/**
 * How the validator reaches the files a config names (data files, order blotters). Domain code does
 * no I/O, so the caller injects it: `readText` for small files the config embeds (blotters), and
 * `fileExists` for big ones it only checks (market data, read later by the venue).
 */
export interface ConfigFileAccess {
  /** Absolute directory of the config file; relative paths in the config are resolved against it. */
  readonly baseDir: string;
  /** Reads a whole text file; may throw (an error with `code: 'ENOENT'` reads as "file not found"). */
  readonly readText?: (absPath: string) => string;
  /** Whether a file exists; when absent, data paths are resolved but not checked. */
  readonly fileExists?: (absPath: string) => boolean;
}

/**
 * Resolves a path written in a config against the config file's directory, POSIX style, without
 * touching the file system (domain code imports no `node:path`); pure. Absolute paths are only
 * normalised; `.` and `..` segments and repeated slashes are folded.
 */
export function resolveConfigPath(baseDir: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${baseDir}/${path}`;
  const out: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** Adds `file not found: <abs>` at `path` when `fileExists` is given and says no; otherwise no I/O. */
export function checkFileExists(files: ConfigFileAccess, absPath: string, path: string, issues: IssueList): void {
  if (files.fileExists && !files.fileExists(absPath)) issues.add(path, `file not found: ${absPath}`);
}

/** Reads a file the config embeds through `readText`; undefined with an issue at `path` when it cannot. */
export function readConfigFile(files: ConfigFileAccess, absPath: string, path: string, issues: IssueList): string | undefined {
  if (!files.readText) {
    issues.add(path, `cannot read ${absPath}: no readText was given to parseConfig`);
    return undefined;
  }
  if (files.fileExists && !files.fileExists(absPath)) {
    issues.add(path, `file not found: ${absPath}`);
    return undefined;
  }
  try {
    return files.readText(absPath);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    issues.add(path, code === 'ENOENT' ? `file not found: ${absPath}` : `cannot read ${absPath}: ${(err as Error)?.message ?? String(err)}`);
    return undefined;
  }
}
