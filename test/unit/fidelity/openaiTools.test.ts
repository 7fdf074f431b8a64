// Issue #11 "Tests": the official openai SDK's tool helpers through Tokenhub's OpenAI surface, to
// an OpenAI-format provider (pass-through) and an Anthropic one (translated), the fakes
// validating each request as the real APIs do.
import assert from 'node:assert/strict';
import { ChatCompletionStreamingRunner } from 'openai/lib/ChatCompletionStreamingRunner';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import { lastToolResults, toolNames } from '../../fixtures/fakeUpstream/inspect';
import { startApi } from '../server/apiHarness';
import { BOTH, TARGETS, bodyOf, manyTools, messagesOf, startOne, weatherTool } from './helpers';

const ASK: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];

for (const target of BOTH) {
  describe(`fidelity: openai SDK tool helpers to an ${target.type} provider`, () => {
    let api: Awaited<ReturnType<typeof startOne>>;
    beforeEach(async () => {
      api = await startOne(target);
    });
    afterEach(() => api.close());

    it('runTools completes a tool loop (parse + function), whole answers', async () => {
      api.fake.setDefault(callThenAnswer());
      const calls: unknown[] = [];
      const runner = api.client.chat.completions.runTools({ model: 'auto', messages: ASK, tools: [weatherTool(calls)] });
      const content = await runner.finalContent();
      assert.equal(content, 'The tool said: sunny in Paris.');
      assert.deepEqual(calls, [{ city: 'Paris' }]);
      assert.equal(api.fake.requests.length, 2);
      // The second request carried the call and its result back in the provider's own shape.
      const results = lastToolResults(api.fake.requests[1]!);
      assert.equal(results.length, 1);
      assert.equal(results[0]!.text, 'sunny in Paris');
      assert.deepEqual(toolNames(api.fake.requests[1]!), ['get_weather']);
      const messages = await runner.allChatCompletions();
      assert.equal(messages[0]!.choices[0]!.finish_reason, 'tool_calls');
      assert.equal(messages[0]!.model, target.model.id);
    });

    it('runTools completes a tool loop streamed', async () => {
      api.fake.setDefault(callThenAnswer());
      const calls: unknown[] = [];
      const runner = api.client.chat.completions.runTools({ model: 'auto', messages: ASK, tools: [weatherTool(calls)], stream: true });
      let streamed = '';
      runner.on('content', (delta) => (streamed += delta));
      assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
      assert.equal(streamed, 'The tool said: sunny in Paris.');
      assert.deepEqual(calls, [{ city: 'Paris' }]);
      assert.equal(api.fake.requests.length, 2);
      assert.equal(bodyStream(api.fake.requests[0]!), true);
    });

    it('.stream() assembles two parallel calls whose arguments come in several fragments', async () => {
      api.fake.reply({
        toolCalls: [
          { id: target.type === 'anthropic' ? 'toolu_01Paris' : 'call_paris', name: 'get_weather', fragments: ['{"ci', 'ty":"Pa', 'ris"}'] },
          { id: target.type === 'anthropic' ? 'toolu_01Rome' : 'call_rome', name: 'get_weather', fragments: ['{', '"city"', ':"Rome"', '}'] },
        ],
        interleaveToolCalls: true,
      });
      const stream = api.client.chat.completions.stream({ model: 'auto', messages: ASK, tools: [weatherTool()] });
      const final = await stream.finalChatCompletion();
      const message = final.choices[0]!.message;
      assert.equal(final.choices[0]!.finish_reason, 'tool_calls');
      assert.deepEqual(
        message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, call.function.arguments]),
        [
          [target.type === 'anthropic' ? 'toolu_01Paris' : 'call_paris', 'get_weather', '{"city":"Paris"}'],
          [target.type === 'anthropic' ? 'toolu_01Rome' : 'call_rome', 'get_weather', '{"city":"Rome"}'],
        ],
      );
    });

    it('.stream() assembles text before a call, the call keeping its name and index 0', async () => {
      api.fake.reply({ chunks: ['Let me ', 'check.'], toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], textWithToolCall: true });
      const stream = api.client.chat.completions.stream({ model: 'auto', messages: ASK, tools: [weatherTool()] });
      const final = await stream.finalChatCompletion();
      const message = final.choices[0]!.message;
      assert.equal(message.content, 'Let me check.');
      assert.equal(message.tool_calls?.length, 1);
      const call = message.tool_calls![0]!;
      assert.ok(call.type === 'function');
      assert.equal(call.function.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    });

    it('.stream() gives a parameterless call "{}" and the loop carries it on', async () => {
      // OpenAI sends "{}" for a call without parameters (the fake's default); Anthropic an empty input.
      api.fake.setDefault(callThenAnswer({ calls: [{ name: 'get_time' }] }));
      const runner = api.client.chat.completions.runTools({
        model: 'auto',
        messages: [{ role: 'user', content: 'What time is it?' }],
        stream: true,
        tools: [{ type: 'function', function: { name: 'get_time', description: 'The time.', parameters: { type: 'object', properties: {} }, function: (args: string) => `args were ${args}` } }],
      });
      assert.equal(await runner.finalContent(), 'The tool said: args were {}.');
      const first = (await runner.allChatCompletions())[0]!;
      const call = first.choices[0]!.message.tool_calls![0]!;
      assert.ok(call.type === 'function');
      assert.equal(call.function.arguments, '{}');
    });
  });
}

