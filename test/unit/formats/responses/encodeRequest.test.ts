import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonObject } from '../../../../src/core/model/content';
import type { ChatRequest } from '../../../../src/core/model/request';
import { decodeResponsesRequest } from '../../../../src/core/formats/responses/decodeRequest';
import { checkResponsesRequest, encodeResponsesRequest } from '../../../../src/core/formats/responses/encodeRequest';
import { chatRequest } from './arbitraries';
import { ok } from './helpers';

describe('responses request encoding from another format', () => {
  it('names what Responses lacks as the client named it, with the origin format issues', () => {
    const request: ChatRequest = {
      kind: 'chat',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking', signature: 'sig' }, { type: 'tool_call', id: 'toolu_1', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: 'boom' }], isError: true }] },
      ],
      stop: ['END'],
      topK: 5,
      seed: 1,
      n: 2,
      maxTokens: 4,
      reasoning: { budgetTokens: 10_000 },
      origin: { format: 'anthropic-messages', body: {}, untranslated: [{ field: 'context_management', action: 'drop', reason: 'x' }] },
    };
    const { body, issues } = encodeResponsesRequest(request, { model: 'gpt-5', stream: false });
    assert.deepEqual(issues, checkResponsesRequest(request));
    assert.deepEqual(
      issues.map((issue) => [issue.field, issue.action]),
      [
        ['context_management', 'drop'],
        ['stop_sequences', 'refuse'],
        ['seed', 'drop'],
        ['n', 'refuse'],
        ['top_k', 'drop'],
        ['is_error', 'drop'],
      ],
    );
    // Anthropic's signed thinking means nothing to OpenAI: left out, without an issue.
    assert.deepEqual((body.input as JsonObject[]).map((item) => item.type), ['message', 'function_call', 'function_call_output']);
    assert.deepEqual(body.reasoning, { effort: 'high', summary: 'auto' });
    assert.deepEqual(body.include, ['reasoning.encrypted_content']);
    assert.equal(body.max_output_tokens, 16);
    assert.equal(body.stream, false);
  });

  it('sends documents with a file name and leaves include out for a request without reasoning', () => {
    const { body } = encodeResponsesRequest(
      {
        kind: 'chat',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' } },
              { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'plain' } },
            ],
          },
        ],
      },
      { model: 'gpt-4.1', stream: true },
    );
    assert.deepEqual((body.input as JsonObject[])[0]!.content, [
      { type: 'input_file', filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBE' },
      { type: 'input_file', filename: 'document.txt', file_data: `data:text/plain;base64,${Buffer.from('plain').toString('base64')}` },
    ]);
    assert.equal(body.include, undefined);
    assert.equal(body.store, false);
  });

  it('round-trips any conversation and option through encode and decode (fast-check)', () => {
    fc.assert(
      fc.property(chatRequest, (request) => {
        const { body, issues } = encodeResponsesRequest(request, { model: 'gpt-5', stream: true });
        assert.deepEqual(issues, []);
        const back = ok(decodeResponsesRequest(JSON.parse(JSON.stringify(body))));
        const { origin, ...rest } = back;
        assert.equal(origin?.format, 'openai-responses');
        assert.deepEqual(rest, request);
      }),
      { numRuns: 300 },
    );
  });
});
