import type { Meta } from '@atrium/wire';

/**
 * Builds envelope meta for one actor: message ids are `<session>/<source>/<key>` — a
 * deterministic key where a retried publish must be recognised as the same message (fills,
 * decisions), else a per-actor sequence number.
 */
export class MetaFactory {
  private seq = 0;
  constructor(
    private session: string,
    readonly source: string,
    readonly namespace: string,
  ) {}

  /** Changes the session (set by the START command) and restarts the sequence. */
  setSession(session: string): void {
    this.session = session;
    this.seq = 0;
  }

  get sessionId(): string {
    return this.session;
  }

  next(opts: { key?: string; correlationId?: string; causation?: Meta } = {}): Meta {
    const key = opts.key ?? String(++this.seq);
    const msgId = `${this.session}/${this.source}/${key}`;
    return {
      msgId,
      correlationId: opts.correlationId ?? opts.causation?.correlationId ?? msgId,
      causationId: opts.causation?.msgId ?? '',
      namespace: this.namespace,
      source: this.source,
    };
  }
}
