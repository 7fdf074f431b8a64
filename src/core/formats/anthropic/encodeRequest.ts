import type { JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { ChatRequest, ModelRequest } from '../../model/request';
import type { EncodedRequest } from '../codec';
import { isJsonObject, withMembers } from '../codec';
import { encodeConversation, scanConversation } from './encodeMessages';
import { planRequest } from './requestPlan';
import type { PlanTarget, RequestPlan } from './requestPlan';
import { IssueList } from './validate';
import type { AnthropicRequest } from './wire';

/**
 * The model → an Anthropic Messages request body (the anthropic provider's side). A request
 * that came from an Anthropic-format client is passed through: its own body, with only `model`
 * and `stream` replaced, so every field and beta reaches Anthropic as the client sent it (the
 * adapter forwards `origin.headers`). Any other request is encoded from the model, and what
 * Anthropic cannot carry is named in `issues`.
 */

/** The model and options to encode for. */
export interface AnthropicTarget extends PlanTarget {
  /** The provider's model name. */
  model: string;
  stream: boolean;
}

/** Encodes `request` for `target`. A completion is sent as a one-user-message chat. */
export function encodeMessagesRequest(request: ModelRequest, target: AnthropicTarget): EncodedRequest {
  if (request.origin?.format === 'anthropic-messages') return passThrough(request.origin.body, target);
  const chat = asChat(request);
  const issues = new IssueList();
  const facts = scanConversation(chat.messages, issues);
  const plan = planRequest(chat, target, facts, issues);
  if (request.origin) issues.addAll(request.origin.untranslated);
  const conversation = encodeConversation(chat.messages, facts);
  const body: AnthropicRequest = {
    model: target.model,
    max_tokens: plan.maxTokens,
    ...(conversation.system !== undefined && { system: conversation.system }),
    messages: conversation.messages,
  };
  assemble(plan, body);
  if (target.stream) body.stream = true;
  const encoded: EncodedRequest = { body: body as unknown as JsonObject, issues: issues.items };
  if (plan.jsonTool) encoded.jsonTool = plan.jsonTool;
  return encoded;
}

/**
 * The issues `encodeMessagesRequest` would report, without building the body: called for every
 * candidate model before any call. Only the parts of `target` that decide issues are needed.
 */
export function checkMessagesRequest(request: ModelRequest, target: Partial<PlanTarget> = {}): FieldIssue[] {
  if (request.origin?.format === 'anthropic-messages') return passThroughRepairs(request.origin.body, undefined);
  const chat = asChat(request);
  const issues = new IssueList();
  const facts = scanConversation(chat.messages, issues);
  planRequest(chat, { defaultMaxTokens: 4096, ...target }, facts, issues);
  if (request.origin) issues.addAll(request.origin.untranslated);
  return issues.items;
}

function asChat(request: ModelRequest): ChatRequest {
  if (request.kind === 'chat') return request;
  const { kind: _kind, prompt, origin, ...sampling } = request;
  void _kind;
  const chat: ChatRequest = { ...sampling, kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }] };
  if (origin) chat.origin = origin;
  return chat;
}

// The body is assembled in a fixed order: Anthropic does not care, but people reading logs do.
function assemble(plan: RequestPlan, body: AnthropicRequest): void {
  if (plan.tools) body.tools = plan.tools;
  if (plan.toolChoice) body.tool_choice = plan.toolChoice;
  if (plan.thinking) body.thinking = plan.thinking;
  if (plan.effort || plan.format) body.output_config = { ...(plan.effort && { effort: plan.effort }), ...(plan.format && { format: plan.format }) };
  if (plan.user) body.metadata = { user_id: plan.user };
  if (plan.temperature !== undefined) body.temperature = plan.temperature;
  if (plan.topP !== undefined) body.top_p = plan.topP;
  if (plan.topK !== undefined) body.top_k = plan.topK;
  if (plan.stop) body.stop_sequences = plan.stop;
}

function passThrough(original: Readonly<JsonObject>, target: AnthropicTarget): EncodedRequest {
  const body = withMembers(original, { model: target.model, stream: target.stream });
  const issues = passThroughRepairs(original, body);
  return { body, issues };
}

/**
 * The one change pass-through makes beyond `model` and `stream`, and only when needed: a
 * conversation whose tool loop was answered by another vendor has no signed thinking to open
 * the turn, which Anthropic refuses with thinking on. `thinking` is then left out for this
 * request (and with it `clear_thinking` context edits, which require thinking), and named.
 * With `body` undefined, only the issues are computed.
 */
function passThroughRepairs(original: Readonly<JsonObject>, body: JsonObject | undefined): FieldIssue[] {
  const thinking = original.thinking;
  if (!isJsonObject(thinking) || (thinking.type !== 'enabled' && thinking.type !== 'adaptive')) return [];
  if (!lostThinking(original.messages)) return [];
  const issues = new IssueList();
  issues.add('thinking', 'drop', 'the tool-use turn being continued has no signed thinking (it came from another vendor); Anthropic would refuse thinking');
  if (body) delete body.thinking;
  const management = original.context_management;
  if (isJsonObject(management) && Array.isArray(management.edits)) {
    const edits = management.edits.filter((edit: unknown) => !(isJsonObject(edit) && typeof edit.type === 'string' && edit.type.startsWith('clear_thinking')));
    if (edits.length < management.edits.length) {
      issues.add('context_management', 'drop', 'clear_thinking edits require thinking');
      if (body) {
        if (edits.length > 0) body.context_management = { ...management, edits };
        else delete body.context_management;
      }
    }
  }
  return issues.items;
}

/** In a client's own `messages`: the current tool loop's assistant turn does not open with thinking. */
function lostThinking(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  let lastUser = -1;
  messages.forEach((message: unknown, i) => {
    if (isJsonObject(message) && message.role === 'user' && hasUserWords(message.content)) lastUser = i;
  });
  const after = messages.slice(lastUser + 1).filter((message: unknown): message is JsonObject => isJsonObject(message) && message.role === 'assistant');
  if (after.length === 0 || !after.some((message) => blocks(message.content).some((block) => block.type === 'tool_use'))) return false;
  const opening = blocks(after[0]!.content)[0];
  return opening?.type !== 'thinking' && opening?.type !== 'redacted_thinking';
}

function hasUserWords(content: unknown): boolean {
  return typeof content === 'string' ? content !== '' : blocks(content).some((block) => block.type !== 'tool_result');
}

function blocks(content: unknown): JsonObject[] {
  return Array.isArray(content) ? content.filter(isJsonObject) : typeof content === 'string' ? [{ type: 'text', text: content }] : [];
}
