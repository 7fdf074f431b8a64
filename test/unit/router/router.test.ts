import assert from 'node:assert/strict';
import { TokenhubError } from '../../../src/core/base/errors';
import { RouteError } from '../../../src/core/router/types';
import type { StreamBatch } from '../../../src/core/model/events';
import { answerText } from '../../../src/core/model/answer';
import { ask, harness, type Harness } from './harness';

const KEY_A = 'sk-test-alpha-0123456789';
const KEY_B = 'sk-ant-test-bravo-0123456789';

/** Three providers, one model each, ranked a > b > c. */
async function trio(routing = {}): Promise<Harness> {
  return harness(
    [
      { name: 'a', dialect: 'openai', key: KEY_A },
      { name: 'b', dialect: 'anthropic', key: KEY_B },
      { name: 'c', dialect: 'vllm' },
    ],
    [
      { id: 'alpha', provider: 'a', name: 'gpt-4o', weight: 90 },
      { id: 'bravo', provider: 'b', name: 'claude-sonnet-4-5', weight: 80 },
      { id: 'charlie', provider: 'c', name: 'qwen3-coder', weight: 70 },
    ],
    routing,
  );
}

async function rejection(promise: Promise<unknown>): Promise<TokenhubError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TokenhubError, String(error));
    return error;
  }
  assert.fail('expected a rejection');
}

