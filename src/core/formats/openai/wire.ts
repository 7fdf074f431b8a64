/**
 * OpenAI's Chat Completions and legacy Completions wire shapes (WIRE.md), as far as Tokenhub
 * reads and writes them; the OpenAI reference (and its SDK's types) is the source. vLLM and other
 * OpenAI-compatible servers use the same shapes, with their differences noted inline. Decoders
 * never trust these types: every value from outside is checked before it is read.
 */

/** A cache breakpoint on a content part (newer OpenAI models: the end of a reusable prefix). */
export interface OpenAIPromptCacheBreakpoint {
  mode: 'explicit';
  ttl?: string;
}

/** Text, in any message. */
export interface OpenAITextPart {
  type: 'text';
  text: string;
  prompt_cache_breakpoint?: OpenAIPromptCacheBreakpoint;
}

/** An image in a user message; `url` is `https://…` or `data:image/png;base64,…`. */
export interface OpenAIImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' | 'original' };
  prompt_cache_breakpoint?: OpenAIPromptCacheBreakpoint;
}

/** A PDF, inline (`file_data` is a `data:application/pdf;base64,…` URL) or uploaded (`file_id`). */
export interface OpenAIFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  prompt_cache_breakpoint?: OpenAIPromptCacheBreakpoint;
}

/** Audio input (gpt-4o-audio models); no other format carries it. */
export interface OpenAIAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

/** A refusal the model gave in an earlier assistant turn. */
export interface OpenAIRefusalPart {
  type: 'refusal';
  refusal: string;
}

/** What a user message may hold. */
export type OpenAIUserPart = OpenAITextPart | OpenAIImagePart | OpenAIFilePart | OpenAIAudioPart;

/** A call the model made; `arguments` is JSON text (`"{}"` for a tool without parameters). */
export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** Instructions; `developer` is the newer name OpenAI's reasoning models use. */
export interface OpenAISystemMessage {
  role: 'system' | 'developer';
  content: string | OpenAITextPart[];
  name?: string;
}

/** What the user said. */
export interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIUserPart[];
  name?: string;
}

/** An earlier answer, sent back as part of the conversation. */
export interface OpenAIAssistantMessage {
  role: 'assistant';
  /** Null when the turn only called tools. */
  content: string | (OpenAITextPart | OpenAIRefusalPart)[] | null;
  refusal?: string | null;
  tool_calls?: OpenAIToolCall[];
  name?: string;
  /** OpenAI-compatible servers' reasoning text (vLLM, DeepSeek, llama.cpp); newer vLLM says `reasoning`. */
  reasoning_content?: string;
  reasoning?: string;
}

/** One tool result; each result of a turn is its own message. */
export interface OpenAIToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: string | OpenAITextPart[];
}

/** A message of a chat request. */
export type OpenAIMessage = OpenAISystemMessage | OpenAIUserMessage | OpenAIAssistantMessage | OpenAIToolMessage;

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface OpenAIFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

/** Whether and which tool the model must call. */
export type OpenAIToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  /** Restricts the offered tools to a subset, with `auto` or `required`. */
  | { type: 'allowed_tools'; allowed_tools: { mode: 'auto' | 'required'; tools: { type: 'function'; function: { name: string } }[] } };

/** The shape of the answer's text (JSON mode, structured outputs). */
export type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null } };

/** Sampling fields that chat and completion bodies share. */
interface OpenAISampling {
  model: string;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Record<string, number>;
  n?: number;
  user?: string;
  stream?: boolean;
  /** Tokenhub always asks for usage on streams. */
  stream_options?: { include_usage?: boolean };
  /** vLLM only; OpenAI has none. */
  top_k?: number;
}

/** `POST {base}/chat/completions`. */
export interface OpenAIChatRequest extends OpenAISampling {
  messages: OpenAIMessage[];
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAIResponseFormat;
  /** OpenAI takes every effort of its models; vLLM only `low`, `medium` and `high`. */
  reasoning_effort?: string;
  /** What OpenAI's newer models require. */
  max_completion_tokens?: number;
  /** Deprecated at OpenAI; what vLLM and older servers read. */
  max_tokens?: number;
  logprobs?: boolean;
  top_logprobs?: number;
}

/** `POST {base}/completions`. */
export interface OpenAICompletionRequest extends OpenAISampling {
  prompt: string;
  max_tokens?: number;
  /** The number of most likely tokens to return log probabilities for (0 to 5). */
  logprobs?: number;
}

/** The `usage` object of answers and of the last stream chunk. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** `cached_tokens` are included in `prompt_tokens`. */
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; audio_tokens?: number } | null;
  /** `reasoning_tokens` are included in `completion_tokens`. */
  completion_tokens_details?: { reasoning_tokens?: number; accepted_prediction_tokens?: number; rejected_prediction_tokens?: number } | null;
}

/** The message of a non-streamed answer. */
export interface OpenAIResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: OpenAIToolCall[];
  reasoning_content?: string;
  /** Newer vLLM. */
  reasoning?: string;
}

/** A non-streamed chat answer. */
export interface OpenAIChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: OpenAIResponseMessage; logprobs: unknown; finish_reason: string | null }[];
  usage?: OpenAIUsage;
}

/** A non-streamed legacy completion. */
export interface OpenAICompletionResponse {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { index: number; text: string; logprobs: unknown; finish_reason: string | null }[];
  usage?: OpenAIUsage;
}

/** One fragment of a streamed tool call: the first has `id` and `function.name`, the rest `arguments` only. */
export interface OpenAIToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** The choice of one stream chunk. */
export interface OpenAIChunkChoice {
  index: number;
  delta?: {
    role?: string;
    content?: string | null;
    refusal?: string | null;
    reasoning_content?: string | null;
    reasoning?: string | null;
    tool_calls?: OpenAIToolCallDelta[];
  };
  /** Legacy completions stream `text` instead of `delta`. */
  text?: string;
  logprobs?: unknown;
  finish_reason: string | null;
}

/**
 * One `data:` payload of a stream, chat (`chat.completion.chunk`) or legacy (`text_completion`).
 * The usage chunk has `choices: []` (vLLM may send `null`); a server failing mid-stream sends
 * `{error: {...}}` (legacy vLLM `{object: "error", message, …}`) instead.
 */
export interface OpenAIStreamChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: OpenAIChunkChoice[] | null;
  usage?: OpenAIUsage | null;
  error?: unknown;
}
