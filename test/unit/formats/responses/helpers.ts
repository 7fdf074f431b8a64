import assert from 'node:assert/strict';
import type { Answer } from '../../../../src/core/model/answer';
import type { JsonObject } from '../../../../src/core/model/content';
import type { ChatRequest } from '../../../../src/core/model/request';
import type { Decoded } from '../../../../src/core/formats/codec';
import { decodeResponsesRequest } from '../../../../src/core/formats/responses/decodeRequest';
import { outputItemId, responsesEcho, type ResponsesMeta } from '../../../../src/core/formats/responses/encodeResponse';

/** The surface's facts about the response served in these tests. */
export const META: ResponsesMeta = {
  id: 'resp_th0123456789abcdef',
  model: 'auto',
  createdAt: 1_770_000_000,
  completedAt: 1_770_000_003,
  request: responsesEcho({ model: 'auto', input: 'hi', instructions: 'Be brief.', tools: [{ type: 'function', name: 'f', parameters: {}, strict: false }], metadata: { run: '7' } }),
};

/** What an answer becomes once through the Responses format (see the codecs' documents). */
export function throughResponses(value: Answer, meta: ResponsesMeta): Answer {
  const called = value.content.some((part) => part.type === 'tool_call');
  const finishReason = value.finishReason === 'length' || value.finishReason === 'content_filter' ? value.finishReason : called ? 'tool_calls' : 'stop';
  const content = value.content.map((part, position) => {
    if (part.type === 'reasoning') return { ...part, itemId: part.itemId ?? outputItemId(meta.id, 'rs', position) };
    if (part.type === 'tool_call' && part.arguments.trim() === '') return { ...part, arguments: '{}' };
    return part;
  });
  return { id: meta.id, providerModel: meta.model, content, finishReason, ...(value.usage && { usage: value.usage }) };
}

/** The decoded request, or a failure naming the problem. */
export function ok(result: Decoded<ChatRequest>): ChatRequest {
  if (!result.ok) assert.fail(`decoding failed at ${result.problem.param}: ${result.problem.message}`);
  return result.value;
}

/** The `param` of the problem a body is answered with. */
export function problemAt(body: unknown): string {
  const result = decodeResponsesRequest(body);
  assert.equal(result.ok, false, 'expected a problem');
  return result.ok ? '' : result.problem.param;
}

export const issuesOf = (body: JsonObject) => ok(decodeResponsesRequest(body)).origin!.untranslated;

/** The action for `field` when `body` goes to another format (undefined: not named). */
export const actionOf = (body: JsonObject, field: string) => issuesOf(body).find((issue) => issue.field === field)?.action;
