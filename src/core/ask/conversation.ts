import type { Answer } from '../model/answer';
import { answerText } from '../model/answer';
import type { Message } from '../model/content';
import { textMessage, textOf } from '../model/content';
import type { AskContext } from './prompts';
import { MAX_CONTEXT_CHARS } from './prompts';

/**
 * An Ask conversation: questions and answers as messages of the one message model, each answer
 * with the facts of the turn that produced it (model, provider, tokens, cost), and the editor
 * context it started from. Plain data: it is kept in global state and restored after a reload.
 */

/** Where a turn is. */
export type TurnStatus = 'streaming' | 'done' | 'failed' | 'cancelled';

/** A model passed over on the way to the answer. */
export interface TurnEscalation {
  readonly model: string;
  readonly provider: string;
  readonly reason: string;
}

/** What answered a turn and what it cost. */
export interface TurnFacts {
  readonly model: string;
  readonly provider: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly estimated: boolean;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly escalations: readonly TurnEscalation[];
}

/** One question and its answer. */
export interface AskTurn {
  /** The user's message. */
  readonly question: Message;
  /** The assistant's message once the answer is whole (its text parts: reasoning stays with the provider). */
  readonly answer?: Message;
  /** The answer's text as far as it came (the whole of it once done). */
  readonly text: string;
  readonly status: TurnStatus;
  /** What the user asked for: `auto` or a registry id. */
  readonly asked: string;
  /** Known once the answer started (model, provider) and once it ended (tokens, cost, time). */
  readonly facts?: Partial<TurnFacts> & Pick<TurnFacts, 'model' | 'provider'>;
  /** Why the turn failed, in words. */
  readonly error?: string;
}

/** A whole conversation. */
export interface Conversation {
  readonly id: string;
  /** The first question's first line, shortened. */
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly context?: AskContext;
  readonly turns: readonly AskTurn[];
}

/** Conversations kept in the history, newest first. */
export const HISTORY_LIMIT = 20;
/** Turns kept per conversation (the oldest go first). */
export const TURN_LIMIT = 40;
/** Characters of questions and answers kept per conversation. */
export const CONVERSATION_CHARS = 200_000;

/** A new conversation whose first question is being answered. */
export function startConversation(id: string, question: string, asked: string, now: number, context?: AskContext): Conversation {
  return { id, title: titleOf(question), createdAt: now, updatedAt: now, ...(context ? { context } : {}), turns: [pendingTurn(question, asked)] };
}

/** The conversation with a follow-up question being answered. */
export function askFollowUp(conversation: Conversation, question: string, asked: string, now: number): Conversation {
  return { ...conversation, updatedAt: now, turns: [...conversation.turns, pendingTurn(question, asked)] };
}

/** The conversation with its last turn changed. */
export function updateLastTurn(conversation: Conversation, change: (turn: AskTurn) => AskTurn, now: number): Conversation {
  const last = conversation.turns.at(-1);
  if (!last) return conversation;
  return { ...conversation, updatedAt: now, turns: [...conversation.turns.slice(0, -1), change(last)] };
}

/** The last turn, answered: its message is the answer's text. */
export function finishTurn(turn: AskTurn, answer: Answer, facts: TurnFacts): AskTurn {
  const text = answerText(answer);
  return { ...turn, status: 'done', text, answer: textMessage('assistant', text), facts };
}

/**
 * The messages to send for the last turn: every answered exchange before it, then its question.
 * Failed and cancelled turns are left out: a conversation sent on holds only what was answered.
 */
export function conversationMessages(conversation: Conversation): Message[] {
  const out: Message[] = [];
  const turns = conversation.turns;
  turns.forEach((turn, index) => {
    if (index === turns.length - 1) out.push(turn.question);
    else if (turn.status === 'done' && turn.answer) out.push(turn.question, turn.answer);
  });
  return out;
}

/** True while the last turn streams. */
export function isAnswering(conversation: Conversation): boolean {
  return conversation.turns.at(-1)?.status === 'streaming';
}

/** The history with `conversation` first (replacing its older copy), bounded. */
export function remember(history: readonly Conversation[], conversation: Conversation): Conversation[] {
  return [compact(conversation), ...history.filter((c) => c.id !== conversation.id)].slice(0, HISTORY_LIMIT);
}

/** A conversation within the limits: the oldest turns dropped first, the context cut to what is sent. */
export function compact(conversation: Conversation): Conversation {
  let turns = conversation.turns.slice(-TURN_LIMIT);
  while (turns.length > 1 && size(turns) > CONVERSATION_CHARS) turns = turns.slice(1);
  const context = conversation.context && conversation.context.code.length > MAX_CONTEXT_CHARS ? { ...conversation.context, code: conversation.context.code.slice(0, MAX_CONTEXT_CHARS) } : conversation.context;
  return { ...conversation, ...(context ? { context } : {}), turns };
}

