import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, parseConfig, type AtriumConfig } from '@atrium/domain';

/** Reads and validates a config file; throws ConfigError (every problem, with paths) or a file error. */
export function loadConfigFile(path: string): AtriumConfig {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new ConfigError([{ path: '(file)', message: `config file not found: ${abs}` }], abs);
  const text = readFileSync(abs, 'utf8');
  return parseConfig(text, {
    baseDir: dirname(abs),
    sourcePath: abs,
    readText: (p) => readFileSync(p, 'utf8'),
    fileExists: (p) => existsSync(p),
  });
}
