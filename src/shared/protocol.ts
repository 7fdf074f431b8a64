/**
 * The webview message protocol, shared by the extension host (src/vscode) and the panel script
 * (media/). Types and validators only: no `vscode`, no DOM, no core imports.
 *
 * The panel announces itself with `ready`; the host answers with a complete `snapshot` carrying a
 * rising sequence number (never a delta that could be lost), and the panel acknowledges what it drew.
 * The panel's buttons send bare requests (`cancel`, `copy`, `insert`); the host acts on its own copy
 * of the run, never on text that comes back from the webview.
 */
import type { HandshakeMessage } from './validators';
import { isNumber, isRecord, isString, optional, parseHandshake, parseSnapshot } from './validators';

/** Bumped when a message changes shape; the host refuses a panel script of another version. */
export const protocolVersion = 2;

/** The adversarial phases, in the order they run. */
export type PhaseName = 'plan' | 'critique' | 'refine';
/** Where a phase is (as the core's snapshot reducer says). */
export type PhaseStatus = 'pending' | 'streaming' | 'done' | 'failed' | 'cancelled' | 'skipped';
/** Where the run is. */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A model passed over on the way to a phase's answer. */
export interface EscalationView {
  readonly model: string;
  readonly provider: string;
  /** An error code, or `too_small` / `cooling_down` / `disabled` / `no_key`. */
  readonly reason: string;
  readonly detail?: string;
}

/** One phase, complete: figures appear once it ended. */
export interface PhaseView {
  readonly phase: PhaseName;
  readonly status: PhaseStatus;
  readonly model?: string;
  readonly provider?: string;
  /** Markdown from the model: the panel renders it as text nodes, never as HTML. */
  readonly text: string;
  readonly escalations: readonly EscalationView[];
  /** Why the phase left its preferred models, in words. */
  readonly note?: string;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly estimated?: boolean;
  readonly costUsd?: number;
  readonly durationMs?: number;
}

/** What the panel shows: one adversarial run, whole. */
export interface PanelState {
  readonly title: string;
  /** What the run works on ("review of app.ts, lines 3–20", or the prompt's first line). */
  readonly subtitle: string;
  readonly status: RunStatus;
  /** Always three, in order. */
  readonly phases: readonly PhaseView[];
  /** The refine phase's text once the run is done. */
  readonly final?: string;
  readonly totalTokens: number;
  readonly costUsd: number;
  readonly error?: { readonly phase?: PhaseName; readonly code: string; readonly message: string };
  /** Where Insert puts the answer ("app.ts"); absent: the active editor. */
  readonly insertTarget?: string;
}

/** Messages from the panel script to the extension host. */
export type WebviewMessage =
  | HandshakeMessage
  /** The Cancel button: abort the run. */
  | { readonly type: 'cancel' }
  /** The Copy button: the final answer to the clipboard. */
  | { readonly type: 'copy' }
  /** The Insert button: the final answer into the editor the run started from. */
  | { readonly type: 'insert' };

/** Messages from the extension host to the panel script. */
export type HostMessage =
  /** The whole state; a panel ignores a snapshot older than the one it shows. */
  { readonly type: 'snapshot'; readonly seq: number; readonly state: PanelState };

const PHASES: readonly string[] = ['plan', 'critique', 'refine'];
const PHASE_STATUSES: readonly string[] = ['pending', 'streaming', 'done', 'failed', 'cancelled', 'skipped'];
const RUN_STATUSES: readonly string[] = ['running', 'done', 'failed', 'cancelled'];


function isEscalation(value: unknown): value is EscalationView {
  return isRecord(value) && isString(value.model) && isString(value.provider) && isString(value.reason) && optional(value.detail, isString);
}

function isPhase(value: unknown): value is PhaseView {
  if (!isRecord(value)) return false;
  const { phase, status, text, escalations } = value;
  return (
    isString(phase) && PHASES.includes(phase) && isString(status) && PHASE_STATUSES.includes(status) && isString(text) &&
    Array.isArray(escalations) && escalations.every(isEscalation) &&
    [value.model, value.provider, value.note].every((v) => optional(v, isString)) &&
    [value.promptTokens, value.completionTokens, value.costUsd, value.durationMs].every((v) => optional(v, isNumber)) &&
    optional(value.estimated, (v): v is boolean => typeof v === 'boolean')
  );
}

function isRunError(value: unknown): value is PanelState['error'] {
  return isRecord(value) && isString(value.code) && isString(value.message) && optional(value.phase, (v): v is PhaseName => isString(v) && PHASES.includes(v));
}

/** Checks a whole panel state (from the host, or from `getState` after a reload). */
export function isPanelState(value: unknown): value is PanelState {
  if (!isRecord(value)) return false;
  const { title, subtitle, status, phases } = value;
  return (
    isString(title) && isString(subtitle) && isString(status) && RUN_STATUSES.includes(status) &&
    Array.isArray(phases) && phases.length === 3 && phases.every(isPhase) &&
    isNumber(value.totalTokens) && isNumber(value.costUsd) &&
    optional(value.final, isString) && optional(value.insertTarget, isString) && optional(value.error, isRunError)
  );
}

/** Checks what arrived from the webview; anything else is `undefined` and is dropped. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'rendered':
      return parseHandshake(value);
    case 'cancel':
    case 'copy':
    case 'insert':
      return { type: value.type };
    default:
      return undefined;
  }
}

/** Checks what arrived from the host; anything else is `undefined` and is dropped. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  return parseSnapshot(value, isPanelState);
}
