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
 * data: its default base URL, the `max_tokens` field that older vLLM (and most small compatible
 * servers) know, `top_k` and its other sampling extensions, `reasoning_content` / `reasoning`,
 * and `choices: null` in the usage chunk (all in the OpenAI codec's dialect rules).
 */
export const VLLM_DIALECT: OpenAIDialect = { type: 'vllm', defaultBaseUrl: 'http://127.0.0.1:8000/v1' };

/** A vLLM (or other OpenAI-compatible) provider; sends a bearer token only when a key is set. */
export function createVllmAdapter(name: string, baseUrl: string | undefined, options: TransportOptions = {}): ProviderAdapter {
  return new OpenAICompatibleAdapter(name, VLLM_DIALECT, baseUrl, options);
}