describe('router', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('answers from the best model and reports model, attempts, usage and cost', async () => {
    h = await trio();
    h.up.a!.reply({ text: 'hi there', usage: { prompt: 12, completion: 3 } });
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.model.id, 'alpha');
    assert.equal(answerText(result.answer), 'hi there');
    assert.equal(result.attempts, 1);
    assert.deepEqual(result.escalations, []);
    assert.deepEqual(result.usage, { promptTokens: 12, completionTokens: 3, totalTokens: 15, cacheReadTokens: 0, reasoningTokens: 0 }, 'with the details the provider reported');
    assert.equal(result.costUsd, (15 * 0.001) / 1000);
    assert.equal(h.up.b!.requests.length + h.up.c!.requests.length, 0);
    assert.equal(h.usage.length, 1);
  });

  it('names the model a request would be tried on first, without sending anything, and the prompt estimate it used', async () => {
    h = await trio();
    const router = h.tokenhub.router;
    assert.equal(router.firstCandidate(ask())?.id, 'alpha');
    assert.equal(router.firstCandidate({ ...ask(), model: 'claude-sonnet-4-5' })?.id, 'bravo', 'by provider model name');
    assert.equal(router.firstCandidate({ ...ask(), model: 'charlie' })?.id, 'charlie');
    // A request needing what no model has is counted for the best model of its kind.
    const tools = { request: { ...ask().request, tools: [{ name: 't', parameters: { type: 'object' } }] } };
    assert.equal(router.firstCandidate(tools)?.id, 'alpha');
    assert.throws(() => router.firstCandidate({ ...ask(), model: 'nope' }), (error: unknown) => error instanceof TokenhubError && error.status === 404);
    assert.equal(h.up.a!.requests.length, 0);
    const result = await router.complete(ask('Say hello in French'));
    assert.ok(result.promptTokens > 5, String(result.promptTokens));
  });

  it('answers 503 overloaded when every attempt found its provider overloaded', async () => {
    h = await harness([{ name: 'b', dialect: 'anthropic', key: KEY_B }, { name: 'b2', dialect: 'anthropic', key: KEY_B }], [
      { id: 'bravo', provider: 'b', weight: 90 },
      { id: 'bravo2', provider: 'b2', weight: 80 },
    ]);
    h.up.b!.fail('overloaded');
    h.up.b2!.fail('overloaded');
    const error = await rejection(h.tokenhub.router.complete(ask()));
    assert.ok(error instanceof RouteError);
    assert.equal(error.code, 'overloaded');
    assert.equal(error.status, 503);
    assert.match(error.message, /^Every provider tried is overloaded\. bravo \(b\): overloaded/);
  });

  it('escalates past a 500 and cools the failing provider down', async () => {
    h = await trio();
    h.up.a!.fail('server_error');
    const first = await h.tokenhub.router.complete(ask());
    assert.equal(first.model.id, 'bravo');
    assert.equal(first.attempts, 2);
    assert.deepEqual(
      first.escalations.map((e) => [e.model, e.reason, e.attempted]),
      [['alpha', 'server', true]],
    );
    const second = await h.tokenhub.router.complete(ask());
    assert.equal(second.model.id, 'bravo');
    assert.deepEqual(
      second.escalations.map((e) => [e.model, e.reason, e.attempted]),
      [['alpha', 'cooling_down', false]],
    );
    assert.equal(h.up.a!.requests.length, 1, 'a cooling provider gets no request');
  });

  it('honours retry-after from a 429 for the cool-down', async () => {
    h = await trio({ cooldownMs: 600_000 });
    h.up.a!.fail('rate_limit', { retryAfter: 2 });
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.model.id, 'bravo');
    const cooling = h.tokenhub.router.health.coolingFor('a');
    assert.ok(cooling > 1000 && cooling <= 2000, `cooling for ${cooling} ms`);
  });

  it('moves on from an exhausted quota without retrying it', async () => {
    h = await trio({ cooldownMs: 1 });
    h.up.a!.fail('quota');
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.model.id, 'bravo');
    assert.equal(result.escalations[0]!.reason, 'quota');
    assert.equal(await h.tokenhub.router.providerState('a'), 'cooling_down', 'quota keeps the provider aside longer than cooldown_ms');
  });

  it('disables a provider whose key is refused until its key changes', async () => {
    h = await trio();
    h.keys.set('a', 'sk-test-wrong-key-000000');
    const first = await h.tokenhub.router.complete(ask());
    assert.equal(first.model.id, 'bravo');
    assert.equal(first.escalations[0]!.reason, 'unauthorized');
    assert.ok(!JSON.stringify(first.escalations).includes('sk-test-wrong-key'), 'no key in the trail');
    const second = await h.tokenhub.router.complete(ask());
    assert.equal(second.escalations[0]!.reason, 'disabled');
    assert.equal(await h.tokenhub.router.providerState('a'), 'disabled');
    h.keys.set('a', KEY_A);
    const third = await h.tokenhub.router.complete(ask());
    assert.equal(third.model.id, 'alpha');
  });

  it('skips a provider without a key and says so when none has one', async () => {
    h = await trio();
    h.keys.delete('a');
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.model.id, 'bravo');
    assert.deepEqual(result.escalations.map((e) => e.reason), ['no_key']);
    h.keys.delete('b');
    h.tokenhub.router.health.recordFailure('c', 'server', 60_000, undefined);
    const error = await rejection(h.tokenhub.router.complete(ask()));
    assert.ok(error instanceof RouteError);
    assert.equal(error.status, 503);
  });

  it('after a reported overflow, skips models smaller than the size the provider reported', async () => {
    h = await harness(
      [
        { name: 'a', dialect: 'openai', key: KEY_A },
        { name: 'b', dialect: 'anthropic', key: KEY_B },
        { name: 'c', dialect: 'vllm' },
      ],
      [
        { id: 'small', provider: 'a', name: 'gpt-4o', weight: 90, contextSize: 8192 },
        { id: 'medium', provider: 'b', name: 'claude-haiku-4-5', weight: 80, contextSize: 16_000 },
        { id: 'large', provider: 'c', name: 'qwen3-coder', weight: 70, contextSize: 262_144 },
      ],
    );
    // The prompt looks small, but the provider counts 20000 tokens (e.g. images or a tokenizer we misjudge).
    h.up.a!.fail('overflow', { overflow: 'openai', limit: 8192, requested: 20_000 });
    const result = await h.tokenhub.router.complete(ask('short prompt'));
    assert.equal(result.model.id, 'large');
    assert.deepEqual(
      result.escalations.map((e) => [e.model, e.reason, e.attempted]),
      [
        ['small', 'context_length', true],
        ['medium', 'too_small', false],
      ],
    );
    assert.equal(h.up.b!.requests.length, 0);
  });

  it('predicts an overflow before sending and goes straight to a model that fits', async () => {
    h = await harness(
      [
        { name: 'a', dialect: 'openai', key: KEY_A },
        { name: 'c', dialect: 'vllm' },
      ],
      [
        { id: 'small', provider: 'a', name: 'gpt-4o', weight: 90, contextSize: 1000 },
        { id: 'large', provider: 'c', name: 'qwen3-coder', weight: 70, contextSize: 262_144 },
      ],
    );
    const result = await h.tokenhub.router.complete(ask('lorem ipsum dolor sit amet '.repeat(400)));
    assert.equal(result.model.id, 'large');
    assert.equal(result.escalations[0]!.reason, 'too_small');
    assert.equal(result.escalations[0]!.attempted, false);
    assert.equal(h.up.a!.requests.length, 0, 'nothing is sent to a model that cannot hold the prompt');
  });

  it('refuses with context_length when no model is large enough', async () => {
    h = await harness([{ name: 'c', dialect: 'vllm' }], [{ id: 'tiny', provider: 'c', contextSize: 100 }]);
    const error = await rejection(h.tokenhub.router.complete(ask('word '.repeat(1000))));
    assert.equal(error.code, 'context_length');
    assert.equal(error.status, 400);
  });

  it('escalates past a provider that hangs once the first-token timeout fires, aborting it', async () => {
    h = await trio({ firstTokenTimeoutMs: 300 });
    h.up.a!.fail('hang');
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.model.id, 'bravo');
    assert.equal(result.escalations[0]!.reason, 'timeout');
    await h.up.a!.last.aborted;
  });

  it('bounds the attempts by max_attempts and lists every failure', async () => {
    h = await trio({ maxAttempts: 2 });
    h.up.a!.fail('server_error');
    h.up.b!.fail('overloaded');
    const error = await rejection(h.tokenhub.router.complete(ask()));
    assert.ok(error instanceof RouteError);
    assert.equal(error.status, 502);
    assert.deepEqual(error.escalations.map((e) => e.reason), ['server', 'overloaded']);
    assert.match(error.message, /alpha \(a\): server/);
    assert.match(error.message, /bravo \(b\): overloaded/);
    assert.equal(h.up.c!.requests.length, 0);
  });

  it('answers 429 when every attempt was rate limited', async () => {
    h = await trio();
    h.up.a!.fail('rate_limit', { retryAfter: 5 });
    h.up.b!.fail('rate_limit', { retryAfter: 7 });
    h.up.c!.fail('rate_limit', { retryAfter: 9 });
    const error = await rejection(h.tokenhub.router.complete(ask()));
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.status, 429);
    assert.ok(error.retryAfterMs! > 4000 && error.retryAfterMs! <= 5000, String(error.retryAfterMs));
  });

  it('returns a client error without escalating', async () => {
    h = await trio();
    h.up.a!.fail('bad_request', { message: 'temperature is not supported by this model' });
    const error = await rejection(h.tokenhub.router.complete(ask()));
    assert.equal(error.code, 'bad_request');
    assert.match(error.message, /temperature/);
    assert.equal(h.up.b!.requests.length, 0);
  });

  it('tries a named model first, by id or provider model name, and only it when escalation is off', async () => {
    h = await trio();
    const byId = await h.tokenhub.router.complete({ ...ask(), model: 'charlie' });
    assert.equal(byId.model.id, 'charlie');
    const byName = await h.tokenhub.router.complete({ ...ask(), model: 'claude-sonnet-4-5' });
    assert.equal(byName.model.id, 'bravo');
    h.up.c!.fail('server_error');
    const error = await rejection(h.tokenhub.router.complete({ ...ask(), model: 'charlie', escalate: false }));
    assert.equal(error.status, 502);
    const unknown = await rejection(h.tokenhub.router.complete({ ...ask(), model: 'gpt-9' }));
    assert.equal(unknown.status, 404);
  });

  it('cancels a hanging request at once when the caller aborts', async () => {
    h = await trio();
    h.up.a!.fail('hang');
    const controller = new AbortController();
    const pending = h.tokenhub.router.complete({ ...ask(), signal: controller.signal });
    await h.up.a!.waitForRequests(1);
    controller.abort();
    const error = await rejection(pending);
    assert.equal(error.code, 'cancelled');
    await h.up.a!.last.aborted;
    assert.equal(h.up.b!.requests.length, 0, 'a cancel is not escalated');
    assert.equal(await h.tokenhub.router.providerState('a'), 'ready', 'a cancel is not the provider\'s fault');
  });

  it('marks usage as estimated when the provider reports none', async () => {
    h = await trio();
    h.up.a!.reply({ text: 'some answer text', usage: false });
    const result = await h.tokenhub.router.complete(ask());
    assert.equal(result.usage.estimated, true);
    assert.ok(result.usage.promptTokens > 0 && result.usage.completionTokens > 0);
  });
});

