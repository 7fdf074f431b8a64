// Codex CLI's exact Responses request (WIRE.md "What coding agents send") through `tokenhub serve`
// to an `openai` provider (passed through, encrypted reasoning back on the next turn) and to an
// `anthropic` one (translated, the dropped fields named), and Responses streams that fail, escalate,
// or go to providers without the Responses API.
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/model/content';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { CODEX_REQUEST } from '../formats/responses/recorded';
import { assertWellFormed } from '../formats/responses/wellFormed';
import { raw, sseFrames, startApi, type ApiHarness, type RawResponse } from './apiHarness';

const CAPABILITIES = ['chat', 'tools', 'json', 'reasoning'] as const;
const SHELL_CALL = { name: 'shell_command', arguments: { command: 'npm test', workdir: '/work/app' } };
const HEADERS = { 'session-id': '019bb208-80ac-74e3-880f-d18ae887f7da', originator: 'codex_cli_rs', 'x-codex-turn-metadata': '{}' };

/** Codex's first turn: its settings, tools and context, without the recorded history. */
function firstTurn(): JsonObject {
  return { ...CODEX_REQUEST, input: CODEX_REQUEST.input.slice(0, 4) };
}

async function post(api: ApiHarness, body: JsonObject): Promise<{ answer: RawResponse; events: JsonObject[] }> {
  const answer = await raw(api, { path: '/v1/responses', body: JSON.stringify(body), headers: HEADERS });
  assert.equal(answer.status, 200, answer.body);
  return { answer, events: sseFrames(answer.body).map((frame) => frame.data as JsonObject) };
}

/** What Codex sends back of a turn: the output items without their ids. */
function outputOf(events: JsonObject[]): JsonObject[] {
  const completed = events.find((event) => event.type === 'response.completed');
  assert.ok(completed, 'the stream completed');
  return ((completed.response as JsonObject).output as JsonObject[]).map(({ id: _id, ...item }) => item);
}

function callOf(output: JsonObject[]): JsonObject {
  const call = output.find((item) => item.type === 'function_call');
  assert.ok(call, JSON.stringify(output));
  return call;
}

