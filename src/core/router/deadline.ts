import type { CancelSignal } from '../base/cancel';
import { Cancellation } from '../base/cancel';
import { TokenhubError } from '../base/errors';
import type { IDisposable } from '../base/lifecycle';

/** The per-attempt limits of DESIGN.md "Configuration" (`routing`). */
export interface AttemptTimeouts {
  /** From sending until the response starts (headers; for a stream, its first token). */
  firstTokenMs: number;
  /** Between body chunks once the response has started. */
  idleMs: number;
  /** The whole attempt. */
  totalMs: number;
}

/**
 * One attempt's cancellation (a light one: base/cancel.ts) with its three timers. The caller's
 * signal aborts it too. When a timer fires, the signal aborts with a `TokenhubError('timeout')`
 * as its reason, which the adapters rethrow, so the router can tell a stall from a cancel
 * without reading messages.
 */
export class AttemptDeadline implements IDisposable {
  private readonly controller = new Cancellation();
  private readonly totalTimer: NodeJS.Timeout;
  private firstTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal?.reason);

  constructor(
    private readonly timeouts: AttemptTimeouts,
    private readonly provider: string,
    private readonly callerSignal?: CancelSignal,
  ) {
    this.totalTimer = setTimeout(() => this.fire('the whole attempt', timeouts.totalMs), timeouts.totalMs);
    this.firstTimer = setTimeout(() => this.fire('the first token', timeouts.firstTokenMs), timeouts.firstTokenMs);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): CancelSignal {
    return this.controller.signal;
  }

  /** The response (or, for a stream, its first token) has arrived: the first-token limit is met. */
  started(): void {
    if (this.firstTimer) {
      clearTimeout(this.firstTimer);
      this.firstTimer = undefined;
      this.activity();
    }
  }

  /** Bytes arrived: restart the idle timer (only once the response has started). */
  activity(): void {
    if (this.firstTimer || this.controller.signal.aborted) return;
    if (this.idleTimer) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(() => this.fire('the next chunk', this.timeouts.idleMs), this.timeouts.idleMs);
  }

  /** Aborts the attempt (a consumer stopped reading); a no-op when already aborted. */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.totalTimer);
    clearTimeout(this.firstTimer);
    clearTimeout(this.idleTimer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  private fire(what: string, ms: number): void {
    this.controller.abort(
      new TokenhubError('timeout', `${this.provider} did not deliver ${what} within ${ms} ms.`, { provider: this.provider }),
    );
  }
}
