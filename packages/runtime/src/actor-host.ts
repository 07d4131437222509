import { createActor, type AnyActorLogic, type Actor, type InputFrom } from 'xstate';
import type { Logger } from './logger.js';

/** Thrown (and logged) when an actor stops on an error: a programmer error, not bad input. */
export class ActorFailedError extends Error {
  constructor(readonly actorId: string, options?: { cause?: unknown }) {
    super(`actor ${actorId} failed: ${options?.cause instanceof Error ? options.cause.message : String(options?.cause)}`, options);
    this.name = 'ActorFailedError';
  }
}

/**
 * Creates and starts an xstate actor. An error inside the actor (a bug: bad input never gets
 * this far) is logged and handed to `onFatal`, which by default exits the process so that a
 * supervisor restarts it — the actor must not go on half-updated.
 */
export function hostActor<TLogic extends AnyActorLogic>(
  logic: TLogic,
  opts: { id: string; input: InputFrom<TLogic>; log: Logger; onFatal?: (err: ActorFailedError) => void },
): Actor<TLogic> {
  const actor = createActor(logic, { id: opts.id, input: opts.input } as never) as Actor<TLogic>;
  actor.subscribe({
    error: (cause) => {
      const err = new ActorFailedError(opts.id, { cause });
      opts.log.fatal({ err: cause, actor: opts.id }, 'actor failed');
      (opts.onFatal ?? (() => process.exit(1)))(err);
    },
  });
  actor.start();
  return actor;
}
