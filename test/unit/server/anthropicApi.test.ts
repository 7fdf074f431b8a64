// `POST /v1/messages` through the official @anthropic-ai/sdk, to an `anthropic` provider (the
// client's body, headers and the upstream's answer pass through) and to an `openai` one (the
// codecs translate both ways): whole answers, streams, parallel tool calls, images, count_tokens.
import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import { lastMessage, lastToolResults } from '../../fixtures/fakeUpstream/inspect';
import type { ApiHarness } from './apiHarness';
import { FILE_TOOLS, KINDS, MODEL_FOR, RED_PNG, UPSTREAM_FOR, anthropicClient, startAnthropicApi } from './anthropicHarness';

type Json = Record<string, unknown>;

const PARALLEL = [
  { id: 'call_read_1', name: 'read_file', arguments: { path: '/repo/a.ts' } },
  { id: 'call_list_2', name: 'list_dir', arguments: { path: '/repo/src' } },
];

/** Runs the client's side of a tool loop: every tool_use answered with a result naming it. */
function results(message: Anthropic.Message): Anthropic.ToolResultBlockParam[] {
  return message.content
    .filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')
    .map((block) => ({ type: 'tool_result', tool_use_id: block.id, content: `${block.name} of ${(block.input as { path: string }).path}: ok` }));
}

