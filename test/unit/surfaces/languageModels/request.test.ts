import assert from 'node:assert/strict';
import { isTokenhubError } from '../../../../src/core/base/errors';
import { needs } from '../../../../src/core/model/request';
import { ReasoningMemory } from '../../../../src/core/surfaces/reasoningMemory';
import type { LanguageModelMessage, LanguageModelPart } from '../../../../src/core/surfaces/languageModels/request';
import { THINKING_STATE_KEY, languageModelRequest } from '../../../../src/core/surfaces/languageModels/request';

const USER = 1;
const ASSISTANT = 2;
const SYSTEM = 3;
const text = (value: string) => ({ type: 'text' as const, text: value });
const data = (mimeType: string, bytes: Uint8Array | string) => ({ type: 'data' as const, mimeType, data: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes });
const user = (...content: LanguageModelPart[]): LanguageModelMessage => ({ role: USER, content });
const assistant = (...content: LanguageModelPart[]): LanguageModelMessage => ({ role: ASSISTANT, content });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const call: LanguageModelPart = { type: 'tool_call', callId: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } };

/** Runs the translation and returns the refusal's message. */
function refusal(messages: LanguageModelMessage[], options = {}): string {
  try {
    languageModelRequest(messages, options);
  } catch (error) {
    assert.ok(isTokenhubError(error, 'invalid_input'), String(error));
    return error.message;
  }
  assert.fail('the request was accepted');
}

