import type { JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { SamplingOptions } from '../../model/request';
import { isJsonObject, withMembers } from '../codec';
import { fail, optionalBoolean, optionalLogitBias, optionalNumber, optionalObject, optionalStops, optionalString, requiredString } from './readers';

/**
 * The sampling and length fields that chat and legacy completion bodies share, both ways, and
 * the fields Tokenhub itself sets (model, stream, usage reporting, its own `x_tokenhub`).
 */

/** Which OpenAI-compatible server family a body is for. */
export type OpenAIDialectName = 'openai' | 'vllm';

/** OpenAI's limit on stop sequences (vLLM has none). */
export const MAX_STOPS = 4;

/**
 * What a surface reads from a body besides the model's request: the model name asked for,
 * whether to stream, whether the client wants the usage chunk, and `x_tokenhub.escalate: false`
 * (the named model only).
 */
export interface RequestEnvelope {
  model: string | undefined;
  stream: boolean;
  includeUsage: boolean;
  escalate: boolean;
}

/** Checks the envelope fields of a body (throws a FieldProblem). */
export function checkEnvelope(body: JsonObject): JsonObject | undefined {
  if (body.model !== undefined && body.model !== null) requiredString(body.model, 'model', 'a non-empty string (a model id, or "auto")');
  optionalBoolean(body.stream, 'stream');
  const options = optionalObject(body.stream_options, 'stream_options');
  if (options) optionalBoolean(options.include_usage, 'stream_options.include_usage');
  optionalObject(body.x_tokenhub, 'x_tokenhub', 'an object ({"escalate": false})');
  return options;
}

/** The envelope of a body that decodeChatRequest or decodeCompletionRequest accepted. */
export function requestEnvelope(body: Readonly<JsonObject>): RequestEnvelope {
  const options = body.stream_options;
  const tokenhub = body.x_tokenhub;
  return {
    model: typeof body.model === 'string' && body.model !== '' ? body.model : undefined,
    stream: body.stream === true,
    includeUsage: isJsonObject(options) && options.include_usage === true,
    escalate: !(isJsonObject(tokenhub) && tokenhub.escalate === false),
  };
}

/** The sampling fields of a chat or completion body (throws a FieldProblem). */
export function decodeSampling(body: JsonObject, kind: 'chat' | 'completion'): SamplingOptions {
  const out: SamplingOptions = {};
  const limitField = kind === 'chat' && body.max_completion_tokens !== undefined && body.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = optionalNumber(body[limitField], limitField, { min: 1, integer: true });
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  set(out, 'temperature', optionalNumber(body.temperature, 'temperature', { min: 0, max: 2 }));
  set(out, 'topP', optionalNumber(body.top_p, 'top_p', { min: 0, max: 1 }));
  // vLLM's top_k: -1 and 0 mean "off", which is the same as absent.
  const topK = optionalNumber(body.top_k, 'top_k', { min: -1, integer: true });
  if (topK !== undefined && topK > 0) out.topK = topK;
  set(out, 'stop', optionalStops(body.stop, 'stop', MAX_STOPS));
  set(out, 'seed', optionalNumber(body.seed, 'seed', { integer: true }));
  set(out, 'presencePenalty', optionalNumber(body.presence_penalty, 'presence_penalty', { min: -2, max: 2 }));
  set(out, 'frequencyPenalty', optionalNumber(body.frequency_penalty, 'frequency_penalty', { min: -2, max: 2 }));
  set(out, 'logitBias', optionalLogitBias(body.logit_bias, 'logit_bias'));
  set(out, 'n', optionalNumber(body.n, 'n', { min: 1, max: 128, integer: true }));
  set(out, 'user', optionalString(body.user, 'user'));
  if (kind === 'chat') {
    set(out, 'logprobs', optionalBoolean(body.logprobs, 'logprobs'));
    const top = optionalNumber(body.top_logprobs, 'top_logprobs', { min: 0, max: 20, integer: true });
    if (top !== undefined && out.logprobs !== true) fail('top_logprobs', '"top_logprobs" needs "logprobs": true.');
    set(out, 'topLogprobs', top);
  } else {
    // Legacy completions: `logprobs` is the number of most likely tokens to return (0 to 5).
    const top = optionalNumber(body.logprobs, 'logprobs', { min: 0, max: 5, integer: true });
    if (top !== undefined) {
      out.logprobs = true;
      out.topLogprobs = top;
    }
  }
  return out;
}

function set<K extends keyof SamplingOptions>(out: SamplingOptions, key: K, value: SamplingOptions[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

/** What the dialect cannot carry of the sampling options (each left out of the body). */
export function samplingIssues(request: SamplingOptions, dialect: OpenAIDialectName): FieldIssue[] {
  if (dialect === 'vllm') return [];
  const issues: FieldIssue[] = [];
  if (request.topK !== undefined) issues.push({ field: 'top_k', action: 'drop', reason: 'OpenAI has no top_k' });
  if (request.stop !== undefined && request.stop.length > MAX_STOPS) issues.push({ field: 'stop', action: 'refuse', reason: `OpenAI takes at most ${MAX_STOPS} stop sequences` });
  return issues;
}

/** Writes the sampling options into a body; `issues` (from samplingIssues) are left out. */
export function encodeSampling(request: SamplingOptions, body: JsonObject, kind: 'chat' | 'completion', dialect: OpenAIDialectName, issues: readonly FieldIssue[]): void {
  const skipped = (field: string) => issues.some((issue) => issue.field === field);
  if (request.maxTokens !== undefined) body[kind === 'chat' && dialect === 'openai' ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined && dialect === 'vllm') body.top_k = request.topK;
  if (request.stop !== undefined && request.stop.length > 0 && !skipped('stop')) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.logitBias !== undefined) body.logit_bias = request.logitBias;
  if (request.n !== undefined) body.n = request.n;
  if (request.user !== undefined) body.user = request.user;
  if (kind === 'chat') {
    if (request.logprobs !== undefined) body.logprobs = request.logprobs;
    if (request.topLogprobs !== undefined && request.logprobs) body.top_logprobs = request.topLogprobs;
  } else if (request.logprobs) {
    body.logprobs = Math.min(request.topLogprobs ?? 0, 5);
  }
}

/**
 * The same-format body: the client's own, with only what Tokenhub sets replaced: the model, the
 * stream flag, usage on streams (`stream_options` only with `stream`: vLLM refuses it
 * otherwise), the token limit under the dialect's name, and Tokenhub's own `x_tokenhub` removed
 * (providers do not know it; OpenAI refuses unknown fields).
 */
export function passThroughBody(
  origin: Readonly<JsonObject>,
  target: { model: string; stream: boolean; dialect: OpenAIDialectName },
  kind: 'chat' | 'completion',
): JsonObject {
  const set: JsonObject = { model: target.model, stream: target.stream };
  const omit = ['x_tokenhub'];
  if (target.stream) set.stream_options = withMembers(isJsonObject(origin.stream_options) ? origin.stream_options : {}, { include_usage: true });
  else omit.push('stream_options');
  if (kind === 'chat') {
    // The limit under the dialect's name only, whichever name the client used.
    const limit = origin.max_completion_tokens ?? origin.max_tokens;
    const [name, other] = target.dialect === 'openai' ? ['max_completion_tokens', 'max_tokens'] : ['max_tokens', 'max_completion_tokens'];
    omit.push(other);
    if (limit !== undefined && limit !== null) set[name] = limit;
    else omit.push(name);
  }
  return withMembers(origin, set, omit);
}
