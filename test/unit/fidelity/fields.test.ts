// Issue #11 "Tests": every field of an OpenAI chat request is forwarded (OpenAI, vLLM),
// translated, dropped and named in `x-tokenhub-dropped`, or refused with a 400 naming the field
// and the provider (Anthropic), never dropped silently; `field_policy` moves a field between
// the kinds; and what an OpenAI-format upstream answers reaches the client, unknown fields too.
import assert from 'node:assert/strict';
import { lastMessage } from '../../fixtures/fakeUpstream/inspect';
import { openAIChunkPayload } from '../../fixtures/fakeUpstream/toolScripts';
import { raw, type RawResponse } from '../server/apiHarness';
import { TARGETS, bodyOf, sseData, startOne, type Target } from './helpers';

type Json = Record<string, unknown>;

const ASK = [{ role: 'user', content: 'Say hello' }];

/** POST /v1/chat/completions with `fields` added to a plain request. */
function chat(api: Parameters<typeof raw>[0], fields: Json): Promise<RawResponse> {
  return raw(api, { path: '/v1/chat/completions', body: JSON.stringify({ model: 'auto', messages: ASK, ...fields }) });
}

async function withOne<T>(target: Target, run: (api: Awaited<ReturnType<typeof startOne>>) => Promise<T>, options: Parameters<typeof startOne>[1] = {}): Promise<T> {
  const api = await startOne(target, options);
  try {
    return await run(api);
  } finally {
    await api.close();
  }
}

/** Each sampling field as a client sends it. */
const SAMPLING: Record<string, Json> = {
  seed: { seed: 7 },
  presence_penalty: { presence_penalty: 0.5 },
  frequency_penalty: { frequency_penalty: -0.5 },
  logit_bias: { logit_bias: { '1234': -100 } },
  logprobs: { logprobs: true },
  top_logprobs: { logprobs: true, top_logprobs: 3 },
  n: { n: 2 },
  stop: { stop: ['END', 'STOP'] },
  temperature: { temperature: 0.3 },
  top_p: { top_p: 0.9 },
  user: { user: 'user-42' },
};

