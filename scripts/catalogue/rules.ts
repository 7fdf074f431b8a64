// The curated half of the catalogue: which models of @pydantic/genai-prices are in it, and what
// the data does not say (largest output, weight, capabilities, embedding dimensions, the data's
// date). generate.ts holds the rule that applies these tables; its header says why each exists.
import type { Capability } from '../../src/core/model/request';
import type { ProviderType } from '../../src/core/providers/adapter';

/**
 * The date of the data in each package version. The bundled data carries no timestamp of its own,
 * so its date is the version's publication date (`npm view @pydantic/genai-prices time`); the
 * generator refuses a version missing here, so an upgrade records the new date.
 */
export const DATA_DATES: Readonly<Record<string, string>> = {
  '0.1.8': '2026-09-23',
};

/** The day the lifecycle facts in EXCLUDED (deprecations, shutdowns) were last checked. */
export const LIFECYCLE_CHECKED = '2026-12-03';

/** A chat model, or an embedding model (prompt in, vector out). */
export type ModelKind = 'chat' | 'embedding';

/** One catalogued model: what the data lacks. */
export interface IncludedModel {
  kind: ModelKind;
  /** Preference 0–100 (the score is weight − cost_per_1k × 10); see WEIGHTS in generate.ts's header. */
  weight: number;
  /** Largest completion, from the provider's model page (chat models only). */
  maxOutputTokens?: number;
  /** Context window to use only when the data has none. */
  contextFallback?: number;
  /** Default vector length (embedding models only). */
  embeddingDimensions?: number;
}

/**
 * Included models by provider and data id (the data's `id` is the provider's own model name).
 * Max output: OpenAI's model pages give 128,000 for every GPT-5.2 and later model; Anthropic's
 * models overview gives 128,000 for Opus 4.6 and later, Sonnet 5 and Fable 5, and 64,000 for Opus
 * 4.5, Sonnet 4.5 and 4.6 and Haiku 4.5.
 */
export const INCLUDED: Readonly<Record<'openai' | 'anthropic', Readonly<Record<string, IncludedModel>>>> = {
  openai: {
    'gpt-6-astra': { kind: 'chat', weight: 96, maxOutputTokens: 128_000 },
    'gpt-6-sol': { kind: 'chat', weight: 94, maxOutputTokens: 128_000 },
    'gpt-6-luna': { kind: 'chat', weight: 80, maxOutputTokens: 128_000 },
    'gpt-5.6-sol': { kind: 'chat', weight: 93, maxOutputTokens: 128_000 },
    'gpt-5.6-terra': { kind: 'chat', weight: 89, maxOutputTokens: 128_000 },
    'gpt-5.6-luna': { kind: 'chat', weight: 76, maxOutputTokens: 128_000 },
    'gpt-5.5': { kind: 'chat', weight: 91, maxOutputTokens: 128_000 },
    'gpt-5.4': { kind: 'chat', weight: 88, maxOutputTokens: 128_000 },
    'gpt-5.4-mini': { kind: 'chat', weight: 78, maxOutputTokens: 128_000 },
    'gpt-5.2': { kind: 'chat', weight: 85, maxOutputTokens: 128_000 },
    // Auto prefers 3-small: the usual default, and as long as ada-002's vectors (1536).
    'text-embedding-3-small': { kind: 'embedding', weight: 60, embeddingDimensions: 1536 },
    'text-embedding-3-large': { kind: 'embedding', weight: 58, embeddingDimensions: 3072 },
    'text-embedding-ada-002': { kind: 'embedding', weight: 40, embeddingDimensions: 1536 },
  },
  anthropic: {
    'claude-fable-5-1': { kind: 'chat', weight: 97, maxOutputTokens: 128_000 },
    'claude-fable-5': { kind: 'chat', weight: 95, maxOutputTokens: 128_000 },
    'claude-opus-5-5': { kind: 'chat', weight: 96, maxOutputTokens: 128_000 },
    'claude-opus-5': { kind: 'chat', weight: 94, maxOutputTokens: 128_000 },
    'claude-opus-4-8': { kind: 'chat', weight: 92, maxOutputTokens: 128_000 },
    'claude-opus-4-7': { kind: 'chat', weight: 90, maxOutputTokens: 128_000 },
    'claude-opus-4-6': { kind: 'chat', weight: 89, maxOutputTokens: 128_000 },
    'claude-opus-4-5': { kind: 'chat', weight: 87, maxOutputTokens: 64_000 },
    'claude-sonnet-5': { kind: 'chat', weight: 91, maxOutputTokens: 128_000 },
    'claude-sonnet-4-6': { kind: 'chat', weight: 88, maxOutputTokens: 64_000 },
    'claude-sonnet-4-5': { kind: 'chat', weight: 85, maxOutputTokens: 64_000 },
    'claude-haiku-4-5': { kind: 'chat', weight: 76, maxOutputTokens: 64_000 },
  },
};

/**
 * Capabilities by provider and kind. Every included chat model takes tools, images, JSON output
 * and reasoning (each provider's model pages; GPT-5.4 and later take function tools on Chat
 * Completions only without an explicit reasoning effort, which the OpenAI codec must respect).
 * `completion`: OpenAI serves its chat models on /v1/chat/completions only (/v1/completions
 * answers "This is a chat model and not supported"), so no catalogued OpenAI model has it;
 * Tokenhub sends a completion to Anthropic as a one-user-message chat (WIRE.md), so every Claude
 * model has it. `code` is the first configs' hint, kept for every chat model.
 */
