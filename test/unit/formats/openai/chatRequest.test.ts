import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../../src/core/model/request';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';
import { requestEnvelope } from '../../../../src/core/formats/openai/sampling';
import { IMAGE_REQUEST, JSON_SCHEMA_REQUEST, TOOL_TURN_REQUEST } from './recorded';

/** The decoded request, failing the test with the problem when there is one. */
function decode(body: unknown): ChatRequest {
  const result = decodeChatRequest(body);
  if (!result.ok) assert.fail(`refused at ${result.problem.param}: ${result.problem.message}`);
  return result.value;
}

const withoutOrigin = ({ origin: _origin, ...rest }: ChatRequest) => rest;
const user = (content: unknown) => ({ role: 'user', content });

describe('formats/openai: chat requests from clients', () => {
  it('reads the reference tool turn: developer as system, the call, its result, tools and choices', () => {
    const request = decode(TOOL_TURN_REQUEST);
    assert.deepEqual(withoutOrigin(request), {
      kind: 'chat',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are a weather bot.' }] },
        { role: 'user', content: [{ type: 'text', text: "What's the weather like in Paris today?" }] },
        { role: 'assistant', content: [{ type: 'tool_call', id: 'call_12345xyz', name: 'get_weather', arguments: '{"latitude":48.8566,"longitude":2.3522}' }] },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'call_12345xyz', content: [{ type: 'text', text: '14' }] }] },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Get current temperature for provided coordinates in celsius.',
          parameters: TOOL_TURN_REQUEST.tools[0]!.function.parameters,
          strict: true,
        },
      ],
      toolChoice: { type: 'auto' },
      parallelToolCalls: true,
    });
    assert.deepEqual(request.origin, { format: 'openai-chat', body: TOOL_TURN_REQUEST, untranslated: [] });
  });

  it('reads the reference image input: a URL, and base64 data with its media type and detail', () => {
    const request = decode(IMAGE_REQUEST);
    assert.deepEqual(request.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image', source: { kind: 'url', url: IMAGE_REQUEST.messages[0]!.content[1]!.image_url!.url } },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/4AAQSkZJRgABAQ==' }, detail: 'low' },
        ],
      },
    ]);
    assert.equal(request.maxTokens, 300);
  });

  it('reads the reference json_schema response format', () => {
    const request = decode(JSON_SCHEMA_REQUEST);
    const spec = JSON_SCHEMA_REQUEST.response_format.json_schema;
    assert.deepEqual(request.responseFormat, { type: 'json_schema', name: 'math_reasoning', schema: spec.schema, strict: true });
    assert.deepEqual(decode({ ...JSON_SCHEMA_REQUEST, response_format: { type: 'json_object' } }).responseFormat, { type: 'json_object' });
  });

  it('reads inline PDFs as documents and names what only OpenAI has (uploaded files, audio)', () => {
    const request = decode({
      messages: [
        user([
          { type: 'file', file: { filename: 'brochure.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
          { type: 'file', file: { file_id: 'file-abc123' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'text', text: 'Summarise.', prompt_cache_breakpoint: { mode: 'explicit', ttl: '30m' } },
        ]),
      ],
    });
    assert.deepEqual(request.messages[0]!.content, [
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQK' }, title: 'brochure.pdf' },
      { type: 'text', text: 'Summarise.', cache: { type: 'ephemeral' } },
    ]);
    assert.deepEqual(request.origin!.untranslated, [
      { field: 'messages[0].content[1].file.file_id', action: 'refuse', reason: 'a file uploaded to OpenAI' },
      { field: 'messages[0].content[2]', action: 'refuse', reason: 'audio input' },
      { field: 'messages[0].content[3].prompt_cache_breakpoint.ttl', action: 'drop', reason: 'an OpenAI cache lifetime' },
    ]);
  });

  it('reads an assistant turn: reasoning first, text, an earlier refusal as text, then the calls', () => {
    const request = decode({
      messages: [
        user('hi'),
        {
          role: 'assistant',
          reasoning_content: 'Think first.',
          content: [{ type: 'text', text: 'Checking.' }, { type: 'refusal', refusal: 'Not that part.' }],
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'ping', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'pong' }] },
      ],
    });
    assert.deepEqual(request.messages[1], {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Think first.' },
        { type: 'text', text: 'Checking.' },
        { type: 'text', text: 'Not that part.' },
        { type: 'tool_call', id: 'call_1', name: 'ping', arguments: '{}' },
      ],
    });
  });

  it('merges the tool messages of one turn into one tool turn (the normal form) and drops empty turns', () => {
    const request = decode({
      messages: [
        user('both'),
        { role: 'assistant', content: '', tool_calls: [1, 2].map((n) => ({ id: `call_${n}`, type: 'function', function: { name: 'f', arguments: '{}' } })) },
        { role: 'tool', tool_call_id: 'call_1', content: 'one' },
        { role: 'tool', tool_call_id: 'call_2', content: '' },
        { role: 'user', content: '' },
      ],
    });
    assert.deepEqual(request.messages.map((m) => m.role), ['user', 'assistant', 'tool']);
    assert.deepEqual(request.messages[2]!.content, [
      { type: 'tool_result', callId: 'call_1', content: [{ type: 'text', text: 'one' }] },
      { type: 'tool_result', callId: 'call_2', content: [] },
    ]);
  });

  it('reads the reasoning effort in both spellings; "max" goes as the highest, named', () => {
    assert.deepEqual(decode({ messages: [user('x')], reasoning_effort: 'minimal' }).reasoning, { effort: 'minimal' });
    assert.deepEqual(decode({ messages: [user('x')], reasoning: { effort: 'high', summary: 'auto' } }).reasoning, { effort: 'high', summary: 'auto' });
    assert.deepEqual(decode({ messages: [user('x')], reasoning_effort: 'low', reasoning: { effort: 'high' } }).reasoning, { effort: 'low' });
    const max = decode({ messages: [user('x')], reasoning_effort: 'max' });
    assert.deepEqual(max.reasoning, { effort: 'xhigh' });
    assert.deepEqual(max.origin!.untranslated.map((issue) => [issue.field, issue.action]), [['reasoning_effort', 'drop']]);
  });

  it('reads every sampling field, and top_k (vLLM) when it is on', () => {
    const request = decode({
      messages: [user('x')],
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 0,
      top_p: 0.5,
      top_k: 40,
      stop: 'END',
      seed: 7,
      presence_penalty: -1,
      frequency_penalty: 2,
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 3,
      n: 2,
      user: 'u-1',
    });
    assert.deepEqual(withoutOrigin(request), {
      kind: 'chat',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      maxTokens: 20,
      temperature: 0,
      topP: 0.5,
      topK: 40,
      stop: ['END'],
      seed: 7,
      presencePenalty: -1,
      frequencyPenalty: 2,
      logitBias: { '50256': -100 },
      logprobs: true,
      topLogprobs: 3,
      n: 2,
      user: 'u-1',
    });
    assert.equal(decode({ messages: [user('x')], top_k: -1 }).topK, undefined);
  });

  it('keeps only the allowed tools of an allowed_tools choice', () => {
    const tool = (name: string) => ({ type: 'function', function: { name, parameters: { type: 'object' } } });
    const request = decode({
      messages: [user('x')],
      tools: [tool('a'), tool('b'), tool('c')],
      tool_choice: { type: 'allowed_tools', allowed_tools: { mode: 'required', tools: [{ type: 'function', function: { name: 'c' } }] } },
    });
    assert.deepEqual(request.tools!.map((t) => t.name), ['c']);
    assert.deepEqual(request.toolChoice, { type: 'required' });
    assert.deepEqual(decode({ messages: [user('x')], tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'a' } } }).toolChoice, { type: 'tool', name: 'a' });
  });

  it('reads Cline\'s cache_control on OpenAI parts as breakpoints, and names unknown nested members', () => {
    const request = decode({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'rules', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: { type: 'ephemeral', ttl: '1h' }, x_part: 1 }], x_message: true },
        {
          role: 'assistant',
          content: null,
          refusal: null,
          annotations: [],
          audio: null,
          reasoning_details: [{ type: 'reasoning.text', text: 'r' }],
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}', x_fn: 1 } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f', x_tool: 'y' }, x_outer: 2 }],
    });
    assert.deepEqual(request.messages[0]!.content, [{ type: 'text', text: 'rules', cache: { type: 'ephemeral' } }]);
    assert.deepEqual(request.messages[1]!.content, [{ type: 'text', text: 'q', cache: { type: 'ephemeral', ttl: '1h' } }]);
    assert.deepEqual(
      request.origin!.untranslated.map((issue) => `${issue.field}:${issue.action}`),
      [
        'messages[1].content[0].x_part:drop',
        'messages[1].x_message:drop',
        'messages[2].tool_calls[0].function.x_fn:drop',
        'messages[2].reasoning_details:drop',
        'tools[0].x_outer:drop',
        'tools[0].function.x_tool:drop',
      ],
    );
  });

  it('lists every field the model does not carry, with its action; Tokenhub\'s own fields are not listed', () => {
    const request = decode({
      model: 'auto',
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
      x_tokenhub: { escalate: false },
      messages: [user('x')],
      store: true,
      metadata: { run: '1' },
      service_tier: 'flex',
      prediction: { type: 'content', content: 'x' },
      web_search_options: {},
      prompt_cache_key: 'k',
      safety_identifier: 's',
      modalities: ['text'],
      audio: { voice: 'alloy', format: 'mp3' },
      guided_json: { type: 'object' },
      chat_template_kwargs: { enable_thinking: false },
      echo: false,
      x_foo: 1,
      tools: [{ type: 'custom', custom: { name: 'grammar' } }],
    });
    assert.deepEqual(
      request.origin!.untranslated.map((issue) => `${issue.field}:${issue.action}`),
      [
        'store:drop',
        'metadata:drop',
        'service_tier:drop',
        'prediction:drop',
        'web_search_options:drop',
        'prompt_cache_key:drop',
        'safety_identifier:drop',
        'audio:refuse',
        'guided_json:refuse',
        'chat_template_kwargs:drop',
        'x_foo:drop',
        'stream_options.include_obfuscation:drop',
        'tools[0]:refuse',
      ],
    );
    assert.ok(request.origin!.untranslated.every((issue) => issue.reason && !issue.reason.includes('enable_thinking')));
    assert.deepEqual(decode({ messages: [user('x')], modalities: ['text', 'audio'] }).origin!.untranslated.map((i) => i.action), ['refuse']);
    assert.deepEqual(requestEnvelope(request.origin!.body), { model: 'auto', stream: true, includeUsage: true, escalate: false });
    assert.deepEqual(requestEnvelope({ messages: [] }), { model: undefined, stream: false, includeUsage: false, escalate: true });
  });
});
