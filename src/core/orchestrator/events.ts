import type { ErrorCode } from '../base/errors';
import type { Escalation } from '../router/types';
import type { Usage } from '../model/usage';

/** The three phases, in the order they run. */
export type Phase = 'plan' | 'critique' | 'refine';

export const PHASES: readonly Phase[] = ['plan', 'critique', 'refine'];

/**
 * Who answered a phase and how it got there. `model` is the registry id (as in
 * `x-tokenhub-model`), `provider` the provider's name; both are the ones that actually answered,
 * after any escalation.
 */
export interface PhaseRoute {
  phase: Phase;
  model: string;
  provider: string;
  /** Every model skipped or failed on the way, over all tiers of the phase (see `fallback`). */
  escalations: Escalation[];
  /**
   * True when the phase had to leave the models its role prefers: the critic left the other
   * providers for the planner's own provider, or refine left the planner's side for the
   * critic's model. `note` says which, in words fit for a user.
   */
  fallback: boolean;
  note?: string;
}

/** A finished phase: its route, its whole text and what it cost. */
export interface PhaseResult extends PhaseRoute {
  text: string;
  usage: Usage;
  costUsd: number;
  /** From the start of routing (including escalations) to the end of the stream. */
  durationMs: number;
  /** Requests sent for this phase, including the one that answered. */
  attempts: number;
}

/** The whole orchestration's outcome; `final` is the refine phase's text. */
export interface AdversarialResult {
  phases: PhaseResult[];
  final: string;
  /** Sum over the phases; `estimated` when any phase's counts were estimated. */
  usage: Usage;
  costUsd: number;
}

/**
 * What an orchestration reports, in order: for each phase `phase_start`, its `delta`s and
 * `phase_end`; then one `done`, or one `error` that ends the run at any point. Every event is
 * plain data (no class instances), so it survives JSON and `postMessage`.
 */
export type AdversarialEvent =
  /**
   * A phase's first token has arrived, so its model is settled: the router escalates only
   * before the first token. `escalations` are the models passed over to get here.
   */
  | ({ type: 'phase_start' } & PhaseRoute)
  /** More text of the phase, in order; joined, the deltas are the phase's text. */
  | { type: 'delta'; phase: Phase; text: string }
  /** The phase ended cleanly: its whole text, usage, cost, duration and attempts. */
  | ({ type: 'phase_end' } & PhaseResult)
  /** All three phases ended; the last event of a successful run. */
  | ({ type: 'done' } & AdversarialResult)
  /**
   * The run ended without an answer; always the last event. `phase` is the phase that failed
   * (absent when the run failed before its first phase, e.g. an unknown model name). Code
   * `cancelled` means the caller aborted. `status` and `retryAfterMs` are the HTTP facts of the
   * failure, and `escalations` the failing phase's trail when every candidate failed.
   */
  | {
      type: 'error';
      phase?: Phase;
      code: ErrorCode;
      message: string;
      status?: number;
      retryAfterMs?: number;
      escalations?: Escalation[];
    };

/** One variant of the union, by its `type`. */
export type AdversarialEventOf<T extends AdversarialEvent['type']> = Extract<AdversarialEvent, { type: T }>;