export const CAPABILITY_RULES: Readonly<Record<'openai' | 'anthropic', Readonly<Record<ModelKind, readonly Capability[]>>>> = {
  openai: {
    chat: ['chat', 'code', 'tools', 'vision', 'json', 'reasoning'],
    embedding: ['embedding'],
  },
  anthropic: {
    chat: ['chat', 'completion', 'code', 'tools', 'vision', 'json', 'reasoning'],
    embedding: ['embedding'],
  },
};

/** Why data models are left out: exact ids, or a pattern for a whole kind. */
export interface Exclusion {
  ids?: readonly string[];
  pattern?: RegExp;
  reason: string;
}

const OPENAI_DEPRECATIONS = 'developers.openai.com/api/docs/deprecations';
const ANTHROPIC_DEPRECATIONS = 'platform.claude.com/docs/en/about-claude/model-deprecations';

/** Every data model of the two providers that is not INCLUDED is named here, with the reason. */
export const EXCLUDED: Readonly<Record<'openai' | 'anthropic', readonly Exclusion[]>> = {
  openai: [
    { pattern: /^ft:|\.ft-$/, reason: 'a fine-tune: only its owner can call it' },
    {
      pattern: /audio|realtime|transcribe|tts|whisper|moderation|image|search-preview|^computer-use$/,
      reason: 'not a text chat model (audio, realtime, speech, image, moderation, search or computer use)',
    },
    { pattern: /-pro$|codex|deep-research/, reason: 'served on the Responses API only, not on /v1/chat/completions' },
    { ids: ['gpt-oss-120b', 'gpt-oss-20b', 'gpt-oss-safeguard-20b', 'gpt-chat-latest'], reason: 'priced from OpenRouter, not OpenAI\'s own API (serve gpt-oss from a vLLM provider)' },
    { ids: ['ada', 'babbage', 'curie', 'davinci', 'text-davinci-002', 'text-davinci-003'], reason: 'GPT-3 completion models, shut down on 2024-01-04' },
    {
      ids: ['gpt-3.5-0301', 'gpt-3.5-turbo', 'gpt-3.5-turbo-0613', 'gpt-3.5-turbo-1106', 'gpt-3.5-turbo-16k', 'gpt-3.5-turbo-instruct', 'gpt-4', 'gpt-4-32k', 'gpt-4-turbo', 'gpt-4-vision-preview'],
      reason: `the GPT-3.5 and GPT-4 generations: shut down (gpt-3.5-turbo, gpt-4 and gpt-4-turbo on 2026-10-23), ${OPENAI_DEPRECATIONS}`,
    },
    { ids: ['gpt-4.5-preview'], reason: `shut down on 2025-07-14, ${OPENAI_DEPRECATIONS}` },
    { ids: ['o1-preview', 'o1-mini'], reason: `shut down in 2025 (2025-07-28, 2025-10-27), ${OPENAI_DEPRECATIONS}` },
    { ids: ['chatgpt-4o-latest'], reason: `shut down on 2026-02-17, ${OPENAI_DEPRECATIONS}` },
    { ids: ['gpt-5.3'], reason: `gpt-5.3-chat-latest, shut down on 2026-08-10, ${OPENAI_DEPRECATIONS}` },
    { ids: ['o1', 'o3-mini', 'o4-mini', 'gpt-4.1-nano', 'gpt-4o-2024-05-13'], reason: `shut down on 2026-10-23, ${OPENAI_DEPRECATIONS}` },
    { ids: ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'o3'], reason: `deprecated on 2026-06-11, shut down on 2026-12-11, ${OPENAI_DEPRECATIONS}` },
    { ids: ['gpt-4o', 'gpt-4o-mini', 'gpt-4o:extended', 'gpt-4.1', 'gpt-4.1-mini'], reason: `deprecated on 2026-10-14, shut down on 2027-01-14, ${OPENAI_DEPRECATIONS}` },
    { ids: ['gpt-5.1', 'gpt-5.4-nano'], reason: `deprecated, shut down on 2027-04-01, ${OPENAI_DEPRECATIONS}` },
  ],
  anthropic: [
    { ids: ['claude-v1'], reason: `retired on 2024-11-06, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-2', 'claude-3-sonnet'], reason: `retired on 2025-07-21, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-3-5-sonnet'], reason: `retired on 2025-10-22, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-3-opus-latest'], reason: `retired on 2026-01-05, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-3-7-sonnet-latest', 'claude-3-5-haiku-latest'], reason: `retired on 2026-02-19, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-3-haiku'], reason: `retired on 2026-04-20, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-opus-4-0', 'claude-sonnet-4-0'], reason: `retired on 2026-06-15, ${ANTHROPIC_DEPRECATIONS}` },
    { ids: ['claude-opus-4-1'], reason: `retired on 2026-08-05, ${ANTHROPIC_DEPRECATIONS}` },
  ],
};

/** The provider types the catalogue covers (vLLM's models come from its config). */
export const CATALOGUED: readonly Extract<ProviderType, 'openai' | 'anthropic'>[] = ['anthropic', 'openai'];
