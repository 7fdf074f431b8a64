import type { JsonObject } from '../../model/content';
import type { FieldAction, FieldIssue } from '../../model/fields';
import { own } from '../codec';

/**
 * The fields of an OpenAI-format body that the model does not carry, and what happens to each
 * when the provider speaks another format (DESIGN.md "Messages: what passes through"): `drop`
 * for an optional feature whose absence still leaves a valid answer, `refuse` for one that
 * changes what the answer means. Same-format pass-through forwards all of them unchanged.
 */

/** Fields the model carries (decoded into ChatRequest / CompletionRequest) or Tokenhub sets itself. */
export const CHAT_FIELDS: ReadonlySet<string> = new Set([
  'messages', 'model', 'stream', 'stream_options', 'x_tokenhub', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
  'reasoning_effort', 'reasoning', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'seed',
  'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'n', 'user',
]);

/** The same for legacy completion bodies. */
export const COMPLETION_FIELDS: ReadonlySet<string> = new Set([
  'prompt', 'model', 'stream', 'stream_options', 'x_tokenhub', 'max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'seed',
  'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'n', 'user',
]);

type Rule = { action: FieldAction; reason: string } | ((value: unknown) => { action: FieldAction; reason: string } | undefined);

const drop = (reason: string): Rule => ({ action: 'drop', reason });
const refuse = (reason: string): Rule => ({ action: 'refuse', reason });
const VLLM_SAMPLING = drop('a vLLM sampling option');
const VLLM_CONSTRAINT = refuse('a vLLM output constraint other formats cannot carry');

/** Known fields, by name. Unknown ones are dropped (named), never silently. */
const RULES: Readonly<Record<string, Rule>> = {
  // OpenAI's own optional features.
  store: drop('stores the completion at OpenAI'),
  metadata: drop('OpenAI object metadata'),
  service_tier: drop('an OpenAI processing tier'),
  prediction: drop('an OpenAI latency optimisation'),
  web_search_options: drop('OpenAI built-in web search'),
  prompt_cache_key: drop('an OpenAI cache key'),
  prompt_cache_retention: drop('an OpenAI cache policy'),
  prompt_cache_options: drop('an OpenAI cache policy'),
  safety_identifier: drop('OpenAI abuse monitoring'),
  verbosity: drop('an OpenAI length hint'),
  moderation: drop('OpenAI moderation'),
  // What would change the answer.
  audio: refuse('audio output'),
  modalities: (value) => (Array.isArray(value) && value.includes('audio') ? { action: 'refuse', reason: 'audio output' } : undefined),
  functions: refuse('deprecated function calling; send tools'),
  function_call: refuse('deprecated function calling; send tool_choice'),
  // vLLM's extensions.
  guided_json: VLLM_CONSTRAINT,
  guided_regex: VLLM_CONSTRAINT,
  guided_choice: VLLM_CONSTRAINT,
  guided_grammar: VLLM_CONSTRAINT,
  structured_outputs: VLLM_CONSTRAINT,
  structural_tag: VLLM_CONSTRAINT,
  prompt_logprobs: refuse('log probabilities of the prompt'),
  echo: (value) => (value === true ? { action: 'refuse', reason: 'the answer would repeat the prompt' } : undefined),
  continue_final_message: (value) => (value === true ? { action: 'refuse', reason: 'continues the last message instead of answering' } : undefined),
  add_generation_prompt: (value) => (value === false ? { action: 'refuse', reason: 'a raw continuation of the template' } : undefined),
  suffix: (value) => (typeof value === 'string' && value !== '' ? { action: 'refuse', reason: 'text insertion' } : undefined),
  best_of: (value) => (typeof value === 'number' && value > 1 ? { action: 'drop', reason: 'one sample is returned, not the best of several' } : undefined),
  chat_template_kwargs: drop('vLLM chat template arguments'),
  chat_template: drop('a vLLM chat template'),
  min_p: VLLM_SAMPLING,
  repetition_penalty: VLLM_SAMPLING,
  length_penalty: VLLM_SAMPLING,
  min_tokens: VLLM_SAMPLING,
  ignore_eos: VLLM_SAMPLING,
  stop_token_ids: VLLM_SAMPLING,
  bad_words: VLLM_SAMPLING,
  allowed_token_ids: VLLM_SAMPLING,
  use_beam_search: VLLM_SAMPLING,
  include_stop_str_in_output: VLLM_SAMPLING,
  skip_special_tokens: VLLM_SAMPLING,
  spaces_between_special_tokens: VLLM_SAMPLING,
  truncate_prompt_tokens: VLLM_SAMPLING,
};

/**
 * The top-level fields of `body` outside `carried`, each with its action. A field whose value
 * makes it harmless (`echo: false`, `modalities: ["text"]`) is not listed.
 */
export function untranslatedFields(body: JsonObject, carried: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (carried.has(field) || value === undefined || value === null) continue;
    const rule = own(RULES, field);
    const verdict = rule === undefined ? { action: 'drop' as const, reason: 'not known to Tokenhub' } : typeof rule === 'function' ? rule(value) : rule;
    if (verdict) issues.push({ field, ...verdict });
  }
  return issues;
}

/**
 * Members of a nested object (a message, a part, a tool) outside `known`, named as dropped: what
 * Tokenhub does not know of can only be forwarded to a provider of the same format.
 */
export function unknownMembers(object: JsonObject, known: ReadonlySet<string>, path: string, issues: FieldIssue[]): void {
  for (const [key, value] of Object.entries(object)) {
    if (!known.has(key) && value !== undefined && value !== null) issues.push({ field: `${path}.${key}`, action: 'drop', reason: 'not known to Tokenhub' });
  }
}

/** `stream_options` members other than `include_usage` (which Tokenhub sets). */
export function untranslatedStreamOptions(options: JsonObject | undefined): FieldIssue[] {
  if (!options) return [];
  return Object.keys(options)
    .filter((key) => key !== 'include_usage')
    .map((key) => ({ field: `stream_options.${key}`, action: 'drop' as const, reason: 'an OpenAI stream option' }));
}
