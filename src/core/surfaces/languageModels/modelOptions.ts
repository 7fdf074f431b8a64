import { TokenhubError } from '../../base/errors';
import { own } from '../../formats/codec';
import type { ChatRequest, ReasoningEffort } from '../../model/request';

/**
 * `modelOptions` of a Language Model API request: free-form, "specific to the language model".
 * Tokenhub takes the sampling options every provider format has, under OpenAI's names and their
 * camelCase spellings, and checks each value. Names starting with `_` are the caller's own
 * bookkeeping (Copilot Chat sends `_capturingTokenCorrelationId`, `_conversationId`…) and are
 * ignored; any other name has no place in the message model and is left out, named for the log.
 */

/** What a request takes from `modelOptions`. */
type Options = Pick<ChatRequest, 'maxTokens' | 'temperature' | 'topP' | 'topK' | 'stop' | 'seed' | 'presencePenalty' | 'frequencyPenalty' | 'user' | 'reasoning'>;

/** The mapped options, and the names left out. */
export interface ModelOptionsResult {
  options: Options;
  dropped: string[];
}

type Reader = (value: unknown, name: string, out: Options) => void;

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

const maxTokens: Reader = (value, name, out) => (out.maxTokens = integer(value, name, 1));
const topP: Reader = (value, name, out) => (out.topP = number(value, name, 0, 1));
const topK: Reader = (value, name, out) => (out.topK = integer(value, name, 1));
const presence: Reader = (value, name, out) => (out.presencePenalty = number(value, name, -2, 2));
const frequency: Reader = (value, name, out) => (out.frequencyPenalty = number(value, name, -2, 2));
const effort: Reader = (value, name, out) => {
  if (typeof value !== 'string' || !(EFFORTS as readonly string[]).includes(value)) throw wrong(name, `one of ${EFFORTS.join(', ')}`, value);
  out.reasoning = { ...out.reasoning, effort: value as ReasoningEffort };
};

const READERS: Readonly<Record<string, Reader>> = {
  max_tokens: maxTokens,
  maxTokens,
  max_completion_tokens: maxTokens,
  max_output_tokens: maxTokens,
  maxOutputTokens: maxTokens,
  temperature: (value, name, out) => (out.temperature = number(value, name, 0, 2)),
  top_p: topP,
  topP,
  top_k: topK,
  topK,
  stop: (value, name, out) => {
    const stops = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(stops) || stops.some((stop) => typeof stop !== 'string' || stop === '')) throw wrong(name, 'a string or an array of non-empty strings', value);
    out.stop = stops as string[];
  },
  seed: (value, name, out) => (out.seed = integer(value, name, Number.MIN_SAFE_INTEGER)),
  presence_penalty: presence,
  presencePenalty: presence,
  frequency_penalty: frequency,
  frequencyPenalty: frequency,
  reasoning_effort: effort,
  reasoningEffort: effort,
  user: (value, name, out) => {
    if (typeof value !== 'string') throw wrong(name, 'a string', value);
    out.user = value;
  },
};

/** The sampling options in `modelOptions`; throws an `invalid_input` TokenhubError for a bad value. */
export function modelOptions(given: Readonly<Record<string, unknown>>): ModelOptionsResult {
  const options: Options = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (name.startsWith('_') || value === undefined || value === null) continue;
    const reader = own(READERS, name);
    if (reader) reader(value, name, options);
    else dropped.push(`modelOptions.${name}`);
  }
  return { options, dropped };
}

function number(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw wrong(name, `a number from ${min} to ${max}`, value);
  return value;
}

function integer(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw wrong(name, min === 1 ? 'a positive integer' : 'an integer', value);
  return value;
}

function wrong(name: string, expected: string, value: unknown): TokenhubError {
  // The value's type only: option values may be prompts.
  const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
  return new TokenhubError('invalid_input', `modelOptions.${name} must be ${expected}; found ${typeof value === 'number' ? String(value) : found}.`, { status: 400 });
}
