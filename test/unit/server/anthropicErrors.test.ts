// Anthropic-format errors through the official SDK: every type with its status, an Anthropic
// provider's own error unchanged, escalation invisible before the first event, an `event: error`
// after it, pings while a translated stream waits, and a client that leaves cancelling upstream.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { raw, type ApiHarness } from './apiHarness';
import { KINDS, MODEL_FOR, UPSTREAM_FOR, anthropicClient, sseEvents, startAnthropicApi } from './anthropicHarness';

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

const hi = { max_tokens: 20, messages: [{ role: 'user' as const, content: 'Hi' }] };

/** The SDK's error for `call`, with the Anthropic body it read. */
async function failure(call: Promise<unknown>): Promise<{ error: InstanceType<typeof Anthropic.APIError>; type: string; message: string }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof Anthropic.APIError, String(error));
    const body = error.error as { type?: string; error?: { type: string; message: string } };
    assert.equal(body.type, 'error', JSON.stringify(body));
    return { error, type: body.error!.type, message: body.error!.message };
  }
  assert.fail('the call succeeded');
}

describe('server: Anthropic error types and statuses', () => {
  let api: ApiHarness;
  let client: Anthropic;
  beforeEach(async () => {
    api = await startAnthropicApi({ server: { maxBodyBytes: 4096 } });
    client = anthropicClient(api);
  });
  afterEach(() => api.close());

  /** An SDK error class, for `instanceof`. */
  type ErrorClass = abstract new (...args: never[]) => InstanceType<typeof Anthropic.APIError>;
  const cases: [string, number, string, () => Promise<unknown>, ErrorClass][] = [
    ['a field wrong', 400, 'invalid_request_error', () => client.messages.create({ model: 'auto', messages: hi.messages } as never), Anthropic.BadRequestError],
    ['a wrong token', 401, 'authentication_error', () => anthropicClient(api, { apiKey: 'not-the-token' }).messages.create({ model: 'auto', ...hi }), Anthropic.AuthenticationError],
    ['a browser origin not allowed', 403, 'permission_error', () => anthropicClient(api, { defaultHeaders: { origin: 'http://evil.example' } }).messages.create({ model: 'auto', ...hi }), Anthropic.PermissionDeniedError],
    ['an unknown model', 404, 'not_found_error', () => client.messages.create({ model: 'claude-unknown-9', ...hi }), Anthropic.NotFoundError],
    ['count_tokens for an unknown model', 404, 'not_found_error', () => client.messages.countTokens({ model: 'claude-unknown-9', messages: hi.messages }), Anthropic.NotFoundError],
    ['count_tokens without messages', 400, 'invalid_request_error', () => client.messages.countTokens({ model: 'auto' } as never), Anthropic.BadRequestError],
    ['a body over server.max_body_bytes', 413, 'request_too_large', () => client.messages.create({ model: 'auto', max_tokens: 5, messages: [{ role: 'user', content: 'x'.repeat(8192) }] }), Anthropic.APIError],
  ];
  for (const [what, status, type, call, kind] of cases) {
    it(`${status} ${type}: ${what}`, async () => {
      const seen = await failure(call());
      assert.ok(seen.error instanceof kind);
      assert.equal(seen.error.status, status);
      assert.equal(seen.type, type);
      assert.ok(seen.message.length > 10, seen.message);
      assert.equal(api.up.ant!.requests.length + api.up.oai!.requests.length, 0, 'refused before any provider');
    });
  }

  it('429 rate_limit_error with retry-after when every provider is rate limited', async () => {
    api.up.ant!.fail('rate_limit', { retryAfter: 3 });
    api.up.oai!.fail('rate_limit', { retryAfter: 3 });
    const seen = await failure(client.messages.create({ model: 'auto', ...hi }));
    assert.ok(seen.error instanceof Anthropic.RateLimitError);
    assert.equal(seen.type, 'rate_limit_error');
    assert.equal(seen.error.headers?.get('retry-after'), '3');
    assert.match(seen.message, /claude \(ant\): rate_limited.*gpt \(oai\): rate_limited/);
  });

  it('502 api_error naming each attempt when every provider failed', async () => {
    api.up.ant!.fail('server_error');
    api.up.oai!.fail('reset');
    const seen = await failure(client.messages.create({ model: 'auto', ...hi }));
    assert.ok(seen.error instanceof Anthropic.InternalServerError);
    assert.equal(seen.error.status, 502);
    assert.equal(seen.type, 'api_error');
    assert.match(seen.message, /claude \(ant\): server.*gpt \(oai\): network/);
  });

  it('529 overloaded_error when every provider tried is overloaded', async () => {
    const only = await startAnthropicApi({ only: 'anthropic' });
    try {
      only.up.ant!.fail('overloaded');
      const seen = await failure(anthropicClient(only).messages.create({ model: 'auto', ...hi }));
      assert.equal(seen.error.status, 529);
      assert.equal(seen.type, 'overloaded_error');
      assert.match(seen.message, /overloaded/);
    } finally {
      await only.close();
    }
  });

  it("an Anthropic provider's refusal reaches the client unchanged in type and wording", async () => {
    // Claude Code retries without the beta when told in Anthropic's words that a system message needs it.
    const body = { model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello?' }] };
    const answer = await raw(api, { path: '/v1/messages', headers: { 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body) });
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body), {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.' },
    });
    const forged = await failure(
      client.messages.create({
        model: 'claude',
        max_tokens: 3000,
        thinking: { type: 'enabled', budget_tokens: 2000 },
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'made up', signature: 'EqQBforged' }, { type: 'text', text: 'Hello.' }] },
          { role: 'user', content: 'Again' },
        ],
      }),
    );
    assert.equal(forged.type, 'invalid_request_error');
    assert.equal(forged.message, 'messages.1.content.0: Invalid `signature` in `thinking` block');
    assert.equal(api.up.oai!.requests.length, 0, 'a refusal of the request is not escalated');
  });

  it('405 and 401 on the Anthropic routes are in Anthropic\'s shape; x-api-key is accepted as the token', async () => {
    const get = await raw(api, { method: 'GET', path: '/v1/messages' });
    assert.equal(get.status, 405);
    assert.equal((JSON.parse(get.body) as { error: { type: string } }).error.type, 'invalid_request_error');
    const body = JSON.stringify({ model: 'auto', ...hi });
    const wrong = await raw(api, { path: '/v1/messages', auth: false, headers: { 'x-api-key': 'wrong' }, body });
    assert.equal(wrong.status, 401);
    assert.equal((JSON.parse(wrong.body) as { error: { type: string } }).error.type, 'authentication_error');
    assert.equal((await raw(api, { path: '/v1/messages', auth: false, headers: { 'x-api-key': api.token }, body })).status, 200);
    assert.equal((await raw(api, { path: '/v1/chat/completions', auth: false, headers: { 'x-api-key': api.token }, body: JSON.stringify({ messages: hi.messages }) })).status, 200);
  });
});