describe('fidelity: request fields', () => {
  describe('to OpenAI and vLLM (same format)', () => {
    for (const target of [TARGETS.openai, TARGETS.vllm]) {
      it(`forwards every sampling field unchanged to ${target.type}`, () =>
        withOne(target, async (api) => {
          for (const [name, fields] of Object.entries(SAMPLING)) {
            const answer = await chat(api, fields);
            assert.equal(answer.status, 200, `${name}: ${answer.body}`);
            assert.equal(answer.headers['x-tokenhub-dropped'], undefined, name);
            const body = bodyOf(api.fake.last);
            for (const [key, value] of Object.entries(fields)) assert.deepEqual(body[key], value, `${name}: ${key}`);
          }
        }));
    }

    it('forwards top_k and the vLLM extensions unchanged to vLLM', () =>
      withOne(TARGETS.vllm, async (api) => {
        const fields = {
          top_k: 20,
          guided_json: { type: 'object', properties: { a: { type: 'string' } } },
          chat_template_kwargs: { enable_thinking: false },
          min_p: 0.05,
          x_foo: { bar: [1, 2] },
        };
        const answer = await chat(api, { ...fields, stream: true });
        assert.equal(answer.status, 200, answer.body);
        assert.equal(answer.headers['x-tokenhub-dropped'], undefined);
        const body = bodyOf(api.fake.last);
        for (const [key, value] of Object.entries(fields)) assert.deepEqual(body[key], value, key);
      }));

    it("forwards OpenAI's own options (store, metadata, service_tier, prediction, response_format) unchanged to OpenAI", () =>
      withOne(TARGETS.openai, async (api) => {
        const fields = {
          store: true,
          metadata: { run: 'r1' },
          service_tier: 'flex',
          prediction: { type: 'content', content: 'Hello' },
          response_format: { type: 'json_schema', json_schema: { name: 'greeting', strict: true, schema: { type: 'object', properties: { hi: { type: 'string' } }, required: ['hi'], additionalProperties: false } } },
        };
        const answer = await chat(api, fields);
        assert.equal(answer.status, 200, answer.body);
        const body = bodyOf(api.fake.last);
        for (const [key, value] of Object.entries(fields)) assert.deepEqual(body[key], value, key);
        // The fake answered with JSON fitting the schema.
        assert.deepEqual(JSON.parse((JSON.parse(answer.body) as { choices: { message: { content: string } }[] }).choices[0]!.message.content), { hi: 'text' });
      }));

    it("top_k and unknown fields are forwarded to OpenAI too, so OpenAI's own 400 naming the field reaches the client (never a silent drop)", () =>
      withOne(TARGETS.openai, async (api) => {
        for (const field of ['top_k', 'x_foo']) {
          const answer = await chat(api, { [field]: 40 });
          assert.equal(answer.status, 400, answer.body);
          assert.match(answer.body, new RegExp(`Unrecognized request argument supplied: ${field}`));
          assert.equal(bodyOf(api.fake.last)[field], 40);
        }
      }));
  });

  describe('to Anthropic (translated)', () => {
    const translated: [string, Json, (body: Json) => void][] = [
      ['stop', SAMPLING.stop!, (body) => assert.deepEqual(body.stop_sequences, ['END', 'STOP'])],
      ['temperature', SAMPLING.temperature!, (body) => assert.equal(body.temperature, 0.3)],
      ['top_p', SAMPLING.top_p!, (body) => assert.equal(body.top_p, 0.9)],
      ['top_k', { top_k: 20 }, (body) => assert.equal(body.top_k, 20)],
      ['user', SAMPLING.user!, (body) => assert.deepEqual(body.metadata, { user_id: 'user-42' })],
      ['max_tokens', { max_tokens: 321 }, (body) => assert.equal(body.max_tokens, 321)],
    ];
    for (const [name, fields, check] of translated) {
      it(`translates ${name}`, () =>
        withOne(TARGETS.anthropic, async (api) => {
          const answer = await chat(api, fields);
          assert.equal(answer.status, 200, answer.body);
          assert.equal(answer.headers['x-tokenhub-dropped'], undefined);
          check(bodyOf(api.fake.last));
        }));
    }

    for (const name of ['seed', 'presence_penalty', 'frequency_penalty']) {
      it(`leaves ${name} out and names it in x-tokenhub-dropped, whole and streamed`, () =>
        withOne(TARGETS.anthropic, async (api) => {
          for (const stream of [false, true]) {
            const answer = await chat(api, { ...SAMPLING[name], stream });
            assert.equal(answer.status, 200, answer.body);
            assert.equal(answer.headers['x-tokenhub-dropped'], name);
            assert.equal(bodyOf(api.fake.last)[name], undefined);
          }
        }));
    }

    for (const name of ['logit_bias', 'logprobs', 'top_logprobs', 'n']) {
      it(`refuses ${name} with a 400 naming the field and the provider, before any call`, () =>
        withOne(TARGETS.anthropic, async (api) => {
          const answer = await chat(api, SAMPLING[name]!);
          assert.equal(answer.status, 400, answer.body);
          const message = (JSON.parse(answer.body) as { error: { message: string } }).error.message;
          assert.match(message, new RegExp(`\\b${name}\\b`));
          assert.match(message, /\ban \(anthropic\)/);
          assert.equal(api.fake.requests.length, 0);
        }));
    }

    it('names each of several dropped fields once, and the OpenAI-only options too', () =>
      withOne(TARGETS.anthropic, async (api) => {
        const answer = await chat(api, { seed: 1, presence_penalty: 0.1, store: true, metadata: { run: 'r1' }, service_tier: 'flex', x_foo: 1, temperature: 1.5 });
        assert.equal(answer.status, 200, answer.body);
        const dropped = String(answer.headers['x-tokenhub-dropped']).split(', ').sort();
        assert.deepEqual(dropped, ['metadata', 'presence_penalty', 'seed', 'service_tier', 'store', 'temperature', 'x_foo']);
        const body = bodyOf(api.fake.last);
        assert.equal(body.temperature, 1, 'sent as the highest Anthropic takes');
        assert.equal(body.metadata, undefined);
      }));

    it('refuses a vLLM output constraint (guided_json) rather than answer unconstrained', () =>
      withOne(TARGETS.anthropic, async (api) => {
        const answer = await chat(api, { guided_json: { type: 'object' } });
        assert.equal(answer.status, 400);
        assert.match(answer.body, /guided_json/);
        assert.equal(api.fake.requests.length, 0);
      }));

    it('honours response_format: json_schema as output_config.format (Claude 4.5), json_object as a forced tool', () =>
      withOne(TARGETS.anthropic, async (api) => {
        const schema = { type: 'object', properties: { hi: { type: 'string' } }, required: ['hi'], additionalProperties: false };
        const native = await chat(api, { response_format: { type: 'json_schema', json_schema: { name: 'greeting', schema } } });
        assert.equal(native.status, 200, native.body);
        assert.deepEqual(bodyOf(api.fake.last).output_config, { format: { type: 'json_schema', schema } });
        assert.deepEqual(JSON.parse((JSON.parse(native.body) as { choices: { message: { content: string } }[] }).choices[0]!.message.content), { hi: 'text' });
        api.fake.reply({ toolCalls: [{ name: 'json_answer', arguments: { any: 'thing' } }] });
        const object = await chat(api, { response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'Answer in JSON.' }] });
        assert.equal(object.status, 200, object.body);
        const body = bodyOf(api.fake.last);
        assert.deepEqual(body.tool_choice, { type: 'tool', name: 'json_answer' });
        const message = (JSON.parse(object.body) as { choices: { message: { content: string; tool_calls?: unknown } }[] }).choices[0]!.message;
        assert.deepEqual(JSON.parse(message.content), { any: 'thing' });
        assert.equal(message.tool_calls, undefined);
      }));

    it('refuses a response format it cannot carry, naming it', () =>
      withOne(TARGETS.anthropic, async (api) => {
        const answer = await chat(api, { response_format: { type: 'structural_tag', structures: [] } });
        assert.equal(answer.status, 400);
        assert.match(answer.body, /response_format/);
        assert.match(answer.body, /anthropic/);
        assert.equal(api.fake.requests.length, 0);
      }));
  });

  describe('field_policy', () => {
    it('moves a refused field to dropped: logprobs is left out and named', () =>
      withOne(
        TARGETS.anthropic,
        async (api) => {
          const answer = await chat(api, { logprobs: true, top_logprobs: 2 });
          assert.equal(answer.status, 200, answer.body);
          assert.equal(answer.headers['x-tokenhub-dropped'], 'logprobs, top_logprobs');
          assert.equal(bodyOf(api.fake.last).logprobs, undefined);
        },
        { fieldPolicy: { logprobs: 'drop', top_logprobs: 'drop' } },
      ));

    it('moves a dropped field to refused: seed then keeps the request from Anthropic', () =>
      withOne(
        TARGETS.anthropic,
        async (api) => {
          const answer = await chat(api, { seed: 3 });
          assert.equal(answer.status, 400);
          assert.match(answer.body, /seed/);
          assert.equal(api.fake.requests.length, 0);
        },
        { fieldPolicy: { seed: 'refuse' } },
      ));
  });
});

