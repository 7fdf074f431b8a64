import assert from 'node:assert/strict';
import { decodeEmbeddingRequest, decodeEmbeddingResponse, encodeEmbeddingAnswer, encodeEmbeddingRequest, fromBase64, toBase64 } from '../../../../src/core/formats/openai/embeddings';
import type { EmbeddingRequest } from '../../../../src/core/model/embedding';

const ok = (body: unknown): EmbeddingRequest => {
  const result = decodeEmbeddingRequest(body);
  if (!result.ok) assert.fail(`${result.problem.param}: ${result.problem.message}`);
  return result.value;
};

describe('OpenAI embeddings codec', () => {
  it('reads every input form, dimensions and the encoding, and forwards the body with only model replaced', () => {
    assert.deepEqual(ok({ input: 'a' }).inputs, ['a']);
    assert.deepEqual(ok({ input: ['a', 'b'] }).inputs, ['a', 'b']);
    assert.deepEqual(ok({ input: [1, 2] }).inputs, [[1, 2]]);
    assert.deepEqual(ok({ input: [[1], [2, 3]] }).inputs, [[1], [2, 3]]);
    const request = ok({ model: 'auto', input: 'a', dimensions: 64, encoding_format: 'base64', user: 'u', vendor_field: true });
    assert.deepEqual([request.dimensions, request.encoding], [64, 'base64']);
    assert.deepEqual(encodeEmbeddingRequest(request, 'text-embedding-3-small'), { model: 'text-embedding-3-small', input: 'a', dimensions: 64, encoding_format: 'base64', user: 'u', vendor_field: true });
    assert.equal(ok({ input: 'a' }).encoding, 'float');
  });

  const bad: [unknown, string][] = [
    [[], ''],
    [{}, 'input'],
    [{ input: [] }, 'input'],
    [{ input: ['a', ''] }, 'input[1]'],
    [{ input: [[1, -2]] }, 'input'],
    [{ input: Array.from({ length: 2049 }, () => 'a') }, 'input'],
    [{ input: 'a', model: 3 }, 'model'],
    [{ input: 'a', dimensions: 1.5 }, 'dimensions'],
    [{ input: 'a', encoding_format: 'hex' }, 'encoding_format'],
    [{ input: 'a', user: 1 }, 'user'],
  ];
  for (const [body, param] of bad) {
    it(`refuses ${JSON.stringify(body).slice(0, 40)} at "${param}"`, () => {
      const result = decodeEmbeddingRequest(body);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.problem.param, param);
    });
  }

  it('reads an answer: one vector per input, all of one length, usage; refuses anything else', () => {
    const request = ok({ input: ['a', 'b'] });
    const body = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.5, 0.25] }, { object: 'embedding', index: 1, embedding: toBase64([1, 2]) }], model: 'm', usage: { prompt_tokens: 2, total_tokens: 2 } };
    const answer = decodeEmbeddingResponse(body, request);
    assert.deepEqual({ count: answer?.count, length: answer?.length, usage: answer?.usage }, { count: 2, length: 2, usage: { promptTokens: 2, completionTokens: 0, totalTokens: 2 } });
    assert.equal(decodeEmbeddingResponse({ ...body, data: body.data.slice(1) }, request), undefined, 'fewer vectors than inputs');
    assert.equal(decodeEmbeddingResponse({ ...body, data: [body.data[0], { embedding: [1, 2, 3] }] }, request), undefined, 'vectors of two lengths');
    assert.equal(decodeEmbeddingResponse({ ...body, data: [body.data[0], { embedding: 'not base64!' }] }, request), undefined);
  });

  it('gives the client the encoding it asked for, whatever the provider sent', () => {
    const vector = [0.5, -0.25, 0.125];
    const body = { object: 'list', data: [{ object: 'embedding', index: 0, embedding: vector }], model: 'up', usage: { prompt_tokens: 1, total_tokens: 1 } };
    const base64 = ok({ input: 'a', encoding_format: 'base64' });
    const out = encodeEmbeddingAnswer(decodeEmbeddingResponse(body, base64)!, base64, 'registry-id');
    assert.equal(out.model, 'registry-id');
    assert.deepEqual(fromBase64((out.data as { embedding: string }[])[0]!.embedding), vector);
    const floats = ok({ input: 'a' });
    const back = encodeEmbeddingAnswer(decodeEmbeddingResponse({ ...body, data: [{ index: 0, embedding: toBase64(vector) }] }, floats)!, floats, 'id');
    assert.deepEqual((back.data as { embedding: number[] }[])[0]!.embedding, vector);
  });
});
