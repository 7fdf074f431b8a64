/**
 * The Ask panel's message protocol, shared by the extension host (src/vscode/askPanel.ts) and the
 * panel script (media/src/ask.ts): the same handshake as the adversarial panel (protocol.ts), a
 * `ready`, complete snapshots with a rising sequence number, `rendered` acknowledgements. The
 * panel's requests name a turn by its index; the host acts on its own copy of the conversation,
 * never on text that comes back from the webview (a follow-up question excepted, which is the
 * user's own input).
 */
import type { HandshakeMessage } from './validators';
import { isBoolean, isNumber, isOneOf, isRecord, isString, optional, parseHandshake, parseSnapshot } from './validators';

/** Bumped when a message changes shape; the host refuses a panel script of another version. */
export const askProtocolVersion = 1;

/** Longest follow-up question accepted from the panel. */
export const MAX_QUESTION_CHARS = 100_000;

export type AskTurnStatus = 'streaming' | 'done' | 'failed' | 'cancelled';
const TURN_STATUSES: readonly AskTurnStatus[] = ['streaming', 'done', 'failed', 'cancelled'];

/** One question and its answer, as the panel shows it. */
export interface AskTurnView {
  readonly question: string;
  /** Markdown from the model: rendered as text nodes, never as HTML. */
  readonly answer: string;
  readonly status: AskTurnStatus;
  /** What was asked for: `auto` or a registry id. */
  readonly asked: string;
  /** Who answered, once the answer started. */
  readonly model?: string;
  readonly provider?: string;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  readonly estimated?: boolean;
  readonly costUsd?: number;
  readonly durationMs?: number;
  /** Models passed over on the way, with the reason code. */
  readonly escalations: readonly { readonly model: string; readonly provider: string; readonly reason: string }[];
  readonly error?: string;
  /** Code blocks Insert can apply (0: Insert is off for this turn). */
  readonly codeBlocks: number;
}

/** The editor context the conversation started with. */
export interface AskContextView {
  readonly fileName: string;
  readonly language: string;
  /** `selection, lines 3–9` or `visible, lines 1–40`. */
  readonly kind: 'selection' | 'visible';
  readonly lines: string;
}

/** A model the next turn may ask for. */
export interface AskModelOption {
  /** `auto`, or a registry id. */
  readonly id: string;
  readonly label: string;
}

/** What the panel shows: one conversation, whole. */
export interface AskPanelState {
  readonly conversationId: string;
  readonly title: string;
  readonly context?: AskContextView;
  readonly turns: readonly AskTurnView[];
  /** `auto` first, then the registry's chat models, best first. */
  readonly models: readonly AskModelOption[];
  /** The choice for the next turn. */
  readonly nextModel: string;
  /** True while a turn streams (the question box waits, Cancel shows). */
  readonly busy: boolean;
  /** Where Insert offers its diff ("fetchUser.ts"); absent: the active editor. */
  readonly insertTarget?: string;
}

/** Messages from the Ask panel to the host. */
export type AskWebviewMessage =
  | HandshakeMessage
  /** A follow-up question (the user's own text). */
  | { readonly type: 'ask'; readonly question: string }
  /** Stop the turn that streams. */
  | { readonly type: 'cancel' }
  /** The model for the next turn: `auto` or a registry id. */
  | { readonly type: 'pickModel'; readonly model: string }
  /** Offer the code of this turn's answer as a diff. */
  | { readonly type: 'insert'; readonly turn: number }
  /** This turn's answer to the clipboard. */
  | { readonly type: 'copy'; readonly turn: number }
  /** Start over (a new conversation in this panel). */
  | { readonly type: 'newConversation' }
  /** Open one of the recent conversations. */
  | { readonly type: 'history' };

/** Messages from the host to the Ask panel. */
export type AskHostMessage = { readonly type: 'snapshot'; readonly seq: number; readonly state: AskPanelState };

const isTurnIndex = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isTurn(value: unknown): value is AskTurnView {
  if (!isRecord(value)) return false;
  return (
    isString(value.question) && isString(value.answer) && isOneOf(value.status, TURN_STATUSES) && isString(value.asked) &&
    [value.model, value.provider, value.error].every((v) => optional(v, isString)) &&
    [value.promptTokens, value.completionTokens, value.costUsd, value.durationMs].every((v) => optional(v, isNumber)) &&
    optional(value.estimated, isBoolean) && isNumber(value.codeBlocks) &&
    Array.isArray(value.escalations) && value.escalations.every((e) => isRecord(e) && isString(e.model) && isString(e.provider) && isString(e.reason))
  );
}

function isContext(value: unknown): value is AskContextView {
  return isRecord(value) && isString(value.fileName) && isString(value.language) && isOneOf(value.kind, ['selection', 'visible'] as const) && isString(value.lines);
}

/** Checks a whole Ask panel state (from the host, or from `getState` after a reload). */
export function isAskPanelState(value: unknown): value is AskPanelState {
  if (!isRecord(value)) return false;
  return (
    isString(value.conversationId) && isString(value.title) && optional(value.context, isContext) &&
    Array.isArray(value.turns) && value.turns.every(isTurn) &&
    Array.isArray(value.models) && value.models.every((m) => isRecord(m) && isString(m.id) && isString(m.label)) &&
    isString(value.nextModel) && isBoolean(value.busy) && optional(value.insertTarget, isString)
  );
}

/** Checks what arrived from the Ask panel; anything else is `undefined` and is dropped. */
export function parseAskWebviewMessage(value: unknown): AskWebviewMessage | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'ready':
    case 'rendered':
      return parseHandshake(value);
    case 'ask':
      return isString(value.question) && value.question.trim() !== '' && value.question.length <= MAX_QUESTION_CHARS ? { type: 'ask', question: value.question } : undefined;
    case 'pickModel':
      return isString(value.model) && value.model !== '' && value.model.length <= 500 ? { type: 'pickModel', model: value.model } : undefined;
    case 'insert':
    case 'copy':
      return isTurnIndex(value.turn) ? { type: value.type, turn: value.turn } : undefined;
    case 'cancel':
    case 'newConversation':
    case 'history':
      return { type: value.type };
    default:
      return undefined;
  }
}

/** Checks what arrived from the host; anything else is `undefined` and is dropped. */
export function parseAskHostMessage(value: unknown): AskHostMessage | undefined {
  return parseSnapshot(value, isAskPanelState);
}
