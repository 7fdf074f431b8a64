import assert from 'node:assert/strict';
import type { Message } from '../../../../src/core/model/content';
import type { ChatRequest } from '../../../../src/core/model/request';
import { checkChatRequest, encodeChatRequest } from '../../../../src/core/formats/openai/chatEncoding';
import type { OpenAITarget } from '../../../../src/core/formats/openai/chatEncoding';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';
import { TOOL_TURN_REQUEST } from './recorded';

const openai: OpenAITarget = { model: 'gpt-4.1', stream: false, dialect: 'openai' };
const vllm: OpenAITarget = { model: 'Qwen/Qwen3-8B', stream: false, dialect: 'vllm' };
const chat = (messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ kind: 'chat', messages, ...extra });
const text = (role: Message['role'], value: string): Message => ({ role, content: [{ type: 'text', text: value }] });

/** Encodes, and checks that checkChatRequest reports exactly the same issues. */
function encode(request: ChatRequest, target: OpenAITarget) {
  const encoded = encodeChatRequest(request, target);
  assert.deepEqual(checkChatRequest(request, target.dialect), encoded.issues);
  return encoded;
}

describe('formats/openai: same-format pass-through', () => {
  const body = {
    model: 'auto',
    messages: [{ role: 'user', content: 'hi' }],
    max_tokens: 64,
    stream: true,
    stream_options: { include_usage: false, include_obfuscation: false },
    x_tokenhub: { escalate: false },
    guided_json: { type: 'object', properties: { a: { type: 'string' } } },
    chat_template_kwargs: { enable_thinking: false },
    top_k: 20,
    store: true,
    metadata: { team: 'core' },
    prediction: { type: 'content', content: 'hi' },
    service_tier: 'flex',
    x_foo: { bar: [1, 2] },
  };

  it('forwards every field but model, stream, stream_options and the token limit (OpenAI)', () => {
    const decoded = decodeChatRequest(body);
    assert.ok(decoded.ok);
    const before = structuredClone(body);
    const encoded = encode(decoded.value, { ...openai, stream: true });
    const { x_tokenhub: _own, max_tokens: limit, ...rest } = before;
    assert.deepEqual(encoded, {
      body: { ...rest, model: 'gpt-4.1', stream: true, stream_options: { include_usage: true, include_obfuscation: false }, max_completion_tokens: limit },
      issues: [],
    });
    assert.deepEqual(body, before, 'the client body is not changed');
  });

  it('forwards the same body to vLLM with max_tokens, and without stream_options when not streaming', () => {
    const decoded = decodeChatRequest({ ...body, max_tokens: undefined, max_completion_tokens: 99 });
    assert.ok(decoded.ok);
    const { x_tokenhub: _own, stream_options: _options, max_tokens: _old, ...rest } = body;
    assert.deepEqual(encode(decoded.value, vllm).body, { ...rest, model: 'Qwen/Qwen3-8B', stream: false, max_tokens: 99 });
  });

  it('keeps the client\'s order and a "__proto__" member as an own member, never as the prototype', () => {
    const raw: unknown = JSON.parse('{"x_first":1,"model":"auto","__proto__":{"polluted":true},"messages":[{"role":"user","content":"hi"}],"max_tokens":null}');
    const decoded = decodeChatRequest(raw);
    assert.ok(decoded.ok);
    const sent = encode(decoded.value, openai).body;
    assert.equal(Object.getPrototypeOf(sent), Object.prototype);
    assert.equal((sent as { polluted?: unknown }).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(sent, '__proto__')?.value, { polluted: true });
    // A null limit is no limit: neither name is sent.
    assert.deepEqual(Object.keys(sent), ['x_first', 'model', '__proto__', 'messages', 'stream']);
    assert.equal(JSON.stringify(sent), '{"x_first":1,"model":"gpt-4.1","__proto__":{"polluted":true},"messages":[{"role":"user","content":"hi"}],"stream":false}');
  });
});

