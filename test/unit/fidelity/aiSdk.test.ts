// Issue #11 "Tests": the Vercel AI SDK (`ai` with `@ai-sdk/openai-compatible`, as its docs set
// up any OpenAI-compatible server) through Tokenhub to an OpenAI and an Anthropic provider.
import assert from 'node:assert/strict';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject, generateText, stepCountIs, streamObject, streamText, tool } from 'ai';
import { z } from 'zod';
import { lastToolResults, toolNames } from '../../fixtures/fakeUpstream/inspect';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import type { ApiHarness } from '../server/apiHarness';
import { BOTH, TARGETS, bodyOf, startOne } from './helpers';

/** The AI SDK's provider for Tokenhub, as a user configures it. */
function tokenhubProvider(api: ApiHarness) {
  return createOpenAICompatible({ name: 'tokenhub', baseURL: `${api.url}/v1`, apiKey: api.token, includeUsage: true, supportsStructuredOutputs: true });
}

function weather(calls: unknown[]) {
  return tool({
    description: 'The weather in a city.',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push(city);
      return `sunny in ${city}`;
    },
  });
}

const PROMPT = 'What is the weather in Paris?';

for (const target of BOTH) {
  describe(`fidelity: AI SDK to an ${target.type} provider`, () => {
    let api: Awaited<ReturnType<typeof startOne>>;
    beforeEach(async () => {
      api = await startOne(target);
    });
    afterEach(() => api.close());

    it('generateText with a tool runs the call and answers (stopWhen: stepCountIs(3))', async () => {
      api.fake.setDefault(callThenAnswer({ onCall: { usage: { prompt: 40, completion: 8 } }, onAnswer: { usage: { prompt: 60, completion: 9 } } }));
      const calls: unknown[] = [];
      const result = await generateText({ model: tokenhubProvider(api)('auto'), prompt: PROMPT, tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(3) });
      assert.equal(result.text, 'The tool said: sunny in Paris.');
      assert.deepEqual(calls, ['Paris']);
      assert.equal(result.steps.length, 2);
      assert.equal(result.steps[0]!.finishReason, 'tool-calls');
      assert.equal(result.steps[0]!.toolCalls[0]!.toolName, 'get_weather');
      assert.equal(result.totalUsage.inputTokens, 100);
      assert.equal(result.totalUsage.outputTokens, 17);
      assert.equal(result.response.modelId, target.model.id);
      assert.deepEqual(toolNames(api.fake.requests[1]!), ['get_weather']);
      assert.equal(lastToolResults(api.fake.requests[1]!)[0]!.text, 'sunny in Paris');
    });

    it('streamText with a tool streams the call, runs it and streams the answer', async () => {
      api.fake.setDefault(callThenAnswer());
      const calls: unknown[] = [];
      const result = streamText({ model: tokenhubProvider(api)('auto'), prompt: PROMPT, tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(3) });
      const kinds: string[] = [];
      let text = '';
      for await (const part of result.fullStream) {
        kinds.push(part.type);
        if (part.type === 'text-delta') text += part.text;
        if (part.type === 'error') throw part.error;
      }
      assert.equal(text, 'The tool said: sunny in Paris.');
      assert.deepEqual(calls, ['Paris']);
      for (const kind of ['tool-input-start', 'tool-input-delta', 'tool-call', 'tool-result', 'text-delta', 'finish']) assert.ok(kinds.includes(kind), `no ${kind} in ${kinds.join(' ')}`);
      assert.equal((await result.steps).length, 2);
      assert.equal(bodyOf(api.fake.requests[0]!).stream, true);
    });

    it('generateObject gets an object that fits the schema', async () => {
      const result = await generateObject({
        model: tokenhubProvider(api)('auto'),
        schema: z.object({ city: z.string(), celsius: z.number() }),
        prompt: 'The weather in Paris as JSON.',
      });
      assert.deepEqual(result.object, { city: 'text', celsius: 0 });
      const body = bodyOf(api.fake.last);
      if (target.type === 'openai') {
        // Passed through: the client's json_schema exactly.
        const format = body.response_format as { type: string; json_schema: { name: string; strict: boolean; schema: { required: string[] } } };
        assert.equal(format.type, 'json_schema');
        assert.equal(format.json_schema.strict, true);
        assert.deepEqual(format.json_schema.schema.required, ['city', 'celsius']);
      } else {
        // Claude Sonnet 4.5 has structured outputs: the schema goes in output_config.format.
        const format = (body.output_config as { format?: { type: string; schema: { required: string[] } } } | undefined)?.format;
        assert.equal(format?.type, 'json_schema');
        assert.deepEqual(format?.schema.required, ['city', 'celsius']);
        assert.equal(body.tools, undefined);
      }
    });
  });
}

describe('fidelity: AI SDK generateObject to an older Claude (no structured outputs)', () => {
  it('is carried by a forced tool whose input is the object, whole and streamed', async () => {
    const api = await startOne(TARGETS.anthropic, { model: { name: 'claude-3-7-sonnet-20250219' } });
    try {
      api.fake.setDefault((request) => {
        const tools = (bodyOf(request).tools as { name: string }[] | undefined) ?? [];
        return { toolCalls: [{ name: tools[0]?.name ?? 'missing', arguments: { city: 'Paris', celsius: 21 } }] };
      });
      const schema = z.object({ city: z.string(), celsius: z.number() });
      const whole = await generateObject({ model: tokenhubProvider(api)('auto'), schema, prompt: 'The weather in Paris as JSON.' });
      assert.deepEqual(whole.object, { city: 'Paris', celsius: 21 });
      const body = bodyOf(api.fake.last);
      assert.equal(body.output_config, undefined);
      const tools = body.tools as { name: string; input_schema: { required: string[] } }[];
      assert.equal(tools.length, 1);
      assert.deepEqual(tools[0]!.input_schema.required, ['city', 'celsius']);
      assert.deepEqual(body.tool_choice, { type: 'tool', name: tools[0]!.name });
      // The answer is the object as text, not a call of a tool the client never offered.
      const streamed = streamObject({ model: tokenhubProvider(api)('auto'), schema, prompt: 'The weather in Paris as JSON.' });
      const partials: unknown[] = [];
      for await (const partial of streamed.partialObjectStream) partials.push(partial);
      assert.deepEqual(partials[partials.length - 1], { city: 'Paris', celsius: 21 });
      assert.ok(partials.length > 1, 'the object arrives in pieces');
      assert.deepEqual(await streamed.object, { city: 'Paris', celsius: 21 });
      assert.equal(bodyOf(api.fake.last).stream, true);
    } finally {
      await api.close();
    }
  });
});
