import assert from 'node:assert/strict';
import type { Message } from '../../../../src/core/model/content';
import type { ChatRequest } from '../../../../src/core/model/request';
import { checkMessagesRequest, encodeMessagesRequest } from '../../../../src/core/formats/anthropic/encodeRequest';
import type { AnthropicTarget } from '../../../../src/core/formats/anthropic/encodeRequest';
import { MISSING_RESULT_TEXT } from '../../../../src/core/formats/anthropic/encodeMessages';

const target: AnthropicTarget = { model: 'claude-sonnet-4-5', stream: false, defaultMaxTokens: 4096 };
const text = (role: Message['role'], value: string): Message => ({ role, content: [{ type: 'text', text: value }] });
const chat = (messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest => ({ kind: 'chat', messages, ...extra });

/** Encodes, and checks that `checkMessagesRequest` names the same issues. */
function encode(request: ChatRequest, to: Partial<AnthropicTarget> = {}) {
  const encoded = encodeMessagesRequest(request, { ...target, ...to });
  assert.deepEqual(checkMessagesRequest(request, { ...target, ...to }), encoded.issues, 'check and encode name the same issues');
  return { ...encoded, body: encoded.body as Record<string, any> };
}

const issueNames = (issues: { field: string; action: string }[]) => issues.map((issue) => `${issue.field}:${issue.action}`);

describe('anthropic request encoding (model → provider body)', () => {
  it('lifts system turns to the top level (a string, or blocks when one has a cache breakpoint)', () => {
    const plain = encode(chat([text('system', 'Be brief.'), text('user', 'hi')]));
    assert.equal(plain.body.system, 'Be brief.');
    assert.deepEqual(plain.body.messages, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    const cached = encode(chat([{ role: 'system', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache: { type: 'ephemeral', ttl: '1h' } }] }, text('user', 'hi')]));
    assert.deepEqual(cached.body.system, [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
  });

  it('merges consecutive same-role turns, opens with a neutral user turn, trims a final prefill, leaves out blank text', () => {
    const { body } = encode(chat([text('assistant', 'Earlier.'), text('user', 'one'), text('user', 'two'), text('user', '  '), text('assistant', 'The answer is  \n')]));
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: '.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Earlier.' }] },
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The answer is' }] },
    ]);
    assert.equal(body.max_tokens, 4096, 'the default when the client named none');
  });

  it('sends tool turns as tool_result blocks opening the next user message, all results of a turn together', () => {
    const { body } = encode(
      chat(
        [
          text('user', 'Weather and time?'),
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' }, { type: 'tool_call', id: 'call_b', name: 'time', arguments: '' }] },
          { role: 'tool', content: [{ type: 'tool_result', callId: 'call_a', content: [{ type: 'text', text: 'Sunny' }, { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } }] }] },
          { role: 'tool', content: [{ type: 'tool_result', callId: 'call_b', content: [{ type: 'text', text: 'no clock' }], isError: true, cache: { type: 'ephemeral' } }] },
          text('user', 'Thanks'),
        ],
        { tools: [{ name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }, { name: 'time', parameters: {} }] },
      ),
    );
    assert.deepEqual(body.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_b', name: 'time', input: {} },
      ],
    });
    assert.deepEqual(body.messages[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_a', content: [{ type: 'text', text: 'Sunny' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
        { type: 'tool_result', tool_use_id: 'call_b', content: [{ type: 'text', text: 'no clock' }], is_error: true, cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Thanks' },
      ],
    });
    assert.deepEqual(body.tools[1], { name: 'time', input_schema: { type: 'object' } }, 'an empty schema becomes an object schema');
  });

  it('sanitises tool ids the same way for calls and results, never merging two ids', () => {
    const { body } = encode(
      chat([
        text('user', 'go'),
        { role: 'assistant', content: [{ type: 'tool_call', id: 'functions.read:0', name: 'read', arguments: '{}' }, { type: 'tool_call', id: 'functions_read_0', name: 'read', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'functions.read:0', content: [{ type: 'text', text: 'a' }] }, { type: 'tool_result', callId: 'functions_read_0', content: [{ type: 'text', text: 'b' }] }] },
      ]),
    );
    const calls = body.messages[1].content.map((block: { id: string }) => block.id);
    const results = body.messages[2].content.map((block: { tool_use_id: string }) => block.tool_use_id);
    assert.deepEqual(calls, ['functions_read_0_2', 'functions_read_0'], 'the valid id keeps its name');
    assert.deepEqual(results, calls);
    for (const id of calls) assert.match(id, /^[a-zA-Z0-9_-]+$/);
  });

  it('repairs what the real API refuses: an orphan result becomes text, an unanswered call gets an error result, tools used but not offered are defined', () => {
    const { body } = encode(
      chat([
        text('user', 'go'),
        { role: 'assistant', content: [{ type: 'tool_call', id: 'call_1', name: 'search', arguments: '{"q":"x"}' }] },
        text('user', 'never mind'),
        { role: 'tool', content: [{ type: 'tool_result', callId: 'call_9', content: [{ type: 'text', text: 'late' }] }] },
      ]),
    );
    assert.deepEqual(body.messages[2].content, [
      { type: 'tool_result', tool_use_id: 'call_1', content: MISSING_RESULT_TEXT, is_error: true },
      { type: 'text', text: 'Result of tool call call_9:\nlate' },
      { type: 'text', text: 'never mind' },
    ]);
    assert.deepEqual(body.tools, [{ name: 'search', description: 'No longer offered.', input_schema: { type: 'object' } }]);
    assert.deepEqual(body.tool_choice, { type: 'none' });
  });

  it('names arguments that are not one JSON object and sends their valid beginning, completed', () => {
    const { body, issues } = encode(chat([text('user', 'go'), { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{"cut": "of' }] }, { role: 'tool', content: [{ type: 'tool_result', callId: 'c', content: [] }] }]));
    assert.deepEqual(body.messages[1].content[0].input, { cut: 'of' });
    assert.deepEqual(issueNames(issues), ['arguments:drop']);
    assert.deepEqual(body.messages[2].content, [{ type: 'tool_result', tool_use_id: 'c' }], 'a result without content has no content field');
  });

  it('sends signed and redacted reasoning first in its turn; reasoning without Anthropic state is left out, unnamed', () => {
    const { body, issues } = encode(
      chat([
        text('user', 'hi'),
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Answer' },
            { type: 'reasoning', text: 'other vendor' },
            { type: 'reasoning', text: 'signed', signature: 'sig' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'reasoning', text: 'responses', encryptedContent: 'enc' },
          ],
        },
        text('user', 'more'),
      ]),
    );
    assert.deepEqual(body.messages[1].content, [
      { type: 'thinking', thinking: 'signed', signature: 'sig' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'Answer' },
    ]);
    assert.deepEqual(issues, []);
  });

  it('encodes images (base64, URL, data URL) and documents with cache breakpoints; detail is named', () => {
    const { body, issues } = encode(
      chat([
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, detail: 'high' },
            { type: 'image', source: { kind: 'url', url: 'data:image/webp;base64,UklGR' }, cache: { type: 'ephemeral' } },
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Spec' },
            { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'notes' } },
            { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
      ]),
    );
    assert.deepEqual(body.messages[0].content, [
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGR' }, cache_control: { type: 'ephemeral' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Spec' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
    ]);
    assert.deepEqual(issueNames(issues), ['detail:drop']);
  });

  it('refuses media Anthropic cannot read, inside tool results too', () => {
    const svg = encode(chat([{ role: 'user', content: [{ type: 'image', source: { kind: 'url', url: 'data:image/svg+xml;base64,PHN2Zz4=' } }] }]));
    assert.deepEqual(issueNames(svg.issues), ['image:refuse']);
    const word = encode(
      chat([
        text('user', 'go'),
        { role: 'assistant', content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'c', content: [{ type: 'document', source: { kind: 'base64', mediaType: 'application/msword', data: 'AAAA' } }, { type: 'image', source: { kind: 'base64', mediaType: 'image/PNG', data: 'iVBOR' } }] }] },
      ]),
    );
    assert.deepEqual(issueNames(word.issues), ['document:refuse']);
  });

  it('maps tools, tool choice and parallel tool calls', () => {
    const tools = [{ name: 'f', description: 'F', parameters: { type: 'object', properties: {} }, strict: true, cache: { type: 'ephemeral' as const } }];
    const user = [text('user', 'hi')];
    assert.deepEqual(encode(chat(user, { tools })).body.tools, [{ name: 'f', description: 'F', input_schema: { type: 'object', properties: {} }, strict: true, cache_control: { type: 'ephemeral' } }]);
    assert.deepEqual(encode(chat(user, { tools, toolChoice: { type: 'required' } })).body.tool_choice, { type: 'any' });
    assert.deepEqual(encode(chat(user, { tools, toolChoice: { type: 'tool', name: 'f' }, parallelToolCalls: false })).body.tool_choice, { type: 'tool', name: 'f', disable_parallel_tool_use: true });
    assert.deepEqual(encode(chat(user, { tools, parallelToolCalls: false })).body.tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.deepEqual(encode(chat(user, { tools, toolChoice: { type: 'none' }, parallelToolCalls: false })).body.tool_choice, { type: 'none' });
    assert.equal(encode(chat(user, { toolChoice: { type: 'required' } })).body.tool_choice, undefined, 'no tools, no tool choice');
  });

  it('turns an effort into a thinking budget fitted under max_tokens, and drops thinking that cannot fit', () => {
    const user = [text('user', 'think')];
    const noMax = encode(chat(user, { reasoning: { effort: 'high' } }));
    assert.deepEqual(noMax.body.thinking, { type: 'enabled', budget_tokens: 16384 });
    assert.equal(noMax.body.max_tokens, 16384 + 4096, 'room for the answer after the thinking');
    const tight = encode(chat(user, { reasoning: { effort: 'high' }, maxTokens: 5000 }));
    assert.deepEqual(tight.body.thinking, { type: 'enabled', budget_tokens: 4999 });
    assert.equal(tight.body.max_tokens, 5000);
    const tooSmall = encode(chat(user, { reasoning: { budgetTokens: 2048 }, maxTokens: 1000 }));
    assert.equal(tooSmall.body.thinking, undefined);
    assert.deepEqual(issueNames(tooSmall.issues), ['thinking:drop']);
    assert.deepEqual(encode(chat(user, { reasoning: { effort: 'none' } })).body.thinking, { type: 'disabled' });
    assert.deepEqual(encode(chat(user, { reasoning: { effort: 'low', summary: 'auto' } })).body.thinking, { type: 'enabled', budget_tokens: 2048, display: 'summarized' });
  });

  it('sends adaptive thinking with its effort, for adaptive requests and for models that take only adaptive', () => {
    const user = [text('user', 'think')];
    const adaptive = encode(chat(user, { reasoning: { adaptive: true, effort: 'high' }, maxTokens: 32000 }));
    assert.deepEqual(adaptive.body.thinking, { type: 'adaptive' });
    assert.deepEqual(adaptive.body.output_config, { effort: 'high' });
    assert.equal(adaptive.body.max_tokens, 32000);
    const byModel = encode(chat(user, { reasoning: { effort: 'minimal' } }), { thinking: 'adaptive' });
    assert.deepEqual(byModel.body.thinking, { type: 'adaptive' });
    assert.deepEqual(byModel.body.output_config, { effort: 'low' });
    assert.equal(byModel.body.max_tokens, 4096 + 1024);
    assert.deepEqual(encode(chat(user, { reasoning: { budgetTokens: 9000 } }), { thinking: 'adaptive' }).body.output_config, { effort: 'high' });
  });

  it('lets thinking win over temperature and top_k, and forced tool use win over thinking', () => {
    const user = [text('user', 'think')];
    const sampled = encode(chat(user, { reasoning: { effort: 'low' }, temperature: 0.7, topK: 5, topP: 0.5 }));
    assert.equal(sampled.body.temperature, undefined);
    assert.equal(sampled.body.top_k, undefined);
    assert.equal(sampled.body.top_p, undefined);
    assert.deepEqual(issueNames(sampled.issues), ['temperature:drop', 'top_k:drop', 'top_p:drop']);
    assert.equal(encode(chat(user, { reasoning: { effort: 'low' }, topP: 0.97 })).body.top_p, 0.97);
    const forced = encode(chat(user, { reasoning: { effort: 'low' }, tools: [{ name: 'f', parameters: { type: 'object' } }], toolChoice: { type: 'required' } }));
    assert.equal(forced.body.thinking, undefined);
    assert.deepEqual(forced.body.tool_choice, { type: 'any' });
    assert.deepEqual(issueNames(forced.issues), ['thinking:drop']);
  });

  it('leaves thinking out when the tool loop being continued lost its signed thinking (a valid request beats a 400)', () => {
    const loop = (reasoning: Message['content']): Message[] => [
      text('user', 'read it'),
      { role: 'assistant', content: [...reasoning, { type: 'tool_call', id: 'toolu_1', name: 'read', arguments: '{}' }] },
      { role: 'tool', content: [{ type: 'tool_result', callId: 'toolu_1', content: [{ type: 'text', text: 'data' }] }] },
    ];
    const tools = [{ name: 'read', parameters: { type: 'object' } }];
    const lost = encode(chat(loop([{ type: 'reasoning', text: 'from vLLM' }]), { tools, reasoning: { effort: 'medium' } }));
    assert.equal(lost.body.thinking, undefined);
    assert.deepEqual(issueNames(lost.issues), ['thinking:drop']);
    const kept = encode(chat(loop([{ type: 'reasoning', text: 'mine', signature: 'sig' }]), { tools, reasoning: { effort: 'medium' } }));
    assert.deepEqual(kept.body.thinking, { type: 'enabled', budget_tokens: 8192 });
    assert.deepEqual(kept.body.messages[1].content[0], { type: 'thinking', thinking: 'mine', signature: 'sig' }, 'replayed thinking opens the turn unchanged');
    const newTurn = encode(chat([...loop([]), { role: 'assistant', content: [{ type: 'text', text: 'done' }] }, text('user', 'next question')], { tools, reasoning: { effort: 'medium' } }));
    assert.ok(newTurn.body.thinking, 'a new user turn needs no earlier thinking');
  });

  it('asks for JSON natively (output_config.format) or through a forced tool reported as jsonTool', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'], additionalProperties: false };
    const user = [text('user', 'json')];
    const native = encode(chat(user, { responseFormat: { type: 'json_schema', name: 'r', schema, strict: true } }), { nativeJson: true });
    assert.deepEqual(native.body.output_config, { format: { type: 'json_schema', schema } });
    assert.equal(native.jsonTool, undefined);
    const forced = encode(chat(user, { responseFormat: { type: 'json_schema', name: 'r', schema, strict: true } }));
    assert.equal(forced.jsonTool, 'json_answer');
    assert.deepEqual(forced.body.tools, [{ name: 'json_answer', description: "Give your answer as this tool's input.", input_schema: schema, strict: true }]);
    assert.deepEqual(forced.body.tool_choice, { type: 'tool', name: 'json_answer' });
    const object = encode(chat(user, { responseFormat: { type: 'json_object' }, tools: [{ name: 'json_answer', parameters: { type: 'object' } }] }), { nativeJson: true });
    assert.equal(object.jsonTool, 'json_answer_2', 'never the name of a client tool');
    assert.deepEqual(object.body.tools[1].input_schema, { type: 'object' });
    assert.deepEqual(object.body.tool_choice, { type: 'any' }, 'the client tools stay callable, but the answer must be a call');
  });

  it('names what Anthropic cannot carry: drops seed and penalties, refuses log probabilities, logit bias and n > 1', () => {
    const { body, issues } = encode(
      chat([text('user', 'hi')], { seed: 1, presencePenalty: 0.5, frequencyPenalty: 0.5, logprobs: true, topLogprobs: 2, logitBias: { '50256': -100 }, n: 2, user: 'u-1', stop: ['END', ' '], temperature: 1.6, topP: 0.9 }),
    );
    assert.deepEqual(issueNames(issues), ['seed:drop', 'presence_penalty:drop', 'frequency_penalty:drop', 'logprobs:refuse', 'top_logprobs:refuse', 'logit_bias:refuse', 'n:refuse', 'temperature:drop', 'top_p:drop', 'stop:drop']);
    assert.equal(body.temperature, 1, 'clamped to Anthropic\'s range');
    assert.equal(body.top_p, undefined, 'temperature or top_p, not both');
    assert.deepEqual(body.metadata, { user_id: 'u-1' });
    assert.deepEqual(body.stop_sequences, ['END']);
  });

  it('drops every sampling parameter for models that take none', () => {
    const { body, issues } = encode(chat([text('user', 'hi')], { temperature: 0.3, topK: 3 }), { sampling: false });
    assert.equal(body.temperature, undefined);
    assert.equal(body.top_k, undefined);
    assert.deepEqual(issueNames(issues), ['temperature:drop', 'top_k:drop']);
  });

  it("appends the untranslated fields of another format's request", () => {
    const request = chat([text('user', 'hi')], { origin: { format: 'openai-chat', body: { store: true }, untranslated: [{ field: 'store', action: 'drop' }] } });
    assert.deepEqual(encode(request).issues, [{ field: 'store', action: 'drop' }]);
  });

  it('sends a completion as a one-user-message chat, streamed when asked', () => {
    const encoded = encodeMessagesRequest({ kind: 'completion', prompt: 'Once upon', maxTokens: 10 }, { ...target, stream: true });
    assert.deepEqual(encoded.body, { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'text', text: 'Once upon' }] }], stream: true });
  });
});