describe('router: streams', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function drain(batches: AsyncIterable<StreamBatch>): Promise<{ text: string; error?: TokenhubError }> {
    let text = '';
    try {
      for await (const batch of batches) for (const event of batch.events) if (event.type === 'text') text += event.text;
    } catch (error) {
      assert.ok(error instanceof TokenhubError);
      return { text, error };
    }
    return { text };
  }

  it('streams from the best model with usage in the summary', async () => {
    h = await trio();
    h.up.a!.reply({ chunks: ['Hel', 'lo', ' wor', 'ld'], usage: { prompt: 9, completion: 4 } });
    const stream = await h.tokenhub.router.stream(ask());
    assert.equal(stream.model.id, 'alpha');
    const { text, error } = await drain(stream.batches);
    assert.equal(error, undefined);
    assert.equal(text, 'Hello world');
    const summary = await stream.summary;
    assert.equal(summary.usage.promptTokens, 9);
    assert.equal(summary.usage.completionTokens, 4);
    assert.equal(summary.finishReason, 'stop');
  });

  it('escalates invisibly before the first token (503, then a stall before any token)', async () => {
    h = await trio({ firstTokenTimeoutMs: 300 });
    h.up.a!.fail('overloaded');
    h.up.b!.fail('stall', { afterChunks: 0 });
    h.up.c!.reply({ chunks: ['from ', 'charlie'] });
    const stream = await h.tokenhub.router.stream(ask());
    assert.equal(stream.model.id, 'charlie');
    assert.deepEqual(stream.escalations.map((e) => e.reason), ['server', 'timeout'], 'an OpenAI 503 is a server failure');
    assert.equal((await drain(stream.batches)).text, 'from charlie');
  });

  it('after the first token, an Anthropic event: error ends the stream with an error', async () => {
    h = await harness([{ name: 'b', dialect: 'anthropic', key: KEY_B }, { name: 'c', dialect: 'vllm' }], [
      { id: 'bravo', provider: 'b', weight: 90 },
      { id: 'charlie', provider: 'c', weight: 10 },
    ]);
    h.up.b!.fail('stream_error', { afterChunks: 2, text: 'one two three four' });
    const stream = await h.tokenhub.router.stream(ask());
    const { text, error } = await drain(stream.batches);
    assert.ok(text.length > 0, 'tokens were delivered first');
    assert.equal(error?.code, 'overloaded');
    await assert.rejects(stream.summary);
    assert.equal(h.up.c!.requests.length, 0, 'no escalation after the first token');
  });

  it('a stream that stalls after its first token ends with a timeout', async () => {
    h = await trio({ idleTimeoutMs: 300 });
    h.up.a!.fail('stall', { afterChunks: 2 });
    const stream = await h.tokenhub.router.stream(ask());
    const { text, error } = await drain(stream.batches);
    assert.ok(text.length > 0);
    assert.equal(error?.code, 'timeout');
    await h.up.a!.last.aborted;
  });

  it('a stream cut mid-way ends with a server error, not a clean end', async () => {
    h = await trio();
    h.up.a!.fail('cut', { afterChunks: 2 });
    const stream = await h.tokenhub.router.stream(ask());
    const { error } = await drain(stream.batches);
    assert.equal(error?.code, 'server');
  });

  it('a consumer that stops reading aborts the upstream request', async () => {
    h = await trio();
    h.up.a!.reply({ chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const stream = await h.tokenhub.router.stream(ask());
    for await (const batch of stream.batches) {
      if (batch.events.some((event) => event.type === 'text')) break;
    }
    await h.up.a!.last.aborted;
    assert.equal(h.up.a!.last.clientAborted, true);
  });

  it('a caller abort mid-stream cancels upstream and is not held against the provider', async () => {
    h = await trio();
    h.up.a!.reply({ chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const controller = new AbortController();
    const stream = await h.tokenhub.router.stream({ ...ask(), signal: controller.signal });
    const seen: string[] = [];
    const result = (async () => {
      for await (const batch of stream.batches) {
        for (const event of batch.events) if (event.type === 'text') seen.push(event.text);
        if (seen.length >= 3) controller.abort();
      }
    })();
    await assert.rejects(result, (error: unknown) => error instanceof TokenhubError && error.code === 'cancelled');
    await h.up.a!.last.aborted;
    assert.equal(await h.tokenhub.router.providerState('a'), 'ready');
  });
});
