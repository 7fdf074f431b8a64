/**
 * What the router, the adapters and undici read of a cancellation: whether it happened, why,
 * and a callback when it does. An AbortSignal is one (the VS Code layer, Ask and the orchestrator
 * pass theirs), and so is a {@link Cancellation}.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * An AbortController's part that requests need, at the cost of a plain object. The local API
 * makes one per request and the router one per attempt: on Node 20 (the runtime of VS Code
 * 1.100's extension host and of `tokenhub serve` there) making an AbortSignal costs ~2 µs and
 * adding and removing a listener ~1.7 µs more, a few percent of a streamed request
 * (bench/RESULTS.md). undici takes it as a request's `signal` (it needs only
 * `addEventListener`, `removeEventListener`, `aborted` and `reason`).
 *
 * As with an AbortSignal: aborting twice keeps the first reason, listeners run once in the
 * order added, one added twice runs once, one added after the abort never runs, and one that
 * throws does not stop the others (its error is rethrown on its own).
 */
export class Cancellation implements CancelSignal {
  private done = false;
  private why: unknown;
  private listeners: (() => void)[] | undefined;

  get aborted(): boolean {
    return this.done;
  }

  get reason(): unknown {
    return this.why;
  }

  /** Itself: reads as an AbortController's `signal` does. */
  get signal(): CancelSignal {
    return this;
  }

  abort(reason?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.why = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** `once` is always so: a cancellation happens once. */
  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    if (this.done) return;
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    const at = listeners ? listeners.indexOf(listener) : -1;
    if (at >= 0) listeners!.splice(at, 1);
  }
}
