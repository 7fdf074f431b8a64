import assert from 'node:assert/strict';
import type { ErrorCode } from '../../../src/core/base/errors';
import { TokenhubError } from '../../../src/core/base/errors';
import type { AttemptContext, ProviderAdapter } from '../../../src/core/providers/adapter';
import { createProviderAdapter } from '../../../src/core/providers/factory';
import { addOpenAIChunk } from '../../../src/core/providers/openai/transform';
import type { CanonicalChunk, CanonicalRequest } from '../../../src/core/types';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect } from '../../fixtures/fakeUpstream/types';

/** A key distinctive enough that finding it anywhere in an error proves a leak. */
export const SECRET_KEY = 'sk-test-SECRET-9f8e7d6c5b4a3210-DO-NOT-LEAK';

export const chat = (text = 'Say hello'): CanonicalRequest => ({ kind: 'chat', messages: [{ role: 'user', content: text }], maxTokens: 50 });
export const completion = (prompt = 'Once upon a time'): CanonicalRequest => ({ kind: 'completion', prompt, maxTokens: 50 });

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

/** The canonical chunks of one OpenAI stream chunk, or undefined when it is not an object. */
export function chunksOf(chunk: unknown): CanonicalChunk[] | undefined {
  const out: CanonicalChunk[] = [];
  return addOpenAIChunk(chunk, out) ? out : undefined;
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

export async function collect(stream: AsyncIterable<readonly CanonicalChunk[]>): Promise<CanonicalChunk[]> {
  const out: CanonicalChunk[] = [];
  for await (const batch of stream) {
    assert.ok(batch.length > 0, 'a batch is never empty');
    out.push(...batch);
  }
  return out;
}

export const textOf = (chunks: CanonicalChunk[]): string =>
  chunks.map((chunk) => (chunk.type === 'delta' ? chunk.text : '')).join('');

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
