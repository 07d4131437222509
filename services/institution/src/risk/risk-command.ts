import { Bus, MetaFactory, RequestFailedError, subjectsFor, type Logger, type RiskCommandName } from '@atrium/runtime';

/** Master-risk's answer to a command: whether it was taken, and the states after it. */
export interface RiskCommandResult {
  readonly ok: boolean;
  readonly message: string;
  readonly firmState: string;
  /** PMs that are not ACTIVE */
  readonly pmStates: readonly { readonly pmId: string; readonly state: string }[];
}

/** Thrown when a command cannot be sent or master-risk gives no usable answer. */
export class RiskCommandError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RiskCommandError';
  }
}

/**
 * Sends halt, reduce or resume (for the firm, or one PM with `pmId`) to a running master-risk on
 * `inst.<firm>.risk.cmd.<action>` and returns its answer.
 */
export async function sendRiskCommand(opts: { url: string; firm: string; action: RiskCommandName; pmId?: string; reason?: string; timeoutMs?: number; log: Logger }): Promise<RiskCommandResult> {
  const s = subjectsFor(opts.firm);
  const subject = s.riskCommand(opts.action);
  let bus: Bus;
  try {
    bus = await Bus.connect({ url: opts.url, name: 'atrium risk command', log: opts.log });
  } catch (err) {
    throw new RiskCommandError(`cannot connect to NATS at ${opts.url}: ${(err as Error).message}`, { cause: err });
  }
  try {
    const reply = await bus.request(subject, new MetaFactory(`cmd-${Date.now()}`, 'operator', 'firm').next(), 'riskCommand', { pmId: opts.pmId ?? '', reason: opts.reason ?? '' }, opts.timeoutMs ?? 5000);
    if (reply.kind !== 'riskCommandAck') throw new RiskCommandError(`master-risk answered ${reply.kind} on ${subject}, not riskCommandAck`);
    const b = reply.body;
    return { ok: b.ok, message: b.message, firmState: b.firmState, pmStates: b.pmStates.map((p) => ({ pmId: p.pmId, state: p.state })) };
  } catch (err) {
    if (err instanceof RequestFailedError) {
      const why = err.code === 'no_responders' || err.code === 'timeout' ? `master-risk of firm ${opts.firm} did not answer on ${subject} (is it running on ${opts.url}?)` : err.message;
      throw new RiskCommandError(why, { cause: err });
    }
    throw err;
  } finally {
    await bus.close();
  }
}
