import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TokenhubError } from '../../../src/core/base/errors';
import type { ProviderAdapter } from '../../../src/core/providers/adapter';
import { createProviderAdapter } from '../../../src/core/providers/factory';
import type { StreamEvent } from '../../../src/core/model/events';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect } from '../../fixtures/fakeUpstream/types';
import { SECRET_KEY, adapterFor, useFakeAdapter, attempt, chat, collect, rejectsWith, textOf } from './helpers';

/** Streams until the error; returns what arrived before it and the error. */
async function streamUntilError(adapter: ProviderAdapter, signal?: AbortSignal): Promise<{ before: StreamEvent[]; error: TokenhubError }> {
  const before: StreamEvent[] = [];
  try {
    for await (const batch of adapter.stream('m', chat(), attempt(signal).context)) before.push(...batch.events);
  } catch (error) {
    assert.ok(error instanceof TokenhubError, String(error));
    assert.ok(!error.message.includes(SECRET_KEY));
    return { before, error };
  }
  assert.fail('the stream ended without an error');
}

const dialects: Dialect[] = ['openai', 'anthropic', 'vllm'];

for (const dialect of dialects) {
  describe(`${dialect} failures`, () => {
    let up: FakeUpstream;
    let adapter: ProviderAdapter;
    useFakeAdapter(dialect, (u, a) => {
      up = u;
      adapter = a;
    });

    it('500 → server, for send and stream', async () => {
      up.fail('server_error').fail('server_error');
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'server');
      assert.equal(error.status, 500);
      assert.equal(error.provider, `fake-${dialect}`);
      await rejectsWith(collect(adapter.stream('m', chat(), attempt().context)), 'server');
    });

    it('429 with retry-after → rate_limited with retryAfterMs', async () => {
      up.fail('rate_limit', { retryAfter: 2 }).fail('rate_limit', { retryAfterMs: 1500 });
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'rate_limited');
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 2000);
      const second = await rejectsWith(collect(adapter.stream('m', chat(), attempt().context)), 'rate_limited');
      assert.equal(second.retryAfterMs, 1500);
    });

    it('401 → unauthorized, and the key the server echoes never reaches the message', async () => {
      const wrong = createProviderAdapter({ name: 'x', type: dialect, baseUrl: up.url });
      try {
        const other = `${SECRET_KEY}-wrong`;
        const error = await rejectsWith(wrong.send('m', chat(), attempt(undefined, other).context), 'unauthorized');
        assert.equal(error.status, 401);
        assert.ok(!error.message.includes(other), error.message);
        assert.ok(!error.message.includes('9f8e7d6c5b4a3210'), error.message);
      } finally {
        await wrong.close();
      }
    });

    it('403 → unauthorized', async () => {
      up.fail('forbidden');
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'unauthorized');
      assert.equal(error.status, 403);
    });

    it('quota 429 → quota (never rate_limited)', async () => {
      up.fail('quota', { retryAfter: 1 });
      await rejectsWith(adapter.send('m', chat(), attempt().context), 'quota');
    });

    it('400 that is not an overflow → bad_request', async () => {
      up.fail('bad_request');
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'bad_request');
      assert.equal(error.contextLimit, undefined);
    });

    it('connection reset → network', async () => {
      up.fail('reset').fail('reset');
      await rejectsWith(adapter.send('m', chat(), attempt().context), 'network');
      await rejectsWith(collect(adapter.stream('m', chat(), attempt().context)), 'network');
    });

    it('malformed JSON → server, whole and mid-stream', async () => {
      up.fail('malformed_json').fail('malformed_json');
      await rejectsWith(adapter.send('m', chat(), attempt().context), 'server');
      const { before, error } = await streamUntilError(adapter);
      assert.equal(error.code, 'server');
      assert.ok(textOf(before).length > 0, 'deltas before the bad chunk were delivered');
    });

    it('a 200 that is not the expected shape → server', async () => {
      up.fail('wrong_shape').fail('wrong_shape');
      await rejectsWith(adapter.send('m', chat(), attempt().context), 'server');
      await rejectsWith(collect(adapter.stream('m', chat(), attempt().context)), 'server');
    });

    it('a stream cut before its end → server after the deltas it did send', async () => {
      up.fail('cut', { afterChunks: 3 });
      const { before, error } = await streamUntilError(adapter);
      assert.equal(error.code, 'server');
      assert.match(error.message, /ended before/);
      assert.equal(before.filter((c) => c.type === 'text').length, 3);
      assert.ok(!before.some((c) => c.type === 'finish'));
    });

    it('an error mid-stream after a 200 → thrown after the deltas', async () => {
      up.fail('stream_error', { afterChunks: 2 });
      const { before, error } = await streamUntilError(adapter);
      assert.equal(error.code, dialect === 'anthropic' ? 'overloaded' : 'server');
      assert.equal(before.filter((c) => c.type === 'text').length, 2);
    });

    it('a hanging upstream: cancel → cancelled, and the upstream sees the connection close', async () => {
      up.fail('hang');
      const controller = new AbortController();
      const pending = adapter.send('m', chat(), attempt(controller.signal).context);
      await up.waitForRequests(1);
      controller.abort();
      await rejectsWith(pending, 'cancelled');
      await up.last.aborted;
      assert.equal(up.last.clientAborted, true);
    });

    it('a stall mid-stream: the router aborts with a timeout reason → that very timeout error', async () => {
      up.fail('stall', { afterChunks: 2 });
      const controller = new AbortController();
      const timeout = new TokenhubError('timeout', 'no chunk within 50 ms', { provider: 'fake' });
      setTimeout(() => controller.abort(timeout), 150);
      const { before, error } = await streamUntilError(adapter, controller.signal);
      assert.equal(error, timeout);
      assert.equal(before.filter((c) => c.type === 'text').length, 2);
      await up.last.aborted;
    });

    it('breaking out of a stream early aborts the upstream request', async () => {
      up.reply({ chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
      let seen = 0;
      reading: for await (const batch of adapter.stream('m', chat(), attempt().context)) {
        for (const event of batch.events) if (event.type === 'text' && ++seen === 2) break reading;
      }
      await up.last.aborted;
      assert.equal(up.last.clientAborted, true);
    });

    it('an already aborted signal → cancelled without sending anything', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(adapter.send('m', chat(), attempt(controller.signal).context), 'cancelled');
      assert.equal(up.requests.length, 0);
    });
  });
}

