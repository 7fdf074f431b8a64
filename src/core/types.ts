/**
 * Tokenhub's canonical request/response shapes. Every provider adapter translates its wire
 * format to and from these; nothing above the adapters sees a provider's own shapes.
 */

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** What a model can do; declared once, with the message model. */
export type { Capability } from './model/request';

export type ProviderType = 'openai' | 'anthropic' | 'vllm';

interface RequestCommon {
  /** Completion tokens requested; adapters that need one (Anthropic) pick a default when absent. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
}

/** A chat request: an ordered list of messages. */
export interface ChatRequest extends RequestCommon {
  kind: 'chat';
  messages: ChatMessage[];
}

/** A legacy completion request: one prompt string. */
export interface CompletionRequest extends RequestCommon {
  kind: 'completion';
  prompt: string;
}

export type CanonicalRequest = ChatRequest | CompletionRequest;

/** Why generation stopped, in OpenAI's vocabulary (each adapter maps its own through a table). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** True when the provider reported nothing and Tokenhub estimated the counts. */
  estimated?: boolean;
}

/** A whole (non-streamed) answer from one provider. */
export interface CanonicalResponse {
  id: string;
  /** The model name the provider says answered. */
  providerModel: string;
  text: string;
  finishReason: FinishReason | null;
  usage?: Usage;
}

/** One piece of a streamed answer. */
export type CanonicalChunk =
  /** Generated text, in order. */
  | { type: 'delta'; text: string }
  /** Generation ended for this reason. */
  | { type: 'finish'; finishReason: FinishReason | null }
  /** Token counts; Anthropic's are cumulative, so the last `usage` chunk wins. */
  | { type: 'usage'; usage: Usage };
