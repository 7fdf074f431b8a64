/** Anthropic Messages API wire shapes (WIRE.md), as far as Tokenhub reads and writes them. */

/** A turn as sent: only `user` and `assistant`; the system prompt is top-level. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** `POST {base}/v1/messages` body. */
export interface AnthropicRequest {
  model: string;
  messages: AnthropicMessage[];
  system?: string;
  /** Required by Anthropic. */
  max_tokens: number;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

/** Token counts; in streams `output_tokens` is cumulative. Cache fields count as prompt. */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** A content block; text clients read only `text` blocks. */
export interface AnthropicContentBlock {
  type: string;
  text?: string;
}

/** A non-streamed answer (`type: "message"`). */
export interface AnthropicResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage: AnthropicUsage;
}

/** The `data:` of each stream event, by `type`. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: Partial<AnthropicResponse> & { usage?: AnthropicUsage } }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: { type: string; text?: string } }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason?: string | null }; usage?: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: { type: string; message: string } };