describe('failures specific to one dialect', () => {
  it('Anthropic 529 → overloaded with retry-after', async () => {
    const up = await startFakeUpstream({ dialect: 'anthropic' });
    const adapter = adapterFor(up);
    try {
      up.fail('overloaded', { retryAfter: 3 });
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'overloaded');
      assert.equal(error.status, 529);
      assert.equal(error.retryAfterMs, 3000);
    } finally {
      await adapter.close();
      await up.close();
    }
  });

  it('Anthropic 429 with anthropic-ratelimit-*-reset timestamps → the soonest future one', async () => {
    const up = await startFakeUpstream({ dialect: 'anthropic' });
    const adapter = adapterFor(up);
    try {
      const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
      up.fail('rate_limit', { resetAt: { requests: inSeconds(30), tokens: inSeconds(5) } });
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'rate_limited');
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 3000 && error.retryAfterMs <= 5000, String(error.retryAfterMs));
    } finally {
      await adapter.close();
      await up.close();
    }
  });

  it('OpenAI 429 with x-ratelimit-reset-* durations, and with "try again in" in the message', async () => {
    const up = await startFakeUpstream({ dialect: 'openai' });
    const adapter = adapterFor(up);
    try {
      up.fail('rate_limit', { resetRequests: '1m3s', resetTokens: '120ms' }).fail('rate_limit', { tryAgainIn: '3.89s' });
      const first = await rejectsWith(adapter.send('m', chat(), attempt().context), 'rate_limited');
      assert.equal(first.retryAfterMs, 120);
      const second = await rejectsWith(adapter.send('m', chat(), attempt().context), 'rate_limited');
      assert.equal(second.retryAfterMs, 3890);
    } finally {
      await adapter.close();
      await up.close();
    }
  });

  it('connection refused → network', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const adapter = createProviderAdapter({ name: 'gone', type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` });
    try {
      const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'network');
      assert.match(error.message, /ECONNREFUSED/);
    } finally {
      await adapter.close();
    }
  });

  it('an unresolvable host → network', async () => {
    const adapter = createProviderAdapter({ name: 'nowhere', type: 'vllm', baseUrl: 'http://no-such-host.invalid/v1' });
    try {
      await rejectsWith(adapter.send('m', chat(), attempt().context), 'network');
    } finally {
      await adapter.close();
    }
  });
});
