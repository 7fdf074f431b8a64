// The core's run snapshot (orchestrator/state.ts) as the panel protocol's complete state.
import type { AdversarialSnapshot, PhaseSnapshot } from '../core/orchestrator/state';
import type { PanelState, PhaseView } from '../shared/protocol';

/** What the panel says about the run besides the snapshot. */
export interface PanelMeta {
  readonly title: string;
  readonly subtitle: string;
  readonly insertTarget?: string;
}

function phaseView(p: PhaseSnapshot): PhaseView {
  return {
    phase: p.phase,
    status: p.status,
    text: p.text,
    escalations: p.escalations.map((e) => ({ model: e.model, provider: e.provider, reason: e.reason, ...(e.detail ? { detail: e.detail } : {}) })),
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.provider !== undefined ? { provider: p.provider } : {}),
    ...(p.note ? { note: p.note } : {}),
    ...(p.usage ? { promptTokens: p.usage.promptTokens, completionTokens: p.usage.completionTokens, estimated: p.usage.estimated === true } : {}),
    ...(p.costUsd !== undefined ? { costUsd: p.costUsd } : {}),
    ...(p.durationMs !== undefined ? { durationMs: p.durationMs } : {}),
  };
}

/** A complete panel state: plain data, safe to post and to keep with `setState`. */
export function toPanelState(snapshot: AdversarialSnapshot, meta: PanelMeta): PanelState {
  return {
    title: meta.title,
    subtitle: meta.subtitle,
    status: snapshot.status,
    phases: snapshot.phases.map(phaseView),
    totalTokens: snapshot.usage.totalTokens,
    costUsd: snapshot.costUsd,
    ...(snapshot.final !== undefined ? { final: snapshot.final } : {}),
    ...(snapshot.error ? { error: { code: snapshot.error.code, message: snapshot.error.message, ...(snapshot.error.phase ? { phase: snapshot.error.phase } : {}) } } : {}),
    ...(meta.insertTarget !== undefined ? { insertTarget: meta.insertTarget } : {}),
  };
}

/** A state saved while running, after a window reload: the run is gone, so it is marked stopped. */
export function interrupted(state: PanelState): PanelState {
  if (state.status !== 'running') return state;
  return {
    ...state,
    status: 'cancelled',
    phases: state.phases.map((p) => (p.status === 'streaming' ? { ...p, status: 'cancelled' } : p.status === 'pending' ? { ...p, status: 'skipped' } : p)),
    error: { code: 'cancelled', message: 'The window reloaded during this run, which stopped it.' },
  };
}
