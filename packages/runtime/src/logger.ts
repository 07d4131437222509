import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

let root: Logger | undefined;

/**
 * The one pino root logger of this process, writing JSON lines to stderr (stdout is for
 * command output). Level: LOG_LEVEL, else the given default.
 */
export function rootLogger(defaultLevel = 'info'): Logger {
  root ??= pino({ level: process.env.LOG_LEVEL ?? defaultLevel, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: true }));
  return root;
}

/** Sets the root logger's level (e.g. quieter for interactive commands). */
export function setLogLevel(level: string): void {
  rootLogger().level = process.env.LOG_LEVEL ?? level;
}

/** A child logger carrying the actor's identity: {svc, firm, pm, acct}. */
export function actorLogger(parent: Logger, fields: { svc: string; firm?: string; pm?: string; acct?: string }): Logger {
  return parent.child(fields);
}