/**
 * Kept conversations read back from storage: anything malformed is dropped (never trusted), a
 * turn that was streaming when the window closed is marked cancelled.
 */
export function parseHistory(raw: unknown): Conversation[] {
  if (!Array.isArray(raw)) return [];
  const out: Conversation[] = [];
  for (const value of raw.slice(0, HISTORY_LIMIT)) {
    const conversation = parseConversation(value);
    if (conversation) out.push(conversation);
  }
  return out;
}

/** One kept conversation, checked; undefined when it is not one. */
export function parseConversation(value: unknown): Conversation | undefined {
  if (!isRecord(value) || !isText(value.id) || !isText(value.title) || !isTime(value.createdAt) || !isTime(value.updatedAt) || !Array.isArray(value.turns)) return undefined;
  const turns: AskTurn[] = [];
  for (const raw of value.turns) {
    const turn = parseTurn(raw);
    if (!turn) return undefined;
    turns.push(turn.status === 'streaming' ? { ...turn, status: 'cancelled', error: 'The window closed while this answer streamed.' } : turn);
  }
  if (turns.length === 0) return undefined;
  const context = value.context === undefined ? undefined : parseContext(value.context);
  if (value.context !== undefined && !context) return undefined;
  return { id: value.id, title: value.title, createdAt: value.createdAt, updatedAt: value.updatedAt, ...(context ? { context } : {}), turns };
}

function parseTurn(value: unknown): AskTurn | undefined {
  if (!isRecord(value) || !isText(value.text) || !isText(value.asked) || !isStatus(value.status)) return undefined;
  const question = textOnly(value.question, 'user');
  if (!question) return undefined;
  const answer = value.answer === undefined ? undefined : textOnly(value.answer, 'assistant');
  if (value.answer !== undefined && !answer) return undefined;
  const facts = value.facts === undefined ? undefined : parseFacts(value.facts);
  if (value.facts !== undefined && !facts) return undefined;
  if (value.error !== undefined && !isText(value.error)) return undefined;
  return {
    question,
    ...(answer ? { answer } : {}),
    text: value.text,
    status: value.status,
    asked: value.asked,
    ...(facts ? { facts } : {}),
    ...(typeof value.error === 'string' ? { error: value.error } : {}),
  };
}

function parseFacts(value: unknown): AskTurn['facts'] | undefined {
  if (!isRecord(value) || !isText(value.model) || !isText(value.provider)) return undefined;
  const numbers = ['promptTokens', 'completionTokens', 'costUsd', 'durationMs'] as const;
  if (!numbers.every((key) => value[key] === undefined || isTime(value[key]))) return undefined;
  if (value.estimated !== undefined && typeof value.estimated !== 'boolean') return undefined;
  const escalations = value.escalations;
  if (escalations !== undefined && !(Array.isArray(escalations) && escalations.every((e) => isRecord(e) && isText(e.model) && isText(e.provider) && isText(e.reason)))) return undefined;
  const facts: Record<string, unknown> = { model: value.model, provider: value.provider };
  for (const key of numbers) if (value[key] !== undefined) facts[key] = value[key];
  if (value.estimated !== undefined) facts.estimated = value.estimated;
  if (Array.isArray(escalations)) facts.escalations = escalations.map((e: Record<string, string>) => ({ model: e.model, provider: e.provider, reason: e.reason }));
  return facts as AskTurn['facts'];
}

function parseContext(value: unknown): AskContext | undefined {
  if (!isRecord(value) || !isText(value.fileName) || !isText(value.language) || !isText(value.code)) return undefined;
  if ((value.kind !== 'selection' && value.kind !== 'visible') || !isLine(value.startLine) || !isLine(value.endLine)) return undefined;
  return { fileName: value.fileName, language: value.language, kind: value.kind, startLine: value.startLine, endLine: value.endLine, code: value.code };
}

/** A message of text parts only, of `role`. */
function textOnly(value: unknown, role: 'user' | 'assistant'): Message | undefined {
  if (!isRecord(value) || value.role !== role || !Array.isArray(value.content)) return undefined;
  if (!value.content.every((part) => isRecord(part) && part.type === 'text' && isText(part.text))) return undefined;
  return textMessage(role, textOf(value.content as Message['content']));
}

function pendingTurn(question: string, asked: string): AskTurn {
  return { question: textMessage('user', question), text: '', status: 'streaming', asked };
}

function titleOf(question: string): string {
  const line = question.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function size(turns: readonly AskTurn[]): number {
  return turns.reduce((sum, t) => sum + textOf(t.question.content).length + t.text.length, 0);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isLine = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
const isStatus = (value: unknown): value is TurnStatus => value === 'streaming' || value === 'done' || value === 'failed' || value === 'cancelled';
