// An Ask conversation (the core's) as the panel protocol's complete state: plain data, derived
// each time, never kept beside the conversation.
import { applicableBlocks, codeBlocks } from '../core/ask/codeBlocks';
import type { AskTurn, Conversation } from '../core/ask/conversation';
import type { AskContext } from '../core/ask/prompts';
import { textOf } from '../core/model/content';
import type { Tokenhub } from '../core/tokenhub';
import type { AskContextView, AskModelOption, AskPanelState, AskTurnView } from '../shared/askProtocol';

/** What the panel shows besides the conversation. */
export interface AskView {
  readonly models: readonly AskModelOption[];
  readonly nextModel: string;
  readonly insertTarget?: string;
  /** The language of the file Insert would change: which code blocks count. */
  readonly languageId?: string;
}

/** Most models the picker lists. */
const MAX_MODEL_OPTIONS = 200;

/** `auto`, then the registry's chat models, best first. */
export function modelOptions(tokenhub: Tokenhub): AskModelOption[] {
  const models = tokenhub.registry.ranked('chat').slice(0, MAX_MODEL_OPTIONS);
  return [{ id: 'auto', label: 'Auto (Tokenhub picks)' }, ...models.map((m) => ({ id: m.id, label: `${m.id} · ${m.provider}` }))];
}

/** The panel's state for a conversation. */
export function askPanelState(conversation: Conversation, view: AskView): AskPanelState {
  const busy = conversation.turns.at(-1)?.status === 'streaming';
  return {
    conversationId: conversation.id,
    title: conversation.title,
    ...(conversation.context ? { context: contextView(conversation.context) } : {}),
    turns: conversation.turns.map((turn) => turnView(turn, view.languageId ?? '')),
    models: view.models,
    nextModel: view.nextModel,
    busy,
    ...(view.insertTarget !== undefined ? { insertTarget: view.insertTarget } : {}),
  };
}

function contextView(context: AskContext): AskContextView {
  const lines = context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}–${context.endLine}`;
  return { fileName: context.fileName, language: context.language, kind: context.kind, lines };
}

function turnView(turn: AskTurn, languageId: string): AskTurnView {
  const facts = turn.facts;
  return {
    question: textOf(turn.question.content),
    answer: turn.text,
    status: turn.status,
    asked: turn.asked,
    ...(facts ? { model: facts.model, provider: facts.provider } : {}),
    ...(facts?.promptTokens !== undefined ? { promptTokens: facts.promptTokens } : {}),
    ...(facts?.completionTokens !== undefined ? { completionTokens: facts.completionTokens } : {}),
    ...(facts?.estimated !== undefined ? { estimated: facts.estimated } : {}),
    ...(facts?.costUsd !== undefined ? { costUsd: facts.costUsd } : {}),
    ...(facts?.durationMs !== undefined ? { durationMs: facts.durationMs } : {}),
    escalations: (facts?.escalations ?? []).map((e) => ({ model: e.model, provider: e.provider, reason: e.reason })),
    ...(turn.error !== undefined ? { error: turn.error } : {}),
    codeBlocks: turn.status === 'done' ? applicableBlocks(codeBlocks(turn.text), languageId).length : 0,
  };
}