describe("server: Codex CLI's Responses request", () => {
  describe('to an openai provider (native Responses)', () => {
    let api: ApiHarness;
    let up: FakeUpstream;
    before(async () => {
      api = await startApi([{ name: 'openai', dialect: 'openai', key: 'sk-up' }], [{ id: 'codex', provider: 'openai', name: 'gpt-5.5-codex', capabilities: [...CAPABILITIES] }]);
      up = api.up.openai!;
    });
    after(() => api.close());

    it('passes the request through unchanged, drops nothing, and forwards the events as OpenAI sent them', async () => {
      up.reply({ reasoning: { text: 'Run the tests first.' }, chunks: ['I will run ', 'the tests.'], toolCalls: [SHELL_CALL] });
      const { answer, events } = await post(api, firstTurn());
      assert.equal(answer.headers['x-tokenhub-dropped'], undefined);
      assert.equal(answer.headers['x-tokenhub-model'], 'codex');
      assert.deepEqual(up.last.body, firstTurn(), 'every field reaches OpenAI as Codex sent it');
      assertWellFormed(events);
      const frames = sseFrames(answer.body);
      assert.ok(frames.every((frame) => frame.event === (frame.data as JsonObject).type), 'each event keeps its event: line');
      const delta = events.find((event) => event.type === 'response.output_text.delta');
      assert.equal(typeof delta?.obfuscation, 'string', "OpenAI's own fields reach Codex");
      const output = outputOf(events);
      assert.deepEqual(output.map((item) => item.type), ['reasoning', 'message', 'function_call']);
      assert.match(String(output[0]!.encrypted_content), /^gAAAAAB/);
    });

    it('sends the encrypted reasoning back unchanged on the next turn, whether or not the client keeps item ids', async () => {
      up.reply({ reasoning: { text: 'Run the tests first.' }, toolCalls: [SHELL_CALL] });
      const first = await post(api, firstTurn());
      const output = outputOf(first.events);
      const call = callOf(output);
      const result = { type: 'function_call_output', call_id: call.call_id, output: 'Exit code: 1\nFAIL test/sum.test.js' };
      up.reply({ text: 'The sum is off by one.' });
      const second = await post(api, { ...firstTurn(), input: [...firstTurn().input as JsonObject[], ...output, result] });
      assert.match(JSON.stringify(second.events.at(-1)), /The sum is off by one\./);
      const sent = (up.last.body as { input: JsonObject[] }).input;
      assert.deepEqual(sent[4], output[0], 'the reasoning item, encrypted content and all, as OpenAI issued it');
      // A client that keeps OpenAI's item ids under store: false would be refused by OpenAI: Tokenhub strips them.
      up.reply({ reasoning: { text: 'Again.' }, toolCalls: [SHELL_CALL] });
      const third = await post(api, firstTurn());
      const completed = third.events.find((event) => event.type === 'response.completed')!;
      const withIds = (completed.response as JsonObject).output as JsonObject[];
      up.reply({ text: 'Done.' });
      const fourth = await post(api, { ...firstTurn(), input: [...firstTurn().input as JsonObject[], ...withIds, { ...result, call_id: callOf(withIds).call_id }] });
      assert.match(JSON.stringify(fourth.events.at(-1)), /Done\./);
      assert.ok((up.last.body as { input: JsonObject[] }).input.every((item) => item.id === undefined));
    });

    it('ends a stream that fails midway with response.failed and error, numbered after the last event', async () => {
      up.fail('stream_error', { afterChunks: 3, message: 'The model crashed.' });
      const { events } = await post(api, { model: 'gpt-5.5-codex', input: 'Hi', stream: true });
      assertWellFormed(events);
      assert.deepEqual(events.slice(-2).map((event) => event.type), ['response.failed', 'error']);
      assert.match(String(events.at(-1)!.message), /The model crashed\./);
      assert.equal(((events.at(-2)!.response as JsonObject).model), 'codex');
    });
  });

  describe('to an anthropic provider (translated)', () => {
    let api: ApiHarness;
    let up: FakeUpstream;
    before(async () => {
      api = await startApi([{ name: 'anthropic', dialect: 'anthropic', key: 'sk-up' }], [{ id: 'claude', provider: 'anthropic', name: 'claude-sonnet-4-5', capabilities: [...CAPABILITIES] }], {
        modelAliases: { 'gpt-*': 'auto' },
      });
      up = api.up.anthropic!;
    });
    after(() => api.close());

    it("names what Claude cannot take in x-tokenhub-dropped, and Codex's loop runs with the signed thinking kept", async () => {
      up.reply({ reasoning: { text: 'Run the tests first.' }, chunks: ['I will run the tests.'], toolCalls: [SHELL_CALL] });
      const first = await post(api, firstTurn());
      assert.deepEqual(String(first.answer.headers['x-tokenhub-dropped']).split(', ').sort(), ['client_metadata', 'include', 'prompt_cache_key', 'text.verbosity', 'tools[2]', 'tools[3]']);
      assertWellFormed(first.events);
      const sent = up.last.body as { system: unknown; messages: JsonObject[]; tools: JsonObject[]; thinking: JsonObject };
      assert.deepEqual(sent.tools.map((tool) => tool.name), ['shell_command', 'update_plan']);
      assert.equal(sent.thinking.type, 'enabled');
      const output = outputOf(first.events);
      assert.deepEqual(output.map((item) => item.type), ['reasoning', 'message', 'function_call']);
      const call = callOf(output);
      // Codex labels its commentary with `phase`; Claude has no such thing.
      const history = output.map((item) => (item.type === 'message' ? { ...item, phase: 'commentary' } : item));
      up.reply({ text: 'The sum is off by one.' });
      const second = await post(api, { ...firstTurn(), input: [...firstTurn().input as JsonObject[], ...history, { type: 'function_call_output', call_id: call.call_id, output: 'FAIL' }] });
      assert.match(String(second.answer.headers['x-tokenhub-dropped']), /input\[\]\.phase/);
      assert.match(JSON.stringify(second.events.at(-1)), /The sum is off by one\./);
      const assistant = (up.last.body as { messages: JsonObject[] }).messages.find((message) => message.role === 'assistant')!;
      assert.deepEqual((assistant.content as JsonObject[]).map((block) => block.type), ['thinking', 'text', 'tool_use'], 'the signed thinking went back before the call (the fake verified it)');
    });

    it('ends a stream that fails midway with response.failed and error in sequence', async () => {
      up.fail('stream_error', { afterChunks: 2 });
      const { events } = await post(api, { model: 'gpt-5.5-codex', input: 'Hi', stream: true });
      assertWellFormed(events);
      assert.deepEqual(events.slice(-2).map((event) => event.type), ['response.failed', 'error']);
    });
  });
});

describe('server: Responses requests to providers without the Responses API, and escalation', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi(
      [
        { name: 'compatible', dialect: 'openai', key: 'sk-c' },
        { name: 'local', dialect: 'vllm' },
        { name: 'native', dialect: 'openai', key: 'sk-n' },
      ],
      [
        { id: 'compatible-model', provider: 'compatible', name: 'gpt-4.1', weight: 90, capabilities: [...CAPABILITIES] },
        { id: 'local-model', provider: 'local', name: 'qwen', weight: 80, capabilities: [...CAPABILITIES] },
        { id: 'native-model', provider: 'native', name: 'gpt-4.1', weight: 70, capabilities: [...CAPABILITIES] },
      ],
      { providers: { compatible: { responses: false } } },
    );
  });
  after(() => api.close());

  it('translates to chat completions for an openai provider with responses: false and for vLLM', async () => {
    for (const [model, name] of [['compatible-model', 'compatible'], ['local-model', 'local']] as const) {
      api.up[name]!.reply({ chunks: ['Trans', 'lated.'] });
      const stream = api.client.responses.stream({ model, input: 'Hi', x_tokenhub: { escalate: false } } as never);
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      const final = await stream.finalResponse();
      assert.equal(final.output_text, 'Translated.');
      assert.equal(api.up[name]!.last.path, '/v1/chat/completions');
      assert.equal((api.up[name]!.last.body as JsonObject).x_tokenhub, undefined);
      assert.equal(types.at(-1), 'response.completed');
    }
  });

  it('escalates past a failing provider before the first token, then serves the next one', async () => {
    api.up.compatible!.fail('rate_limit');
    api.up.local!.fail('server_error');
    api.up.native!.reply({ text: 'Native answer.' });
    const { data, response } = await api.client.responses.create({ model: 'auto', input: 'Hi' }).withResponse();
    assert.equal(data.output_text, 'Native answer.');
    assert.equal(response.headers.get('x-tokenhub-escalations'), 'compatible-model:rate_limited, local-model:server');
    assert.equal(api.up.native!.last.path, '/v1/responses');
  });
});