describe('fidelity: a parameterless call from a server that sends no arguments (vLLM)', () => {
  it('reaches the client as "{}", whole and streamed', async () => {
    const api = await startOne(TARGETS.vllm);
    try {
      const reply = { toolCalls: [{ name: 'get_time', arguments: '' }] };
      api.fake.reply(reply).reply(reply);
      const tools = [{ type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } }];
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What time is it?' }];
      const whole = await api.client.chat.completions.create({ model: 'auto', messages, tools });
      const call = whole.choices[0]!.message.tool_calls?.[0];
      assert.ok(call?.type === 'function');
      assert.equal(call.function.arguments, '{}');
      const final = await api.client.chat.completions.stream({ model: 'auto', messages, tools }).finalChatCompletion();
      const streamed = final.choices[0]!.message.tool_calls?.[0];
      assert.ok(streamed?.type === 'function');
      assert.equal(streamed.function.arguments, '{}');
    } finally {
      await api.close();
    }
  });
});

describe('fidelity: 130 tools', () => {
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Use tool_129.' }];

  it('reach an Anthropic provider, and its call of the last one reaches the client', async () => {
    const api = await startOne(TARGETS.anthropic);
    try {
      api.fake.reply({ toolCalls: [{ name: 'tool_129', arguments: { path: 'a.txt' } }] });
      const final = await api.client.chat.completions.stream({ model: 'auto', messages, tools: manyTools(130) }).finalChatCompletion();
      const call = final.choices[0]!.message.tool_calls?.[0];
      assert.ok(call?.type === 'function' && call.function.name === 'tool_129');
      assert.equal(toolNames(api.fake.last).length, 130);
    } finally {
      await api.close();
    }
  });

  it('are never sent to OpenAI (it refuses more than 128): a clear 400 naming the limit when it is the only provider', async () => {
    const api = await startOne(TARGETS.openai);
    try {
      await assert.rejects(
        api.client.chat.completions.create({ model: 'auto', messages, tools: manyTools(130) }),
        (error: { status?: number; message?: string }) => error.status === 400 && /tools/.test(error.message ?? '') && /128/.test(error.message ?? ''),
      );
      assert.equal(api.fake.requests.length, 0);
    } finally {
      await api.close();
    }
  });

  it('with field_policy {"tools": "drop"}, reach OpenAI without the tools, and the header says so', async () => {
    const api = await startOne(TARGETS.openai, { fieldPolicy: { tools: 'drop' } });
    try {
      const { response } = await api.client.chat.completions.create({ model: 'auto', messages, tools: manyTools(130) }).withResponse();
      assert.equal(response.headers.get('x-tokenhub-dropped'), 'tools');
      assert.equal(bodyOf(api.fake.last).tools, undefined, 'the forwarded body is without what the header names');
      assert.deepEqual(bodyOf(api.fake.last).messages, messages);
    } finally {
      await api.close();
    }
  });

  it('go to the Anthropic provider when OpenAI ranks first, whole and streamed', async () => {
    const api = await startApi([TARGETS.openai.upstream, TARGETS.anthropic.upstream], [{ ...TARGETS.openai.model, weight: 90 }, TARGETS.anthropic.model]);
    try {
      api.up.an!.setDefault({ toolCalls: [{ name: 'tool_0', arguments: { path: 'a.txt' } }] });
      const { data, response } = await api.client.chat.completions.create({ model: 'auto', messages, tools: manyTools(130) }).withResponse();
      assert.equal(response.headers.get('x-tokenhub-provider'), 'an');
      assert.match(response.headers.get('x-tokenhub-escalations') ?? '', /^gpt:unsupported$/);
      assert.equal(data.choices[0]!.message.tool_calls?.length, 1);
      const final = await api.client.chat.completions.stream({ model: 'auto', messages, tools: manyTools(130) }).finalChatCompletion();
      assert.equal(final.choices[0]!.message.tool_calls?.length, 1);
      assert.equal(api.up.oa!.requests.length, 0);
    } finally {
      await api.close();
    }
  });
});

