import type { Answer, AnswerPart } from '../../model/answer';
import type { JsonObject } from '../../model/content';
import type { FinishReason } from '../../model/events';
import type { Usage } from '../../model/usage';
import { isJsonObject } from '../codec';
import { encodeUsage } from './usage';
import type { WireError, WireOutputText, WireStatus } from './wire';

/**
 * The model's answer → a complete Responses `response` object, as OpenAI returns it: every
 * field the official SDK reads, the request's settings echoed, output items with ids of their
 * own (`msg_…`, `fc_…`, `rs_…`, made from the response id and the item's position, so the
 * streamed and the whole form of one answer agree; a reasoning item keeps the id its
 * encrypted content is bound to). `output_text` is the SDK's own and is not sent.
 */

/** The request settings a response repeats (OpenAI's defaults where the client set none). */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  prompt_cache_key: string | null;
  reasoning: { effort: unknown; summary: unknown };
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number;
  text: { format: unknown; verbosity: unknown };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  user: string | null;
  metadata: JsonObject;
}

/** What the surface knows of the response it serves. */
export interface ResponsesMeta {
  /** Tokenhub's id for the response (`resp_…`). */
  id: string;
  /** The model name the client sees. */
  model: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds; `createdAt` when not given. */
  completedAt?: number;
  /** `responsesEcho` of the client's body. */
  request: ResponsesEcho;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The settings of a client's Responses body that its response repeats. */
export function responsesEcho(body: Readonly<JsonObject>): ResponsesEcho {
  const reasoning = isJsonObject(body.reasoning) ? body.reasoning : {};
  const format = isJsonObject(body.text) ? body.text : {};
  return {
    instructions: text(body.instructions),
    max_output_tokens: number(body.max_output_tokens),
    max_tool_calls: number(body.max_tool_calls),
    parallel_tool_calls: typeof body.parallel_tool_calls === 'boolean' ? body.parallel_tool_calls : true,
    previous_response_id: text(body.previous_response_id),
    prompt_cache_key: text(body.prompt_cache_key),
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? reasoning.generate_summary ?? null },
    safety_identifier: text(body.safety_identifier),
    service_tier: text(body.service_tier) ?? 'default',
    store: typeof body.store === 'boolean' ? body.store : true,
    temperature: number(body.temperature) ?? 1,
    text: { format: isJsonObject(format.format) ? format.format : { type: 'text' }, verbosity: format.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_logprobs: number(body.top_logprobs) ?? 0,
    top_p: number(body.top_p) ?? 1,
    truncation: body.truncation === 'auto' ? 'auto' : 'disabled',
    user: text(body.user),
    metadata: isJsonObject(body.metadata) ? body.metadata : {},
  };
}

/** The id of the output item at `position`: `msg_<response id without resp_>_<position>`. */
export function outputItemId(responseId: string, prefix: 'msg' | 'fc' | 'rs', position: number): string {
  const base = responseId.startsWith('resp_') ? responseId.slice('resp_'.length) : responseId;
  return `${prefix}_${base}_${position}`;
}

export type ItemStatus = 'in_progress' | 'completed';

export function outputTextPart(value: string): WireOutputText {
  return { type: 'output_text', annotations: [], logprobs: [], text: value };
}

export function messageItem(id: string, status: ItemStatus, content: WireOutputText[]): JsonObject {
  return { id, type: 'message', status, content, role: 'assistant' };
}

export function functionCallItem(id: string, status: ItemStatus, callId: string, name: string, args: string): JsonObject {
  return { id, type: 'function_call', status, arguments: args, call_id: callId, name };
}

export function reasoningItem(id: string, summary: string, encryptedContent: string | undefined): JsonObject {
  return {
    id,
    type: 'reasoning',
    ...(encryptedContent !== undefined && { encrypted_content: encryptedContent }),
    summary: summary === '' ? [] : [{ type: 'summary_text', text: summary }],
  };
}

/** A call's arguments as clients expect them: `{}` for a tool without parameters, never ''. */
export function argumentsText(value: string): string {
  return value.trim() === '' ? '{}' : value;
}

/** One answer part as the completed output item at `position`. */
export function outputItem(part: AnswerPart, responseId: string, position: number): JsonObject {
  switch (part.type) {
    case 'text':
      return messageItem(outputItemId(responseId, 'msg', position), 'completed', [outputTextPart(part.text)]);
    case 'tool_call':
      return functionCallItem(outputItemId(responseId, 'fc', position), 'completed', part.id, part.name, argumentsText(part.arguments));
    case 'reasoning':
      return reasoningItem(part.itemId ?? outputItemId(responseId, 'rs', position), part.text, part.encryptedContent);
  }
}

/** How a finish reason is told: `length` and `content_filter` end a response as incomplete. */
export function statusOf(reason: FinishReason | null): { status: 'completed' | 'incomplete'; incompleteDetails: JsonObject | null } {
  if (reason === 'length') return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  return { status: 'completed', incompleteDetails: null };
}

/** The state of a response object at one moment of its life. */
export interface ResponseState {
  status: WireStatus;
  output: readonly JsonObject[];
  usage?: Usage;
  incompleteDetails?: JsonObject | null;
  error?: WireError | null;
}

/** A whole `response` object, its fields in OpenAI's order. */
export function responseObject(meta: ResponsesMeta, state: ResponseState): JsonObject {
  const echo = meta.request;
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.createdAt,
    status: state.status,
    background: false,
    completed_at: state.status === 'completed' ? (meta.completedAt ?? meta.createdAt) : null,
    error: state.error ?? null,
    incomplete_details: state.incompleteDetails ?? null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    max_tool_calls: echo.max_tool_calls,
    model: meta.model,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: echo.previous_response_id,
    prompt_cache_key: echo.prompt_cache_key,
    reasoning: echo.reasoning,
    safety_identifier: echo.safety_identifier,
    service_tier: echo.service_tier,
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_logprobs: echo.top_logprobs,
    top_p: echo.top_p,
    truncation: echo.truncation,
    usage: state.usage ? encodeUsage(state.usage) : null,
    user: echo.user,
    metadata: echo.metadata,
  };
}

/** An answer as the complete `response` object; `usage` (an estimate, say) replaces the answer's. */
export function encodeResponsesResponse(answer: Answer, meta: ResponsesMeta, usage: Usage | undefined = answer.usage): JsonObject {
  const output = answer.content.map((part, position) => outputItem(part, meta.id, position));
  const { status, incompleteDetails } = statusOf(answer.finishReason);
  return responseObject(meta, { status, output, usage, incompleteDetails });
}