for (const kind of KINDS) {
  describe(`server: Anthropic Messages through the official SDK to an ${kind} provider`, () => {
    let api: ApiHarness;
    let client: Anthropic;
    const model = MODEL_FOR[kind];
    const upstream = () => api.up[UPSTREAM_FOR[kind]]!;
    beforeEach(async () => {
      api = await startAnthropicApi();
      client = anthropicClient(api);
    });
    afterEach(() => api.close());

    it('messages.create: an Anthropic message with the registry id as model, cache usage, and the trace headers', async () => {
      upstream().reply({ text: 'Hello there.', usage: { prompt: 12, completion: 3, cacheRead: 4 } });
      const params = { model, max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Say hello' }], stop_sequences: ['###'] };
      const { data, response } = await client.messages.create(params).withResponse();
      assert.equal(data.type, 'message');
      assert.equal(data.role, 'assistant');
      assert.match(data.id, /^msg_/);
      assert.equal(data.model, model);
      assert.deepEqual(data.content.map((block) => (block.type === 'text' ? block.text : block.type)), ['Hello there.']);
      assert.equal(data.stop_reason, 'end_turn');
      assert.equal(data.stop_sequence, null);
      assert.equal(data.usage.input_tokens, 8, 'input_tokens leaves out the cached reads');
      assert.equal(data.usage.cache_read_input_tokens, 4);
      assert.equal(data.usage.output_tokens, 3);
      assert.equal(response.headers.get('x-tokenhub-model'), model);
      assert.equal(response.headers.get('x-tokenhub-provider'), UPSTREAM_FOR[kind]);
      const sent = upstream().last.body as Json;
      if (kind === 'anthropic') {
        assert.deepEqual(sent, { ...params, model: 'claude-sonnet-4-5', stream: false }, 'the client body, only model and stream set');
        assert.equal((data.usage as unknown as Json).service_tier, 'standard', "the upstream's own usage fields reach the client");
      } else {
        assert.deepEqual(sent.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello' }]);
        assert.deepEqual(sent.stop, ['###']);
        assert.equal(sent.max_completion_tokens, 100);
      }
    });

    it("messages.stream: finalMessage() accumulates Tokenhub's events (the SDK checks their order and indexes)", async () => {
      upstream().reply({ chunks: ['Hel', 'lo, ', 'world.'], usage: { prompt: 9, completion: 4 } });
      const stream = client.messages.stream({ model, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
      const texts: string[] = [];
      const types: string[] = [];
      stream.on('text', (text) => texts.push(text));
      stream.on('streamEvent', (event) => types.push(event.type));
      const { response } = await stream.withResponse();
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      const message = await stream.finalMessage();
      assert.equal(texts.join(''), 'Hello, world.');
      assert.deepEqual(message.content.map((block) => (block.type === 'text' ? block.text : block.type)), ['Hello, world.']);
      assert.equal(message.model, model);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.input_tokens, 9);
      assert.equal(message.usage.output_tokens, 4);
      assert.equal(types[0], 'message_start');
      assert.deepEqual(types.filter((type) => type !== 'ping' && type !== 'content_block_delta'), ['message_start', 'content_block_start', 'content_block_stop', 'message_delta', 'message_stop']);
    });

    for (const streamed of [false, true]) {
      it(`a tool-use loop with two parallel calls, ${streamed ? 'streamed' : 'whole'}`, async () => {
        upstream().setDefault(callThenAnswer({ calls: PARALLEL, onCall: { text: 'Reading both.', interleaveToolCalls: true } }));
        const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Look at a.ts and src.' }];
        const ask = async () => {
          const params = { model, max_tokens: 500, tools: FILE_TOOLS, messages };
          if (!streamed) return client.messages.create(params);
          const stream = client.messages.stream(params);
          const fragments: string[] = [];
          stream.on('inputJson', (partial) => fragments.push(partial));
          const message = await stream.finalMessage();
          if (message.stop_reason === 'tool_use') assert.ok(fragments.join('').length > 0, 'input_json_delta events carried the arguments');
          return message;
        };
        const first = await ask();
        assert.equal(first.stop_reason, 'tool_use');
        assert.deepEqual(first.content.map((block) => block.type), ['text', 'tool_use', 'tool_use']);
        const calls = first.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
        assert.deepEqual(calls.map((call) => [call.id, call.name, call.input]), PARALLEL.map((call) => [call.id, call.name, call.arguments]));
        messages.push({ role: 'assistant', content: first.content }, { role: 'user', content: results(first) });
        const second = await ask();
        assert.equal(second.stop_reason, 'end_turn');
        assert.deepEqual(lastToolResults(upstream().last).map((result) => [result.callId, result.text]), [
          ['call_read_1', 'read_file of /repo/a.ts: ok'],
          ['call_list_2', 'list_dir of /repo/src: ok'],
        ]);
        const text = second.content.find((block): block is Anthropic.TextBlock => block.type === 'text')!.text;
        assert.equal(text, 'The tool said: read_file of /repo/a.ts: ok; list_dir of /repo/src: ok.');
      });
    }

    it('an image in a user turn and in a tool result reaches the provider in its own form', async () => {
      const image = { type: 'image' as const, source: { type: 'base64' as const, media_type: 'image/png' as const, data: RED_PNG } };
      const dataUrl = { type: 'image_url', image_url: { url: `data:image/png;base64,${RED_PNG}` } };
      await client.messages.create({ model, max_tokens: 50, messages: [{ role: 'user', content: [{ type: 'text', text: 'What colour?' }, image] }] });
      const { parts } = lastMessage(upstream().last);
      assert.deepEqual(parts[1], kind === 'anthropic' ? image : dataUrl);

      upstream().reply({ text: 'Red.' });
      const answer = await client.messages.create({
        model,
        max_tokens: 50,
        tools: FILE_TOOLS,
        messages: [
          { role: 'user', content: 'Show me the logo.' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01Logo', name: 'read_file', input: { path: '/logo.png' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Logo', content: [{ type: 'text', text: 'The logo:' }, image] }] },
        ],
      });
      assert.equal((answer.content[0] as Anthropic.TextBlock).text, 'Red.');
      const sent = (upstream().last.body as { messages: Json[] }).messages;
      if (kind === 'anthropic') {
        assert.deepEqual((sent[2]!.content as Json[])[0], { type: 'tool_result', tool_use_id: 'toolu_01Logo', content: [{ type: 'text', text: 'The logo:' }, image] });
      } else {
        // OpenAI tool messages hold text: the image follows them in a user message.
        assert.deepEqual(sent.map((message) => message.role), ['user', 'assistant', 'tool', 'user']);
        assert.deepEqual((sent[3]!.content as Json[]).find((part) => part.type === 'image_url'), dataUrl);
      }
    });

    it('countTokens: the prompt counted for the model, and whether the count is exact', async () => {
      const params = { model, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'How many tokens is this sentence?' }], tools: FILE_TOOLS };
      const { data, response } = await client.messages.countTokens(params).withResponse();
      const entry = api.tokenhub.registry.get(model)!;
      const decoded = api.tokenhub.surfaces()['/v1/messages'];
      assert.ok(decoded && !('local' in decoded));
      const parsed = decoded.parse({ ...params, max_tokens: 1 }, {});
      assert.ok(parsed.ok);
      const expected = api.tokenhub.estimator.count(parsed.value.request, entry);
      assert.equal(data.input_tokens, expected.tokens);
      assert.ok(data.input_tokens > 20, `${data.input_tokens} tokens`);
      assert.equal(response.headers.get('x-tokenhub-model'), model);
      // OpenAI's tokenizers are at hand; Claude's are not, so its count is an estimate.
      assert.equal(response.headers.get('x-tokenhub-count'), kind === 'openai' ? 'exact' : 'estimate');
      assert.equal(upstream().requests.length, 0, 'counting calls no provider');
    });
  });
}