describe('Language Model API: messages and options into the model', () => {
  it('keeps the roles and the text, System messages included', () => {
    const { request } = languageModelRequest([{ role: SYSTEM, content: [text('Be brief.')] }, user(text('Hi')), assistant(text('Hello.')), { ...user(text('Again')), name: 'ana' }], {});
    assert.deepEqual(request.messages, [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }], name: 'ana' },
    ]);
    assert.deepEqual(needs(request), ['chat']);
  });

  it('turns tool calls into calls with JSON arguments and tool results into a tool turn before the user\'s text', () => {
    const { request } = languageModelRequest(
      [
        user(text('Weather?')),
        assistant(text('Let me check.'), call),
        user({ type: 'tool_result', callId: 'toolu_1', content: [text('18°C')], isError: true }, text('And tomorrow?')),
      ],
      {},
    );
    assert.deepEqual(request.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: '18°C' }], isError: true }] },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ]);
    assert.deepEqual(needs(request), ['chat', 'tools']);
  });

  it('merges results sent one per message (as Copilot Chat does) into one tool turn', () => {
    const result = (id: string): LanguageModelMessage => user({ type: 'tool_result', callId: id, content: [text(id)] });
    const { request } = languageModelRequest([user(text('Go')), assistant({ ...call, callId: 'a' }, { ...call, callId: 'b' }), result('a'), result('b')], {});
    assert.deepEqual(request.messages[2]?.content.map((part) => (part.type === 'tool_result' ? part.callId : '')), ['a', 'b']);
  });

  it('reads data parts: images and PDFs as media, text as text, cache_control as a breakpoint, Copilot\'s markers left out and named', () => {
    const { request, dropped } = languageModelRequest(
      [
        user(text('Look:'), data('image/PNG', PNG), data('cache_control', 'ephemeral'), data('application/pdf', '%PDF-1.7'), data('text/markdown', '# Notes'), data('stateful_marker', 'resp_1')),
        assistant(text('A red square.'), data('cache_control', 'ephemeral')),
      ],
      {},
    );
    assert.deepEqual(request.messages[0]?.content, [
      { type: 'text', text: 'Look:' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: Buffer.from(PNG).toString('base64') }, cache: { type: 'ephemeral' } },
      { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: Buffer.from('%PDF-1.7').toString('base64') } },
      { type: 'text', text: '# Notes' },
    ]);
    assert.deepEqual(request.messages[1]?.content, [{ type: 'text', text: 'A red square.', cache: { type: 'ephemeral' } }]);
    assert.deepEqual(dropped, ['data part "stateful_marker"']);
    assert.deepEqual(needs(request), ['chat', 'vision']);
  });

  it('reads tool results of text, prompt-tsx and images (a view of a subarray reads only its own bytes)', () => {
    const backing = new Uint8Array([0, 0, ...PNG, 0]);
    const tsx = { node: { type: 1, ctor: 2, children: [{ type: 2, text: 'line one' }, { type: 2, text: 'line two', lineBreakBefore: true }, { type: 1, ctor: 3, children: [] }] } };
    const { request } = languageModelRequest(
      [user(text('Go')), assistant(call), user({ type: 'tool_result', callId: 'toolu_1', content: [text('a'), { type: 'prompt_tsx', value: tsx }, data('image/png', backing.subarray(2, 10))] })],
      {},
    );
    assert.deepEqual(request.messages[2]?.content[0], {
      type: 'tool_result',
      callId: 'toolu_1',
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'line one\nline two<image>' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: Buffer.from(PNG).toString('base64') } },
      ],
    });
    assert.deepEqual(needs(request), ['chat', 'tools', 'vision']);
  });

  it('reads thinking parts of one block as one reasoning part, with Tokenhub\'s state and never another vendor\'s', () => {
    const { request } = languageModelRequest(
      [
        user(text('Weather?')),
        assistant(
          { type: 'thinking', id: 't0', text: 'I need ' },
          { type: 'thinking', id: 't0', text: 'the weather.' },
          { type: 'thinking', id: 't0', text: '', metadata: { [THINKING_STATE_KEY]: { signature: 'sig-1', itemId: 42 } } },
          { type: 'thinking', id: 't1', text: 'Another vendor’s.', metadata: { signature: 'theirs' } },
          { type: 'thinking', text: '' },
          call,
        ),
      ],
      {},
    );
    assert.deepEqual(request.messages[1]?.content.slice(0, 2), [
      { type: 'reasoning', text: 'I need the weather.', signature: 'sig-1' },
      { type: 'reasoning', text: 'Another vendor’s.' },
    ]);
    assert.equal(request.messages[1]?.content.length, 3, 'empty thinking says nothing and is left out');
  });

  it('puts back signed reasoning a caller dropped, from the reasoning memory', () => {
    const memory = new ReasoningMemory();
    memory.remember({ content: [{ type: 'reasoning', text: 'Check first.', signature: 'sig-9' }, { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{}' }] });
    const { request } = languageModelRequest([user(text('Weather?')), assistant(call), user({ type: 'tool_result', callId: 'toolu_1', content: [text('18°C')] })], {}, memory);
    assert.deepEqual(request.messages[1]?.content.map((part) => part.type), ['reasoning', 'tool_call']);
  });

  it('offers the tools, passes tool mode Required as a required tool choice, and maps modelOptions', () => {
    const { request, dropped } = languageModelRequest([user(text('Go'))], {
      tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'now', description: '' }],
      toolMode: 2,
      modelOptions: { temperature: 0.3, maxTokens: 500, stop: 'END', reasoning_effort: 'high', _conversationId: 'c1', logprobs: true },
    });
    assert.deepEqual(request.tools, [
      { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'now', parameters: { type: 'object', properties: {} } },
    ]);
    assert.deepEqual(request.toolChoice, { type: 'required' });
    assert.deepEqual([request.temperature, request.maxTokens, request.stop, request.reasoning], [0.3, 500, ['END'], { effort: 'high' }]);
    assert.deepEqual(dropped, ['modelOptions.logprobs']);
    assert.equal(languageModelRequest([user(text('Go'))], { toolMode: 1, tools: [{ name: 'now', description: '' }] }).request.toolChoice, undefined);
  });

  it('refuses what has no meaning, naming where it is and what to send instead', () => {
    assert.match(refusal([{ role: 7, content: [text('x')] }]), /^messages\[0\] has the role 7; Tokenhub takes User \(1\), Assistant \(2\) and System \(3\)\.$/);
    assert.match(refusal([user(call)]), /^messages\[0\]\.content\[0\] is a tool call in a User message/);
    assert.match(refusal([assistant({ type: 'tool_result', callId: 'x', content: [] })]), /tool results belong to User messages/);
    assert.match(refusal([assistant(data('image/png', PNG))]), /^messages\[0\]\.content\[0\] is an image in an Assistant message/);
    assert.match(refusal([user(text('a'), data('application/zip', 'PK'))]), /^messages\[0\]\.content\[1\] is data of type "application\/zip", which Tokenhub cannot send/);
    assert.match(refusal([user({ type: 'unknown', kind: 'LanguageModelAudioPart' })]), /is a LanguageModelAudioPart, which Tokenhub cannot send to a model/);
    assert.match(refusal([{ role: SYSTEM, content: [data('image/png', PNG)] }]), /^messages\[0\]\.content\[0\] is an image in a System message/);
    assert.match(refusal([assistant({ ...call, callId: '' })]), /without a callId/);
    assert.match(refusal([assistant({ ...call, input: ['Paris'] })]), /the input of the call of "get_weather" is not an object/);
    assert.match(refusal([user(text('a'))], { toolMode: 2 }), /tool mode is Required, but no tool was offered/);
    assert.match(refusal([user(text('a'))], { tools: [{ name: 't', description: '', inputSchema: 'object' }] }), /^tools\[0\] \("t"\): inputSchema is not a JSON schema object\.$/);
    assert.match(refusal([user(text('a'))], { modelOptions: { temperature: 'warm' } }), /^modelOptions\.temperature must be a number from 0 to 2; found string\.$/);
    assert.match(refusal([user({ type: 'tool_result', callId: 'x', content: [{ type: 'prompt_tsx', value: { html: '<b>' } }] })]), /not a PromptElementJSON/);
  });
});
