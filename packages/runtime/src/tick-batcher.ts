/**
 * Collects what the actors on one connection add while handling one delivery and sends it as
 * one message a microtask later — a PM's accounts answering one placement, or marking at one
 * close, each add their part and the PM's namespace carries one message for them all. Items of
 * different steps go out as separate messages, in the order their steps were first seen.
 */
export class TickBatcher<T> {
  private pending = new Map<number, T[]>();

  constructor(private readonly send: (step: number, items: T[]) => void) {}

  /** Adds an item of `step` to the message that goes out at the end of this tick. */
  add(step: number, item: T): void {
    if (this.pending.size === 0) queueMicrotask(() => this.flush());
    let list = this.pending.get(step);
    if (!list) this.pending.set(step, (list = []));
    list.push(item);
  }

  /** Sends what was added (called by itself at the end of the tick; safe to call early). */
  flush(): void {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    for (const [step, items] of pending) this.send(step, items);
  }
}
