import type { ProviderAdapter } from '../adapter';
import type { TransportOptions } from '../common/http';
import type { OpenAIDialect } from '../openai/adapter';
import { OpenAICompatibleAdapter } from '../openai/adapter';

/**
 * vLLM speaks OpenAI's shapes with its own error dialect: legacy
 * `{"object":"error","message","type":"BadRequestError","code":400}` and the current
 * `{"error":{"message","type":"BadRequestError","code":400}}`, with overflow said only in words
 * (no `context_length_exceeded` code) that changed between versions. The shared classifier reads
 * both shapes and the overflow matcher reads the words, so vLLM differs from OpenAI only in
 * data: its default base URL, its `max_tokens` field, and `choices: null` in the usage chunk
 * (handled by the shared stream transform).
 */
export const VLLM_DIALECT: OpenAIDialect = {
  type: 'vllm',
  defaultBaseUrl: 'http://127.0.0.1:8000/v1',
  // Older vLLM (and most small compatible servers) know only `max_tokens`.
  maxTokensField: 'max_tokens',
};

/** A vLLM (or other OpenAI-compatible) provider; sends a bearer token only when a key is set. */
export function createVllmAdapter(name: string, baseUrl: string | undefined, options: TransportOptions = {}): ProviderAdapter {
  return new OpenAICompatibleAdapter(name, VLLM_DIALECT, baseUrl, options);
}
