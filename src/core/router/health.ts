import { createHash } from 'node:crypto';
import type { Clock } from '../ports';
import type { ErrorCode } from '../base/errors';
import { Emitter } from '../base/event';
import type { Event } from '../base/event';

/** What `/health` and "Show Models" say about a provider. */
export type ProviderState = 'ready' | 'cooling_down' | 'disabled' | 'no_key';

/** How long an exhausted quota keeps a provider aside: retrying sooner is pointless. */
const QUOTA_COOLDOWN_MS = 10 * 60_000;

interface Entry {
  coolingUntil: number;
  coolingReason?: ErrorCode;
  /** Fingerprint of the key that was refused; the provider comes back when the key changes. */
  refusedKey?: string;
}

/**
 * Per-provider health: cool-downs after failures (honouring retry-after) and the
 * disabled-until-the-key-changes state after a refused key. Keys are kept only as hashes.
 */
export class ProviderHealth {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<string>();
  /**
   * Fires with a provider's name when a failure or a success was recorded for it: its state may
   * have changed (a refused key disables it; a cool-down starts or ends early). Lists that hide
   * unusable providers (the Language Model API's models) recompute on it.
   */
  readonly onDidChange: Event<string> = this.changed.event;

  constructor(
    private readonly clock: Clock,
    private readonly cooldownMs: number,
  ) {}

  /** Records a failure and decides how long the provider stays aside. */
  recordFailure(provider: string, code: ErrorCode, retryAfterMs: number | undefined, key: string | undefined): void {
    const entry = this.entry(provider);
    if (code === 'unauthorized') {
      entry.refusedKey = fingerprint(key);
    } else {
      const wait = code === 'quota' ? Math.max(QUOTA_COOLDOWN_MS, this.cooldownMs) : (retryAfterMs ?? this.cooldownMs);
      entry.coolingUntil = Math.max(entry.coolingUntil, this.clock.now() + wait);
      entry.coolingReason = code;
    }
    this.changed.fire(provider);
  }

  /** A success clears a cool-down early (the provider evidently works again). */
  recordSuccess(provider: string): void {
    const entry = this.entries.get(provider);
    if (!entry || entry.coolingUntil === 0) return;
    entry.coolingUntil = 0;
    this.changed.fire(provider);
  }

  /** The state for routing: a refused key stays refused until a different key is configured. */
  state(provider: string, key: string | undefined, needsKey: boolean): ProviderState {
    if (needsKey && !key) return 'no_key';
    const entry = this.entries.get(provider);
    if (!entry) return 'ready';
    if (entry.refusedKey !== undefined) {
      if (entry.refusedKey === fingerprint(key)) return 'disabled';
      entry.refusedKey = undefined;
    }
    return entry.coolingUntil > this.clock.now() ? 'cooling_down' : 'ready';
  }

  /** Milliseconds until the provider may be tried again (0 when ready). */
  coolingFor(provider: string): number {
    const entry = this.entries.get(provider);
    return entry ? Math.max(0, entry.coolingUntil - this.clock.now()) : 0;
  }

  private entry(provider: string): Entry {
    let entry = this.entries.get(provider);
    if (!entry) {
      entry = { coolingUntil: 0 };
      this.entries.set(provider, entry);
    }
    return entry;
  }
}

function fingerprint(key: string | undefined): string {
  return createHash('sha256').update(key ?? '').digest('base64url');
}
