import type { JsonObject, Message } from './content';
import type { FieldIssue } from './fields';

/**
 * What a model can do. A request needs the capabilities its content uses (`needs`); the router
 * considers only models that have them all. `code` is kept from the first configs (a hint, never
 * needed by a request).
 */
export type Capability = 'chat' | 'completion' | 'embedding' | 'code' | 'tools' | 'vision' | 'json' | 'reasoning';

export const CAPABILITIES: readonly Capability[] = ['chat', 'completion', 'embedding', 'code', 'tools', 'vision', 'json', 'reasoning'];

/** The wire formats Tokenhub speaks, as a client (to providers) and as a server (to clients). */
export type WireFormat = 'openai-chat' | 'openai-completions' | 'anthropic-messages' | 'openai-responses';

/** A tool the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object (`{type:"object", properties…}`). */
  parameters: JsonObject;
  /** OpenAI `strict`: the arguments must match the schema exactly. */
  strict?: boolean;
  cache?: { type: 'ephemeral'; ttl?: string };
}

/** Whether and which tool the model must call. */
export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  /** Some tool must be called (OpenAI `required`, Anthropic `any`). */
  | { type: 'required' }
  /** This tool must be called. */
  | { type: 'tool'; name: string };

/** The shape of the answer's text. */
export type ResponseFormat =
  | { type: 'text' }
  /** Any JSON object (OpenAI JSON mode). */
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: JsonObject; strict?: boolean; description?: string };

/** OpenAI's reasoning efforts (`none` and `xhigh` on the newest models). */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/**
 * How much the model should reason. OpenAI speaks in efforts, Anthropic in token budgets (or an
 * adaptive mode with an effort); the codecs map one to the other by the documented table in
 * formats/reasoning.ts.
 */
export interface ReasoningOptions {
  effort?: ReasoningEffort;
  /** Anthropic `thinking.budget_tokens`. */
  budgetTokens?: number;
  /** Anthropic adaptive thinking: the model decides how much (with `effort` as a guide). */
  adaptive?: boolean;
  /** Responses `reasoning.summary`: what summary of the reasoning to return. */
  summary?: 'auto' | 'concise' | 'detailed';
}

/** Sampling and length options the formats share (each codec maps them to its own names). */
export interface SamplingOptions {
  /** Completion tokens; codecs that need one (Anthropic) pick a default when absent. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Anthropic and vLLM `top_k`; OpenAI has none. */
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** OpenAI `logit_bias`: token id (as a string) → bias. */
  logitBias?: Record<string, number>;
  /** Return log probabilities of the output tokens (OpenAI `logprobs`). */
  logprobs?: boolean;
  topLogprobs?: number;
  /** Choices to generate; only 1 crosses formats. */
  n?: number;
  /** The end user, for the provider's abuse monitoring (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
}

/**
 * The client's own request, kept for same-format pass-through: when the provider speaks `format`,
 * `body` is forwarded with only the fields Tokenhub sets itself replaced (model, stream, usage
 * reporting), so vendor extensions and fields Tokenhub does not know reach the provider unchanged.
 * When the provider speaks another format, the request is encoded from the model instead, and
 * `untranslated` says what of `body` the model could not carry.
 */
export interface RequestOrigin {
  format: WireFormat;
  body: Readonly<JsonObject>;
  /** Client headers to forward to a provider of the same format (`anthropic-beta`, `anthropic-version`). */
  headers?: Readonly<Record<string, string>>;
  /** Fields of `body` with no place in the model: left out (named) or refused for other formats. */
  untranslated: readonly FieldIssue[];
}

/** A chat request: an ordered conversation, tools, and options. */
export interface ChatRequest extends SamplingOptions {
  kind: 'chat';
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** False: at most one tool call per turn (Anthropic `disable_parallel_tool_use`). */
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningOptions;
  origin?: RequestOrigin;
}

/** A legacy completion request: one prompt string. */
export interface CompletionRequest extends SamplingOptions {
  kind: 'completion';
  prompt: string;
  origin?: RequestOrigin;
}

export type ModelRequest = ChatRequest | CompletionRequest;

/**
 * The capabilities a request uses, besides its kind: tools (offered, or called in earlier turns)
 * need `tools`, images (anywhere, tool results included) `vision`, a JSON answer `json`,
 * asked-for reasoning `reasoning`. Earlier turns' reasoning needs nothing: it is left out where
 * it means nothing.
 */
export function needs(request: ModelRequest): Capability[] {
  const out: Capability[] = [request.kind];
  if (request.kind !== 'chat') return out;
  const parts = partTypes(request.messages);
  if ((request.tools && request.tools.length > 0) || parts.has('tool_call') || parts.has('tool_result')) out.push('tools');
  if (parts.has('image')) out.push('vision');
  const format = request.responseFormat?.type;
  if (format === 'json_object' || format === 'json_schema') out.push('json');
  const reasoning = request.reasoning;
  if (reasoning && reasoning.effort !== 'none' && (reasoning.effort !== undefined || reasoning.budgetTokens !== undefined || reasoning.adaptive)) {
    out.push('reasoning');
  }
  return out;
}

/** Every part type in the conversation, those inside tool results included. */
function partTypes(messages: readonly Message[]): Set<string> {
  const types = new Set<string>();
  for (const message of messages) {
    for (const part of message.content) {
      types.add(part.type);
      if (part.type === 'tool_result') for (const inner of part.content) types.add(inner.type);
    }
  }
  return types;
}