function bodyStream(request: { body: unknown }): unknown {
  return (request.body as { stream?: unknown }).stream;
}

describe('fidelity: reasoning before a call, across turns', () => {
  for (const stream of [false, true]) {
    it(`Anthropic thinking with its signature goes back with the call on the next turn (ReasoningMemory), ${stream ? 'streamed' : 'whole'}`, async () => {
      const api = await startOne(TARGETS.anthropic);
      try {
        api.fake.setDefault(callThenAnswer({ onCall: { reasoning: { text: 'I should look the weather up.' } } }));
        const calls: unknown[] = [];
        const params = { model: 'auto', messages: ASK, tools: [weatherTool(calls)], reasoning_effort: 'low' as const };
        let reasoning = '';
        const runner = stream ? api.client.chat.completions.runTools({ ...params, stream: true }) : api.client.chat.completions.runTools(params);
        if (runner instanceof ChatCompletionStreamingRunner) {
          runner.on('chunk', (chunk) => (reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''));
        }
        // The Anthropic fake refuses the second turn unless it opens with the thinking it signed.
        assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
        const first = (await runner.allChatCompletions())[0]!.choices[0]!.message as { reasoning_content?: string };
        assert.equal(stream ? reasoning : first.reasoning_content, 'I should look the weather up.');
        const [ask, answer] = api.fake.requests;
        assert.equal((ask!.body as { thinking?: { type: string } }).thinking?.type, 'enabled');
        const assistant = messagesOf(answer!).find((m) => m.role === 'assistant')!;
        const blocks = assistant.content as { type: string; thinking?: string; signature?: string }[];
        assert.deepEqual(blocks.map((block) => block.type), ['thinking', 'tool_use']);
        assert.equal(blocks[0]!.thinking, 'I should look the weather up.');
        assert.ok(api.fake.signatures.verifies(blocks[0]!.signature, blocks[0]!.thinking));
      } finally {
        await api.close();
      }
    });
  }

  it('OpenAI-compatible reasoning_content before a call reaches the client, whole and streamed (vLLM)', async () => {
    const api = await startOne(TARGETS.vllm);
    try {
      const reply = { reasoning: { text: 'Weather needs a tool.' }, toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] };
      api.fake.reply(reply).reply(reply);
      const whole = await api.client.chat.completions.create({ model: 'auto', messages: ASK, tools: [weatherTool()] });
      const message = whole.choices[0]!.message as typeof whole.choices[0]['message'] & { reasoning_content?: string };
      assert.equal(message.reasoning_content, 'Weather needs a tool.');
      assert.equal(message.tool_calls?.length, 1);
      const stream = api.client.chat.completions.stream({ model: 'auto', messages: ASK, tools: [weatherTool()] });
      // The SDK's accumulator keeps only the last delta of a field it does not know: read the chunks.
      let reasoning = '';
      stream.on('chunk', (chunk) => (reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? ''));
      const final = await stream.finalChatCompletion();
      assert.equal(reasoning, 'Weather needs a tool.');
      const call = final.choices[0]!.message.tool_calls?.[0];
      assert.ok(call?.type === 'function' && call.function.name === 'get_weather');
    } finally {
      await api.close();
    }
  });
});
