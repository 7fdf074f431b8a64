import type { Answer, AnswerPart } from '../../model/answer';
import type { JsonObject, ReasoningPart } from '../../model/content';
import type { Usage } from '../../model/usage';
import { isJsonObject } from '../codec';
import { thinkingBlock } from './encodeMessages';
import { anthropicInput } from './jsonPrefix';
import { finishReason, stopReason } from './stopReasons';
import { ToolIds } from './toolIds';
import type { AnthropicContentBlock, AnthropicResponse, AnthropicUsage } from './wire';

/**
 * Whole answers both ways: Anthropic's `message` → the model (the anthropic provider's side),
 * and the model's answer → an Anthropic `message` (the local API's `POST /v1/messages`).
 */

/** Options of the answer decoders. */
export interface AnthropicAnswerOptions {
  /** The forced tool that carries a JSON answer (EncodedRequest.jsonTool): its call is the answer's text. */
  jsonTool?: string;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
const reported = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * Anthropic's usage → the model's. Anthropic's `input_tokens` leaves out cached reads and
 * writes; the model's `promptTokens` counts every prompt token, so they are added back.
 * `promptFallback` is the prompt size already known (a stream's `message_start`) for reports
 * that give output counts only.
 */
export function usageFromAnthropic(value: unknown, promptFallback?: Usage): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const usage = value as AnthropicUsage;
  const hasPrompt = reported(usage.input_tokens) || reported(usage.cache_creation_input_tokens) || reported(usage.cache_read_input_tokens);
  const completionTokens = count(usage.output_tokens);
  if (!hasPrompt && promptFallback) {
    return { ...promptFallback, completionTokens, totalTokens: promptFallback.promptTokens + completionTokens };
  }
  const promptTokens = count(usage.input_tokens) + count(usage.cache_creation_input_tokens) + count(usage.cache_read_input_tokens);
  const out: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (reported(usage.cache_read_input_tokens)) out.cacheReadTokens = usage.cache_read_input_tokens;
  if (reported(usage.cache_creation_input_tokens)) out.cacheWriteTokens = usage.cache_creation_input_tokens;
  const thinking = isJsonObject(usage.output_tokens_details) ? usage.output_tokens_details.thinking_tokens : undefined;
  if (reported(thinking)) out.reasoningTokens = thinking;
  return out;
}

/** The model's usage → Anthropic's (`input_tokens` without the cached reads and writes). */
export function usageToAnthropic(usage: Usage): Required<Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens'>> {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.promptTokens - cacheRead - cacheWrite),
    output_tokens: usage.completionTokens,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/** Anthropic's `message` → the model's answer; undefined when the body is not a message. */
export function decodeMessagesResponse(body: unknown, options: AnthropicAnswerOptions = {}): Answer | undefined {
  if (!isJsonObject(body) || body.type !== 'message' || !Array.isArray(body.content)) return undefined;
  const content: AnswerPart[] = [];
  let answeredByJsonTool = false;
  for (const block of body.content) {
    if (!isJsonObject(block)) continue;
    const part = answerPart(block, options.jsonTool);
    if (!part) continue;
    if (part.type === 'text' && block.type === 'tool_use') answeredByJsonTool = true;
    content.push(part);
  }
  let finish = finishReason(body.stop_reason);
  // The forced JSON tool's call is the answer, not a call for the client to make.
  if (answeredByJsonTool && finish === 'tool_calls' && !content.some((part) => part.type === 'tool_call')) finish = 'stop';
  const answer: Answer = {
    id: typeof body.id === 'string' ? body.id : '',
    providerModel: typeof body.model === 'string' ? body.model : '',
    content,
    finishReason: finish,
    raw: body,
  };
  if (typeof body.stop_sequence === 'string') answer.stopSequence = body.stop_sequence;
  const usage = usageFromAnthropic(body.usage);
  if (usage) answer.usage = usage;
  return answer;
}

/** One answer block → a part; undefined for blocks the model has no place for (server tools' blocks). */
function answerPart(block: JsonObject, jsonTool: string | undefined): AnswerPart | undefined {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? { type: 'text', text: block.text } : undefined;
    case 'tool_use': {
      const input = JSON.stringify(isJsonObject(block.input) ? block.input : {});
      if (jsonTool !== undefined && block.name === jsonTool) return { type: 'text', text: input };
      return { type: 'tool_call', id: typeof block.id === 'string' ? block.id : '', name: typeof block.name === 'string' ? block.name : '', arguments: input };
    }
    case 'thinking': {
      const part: ReasoningPart = { type: 'reasoning', text: typeof block.thinking === 'string' ? block.thinking : '' };
      if (typeof block.signature === 'string' && block.signature !== '') part.signature = block.signature;
      return part;
    }
    case 'redacted_thinking':
      return typeof block.data === 'string' ? { type: 'reasoning', text: '', redactedData: block.data } : undefined;
    default:
      return undefined;
  }
}

/** The identity of an answer as the local API tells it: its `msg_…` id and the model name the client sees. */
export interface AnthropicAnswerMeta {
  id: string;
  model: string;
}

/**
 * The model's answer → Anthropic's `message`. Reasoning travels only as Anthropic can take it
 * back: signed (`thinking`) or redacted. Reasoning without a signature (another vendor's) is
 * left out: an Anthropic client sends thinking blocks back on its next turn, and Anthropic
 * refuses one without a valid signature; the client's history must stay valid for the real API.
 */
export function encodeMessagesResponse(answer: Answer, meta: AnthropicAnswerMeta, usage: Usage): JsonObject {
  const ids = new ToolIds();
  const content: AnthropicContentBlock[] = [];
  let calledTools = false;
  for (const part of answer.content) {
    if (part.type === 'reasoning') {
      const block = thinkingBlock(part);
      if (block) content.push(block);
    } else if (part.type === 'text') {
      if (part.text !== '') content.push({ type: 'text', text: part.text });
    } else {
      calledTools = true;
      content.push({ type: 'tool_use', id: ids.wire(part.id), name: part.name, input: anthropicInput(part.arguments) });
    }
  }
  const reason = stopReason(answer.finishReason, answer.stopSequence, calledTools);
  const message: AnthropicResponse = {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: reason,
    stop_sequence: reason === 'stop_sequence' ? answer.stopSequence! : null,
    usage: usageToAnthropic(usage),
  };
  return message as unknown as JsonObject;
}

/** `POST /v1/messages/count_tokens` answer. */
export function encodeCountTokensResponse(inputTokens: number): JsonObject {
  return { input_tokens: inputTokens };
}