describe('formats/openai: chat requests for providers, from the model', () => {
  it('encodes the reference tool turn back to its own shape (system stays system)', () => {
    const decoded = decodeChatRequest(TOOL_TURN_REQUEST);
    assert.ok(decoded.ok);
    const { origin: _origin, ...model } = decoded.value;
    const { body, issues } = encode(model, openai);
    assert.deepEqual(issues, []);
    assert.deepEqual(body, {
      ...TOOL_TURN_REQUEST,
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        TOOL_TURN_REQUEST.messages[1],
        { role: 'assistant', content: null, tool_calls: TOOL_TURN_REQUEST.messages[2]!.tool_calls },
        TOOL_TURN_REQUEST.messages[3],
      ],
      stream: false,
    });
  });

  it('sends one tool message per result, and the images of results in one user message after them', () => {
    const request = chat([
      text('user', 'look'),
      { role: 'assistant', content: [{ type: 'reasoning', text: 'plan', signature: 'sig' }, { type: 'tool_call', id: 'toolu_1', name: 'shot', arguments: '' }, { type: 'tool_call', id: 'toolu_2', name: 'shot', arguments: '{"n":2}' }] },
      {
        role: 'tool',
        content: [
          { type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: 'a' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] },
          { type: 'tool_result', callId: 'toolu_2', content: [{ type: 'text', text: 'b' }, { type: 'text', text: 'c' }], isError: true },
        ],
      },
    ]);
    const { body, issues } = encode(request, openai);
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'look' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'shot', arguments: '{}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'shot', arguments: '{"n":2}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'a' },
      { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: 'b' }, { type: 'text', text: 'c' }] },
      { role: 'user', content: [{ type: 'text', text: 'Images and files returned by tool call toolu_1:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } }] },
    ]);
    assert.deepEqual(issues.map((issue) => `${issue.field}:${issue.action}`), ['is_error:drop']);
  });

  it('sends documents as inline files to OpenAI, as text when they are text, and refuses what cannot go', () => {
    const pdf = { type: 'document' as const, source: { kind: 'base64' as const, mediaType: 'application/pdf', data: 'JVBER' }, title: 'spec.pdf' };
    const note = { type: 'document' as const, source: { kind: 'text' as const, mediaType: 'text/plain' as const, data: 'plain words' } };
    const request = chat([{ role: 'user', content: [pdf, note] }]);
    const toOpenAI = encode(request, openai);
    assert.deepEqual(toOpenAI.body.messages, [
      { role: 'user', content: [{ type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBER' } }, { type: 'text', text: 'plain words' }] },
    ]);
    assert.deepEqual(toOpenAI.issues, []);
    const toVllm = encode(request, vllm);
    assert.deepEqual(toVllm.body.messages, [{ role: 'user', content: 'plain words' }]);
    assert.deepEqual(toVllm.issues.map((issue) => `${issue.field}:${issue.action}`), ['document:refuse']);
    const linked = chat([{ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } }, { type: 'text', text: 'read' }] }]);
    assert.deepEqual(encode(linked, openai).issues.map((issue) => `${issue.field}:${issue.action}`), ['document:refuse']);
  });

  it('encodes tools, choices, the response format, reasoning and sampling under each dialect\'s names', () => {
    const request = chat([text('system', 'be brief'), text('user', 'hi')], {
      tools: [{ name: 'f', description: 'does f', parameters: { type: 'object', properties: {} }, strict: true, cache: { type: 'ephemeral' } }],
      toolChoice: { type: 'tool', name: 'f' },
      parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true, description: 'the output' },
      reasoning: { budgetTokens: 3000 },
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['a', 'b'],
      seed: 1,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      logitBias: { '42': 5 },
      logprobs: true,
      topLogprobs: 2,
      n: 3,
      user: 'u',
    });
    const common = {
      messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }],
      tools: [{ type: 'function', function: { name: 'f', description: 'does f', parameters: { type: 'object', properties: {} }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'out', description: 'the output', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'medium',
      temperature: 0.2,
      top_p: 0.9,
      stop: ['a', 'b'],
      seed: 1,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      logit_bias: { '42': 5 },
      logprobs: true,
      top_logprobs: 2,
      n: 3,
      user: 'u',
    };
    const toOpenAI = encode(request, { ...openai, stream: true });
    assert.deepEqual(toOpenAI.body, { model: 'gpt-4.1', ...common, max_completion_tokens: 100, stream: true, stream_options: { include_usage: true } });
    assert.deepEqual(toOpenAI.issues, [{ field: 'top_k', action: 'drop', reason: 'OpenAI has no top_k' }]);
    const toVllm = encode(request, vllm);
    assert.deepEqual(toVllm.body, { model: 'Qwen/Qwen3-8B', ...common, max_tokens: 100, top_k: 40, stream: false });
    assert.deepEqual(toVllm.issues, []);
  });

  it('maps reasoning budgets and adaptive thinking to efforts, and efforts to what vLLM takes', () => {
    const effort = (reasoning: ChatRequest['reasoning'], target = openai) => encode(chat([text('user', 'x')], { reasoning }), target).body.reasoning_effort;
    assert.equal(effort({ budgetTokens: 1024 }), 'low');
    assert.equal(effort({ budgetTokens: 20000 }), 'high');
    assert.equal(effort({ adaptive: true }), 'medium');
    assert.equal(effort({ adaptive: true, effort: 'high' }), 'high');
    assert.equal(effort({ effort: 'xhigh' }), 'xhigh');
    assert.equal(effort({ effort: 'none' }), 'none');
    assert.equal(effort({ effort: 'xhigh' }, vllm), 'high');
    assert.equal(effort({ effort: 'minimal' }, vllm), 'low');
    assert.equal(effort({ effort: 'none' }, vllm), undefined);
    assert.deepEqual(encode(chat([text('user', 'x')], { reasoning: { effort: 'low', summary: 'auto' } }), openai).issues.map((i) => i.field), ['reasoning.summary']);
  });

  it('refuses more stop sequences and tools than OpenAI takes, leaving them out; vLLM takes them', () => {
    const tools = Array.from({ length: 129 }, (_, i) => ({ name: `t${i}`, parameters: { type: 'object' } }));
    const request = chat([text('user', 'x')], { tools, toolChoice: { type: 'auto' }, stop: ['1', '2', '3', '4', '5'] });
    const toOpenAI = encode(request, openai);
    assert.deepEqual(toOpenAI.issues.map((issue) => `${issue.field}:${issue.action}`), ['stop:refuse', 'tools:refuse']);
    assert.equal(toOpenAI.body.stop, undefined);
    assert.equal(toOpenAI.body.tools, undefined);
    assert.equal(toOpenAI.body.tool_choice, undefined);
    const toVllm = encode(request, vllm);
    assert.deepEqual(toVllm.issues, []);
    assert.equal((toVllm.body.tools as unknown[]).length, 129);
    assert.equal((toVllm.body.stop as unknown[]).length, 5);
  });

  it('reports what another format could not put in the model after its own issues', () => {
    const request = chat([text('user', 'x')], {
      topK: 5,
      origin: { format: 'anthropic-messages', body: {}, untranslated: [{ field: 'context_management', action: 'drop', reason: 'Anthropic context editing' }] },
    });
    assert.deepEqual(encode(request, openai).issues.map((issue) => issue.field), ['top_k', 'context_management']);
    assert.deepEqual(encode(request, vllm).issues.map((issue) => issue.field), ['context_management']);
  });
});
