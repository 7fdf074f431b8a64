import type { ErrorCode } from '../base/errors';
import type { Escalation } from '../router/types';
import type { Usage } from '../model/usage';
import { addUsage, ZERO_USAGE } from '../model/usage';
import { PHASES, type AdversarialEvent, type Phase } from './events';

/**
 * Where a phase is: `pending` (not started, or waiting for its first token), `streaming`,
 * `done`, `failed`, `cancelled`, or `skipped` (never ran because an earlier phase ended the run).
 */
export type PhaseStatus = 'pending' | 'streaming' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** Everything to draw one phase. Model fields are absent until its `phase_start`, figures until its `phase_end`. */
export interface PhaseSnapshot {
  phase: Phase;
  status: PhaseStatus;
  model?: string;
  provider?: string;
  /** The text so far (all of it once `done`). */
  text: string;
  escalations: Escalation[];
  fallback: boolean;
  note?: string;
  usage?: Usage;
  costUsd?: number;
  durationMs?: number;
  attempts?: number;
}

/** The run as a whole: `running` until a `done` or an `error` event. */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/**
 * A complete picture of a run, enough to draw it from nothing: a webview that reloads, or a
 * message that arrives late, needs only the latest snapshot. `seq` rises with every event applied,
 * so a receiver can drop a stale snapshot.
 */
export interface AdversarialSnapshot {
  seq: number;
  status: RunStatus;
  /** Always the three phases, in order. */
  phases: PhaseSnapshot[];
  /** The refine phase's text once the run is done. */
  final?: string;
  /** Totals of the phases ended so far (the run's totals once done). */
  usage: Usage;
  costUsd: number;
  error?: { phase?: Phase; code: ErrorCode; message: string };
}

/** The snapshot before any event: running, every phase pending. */
export function initialSnapshot(): AdversarialSnapshot {
  return {
    seq: 0,
    status: 'running',
    phases: PHASES.map((phase) => ({ phase, status: 'pending', text: '', escalations: [], fallback: false })),
    usage: { ...ZERO_USAGE },
    costUsd: 0,
  };
}

/**
 * The next snapshot after one event. Pure: the given snapshot is not changed, and the parts that
 * did not change are shared with it. Events after the end of a run (or for an unknown phase) are
 * ignored but still counted in `seq`.
 */
export function applyEvent(state: AdversarialSnapshot, event: AdversarialEvent): AdversarialSnapshot {
  const next: AdversarialSnapshot = { ...state, seq: state.seq + 1 };
  if (state.status !== 'running') return next;
  switch (event.type) {
    case 'phase_start': {
      const { phase, model, provider, escalations, fallback, note } = event;
      return withPhase(next, phase, (p) => ({ ...p, status: 'streaming', model, provider, text: '', escalations, fallback, ...(note ? { note } : {}) }));
    }
    case 'delta':
      return withPhase(next, event.phase, (p) => ({ ...p, text: p.text + event.text }));
    case 'phase_end': {
      const { phase, model, provider, text, escalations, fallback, note, usage, costUsd, durationMs, attempts } = event;
      const ended = withPhase(next, phase, (p) => ({
        ...p,
        status: 'done',
        model,
        provider,
        text,
        escalations,
        fallback,
        ...(note ? { note } : {}),
        usage,
        costUsd,
        durationMs,
        attempts,
      }));
      return { ...ended, usage: addUsage(state.usage, usage), costUsd: state.costUsd + costUsd };
    }
    case 'done':
      return { ...next, status: 'done', final: event.final, usage: event.usage, costUsd: event.costUsd };
    case 'error': {
      const cancelled = event.code === 'cancelled';
      const error = { code: event.code, message: event.message, ...(event.phase ? { phase: event.phase } : {}) };
      const phases = next.phases.map((p): PhaseSnapshot => {
        if (p.phase === event.phase && p.status !== 'done') return { ...p, status: cancelled ? 'cancelled' : 'failed', ...(event.escalations ? { escalations: event.escalations } : {}) };
        if (p.status === 'pending') return { ...p, status: 'skipped' };
        return p;
      });
      return { ...next, status: cancelled ? 'cancelled' : 'failed', phases, error };
    }
  }
}

function withPhase(state: AdversarialSnapshot, phase: Phase, change: (p: PhaseSnapshot) => PhaseSnapshot): AdversarialSnapshot {
  return { ...state, phases: state.phases.map((p) => (p.phase === phase ? change(p) : p)) };
}
