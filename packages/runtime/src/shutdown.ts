import type { Logger } from './logger.js';

export type Cleanup = () => Promise<void> | void;

/** Exit codes: 0 done, 1 failed, 130 interrupted (SIGINT), 143 terminated (SIGTERM). */
export const EXIT = { ok: 0, failed: 1, sigint: 130, sigterm: 143 } as const;

/**
 * Installs SIGINT/SIGTERM handlers that run the cleanups (drain connections, stop children) in
 * reverse order of registration, then exit with 130/143. A second signal exits at once.
 * Returns `register` to add cleanups and `run` to run them without a signal.
 */
export function gracefulShutdown(log: Logger, opts: { onSignal?: (signal: NodeJS.Signals) => void } = {}) {
  const cleanups: Cleanup[] = [];
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running ??= (async () => {
      for (const c of cleanups.slice().reverse()) {
        try {
          await c();
        } catch (err) {
          log.warn({ err }, 'cleanup failed');
        }
      }
    })();
    return running;
  };
  const handle = (signal: NodeJS.Signals) => {
    if (running) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm);
    }
    log.info({ signal }, 'shutting down: draining connections');
    opts.onSignal?.(signal);
    void run().finally(() => process.exit(signal === 'SIGINT' ? EXIT.sigint : EXIT.sigterm));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return {
    register(c: Cleanup) {
      cleanups.push(c);
    },
    run,
    dispose() {
      process.off('SIGINT', handle);
      process.off('SIGTERM', handle);
    },
  };
}
