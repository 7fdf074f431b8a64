/** The provider types Tokenhub speaks to (DESIGN.md "Configuration" `providers[].type`). */
export type ProviderType = 'openai' | 'anthropic' | 'vllm';

export type { Capability } from './model/request';
export type { FinishReason } from './model/events';
export type { Usage } from './model/usage';
