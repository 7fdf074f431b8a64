import assert from 'node:assert/strict';
import type { ErrorCode } from '../../../src/core/base/errors';
import { TokenhubError } from '../../../src/core/base/errors';
import type { AttemptContext, ProviderAdapter } from '../../../src/core/providers/adapter';
import { createProviderAdapter } from '../../../src/core/providers/factory';
import { OpenAIStreamDecoder } from '../../../src/core/formats/openai/streamDecoder';
import { textMessage } from '../../../src/core/model/content';
import type { StreamBatch, StreamEvent } from '../../../src/core/model/events';
import type { ModelRequest } from '../../../src/core/model/request';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect } from '../../fixtures/fakeUpstream/types';

/** A key distinctive enough that finding it anywhere in an error proves a leak. */
export const SECRET_KEY = 'sk-test-SECRET-9f8e7d6c5b4a3210-DO-NOT-LEAK';

export const chat = (text = 'Say hello'): ModelRequest => ({ kind: 'chat', messages: [textMessage('user', text)], maxTokens: 50 });
export const completion = (prompt = 'Once upon a time'): ModelRequest => ({ kind: 'completion', prompt, maxTokens: 50 });

/** A context with a fresh signal and counters for the liveness callbacks. */
export function attempt(signal: AbortSignal = new AbortController().signal, key: string | null = SECRET_KEY) {
  const apiKey = key ?? undefined;
  const seen = { starts: 0, activity: 0 };
  const context: AttemptContext = {
    signal,
    apiKey,
    onResponseStart: () => seen.starts++,
    onActivity: () => seen.activity++,
  };
  return { context, seen };
}

/** The adapter of the upstream's dialect, pointed at it. */
export function adapterFor(up: FakeUpstream): ProviderAdapter {
  return createProviderAdapter({ name: `fake-${up.dialect}`, type: up.dialect, baseUrl: up.url }, { connectTimeoutMs: 2000 });
}

/** The model events of one OpenAI stream chunk (after a first chunk), or undefined when it is not an object. */
export function chunksOf(chunk: unknown): StreamEvent[] | undefined {
  const decoder = new OpenAIStreamDecoder({ fastPath: false });
  decoder.push('{"id":"x","model":"m","choices":[]}', []);
  const out: StreamEvent[] = [];
  return decoder.push(JSON.stringify(chunk), out).kind === 'ok' ? out : undefined;
}

/** Every chunk of a stream of batches, in order. */
/**
 * For the enclosing `describe`: a fresh fake upstream of `dialect` (expecting SECRET_KEY) and its
 * adapter before each test, handed to `use`, and both closed after it.
 */
export function useFakeAdapter(dialect: Dialect, use: (up: FakeUpstream, adapter: ProviderAdapter) => void): void {
  let up: FakeUpstream;
  let adapter: ProviderAdapter;
  beforeEach(async () => {
    up = await startFakeUpstream({ dialect, apiKey: SECRET_KEY });
    adapter = adapterFor(up);
    use(up, adapter);
  });
  afterEach(async () => {
    await adapter.close();
    await up.close();
  });
}

export async function collect(stream: AsyncIterable<StreamBatch>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const batch of stream) {
    assert.ok(batch.events.length > 0 || (batch.raw?.length ?? 0) > 0, 'a batch is never empty');
    out.push(...batch.events);
  }
  return out;
}

export const textOf = (events: readonly StreamEvent[]): string => events.map((event) => (event.type === 'text' ? event.text : '')).join('');

/** The events that say how the answer ended and what it cost, as in a fold. */
export const finishes = (events: readonly StreamEvent[]) => events.filter((event) => event.type === 'finish');

/** Awaits a rejection and checks it is a TokenhubError with this code; returns it for more checks. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<TokenhubError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TokenhubError, `expected a TokenhubError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    assert.ok(!error.message.includes(SECRET_KEY), `the key leaked into: ${error.message}`);
    assert.ok(!JSON.stringify(error.cause ?? null).includes(SECRET_KEY), 'the key leaked into the cause');
    return error;
  }
  assert.fail(`expected a ${code} error, but it succeeded`);
}
