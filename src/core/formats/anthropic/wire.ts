/**
 * Anthropic Messages API wire shapes (`POST /v1/messages`, its SSE events, its errors), as far as
 * Tokenhub reads and writes them. Checked against Anthropic's reference and its TypeScript SDK
 * 1.10 (late 2026). Fields Tokenhub does not read are still forwarded on pass-through, so these
 * types are deliberately not exhaustive.
 */

/** `cache_control`: the prompt up to and including this block may be cached. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h' | string;
}

/** A text block (in requests, answers and the system prompt). */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
  /** On answers (and replayed answers): where the text is cited from. */
  citations?: unknown[] | null;
}

/** Image sources; `file` (Files API ids) has no translation to another vendor. */
export type AnthropicImageSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string };

/** An image in a user message or a tool result. */
export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
}

/** Document sources: a base64 PDF, plain text, a URL, custom content blocks, or a Files API id. */
export type AnthropicDocumentSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'text'; media_type: 'text/plain'; data: string }
  | { type: 'url'; url: string }
  | { type: 'content'; content: string | AnthropicTextBlock[] }
  | { type: 'file'; file_id: string };

/** A document (PDF or text) in a user message or a tool result. */
export interface AnthropicDocumentBlock {
  type: 'document';
  source: AnthropicDocumentSource;
  title?: string | null;
  context?: string | null;
  citations?: { enabled?: boolean } | null;
  cache_control?: AnthropicCacheControl;
}

/** A call of a client tool by the model; `input` is the arguments object. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  /** Must match `^[a-zA-Z0-9_-]+$`. */
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

/** What a tool result may hold. */
export type AnthropicToolResultContent = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

/** The result of one call, in the user message after the call. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | AnthropicToolResultContent[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** The model's thinking and the signature that authenticates it (sent back unchanged). */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/** Thinking that was redacted: encrypted data only (sent back unchanged). */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** The blocks Tokenhub writes into requests and answers. */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

/** A turn as Tokenhub sends it: the system prompt goes top-level. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
}

/** A custom (client-run) tool. Server tools have a `type` such as `web_search_20250305`. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  strict?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** Whether and which tool the model must call. */
export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** `thinking`: a budget (`enabled`), the model's own measure (`adaptive`), or none. */
export type AnthropicThinking =
  | { type: 'enabled'; budget_tokens: number; display?: 'summarized' | 'omitted' | null }
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' | null }
  | { type: 'disabled' };

/** `output_config.effort` values (`max` only on some models). */
export type AnthropicEffort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** `output_config`: the effort, and the answer's JSON schema. */
export interface AnthropicOutputConfig {
  effort?: AnthropicEffort;
  /** Structured outputs (GA): the answer's text is JSON matching `schema`. */
  format?: { type: 'json_schema'; schema: Record<string, unknown> };
}

/** `POST {base}/v1/messages` body, as Tokenhub encodes it from the model. */
export interface AnthropicRequest {
  model: string;
  messages: AnthropicMessage[];
  /** Required by Anthropic. */
  max_tokens: number;
  system?: string | AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinking;
  output_config?: AnthropicOutputConfig;
  metadata?: { user_id?: string };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

/** Token counts. `input_tokens` EXCLUDES cached reads and writes; in streams the counts are cumulative. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  /** Newer answers: the output tokens spent thinking. */
  output_tokens_details?: { thinking_tokens?: number } | null;
}

/** Why generation stopped. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

/** A non-streamed answer (`type: "message"`). */
export interface AnthropicResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** The `data:` of each stream event, by `type` (the `event:` line carries the same name). */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicResponse }
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null }; usage: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: { type: string; message: string } };

/** A `content_block_delta`'s `delta`, by block type. */
export type AnthropicDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'citations_delta'; citation: unknown };

/** An error body: `{type:"error", error:{type, message}}`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}
