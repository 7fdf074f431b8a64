// POST /v1/responses through `tokenhub serve`, with the official openai SDK, to an `openai`
// provider (native Responses, pass-through) and to an `anthropic` one (translated).
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import type { Response, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ResponseStore } from '../../../src/core/surfaces/responseStore';
import { ResponsesSurface } from '../../../src/core/surfaces/responses';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { assertWellFormed } from '../formats/responses/wellFormed';
import { errorOf, raw, startApi, type ApiHarness } from './apiHarness';

const CAPABILITIES = ['chat', 'tools', 'json', 'reasoning'] as const;
const weather = { type: 'function' as const, name: 'get_weather', description: 'The weather in a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: false };
const schema = { type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'], additionalProperties: false };

/** The SDK's response without what the SDK adds itself. */
function wireOf(response: Response): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(response)) as Record<string, unknown>;
  delete copy.output_text;
  delete copy.output_parsed;
  for (const item of copy.output as Record<string, unknown>[]) {
    delete item.parsed_arguments;
    if (Array.isArray(item.content)) for (const part of item.content as Record<string, unknown>[]) delete part.parsed;
  }
  return copy;
}

/** Output items as the next request's input, as the SDK gives them. */
const asInput = (response: Response): ResponseInputItem[] => response.output as unknown as ResponseInputItem[];

const TARGETS = [
  { kind: 'openai', dialect: 'openai' as const, model: 'gpt-5.5', upstreamPath: '/v1/responses' },
  { kind: 'anthropic', dialect: 'anthropic' as const, model: 'claude-sonnet-4-5', upstreamPath: '/v1/messages' },
];

for (const target of TARGETS) {
  describe(`server: POST /v1/responses to an ${target.kind} provider`, () => {
    let api: ApiHarness;
    let up: FakeUpstream;
    before(async () => {
      api = await startApi([{ name: 'up', dialect: target.dialect, key: 'sk-up' }], [{ id: 'main', provider: 'up', name: target.model, capabilities: [...CAPABILITIES] }]);
      up = api.up.up!;
    });
    after(() => api.close());
    beforeEach(() => up.setDefault({}));

    it('responses.create: text, with the trace headers, from the right upstream route', async () => {
      up.reply({ text: 'Hello from the fake.', usage: { prompt: 12, completion: 4 } });
      const { data, response } = await api.client.responses.create({ model: 'auto', input: 'Say hello', instructions: 'Be brief.' }).withResponse();
      assert.equal(data.output_text, 'Hello from the fake.');
      assert.equal(data.status, 'completed');
      assert.equal(data.model, 'main');
      assert.equal(data.instructions, 'Be brief.');
      assert.match(data.id, /^resp_/);
      assert.equal(data.usage?.input_tokens, 12);
      assert.equal(data.usage?.output_tokens, 4);
      assert.equal(response.headers.get('x-tokenhub-provider'), 'up');
      assert.equal(response.headers.get('x-tokenhub-model'), 'main');
      assert.equal(up.last.path, target.upstreamPath);
      if (target.kind === 'openai') {
        assert.deepEqual(up.last.body, { model: target.model, input: 'Say hello', instructions: 'Be brief.', stream: false }, 'the client body passes through');
      }
    });

    it('runs a function tool loop with function_call_output, ids as the SDK returns them', async () => {
      up.setDefault(callThenAnswer({ answer: (results) => `It is ${results[0]!.text} in Paris.` }));
      const first = await api.client.responses.create({ model: 'auto', input: 'Weather in Paris?', tools: [weather] });
      const call = first.output.find((item) => item.type === 'function_call');
      assert.ok(call?.type === 'function_call', JSON.stringify(first.output));
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
      const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris?' }, ...asInput(first), { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }];
      const second = await api.client.responses.create({ model: 'auto', input, tools: [weather] });
      assert.equal(second.output_text, 'It is sunny in Paris.');
      if (target.kind === 'openai') {
        const sent = (up.last.body as { input: Record<string, unknown>[] }).input;
        assert.ok(sent.every((item) => item.id === undefined), 'item ids are not sent back');
        assert.equal(sent[1]!.call_id, call.call_id);
      }
    });

    it('answers a JSON schema request with JSON that fits', async () => {
      const response = await api.client.responses.create({ model: 'auto', input: 'Weather in Paris as JSON', text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } } });
      assert.deepEqual(JSON.parse(response.output_text), { city: 'text', celsius: 0 });
      assert.deepEqual(response.text?.format, { type: 'json_schema', name: 'weather', schema, strict: true });
    });

    it('responses.stream: events in order with sequence numbers; the SDK final response is the folded stream', async () => {
      up.reply({ chunks: ['The ', 'weather ', 'is ', 'fine.'], usage: { prompt: 9, completion: 4 } });
      const stream = api.client.responses.stream({ model: 'auto', input: 'Weather?' });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const final = await stream.finalResponse();
      assertWellFormed(events as unknown as Record<string, unknown>[]);
      const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
      assert.deepEqual(deltas.join(''), 'The weather is fine.');
      const completed = events.at(-1);
      assert.ok(completed?.type === 'response.completed');
      assert.deepEqual(wireOf(final), JSON.parse(JSON.stringify(completed.response)));
      assert.deepEqual(
        wireOf(final).output,
        events.flatMap((event) => (event.type === 'response.output_item.done' ? [event.item] : [])),
        'the final output is the items the stream finished',
      );
      assert.equal(final.output_text, 'The weather is fine.');
      assert.equal(final.model, 'main');
      // Pass-through keeps OpenAI's own response id; a translated stream gets Tokenhub's.
      assert.match(final.id, target.kind === 'openai' ? /^resp_[0-9a-f]{50}$/ : /^resp_[A-Za-z0-9_-]+$/);
      if (target.kind !== 'openai') assert.doesNotMatch(final.id, /^resp_[0-9a-f]{50}$/);
      assert.equal(final.usage?.output_tokens, 4);
    });

    it('streams a function call the SDK assembles, and the next turn answers it', async () => {
      up.setDefault(callThenAnswer());
      const stream = api.client.responses.stream({ model: 'auto', input: 'Weather in Paris?', tools: [weather] });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      assert.ok(types.includes('response.function_call_arguments.delta'));
      assert.ok(types.includes('response.function_call_arguments.done'));
      const final = await stream.finalResponse();
      const call = final.output.find((item) => item.type === 'function_call');
      assert.ok(call?.type === 'function_call');
      const next = await api.client.responses.create({
        model: 'auto',
        input: [{ role: 'user', content: 'Weather in Paris?' }, ...asInput(final), { type: 'function_call_output', call_id: call.call_id, output: 'rain' }],
        tools: [weather],
      });
      assert.equal(next.output_text, 'The tool said: rain.');
    });

    it('chains previous_response_id: the stored conversation goes in front, on any provider', async () => {
      up.reply({ text: 'First answer.' }).reply({ text: 'Second answer.' }).reply({ text: 'Third answer.' });
      const first = await api.client.responses.create({ model: 'auto', input: 'First question', instructions: 'Be brief.' });
      const second = await api.client.responses.create({ model: 'auto', input: 'Second question', previous_response_id: first.id });
      assert.equal(second.previous_response_id, first.id);
      const third = await api.client.responses.create({ model: 'auto', input: [{ role: 'user', content: 'Third question' }], previous_response_id: second.id });
      assert.equal(third.output_text, 'Third answer.');
      assert.deepEqual(conversation(up), [
        ['user', 'First question'],
        ['assistant', 'First answer.'],
        ['user', 'Second question'],
        ['assistant', 'Second answer.'],
        ['user', 'Third question'],
      ]);
      if (target.kind === 'openai') {
        const body = up.last.body as Record<string, unknown>;
        assert.equal(body.previous_response_id, undefined, 'the field is Tokenhub’s, never forwarded');
        assert.equal(body.instructions, undefined, 'instructions are not carried over, as at OpenAI');
      }
    });

    it('refuses an unknown previous_response_id with a 400 naming it, before any upstream call', async () => {
      const before = up.requests.length;
      await assert.rejects(api.client.responses.create({ model: 'auto', input: 'Hi', previous_response_id: 'resp_unknown' }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.code, 'previous_response_not_found');
        assert.equal(error.param, 'previous_response_id');
        assert.match(error.message, /Previous response with id 'resp_unknown' not found/);
        return true;
      });
      const stored = await api.client.responses.create({ model: 'auto', input: 'Not kept', store: false });
      const answer = await raw(api, { path: '/v1/responses', body: JSON.stringify({ model: 'auto', input: 'Hi', previous_response_id: stored.id }) });
      assert.equal(answer.status, 400);
      assert.equal(errorOf(answer).param, 'previous_response_id');
      assert.equal(up.requests.length, before + 1);
    });
  });
}

