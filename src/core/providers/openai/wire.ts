/**
 * OpenAI's wire shapes (WIRE.md), as far as Tokenhub reads and writes them. vLLM and other
 * OpenAI-compatible servers use the same shapes with small differences noted inline.
 */

/** A chat message as sent. */
export interface OpenAIMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

/** Fields common to chat and completion request bodies. */
interface OpenAIRequestCommon {
  model: string;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  stream?: boolean;
  /** Always `{include_usage: true}` on streams, so usage is known even when streaming. */
  stream_options?: { include_usage: boolean };
}

/** `POST {base}/chat/completions` body. */
export interface OpenAIChatRequest extends OpenAIRequestCommon {
  messages: OpenAIMessage[];
  /** Older servers (vLLM before 0.6) know only this one. */
  max_tokens?: number;
  /** What OpenAI's newer models require instead of `max_tokens`. */
  max_completion_tokens?: number;
}

/** `POST {base}/completions` body. */
export interface OpenAICompletionRequest extends OpenAIRequestCommon {
  prompt: string;
  max_tokens?: number;
}

/** The `usage` object of responses and of the final stream chunk. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
}

/** A non-streamed chat answer (`object: "chat.completion"`). */
export interface OpenAIChatResponse {
  id: string;
  object?: string;
  model: string;
  choices: { index: number; message: { role: string; content: string | null }; finish_reason: string | null }[];
  usage?: OpenAIUsage | null;
}

/** A non-streamed completion answer (`object: "text_completion"`). */
export interface OpenAICompletionResponse {
  id: string;
  object?: string;
  model: string;
  choices: { index: number; text: string; finish_reason: string | null }[];
  usage?: OpenAIUsage | null;
}

/**
 * One `data:` chunk of a stream, chat or completion. The usage chunk has `choices: []` (vLLM
 * may send `null`); a server failing mid-stream sends `{error: {...}}` instead.
 */
export interface OpenAIStreamChunk {
  id?: string;
  object?: string;
  model?: string;
  choices?: { index: number; delta?: { role?: string; content?: string | null }; text?: string; finish_reason: string | null }[] | null;
  usage?: OpenAIUsage | null;
  error?: unknown;
}
