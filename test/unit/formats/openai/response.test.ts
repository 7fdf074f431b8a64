import assert from 'node:assert/strict';
import type { Answer } from '../../../../src/core/model/answer';
import { decodeChatResponse, decodeCompletionResponse, encodeChatResponse, encodeCompletionResponse } from '../../../../src/core/formats/openai/response';
import { PARALLEL_CALLS_RESPONSE, TOOL_CALL_RESPONSE } from './recorded';

const meta = { id: 'chatcmpl-th1', model: 'gpt-4o', created: 1764300000 };

describe('formats/openai: answers from providers', () => {
  it('reads the reference tool-call answer with its usage details, keeping the body as raw', () => {
    assert.deepEqual(decodeChatResponse(TOOL_CALL_RESPONSE), {
      id: 'chatcmpl-abc123',
      providerModel: 'gpt-4o-mini',
      content: [{ type: 'tool_call', id: 'call_abc123', name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' }],
      finishReason: 'tool_calls',
      usage: { promptTokens: 82, completionTokens: 17, totalTokens: 99, reasoningTokens: 0 },
      raw: TOOL_CALL_RESPONSE,
    });
  });

  it('keeps every parallel call, in order, with cached prompt tokens', () => {
    const answer = decodeChatResponse(PARALLEL_CALLS_RESPONSE)!;
    assert.deepEqual(
      answer.content.map((part) => part.type === 'tool_call' && [part.id, part.name]),
      [['call_12345xyz', 'get_weather'], ['call_67890abc', 'get_weather'], ['call_99999def', 'send_email']],
    );
    assert.deepEqual(answer.usage, { promptTokens: 1200, completionTokens: 64, totalTokens: 1264, cacheReadTokens: 1024, reasoningTokens: 0 });
  });

  it('reads vLLM reasoning in both spellings before the text, and a refusal as text that ends as content_filter', () => {
    const body = (message: object, finish = 'stop') => ({ id: 'x', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }] });
    assert.deepEqual(decodeChatResponse(body({ content: 'B', reasoning_content: 'A' }))!.content, [{ type: 'reasoning', text: 'A' }, { type: 'text', text: 'B' }]);
    assert.deepEqual(decodeChatResponse(body({ content: 'B', reasoning: 'A' }))!.content, [{ type: 'reasoning', text: 'A' }, { type: 'text', text: 'B' }]);
    const refused = decodeChatResponse(body({ content: null, refusal: "I can't help with that." }))!;
    assert.deepEqual(refused.content, [{ type: 'text', text: "I can't help with that." }]);
    assert.equal(refused.finishReason, 'content_filter');
  });

  it('maps finish reasons through its table, by own properties only', () => {
    const reason = (finish: unknown) => decodeChatResponse({ choices: [{ index: 0, message: { content: 'x' }, finish_reason: finish }] })!.finishReason;
    assert.equal(reason('stop'), 'stop');
    assert.equal(reason('length'), 'length');
    assert.equal(reason('content_filter'), 'content_filter');
    assert.equal(reason('function_call'), 'tool_calls');
    assert.equal(reason('eos'), 'stop');
    assert.equal(reason('toString'), null);
    assert.equal(reason('__proto__'), null);
    assert.equal(reason(null), null);
  });

  it('is undefined for a body that is not a chat completion', () => {
    for (const body of [null, [], {}, { choices: [] }, { choices: [{ index: 0 }] }, { choices: [{ index: 0, message: { content: 5 } }] }]) {
      assert.equal(decodeChatResponse(body), undefined, JSON.stringify(body));
    }
  });

  it('reads a legacy completion', () => {
    const body = { id: 'cmpl-1', object: 'text_completion', created: 1, model: 'gpt-3.5-turbo-instruct', choices: [{ text: '\n\nThis is a test', index: 0, logprobs: null, finish_reason: 'length' }], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } };
    assert.deepEqual(decodeCompletionResponse(body), {
      id: 'cmpl-1',
      providerModel: 'gpt-3.5-turbo-instruct',
      content: [{ type: 'text', text: '\n\nThis is a test' }],
      finishReason: 'length',
      usage: { promptTokens: 5, completionTokens: 7, totalTokens: 12 },
      raw: body,
    });
    assert.equal(decodeCompletionResponse({ choices: [{ message: {} }] }), undefined);
  });
});

describe('formats/openai: answers for clients', () => {
  it('writes calls with their own ids, null content, tool_calls as the finish, and usage details', () => {
    const answer: Answer = {
      id: 'msg_01',
      providerModel: 'claude-sonnet-4-5',
      content: [
        { type: 'reasoning', text: 'Need the weather.', signature: 'EqQB' },
        { type: 'tool_call', id: 'toolu_01A', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'tool_call', id: 'toolu_01B', name: 'get_time', arguments: '' },
      ],
      finishReason: 'stop',
    };
    const usage = { promptTokens: 100, completionTokens: 20, totalTokens: 120, cacheReadTokens: 80, cacheWriteTokens: 10, reasoningTokens: 12 };
    assert.deepEqual(encodeChatResponse(answer, meta, usage), {
      id: 'chatcmpl-th1',
      object: 'chat.completion',
      created: 1764300000,
      model: 'gpt-4o',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            reasoning_content: 'Need the weather.',
            tool_calls: [
              { id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'toolu_01B', type: 'function', function: { name: 'get_time', arguments: '{}' } },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 20,
        total_tokens: 120,
        prompt_tokens_details: { cached_tokens: 80, cache_write_tokens: 10 },
        completion_tokens_details: { reasoning_tokens: 12 },
      },
    });
  });

  it('writes text answers with their finish reason (stop when none is known), and legacy completions', () => {
    const answer: Answer = { id: '', providerModel: '', content: [{ type: 'text', text: 'Hel' }, { type: 'text', text: 'lo' }], finishReason: null };
    const usage = { promptTokens: 1, completionTokens: 2, totalTokens: 3 };
    const body = encodeChatResponse(answer, meta, usage) as { choices: { message: unknown; finish_reason: string }[]; usage: unknown };
    assert.deepEqual(body.choices[0]!.message, { role: 'assistant', content: 'Hello', refusal: null });
    assert.equal(body.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(body.usage, { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    assert.deepEqual(encodeCompletionResponse({ ...answer, finishReason: 'length' }, { ...meta, id: 'cmpl-th1' }, usage), {
      id: 'cmpl-th1',
      object: 'text_completion',
      created: 1764300000,
      model: 'gpt-4o',
      choices: [{ index: 0, text: 'Hello', logprobs: null, finish_reason: 'length' }],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
  });
});