describe('server: Anthropic streams that fail', () => {
  let api: ApiHarness;
  let client: Anthropic;
  beforeEach(async () => {
    api = await startAnthropicApi({ pingMs: 40 });
    client = anthropicClient(api);
  });
  afterEach(() => api.close());

  it('escalates invisibly before the first content: one message_start, from the provider that answered', async () => {
    // The Anthropic fake starts its stream (message_start, a ping) and fails before any content.
    api.up.ant!.fail('stream_error', { afterChunks: 0 });
    api.up.oai!.reply({ chunks: ['From ', 'the other.'] });
    const answer = await raw(api, { path: '/v1/messages', body: JSON.stringify({ model: 'auto', stream: true, ...hi }) });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['x-tokenhub-escalations'], 'claude:overloaded');
    const events = sseEvents(answer.body);
    assert.deepEqual(events.filter((e) => e.event === 'message_start').length, 1);
    assert.equal((events[0]!.data.message as { model: string }).model, 'gpt');
    assert.equal(events.at(-1)!.event, 'message_stop');

    api.up.ant!.fail('server_error');
    const stream = client.messages.stream({ model: 'auto', ...hi });
    assert.equal((await stream.finalMessage()).model, 'gpt');
  });

  for (const kind of KINDS) {
    it(`after the first content, a failure of the ${kind} provider is an event: error with an Anthropic body, never a clean end`, async () => {
      const up = api.up[UPSTREAM_FOR[kind]]!;
      up.fail('stream_error', { afterChunks: 2, text: 'one two three four' });
      const answer = await raw(api, { path: '/v1/messages', body: JSON.stringify({ model: MODEL_FOR[kind], stream: true, ...hi }) });
      const events = sseEvents(answer.body);
      assert.ok(events.some((e) => (e.data.delta as { text?: string } | undefined)?.text === 'one '), answer.body);
      assert.ok(!events.some((e) => e.event === 'message_stop' || e.event === 'message_delta'), answer.body);
      const last = events.at(-1)!;
      assert.equal(last.event, 'error');
      assert.equal(last.data.type, 'error');
      const error = last.data.error as { type: string; message: string };
      // Anthropic's own words when it was Anthropic; Tokenhub's (an API error naming the provider) for the other.
      if (kind === 'anthropic') assert.deepEqual(error, { type: 'overloaded_error', message: 'Overloaded' });
      else {
        assert.equal(error.type, 'api_error');
        assert.match(error.message, /^oai failed/);
      }
      const other = KINDS.find((k) => k !== kind)!;
      assert.equal(api.up[UPSTREAM_FOR[other]]!.requests.length, 0, 'no escalation after the first content');

      up.fail('cut', { afterChunks: 1 });
      await assert.rejects(client.messages.stream({ model: MODEL_FOR[kind], ...hi }).finalMessage(), Anthropic.APIError);
    });

    it(`a client that disconnects cancels the ${kind} upstream request`, async () => {
      const up = api.up[UPSTREAM_FOR[kind]]!;
      up.reply({ chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
      const stream = client.messages.stream({ model: MODEL_FOR[kind], ...hi });
      let seen = 0;
      await new Promise<void>((resolve) => {
        stream.on('text', () => {
          if (++seen === 3) {
            stream.abort();
            resolve();
          }
        });
        stream.on('error', () => resolve());
      });
      await within(up.last.aborted, 2000, 'upstream abort');
      assert.equal(up.last.clientAborted, true);
    });
  }

  it('pings while a translated stream waits for its next content, and the SDK reads through them', async () => {
    api.up.oai!.reply({ chunks: ['slow ', 'but ', 'sure'], chunkDelayMs: 200, pings: false });
    const answer = await raw(api, { path: '/v1/messages', body: JSON.stringify({ model: 'gpt', stream: true, ...hi }) });
    const names = sseEvents(answer.body).map((e) => e.event);
    const firstText = names.indexOf('content_block_delta');
    const pings = names.filter((name, i) => name === 'ping' && i > firstText && i < names.lastIndexOf('content_block_delta'));
    assert.ok(pings.length >= 2, names.join(' '));
    assert.equal(names.at(-1), 'message_stop', 'nothing after the end');
    api.up.oai!.reply({ chunks: ['slow ', 'but ', 'sure'], chunkDelayMs: 100, pings: false });
    assert.equal(((await client.messages.stream({ model: 'gpt', ...hi }).finalMessage()).content[0] as { text: string }).text, 'slow but sure');
  });
});
