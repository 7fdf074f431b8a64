import type { ProviderAdapter, ProviderConfig } from './adapter';
import { AnthropicAdapter } from './anthropic/adapter';
import type { AnthropicOptions } from './anthropic/adapter';
import { OPENAI_DIALECT, OpenAICompatibleAdapter } from './openai/adapter';
import { createVllmAdapter } from './vllm/adapter';

/**
 * Options for every adapter the factory makes: connection and read limits (see TransportOptions;
 * the per-attempt timeouts are the router's, passed as the abort signal) and Anthropic's default
 * `max_tokens`.
 */
export type ProviderAdapterOptions = AnthropicOptions;

/** Makes the adapter for a configured provider; one undici pool per adapter, closed by `close()`. */
export function createProviderAdapter(config: ProviderConfig, options: ProviderAdapterOptions = {}): ProviderAdapter {
  switch (config.type) {
    case 'openai':
      return new OpenAICompatibleAdapter(config.name, OPENAI_DIALECT, config.baseUrl, { ...options, ...(config.responses === false && { responses: false }) });
    case 'anthropic':
      return new AnthropicAdapter(config.name, config.baseUrl, options);
    case 'vllm':
      return createVllmAdapter(config.name, config.baseUrl, options);
  }
}