/** The conversation the upstream last received, as [role, text] in order, whichever format. */
function conversation(up: FakeUpstream): [string, string][] {
  const body = up.last.body as { input?: Record<string, unknown>[]; messages?: Record<string, unknown>[] };
  const text = (content: unknown): string =>
    typeof content === 'string' ? content : (content as { text?: string }[]).map((part) => part.text ?? '').join('');
  const list = body.input ?? body.messages ?? [];
  return list.filter((item) => item.role !== 'system' && item.role !== 'developer').map((item) => [String(item.role), text(item.content)]);
}

describe('server: previous_response_id with a small store', () => {
  it('forgets the oldest response past its limit', async () => {
    const api = await startApi([{ name: 'up', dialect: 'openai', key: 'sk-up' }], [{ id: 'main', provider: 'up', name: 'gpt-4.1' }], {
      surfaces: (tokenhub) => ({ ...tokenhub.surfaces(), '/v1/responses': new ResponsesSurface(tokenhub.reasoning, new ResponseStore({ responses: 2, bytes: 1 << 20 })) }),
    });
    try {
      const ids: string[] = [];
      for (const input of ['one', 'two', 'three']) ids.push((await api.client.responses.create({ model: 'auto', input })).id);
      await assert.rejects(api.client.responses.create({ model: 'auto', input: 'again', previous_response_id: ids[0] }), (error: unknown) => error instanceof OpenAI.BadRequestError && error.code === 'previous_response_not_found');
      const kept = await api.client.responses.create({ model: 'auto', input: 'again', previous_response_id: ids[1] });
      assert.equal(kept.status, 'completed');
      assert.deepEqual(
        (api.up.up!.last.body as { input: { content: unknown }[] }).input.map((item) => (typeof item.content === 'string' ? item.content : 'answer')),
        ['two', 'answer', 'again'],
      );
    } finally {
      await api.close();
    }
  });
});
