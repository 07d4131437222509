import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, tempDir } from '@atrium/testkit';

/** Child processes of `pid` (Linux /proc), with their command lines. */
function childrenOf(pid: number): { pid: number; args: string[] }[] {
  const out: { pid: number; args: string[] }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${d}/status`, 'utf8'))?.[1];
      if (Number(ppid) === pid) out.push({ pid: Number(d), args: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean) });
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/** Process group of a live process (field 5 of /proc/<pid>/stat, after the command in parentheses). */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe.runIf(process.platform === 'linux')('atrium backtest interrupted mid-run', () => {
  it.each([
    ['SIGINT', 'the atrium process', 130],
    ['SIGTERM', 'the atrium process', 143],
    ['SIGINT', 'its whole process group (Ctrl-C in a terminal)', 130],
  ] as const)('on %s to %s: exits %d with its services, the private nats-server and its store gone', async (signal, target, code) => {
    const { NATS_URL: _url, ...env } = process.env;
    const out = tempDir();
    // detached: a process group of its own, which the Ctrl-C case signals as a terminal would
    const child = spawn(process.execPath, [CLI, 'backtest', join(REPO_ROOT, 'examples/institution.yaml'), '--separate', 'master-risk', '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...env, LOG_LEVEL: 'warn' },
      detached: true,
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (c, s) => r({ code: c, signal: s })));
    let err = '';
    // mid-run: the progress lines (one per 10 % on a non-TTY stderr) have passed 10 %
    const midRun = new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        for (const m of err.matchAll(/progress: (\d+)\/(\d+) steps/g)) if (Number(m[1]) * 10 >= Number(m[2])) resolve();
      });
      void exited.then(() => reject(new Error(`atrium exited before mid-run: ${err}`)));
    });
    await midRun;

    const kids = childrenOf(child.pid!);
    const nats = kids.find((k) => k.args[0]!.endsWith('nats-server'));
    const riskProcess = kids.find((k) => k.args.includes('serve') && k.args.includes('master-risk'));
    expect(nats, JSON.stringify(kids)).toBeDefined();
    expect(riskProcess, JSON.stringify(kids)).toBeDefined();
    // out of reach of a terminal's Ctrl-C: atrium stops them, in order
    expect(processGroup(nats!.pid)).not.toBe(processGroup(child.pid!));
    expect(processGroup(riskProcess!.pid)).not.toBe(processGroup(child.pid!));
    const store = nats!.args[nats!.args.indexOf('-sd') + 1]!;
    expect(existsSync(store)).toBe(true);

    if (target === 'the atrium process') child.kill(signal);
    else process.kill(-child.pid!, signal);
    const exit = await exited;

    const left = [nats!, riskProcess!].filter((k) => alive(k.pid));
    for (const k of left) process.kill(k.pid, 'SIGKILL'); // (what this test started)
    expect(exit, err).toEqual({ code, signal: null });
    expect(left.map((k) => k.args.join(' ')), 'processes left running').toEqual([]);
    const storeLeft = existsSync(store);
    if (storeLeft) rmSync(store, { recursive: true, force: true });
    expect(storeLeft, 'the nats-server store left behind').toBe(false);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    expect(err).toMatch(new RegExp(`atrium: ${signal}: stopping the session`));
    expect(err).not.toMatch(/exited mid-session/);
  }, 120_000);
});
