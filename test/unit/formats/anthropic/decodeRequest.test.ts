import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../../src/core/model/request';
import type { Decoded } from '../../../../src/core/formats/codec';
import { decodeCountTokensRequest, decodeMessagesRequest } from '../../../../src/core/formats/anthropic/decodeRequest';
import { CLAUDE_CODE_HEADERS, CLAUDE_CODE_REQUEST, IMAGE_REQUEST } from './recorded';

const base = { model: 'claude-sonnet-4-6', max_tokens: 1024 };

function ok(result: Decoded<ChatRequest>): ChatRequest {
  if (!result.ok) assert.fail(`expected a request, got a problem at ${result.problem.param}: ${result.problem.message}`);
  return result.value;
}

function problemOf(body: unknown): { param: string; message: string } {
  const result = decodeMessagesRequest(body);
  if (result.ok) assert.fail('expected a problem');
  return result.problem;
}

describe('anthropic request decoding (client body → model)', () => {
  it("decodes Claude Code's request: system blocks with their cache, the system message inside messages, tools, adaptive thinking with effort, user id", () => {
    const request = ok(decodeMessagesRequest(CLAUDE_CODE_REQUEST, CLAUDE_CODE_HEADERS));
    assert.deepEqual(request.messages.map((message) => message.role), ['system', 'user', 'assistant', 'tool', 'system']);
    assert.deepEqual(request.messages[0]!.content[1], { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache: { type: 'ephemeral', ttl: '1h' } });
    assert.deepEqual(request.messages[2]!.content, [
      { type: 'reasoning', text: '', signature: 'EuYBCkQIBxgCKkBq3zF9…signed' },
      { type: 'text', text: "I'll read the file." },
      { type: 'tool_call', id: 'toolu_01Read', name: 'Read', arguments: '{"file_path":"/repo/src/main.ts"}' },
    ]);
    assert.deepEqual(request.messages[3]!.content, [{ type: 'tool_result', callId: 'toolu_01Read', content: [{ type: 'text', text: 'export function main() {}' }], cache: { type: 'ephemeral' } }]);
    assert.deepEqual(request.messages[4], { role: 'system', content: [{ type: 'text', text: 'The user changed src/main.ts since it was read.' }] });
    assert.equal(request.tools?.length, 12);
    assert.equal(request.tools?.[11]?.name, 'ExitPlanMode', 'a deferred tool is kept, only its flag is dropped');
    assert.deepEqual(request.reasoning, { adaptive: true, effort: 'high' });
    assert.equal(request.maxTokens, 32000);
    assert.equal(request.user, CLAUDE_CODE_REQUEST.metadata.user_id);
    assert.equal(request.origin?.format, 'anthropic-messages');
    assert.equal(request.origin?.body, CLAUDE_CODE_REQUEST);
    assert.deepEqual(request.origin?.headers, { 'anthropic-version': '2023-06-01', 'anthropic-beta': CLAUDE_CODE_HEADERS['anthropic-beta'] }, 'only version and betas are forwarded, never the key');
    assert.deepEqual(
      request.origin?.untranslated.map((issue) => `${issue.field}:${issue.action}`),
      ['defer_loading:drop', 'thinking.display:drop', 'context_management:drop'],
    );
  });

  it('splits a user message into its tool results (a tool turn, first) and the rest (a user turn)', () => {
    const request = ok(
      decodeMessagesRequest({
        ...base,
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }, { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: { tz: 'UTC' } }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Here you go.' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }, { type: 'image', source: { type: 'url', url: 'https://example.com/map.png' } }] },
              { type: 'tool_result', tool_use_id: 'toolu_2', content: 'no clock', is_error: true },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(request.messages.slice(1).map((message) => message.role), ['assistant', 'tool', 'user']);
    assert.equal((request.messages[1]!.content[0] as { arguments: string }).arguments, '{}', 'a parameterless call has "{}"');
    assert.deepEqual(request.messages[2]!.content, [
      { type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }, { type: 'image', source: { kind: 'url', url: 'https://example.com/map.png' } }] },
      { type: 'tool_result', callId: 'toolu_2', content: [{ type: 'text', text: 'no clock' }], isError: true },
    ]);
    assert.deepEqual(request.messages[3]!.content, [{ type: 'text', text: 'Here you go.' }]);
  });

  it("decodes the vision guide's images (base64 and URL) in order", () => {
    const request = ok(decodeMessagesRequest(IMAGE_REQUEST));
    const parts = request.messages[0]!.content;
    assert.deepEqual(parts.map((part) => part.type), ['text', 'image', 'text', 'image', 'text']);
    assert.deepEqual(parts[1], { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQSkZJRgABAQEASABIAAD' } });
    assert.deepEqual(parts[3], { type: 'image', source: { kind: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } });
  });

  it('decodes thinking and redacted thinking into reasoning with their state; an empty signature is no state', () => {
    const request = ok(
      decodeMessagesRequest({
        ...base,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'opaque' }, { type: 'thinking', thinking: 'lost', signature: '' }, { type: 'text', text: 'Hello' }] },
        ],
      }),
    );
    assert.deepEqual(request.messages[1]!.content, [
      { type: 'reasoning', text: 'hmm', signature: 'sig' },
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      { type: 'reasoning', text: 'lost' },
      { type: 'text', text: 'Hello' },
    ]);
  });

  it('decodes documents of every source, and search results as text', () => {
    const request = ok(
      decodeMessagesRequest({
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0' }, title: 'Spec', cache_control: { type: 'ephemeral' } },
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' } },
              { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
              { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] } },
              { type: 'search_result', source: 'https://example.com', title: 'Result', content: [{ type: 'text', text: 'found' }] },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(request.messages[0]!.content, [
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0' }, title: 'Spec', cache: { type: 'ephemeral' } },
      { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'plain' } },
      { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
      { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'one\n\ntwo' } },
      { type: 'text', text: 'Result\nhttps://example.com\n\nfound' },
    ]);
    assert.deepEqual(request.origin?.untranslated.map((issue) => issue.field), ['search_result']);
  });

  it('decodes tools, strict, cache, tool choice and disable_parallel_tool_use; server tools are named and left out', () => {
    const request = ok(
      decodeMessagesRequest({
        ...base,
        messages: [{ role: 'user', content: 'hi' }],
        tools: [
          { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } }, strict: true, cache_control: { type: 'ephemeral' } },
          { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
        ],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
      }),
    );
    assert.deepEqual(request.tools, [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true, cache: { type: 'ephemeral' } }]);
    assert.deepEqual(request.toolChoice, { type: 'required' });
    assert.equal(request.parallelToolCalls, false);
    assert.deepEqual(request.origin?.untranslated, [{ field: 'tools[1].web_search', action: 'drop', reason: 'web_search_20250305 is a tool that Anthropic runs or defines' }]);
    const named = ok(decodeMessagesRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'f', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'f' } }));
    assert.deepEqual(named.toolChoice, { type: 'tool', name: 'f' });
    assert.equal(named.parallelToolCalls, undefined);
  });

  it('decodes each thinking form', () => {
    const reasoning = (extra: object) => ok(decodeMessagesRequest({ ...base, max_tokens: 20000, messages: [{ role: 'user', content: 'hi' }], ...extra })).reasoning;
    assert.deepEqual(reasoning({ thinking: { type: 'enabled', budget_tokens: 10000 } }), { budgetTokens: 10000 });
    assert.deepEqual(reasoning({ thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }), { adaptive: true, effort: 'xhigh' });
    assert.deepEqual(reasoning({ thinking: { type: 'adaptive', display: 'summarized' } }), { adaptive: true, summary: 'auto' });
    assert.deepEqual(reasoning({ thinking: { type: 'disabled' } }), { effort: 'none' });
    assert.deepEqual(reasoning({ output_config: { effort: 'low' } }), { effort: 'low' });
    assert.equal(reasoning({}), undefined);
  });

  it('decodes structured outputs (GA output_config.format and the beta output_format), sampling, stop sequences', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const request = ok(
      decodeMessagesRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], output_config: { format: { type: 'json_schema', schema } }, temperature: 0.2, top_k: 40, stop_sequences: ['END'] }),
    );
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'response', schema, strict: true });
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topK, 40);
    assert.deepEqual(request.stop, ['END']);
    const beta = ok(decodeMessagesRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], output_format: { type: 'json_schema', schema } }));
    assert.equal(beta.responseFormat?.type, 'json_schema');
  });

  it('names every field the model cannot carry, with its action; unknown fields are dropped', () => {
    const request = ok(
      decodeMessagesRequest({
        ...base,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }, { type: 'text', text: 'see' }] }],
        mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }],
        container: 'container_1',
        service_tier: 'auto',
        metadata: { user_id: 'u1', tenant: 't' },
        some_new_field: 1,
        cache_control: { type: 'ephemeral' },
      }),
    );
    assert.deepEqual(
      request.origin?.untranslated.map((issue) => `${issue.field}:${issue.action}`),
      ['file_id:refuse', 'metadata.tenant:drop', 'mcp_servers:refuse', 'container:drop', 'service_tier:drop', 'some_new_field:drop'],
    );
    assert.deepEqual(request.messages[0]!.content, [{ type: 'text', text: 'see' }]);
  });

  it('refuses bad bodies with the exact path and a helpful message', () => {
    assert.deepEqual(problemOf([]), { param: '', message: 'must be a JSON object (an Anthropic Messages request)' });
    assert.equal(problemOf({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).param, 'max_tokens');
    assert.match(problemOf({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).message, /required/);
    assert.equal(problemOf({ ...base, messages: [] }).param, 'messages');
    assert.equal(problemOf({ ...base, messages: [{ role: 'bot', content: 'hi' }] }).param, 'messages[0].role');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'x' } }] }] }).param, 'messages[0].content[0].source.media_type');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }).param, 'messages[0].content[0].type');
    assert.equal(problemOf({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'a', name: 'b', input: 'x' }] }] }).param, 'messages[0].content[0].input');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'forever' } }] }] }).param, 'messages[0].content[0].cache_control.type');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], thinking: { type: 'enabled', budget_tokens: 512 } }).param, 'thinking.budget_tokens');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], thinking: { type: 'enabled', budget_tokens: 2048 } }).message, 'must be less than max_tokens');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], temperature: 1.5 }).param, 'temperature');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'f' }] }).param, 'tools[0].input_schema');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], tool_choice: { type: 'tool', name: 'missing' } }).param, 'tool_choice.name');
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: '' }] }).param, 'messages[0].content');
    assert.equal(problemOf({ ...base, system: [{ type: 'image' }], messages: [{ role: 'user', content: 'hi' }] }).param, 'system[0].type');
  });

  it('count_tokens bodies need no max_tokens', () => {
    const request = ok(decodeCountTokensRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    assert.equal(request.maxTokens, undefined);
  });

  it('reads outside names by own property only', () => {
    const request = ok(decodeMessagesRequest({ ...base, messages: [{ role: 'user', content: 'hi' }], output_config: { effort: 'low' }, toString: 1 }));
    assert.deepEqual(request.origin?.untranslated.map((issue) => issue.field), ['toString']);
    assert.equal(problemOf({ ...base, messages: [{ role: 'user', content: 'hi' }], output_config: { effort: 'constructor' } }).param, 'output_config.effort');
  });
});