describe('fidelity: what an OpenAI-format upstream answers reaches the client', () => {
  const extra = { x_extra: { trace: 'abc' }, system_fingerprint: 'fp_vendor', service_tier: 'priority' };

  it('whole: unknown fields, logprobs and the fingerprint, with model = the registry id', () =>
    withOne(TARGETS.openai, async (api) => {
      api.fake.reply({
        rawBody: {
          id: 'chatcmpl-up',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-2024-08-06',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', refusal: null, annotations: [] }, logprobs: { content: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }], refusal: null }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
          ...extra,
        },
      });
      const answer = await chat(api, { logprobs: true });
      const body = JSON.parse(answer.body) as Json & { choices: Json[] };
      assert.equal(body.model, 'gpt');
      for (const [key, value] of Object.entries(extra)) assert.deepEqual(body[key], value, key);
      assert.deepEqual((body.choices[0]!.logprobs as { content: { token: string }[] }).content[0]!.token, 'Hi');
      assert.deepEqual(body.choices[0]!.message, { role: 'assistant', content: 'Hi', refusal: null, annotations: [] });
    }));

  for (const target of [TARGETS.openai, TARGETS.vllm]) {
    it(`streamed from ${target.type}: every chunk's own fields (obfuscation, logprobs, x_extra), model = the registry id`, () =>
      withOne(target, async (api) => {
        const logprobs = { content: [{ token: 'Hi', logprob: -0.2, bytes: [72, 105], top_logprobs: [] }], refusal: null };
        const chunk = (delta: Json, finish: string | null, more: Json) =>
          JSON.parse(openAIChunkPayload(delta, { finishReason: finish, model: 'upstream-name', extra: { ...extra, ...more } })) as Json;
        const first = chunk({ role: 'assistant', content: 'Hi' }, null, { obfuscation: 'Qx3' });
        (first.choices as Json[])[0]!.logprobs = logprobs;
        const last = chunk({}, 'stop', { obfuscation: 'z' });
        const usage = { ...chunk({}, null, {}), choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } };
        api.fake.reply({ rawChunks: [JSON.stringify(first), JSON.stringify(last), JSON.stringify(usage), '[DONE]'] });
        const answer = await chat(api, { stream: true, stream_options: { include_usage: true }, logprobs: true });
        const data = sseData(answer.body);
        assert.equal(data.pop(), '[DONE]');
        const chunks = data.map((d) => JSON.parse(d) as Json);
        assert.equal(chunks.length, 3);
        for (const c of chunks) {
          assert.equal(c.model, target.model.id);
          for (const [key, value] of Object.entries(extra)) assert.deepEqual(c[key], value, key);
        }
        assert.equal(chunks[0]!.obfuscation, 'Qx3');
        assert.deepEqual((chunks[0]!.choices as Json[])[0]!.logprobs, logprobs);
        assert.deepEqual(chunks[2]!.usage, usage.usage);
      }));
  }

  it('the fake\'s own OpenAI stream shape (obfuscation, system_fingerprint, service_tier) arrives through the openai SDK', () =>
    withOne(TARGETS.openai, async (api) => {
      api.fake.reply({ text: 'Hello there', extra: { x_extra: 1 } });
      const stream = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true });
      const chunks: Json[] = [];
      for await (const c of stream) chunks.push(c as unknown as Json);
      assert.ok(chunks.length > 1);
      for (const c of chunks) {
        assert.equal(c.model, 'gpt');
        assert.equal(c.system_fingerprint, 'fp_fake0001');
        assert.equal(c.service_tier, 'default');
        assert.equal(c.x_extra, 1);
        assert.equal(typeof c.obfuscation, 'string');
      }
      assert.equal(lastMessage(api.fake.last).role, 'user');
    }));
});
