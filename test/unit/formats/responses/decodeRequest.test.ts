import assert from 'node:assert/strict';
import { decodeResponsesRequest } from '../../../../src/core/formats/responses/decodeRequest';
import { actionOf, issuesOf, ok, problemAt } from './helpers';

const user = [{ role: 'user', content: 'hi' }];

describe('responses request decoding', () => {
  it('takes a string input as one user message, instructions as a leading system message', () => {
    const request = ok(decodeResponsesRequest({ model: 'm', instructions: 'Be brief.', input: 'Hello' }));
    assert.deepEqual(request.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
    ]);
    assert.deepEqual(request.origin?.untranslated, []);
  });

  it('reads images and files: data URLs, URLs, detail, text files', () => {
    const request = ok(
      decodeResponsesRequest({
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
              { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
              { type: 'input_file', filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' },
              { type: 'input_file', filename: 'notes.txt', file_data: `data:text/plain;base64,${Buffer.from('née').toString('base64')}` },
              { type: 'input_file', file_url: 'https://example.com/paper.pdf' },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(request.messages[0]!.content, [
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
      { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0x' }, title: 'spec.pdf' },
      { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'née' }, title: 'notes.txt' },
      { type: 'document', source: { kind: 'url', url: 'https://example.com/paper.pdf' } },
    ]);
  });

  it('merges the items of one assistant turn and each run of tool outputs', () => {
    const request = ok(
      decodeResponsesRequest({
        input: [
          { role: 'user', content: 'weather in Paris and Rome?' },
          { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'Checking.' }] },
          { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'c2', name: 'get_weather', arguments: '' },
          { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: '18C' }] },
          { type: 'function_call_output', call_id: 'c2', output: '21C' },
        ],
      }),
    );
    assert.deepEqual(request.messages.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_call', id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'tool_call', id: 'c2', name: 'get_weather', arguments: '{}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', callId: 'c1', content: [{ type: 'text', text: '18C' }] },
          { type: 'tool_result', callId: 'c2', content: [{ type: 'text', text: '21C' }] },
        ],
      },
    ]);
  });

  it('translates options: tool choice, JSON schema, effort, tokens, sampling, logprobs, end user', () => {
    const request = ok(
      decodeResponsesRequest({
        input: user,
        tools: [{ type: 'function', name: 'f', parameters: null, strict: true }],
        tool_choice: { type: 'function', name: 'f' },
        text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
        reasoning: { effort: 'max', generate_summary: 'concise' },
        max_output_tokens: 500,
        temperature: 0.2,
        top_p: 0.9,
        include: ['message.output_text.logprobs'],
        top_logprobs: 3,
        user: 'old',
        safety_identifier: 'hash-1',
      }),
    );
    assert.deepEqual(request.tools, [{ name: 'f', parameters: { type: 'object', properties: {} }, strict: true }]);
    assert.deepEqual(request.toolChoice, { type: 'tool', name: 'f' });
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true });
    assert.deepEqual(request.reasoning, { effort: 'xhigh', summary: 'concise' });
    assert.equal(request.maxTokens, 500);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.equal(request.logprobs, true);
    assert.equal(request.topLogprobs, 3);
    assert.equal(request.user, 'hash-1');
    assert.deepEqual(request.origin?.untranslated, []);
  });

  it('narrows tools to allowed_tools', () => {
    const request = ok(
      decodeResponsesRequest({
        input: user,
        tools: ['a', 'b', 'c'].map((name) => ({ type: 'function', name, parameters: { type: 'object' } })),
        tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }] },
      }),
    );
    assert.deepEqual(request.tools?.map((tool) => tool.name), ['b']);
    assert.deepEqual(request.toolChoice, { type: 'required' });
  });

  it('accepts an empty input when the surface continues a stored response', () => {
    assert.deepEqual(ok(decodeResponsesRequest({ previous_response_id: 'resp_1' })).messages, []);
  });

  it('answers malformed bodies with the exact param path', () => {
    assert.equal(problemAt([]), '');
    assert.equal(problemAt({}), 'input');
    assert.equal(problemAt({ input: 3 }), 'input');
    assert.equal(problemAt({ input: [{ role: 'robot', content: 'x' }] }), 'input[0].role');
    assert.equal(problemAt({ input: [user[0], { role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'ftp://x' }] }] }), 'input[1].content[1].image_url');
    assert.equal(problemAt({ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }), 'input[0].content[0].type');
    assert.equal(problemAt({ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }), 'input[0].call_id');
    assert.equal(problemAt({ input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] }), 'input[0].output');
    assert.equal(problemAt({ input: [{ type: 'reasoning', summary: [{ type: 'summary_text' }] }] }), 'input[0].summary[0]');
    assert.equal(problemAt({ input: user, instructions: 1 }), 'instructions');
    assert.equal(problemAt({ input: user, tools: [{ type: 'function', name: 'ok' }, { type: 'function' }] }), 'tools[1].name');
    assert.equal(problemAt({ input: user, tools: [{ type: 'function', name: 'f', parameters: [] }] }), 'tools[0].parameters');
    assert.equal(problemAt({ input: user, tool_choice: 'sometimes' }), 'tool_choice');
    assert.equal(problemAt({ input: user, tool_choice: { type: 'function' } }), 'tool_choice.name');
    assert.equal(problemAt({ input: user, text: { format: { type: 'json_schema', name: 'x', schema: 'no' } } }), 'text.format.schema');
    assert.equal(problemAt({ input: user, text: { format: { type: 'yaml' } } }), 'text.format.type');
    assert.equal(problemAt({ input: user, reasoning: { effort: 'ultra' } }), 'reasoning.effort');
    assert.equal(problemAt({ input: user, reasoning: { summary: 'long' } }), 'reasoning.summary');
    assert.equal(problemAt({ input: user, max_output_tokens: 0 }), 'max_output_tokens');
    assert.equal(problemAt({ input: user, temperature: 3 }), 'temperature');
    assert.equal(problemAt({ input: user, top_p: -1 }), 'top_p');
    assert.equal(problemAt({ input: user, parallel_tool_calls: 'yes' }), 'parallel_tool_calls');
    assert.equal(problemAt({ input: user, include: [1] }), 'include');
    assert.equal(problemAt({ input: user, safety_identifier: 7 }), 'safety_identifier');
  });

  it('refuses what would change the answer and drops what it may do without', () => {
    assert.equal(actionOf({ input: user, background: true }, 'background'), 'refuse');
    assert.equal(actionOf({ input: user, background: false }, 'background'), undefined);
    assert.equal(actionOf({ input: user, conversation: 'conv_1' }, 'conversation'), 'refuse');
    assert.equal(actionOf({ input: user, prompt: { id: 'pmpt_1' } }, 'prompt'), 'refuse');
    assert.equal(actionOf({ input: user, moderation: { model: 'omni-moderation-latest' } }, 'moderation'), 'refuse');
    assert.equal(actionOf({ input: user, store: true }, 'store'), 'drop');
    assert.equal(actionOf({ input: user, store: false }, 'store'), undefined);
    assert.equal(actionOf({ input: user, metadata: {} }, 'metadata'), undefined);
    assert.equal(actionOf({ input: user, metadata: { team: 'a' } }, 'metadata'), 'drop');
    assert.equal(actionOf({ input: user, truncation: 'disabled' }, 'truncation'), undefined);
    assert.equal(actionOf({ input: user, truncation: 'auto' }, 'truncation'), 'drop');
    assert.equal(actionOf({ input: user, service_tier: 'flex' }, 'service_tier'), 'drop');
    assert.equal(actionOf({ input: user, brand_new_option: 1 }, 'brand_new_option'), 'drop');
    assert.equal(actionOf({ input: user, previous_response_id: 'resp_1' }, 'previous_response_id'), undefined);
    const tools = [{ type: 'file_search', vector_store_ids: ['vs_1'] }, { type: 'mcp', server_label: 'x' }, { type: 'code_interpreter' }, { type: 'computer_use_preview' }, { type: 'image_generation' }, { type: 'custom', name: 'apply_patch' }, { type: 'web_search_preview' }];
    const toolIssues = issuesOf({ input: user, tools });
    assert.deepEqual(toolIssues.map((issue) => [issue.field, issue.action]), [
      ['tools[0]', 'refuse'],
      ['tools[1]', 'refuse'],
      ['tools[2]', 'refuse'],
      ['tools[3]', 'refuse'],
      ['tools[4]', 'drop'],
      ['tools[5]', 'drop'],
      ['tools[6]', 'drop'],
    ]);
    assert.equal(actionOf({ input: user, tools: [{ type: 'function', name: 'f', defer_loading: true }] }, 'tools[0].defer_loading'), 'drop');
    assert.equal(actionOf({ input: user, tool_choice: { type: 'file_search' } }, 'tool_choice'), 'refuse');
    assert.equal(actionOf({ input: [...user, { type: 'item_reference', id: 'msg_1' }] }, 'input[1]'), 'refuse');
    assert.equal(actionOf({ input: [...user, { type: 'web_search_call', id: 'ws_1', status: 'completed' }] }, 'input[1]'), 'drop');
    assert.equal(actionOf({ input: [...user, { type: 'function_call', call_id: 'c', name: 'spawn_agent', namespace: 'collaboration', arguments: '{}' }] }, 'input[1].namespace'), 'drop');
    const stored = { input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }, { type: 'input_file', file_id: 'file_2' }] }] };
    assert.equal(actionOf(stored, 'input[0].content[0].file_id'), 'refuse');
    assert.equal(actionOf(stored, 'input[0].content[1].file_id'), 'refuse');
    assert.equal(actionOf({ input: [{ role: 'developer', content: [{ type: 'input_image', image_url: 'https://x.test/a.png' }] }] }, 'input[0].content[0]'), 'refuse');
    assert.equal(actionOf({ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://x.test/a.png', detail: 'original' }] }] }, 'input[0].content[0].detail'), 'drop');
  });
});
