import type { JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { CompletionRequest } from '../../model/request';
import type { Decoded, EncodedRequest } from '../codec';
import { isJsonObject } from '../codec';
import type { OpenAITarget } from './chatEncoding';
import { decodeWith, fail } from './readers';
import type { OpenAIDialectName } from './sampling';
import { checkEnvelope, decodeSampling, encodeSampling, passThroughBody, samplingIssues } from './sampling';
import { COMPLETION_FIELDS, untranslatedFields, untranslatedStreamOptions } from './untranslated';

/**
 * OpenAI's legacy completions (`POST /completions`), both ways. One prompt string (or an array
 * of one string); `echo`, `suffix` and `best_of` are the format's own and listed in
 * `origin.untranslated`; `logprobs` is a number here (the top tokens to return).
 */

/** A client's legacy completion body → the model's CompletionRequest (server side). */
export function decodeCompletionRequest(body: unknown): Decoded<CompletionRequest> {
  return decodeWith(() => {
    if (!isJsonObject(body)) fail('', 'The request body must be a JSON object.');
    const streamOptions = checkEnvelope(body);
    let prompt = body.prompt;
    if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
    if (typeof prompt !== 'string') fail('prompt', '"prompt" must be a string (or an array of one string).');
    const request: CompletionRequest = { kind: 'completion', prompt, ...decodeSampling(body, 'completion') };
    const untranslated = [...untranslatedFields(body, COMPLETION_FIELDS), ...untranslatedStreamOptions(streamOptions)];
    request.origin = { format: 'openai-completions', body, untranslated };
    return request;
  });
}

/** The body for an OpenAI or vLLM completions endpoint (client side); same-format requests pass through. */
export function encodeCompletionRequest(request: CompletionRequest, target: OpenAITarget): EncodedRequest {
  if (request.origin?.format === 'openai-completions') return { body: passThroughBody(request.origin.body, target, 'completion'), issues: [] };
  const issues = checkCompletionRequest(request, target.dialect);
  const body: JsonObject = { model: target.model, prompt: request.prompt };
  encodeSampling(request, body, 'completion', target.dialect, issues);
  body.stream = target.stream;
  if (target.stream) body.stream_options = { include_usage: true };
  return { body, issues };
}

/** The issues encodeCompletionRequest would report, without building the body. */
export function checkCompletionRequest(request: CompletionRequest, dialect: OpenAIDialectName): FieldIssue[] {
  if (request.origin?.format === 'openai-completions') return [];
  const issues = samplingIssues(request, dialect);
  if (request.origin) issues.push(...request.origin.untranslated);
  return issues;
}
