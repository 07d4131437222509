import { spawnSync } from 'node:child_process';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CLI } from '@atrium/testkit';
import { program } from '../services/institution/src/program.js';

/**
 * Every command line a user can ask --help of, found by walking the command tree: each command
 * and subcommand, and each choice of a command's first argument (`risk halt|reduce|resume`).
 */
function commandLines(cmd: Command, path: readonly string[] = []): { line: string[]; usageOf: string[] }[] {
  const out = [{ line: [...path], usageOf: [...path] }];
  for (const choice of cmd.registeredArguments[0]?.argChoices ?? []) out.push({ line: [...path, choice], usageOf: [...path] });
  for (const sub of cmd.commands) out.push(...commandLines(sub, [...path, sub.name()]));
  return out;
}

const lines = commandLines(program);

describe('--help', () => {
  it('reaches every command the README names (the walk is not empty or partial)', () => {
    const found = lines.map((l) => l.line.join(' '));
    for (const expected of ['', 'backtest', 'serve', 'validate', 'risk', 'risk halt', 'risk reduce', 'risk resume', 'alloc', 'alloc weights', 'alloc split', 'bench', 'bench scale', 'bench scaling']) {
      expect(found).toContain(expected);
    }
  });

  it.each(lines.map((l) => [l.line.join(' ') || '(none)', l] as const))('atrium %s --help exits 0 with its usage', (_name, { line, usageOf }) => {
    const r = spawnSync(process.execPath, [CLI, ...line, '--help'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: ${['atrium', ...usageOf].join(' ')} `));
    expect(r.stdout).toMatch(/-h, --help +display help for command/);
  });
});
