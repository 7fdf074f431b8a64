import assert from 'node:assert/strict';
import type { ApiServer } from '../../../src/core/server/apiServer';
import type { Harness } from '../router/harness';
import { duo, pair, sentMaxTokens } from './setup';

const TOKEN = 'local-api-token-0123456789';
const PHASE_NAMES = ['plan', 'critique', 'refine'];

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

describe('orchestrator: POST /v1/adversarial', () => {
  let h: Harness;
  let server: ApiServer | undefined;
  let base: string;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await h?.close();
  });

  async function start(make: () => Promise<Harness>): Promise<void> {
    h = await make();
    server = h.tokenhub.createApiServer(TOKEN);
    const address = await server.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${address.port}`;
  }

  const post = (body: unknown, signal?: AbortSignal) =>
    fetch(`${base}/v1/adversarial`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal,
    });

  const upstreamRequests = () => Object.values(h.up).reduce((n, up) => n + up.requests.length, 0);

  it('answers JSON with the three phases, the final text, usage in OpenAI\'s shape and cost', async () => {
    await start(duo);
    h.up.a!.reply({ text: 'the plan', usage: { prompt: 10, completion: 2 } }).reply({ text: 'the final', usage: { prompt: 30, completion: 2 } });
    h.up.b!.reply({ text: 'the critique', usage: { prompt: 20, completion: 2 } });
    const response = await post({ prompt: 'Design a cache.' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const body = (await response.json()) as Record<string, unknown> & { phases: Array<Record<string, unknown>> };
    assert.match(String(body.id), /^adv-/);
    assert.equal(body.object, 'adversarial.result');
    assert.deepEqual(body.phases.map((p) => [p.phase, p.model, p.provider, p.content]), [
      ['plan', 'alpha', 'a', 'the plan'],
      ['critique', 'bravo', 'b', 'the critique'],
      ['refine', 'alpha', 'a', 'the final'],
    ]);
    for (const phase of body.phases) {
      assert.equal(typeof phase.cost_usd, 'number');
      assert.equal(typeof phase.duration_ms, 'number');
    }
    // The fakes report zero cached and reasoning tokens, which pass through as OpenAI's details.
    assert.deepEqual(body.phases[0]!.usage, { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
    assert.equal(body.final, 'the final');
    assert.deepEqual(body.usage, { prompt_tokens: 60, completion_tokens: 6, total_tokens: 66, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
    assert.equal(typeof body.cost_usd, 'number');
  });

  it('streams server-sent events named phase_start, delta, phase_end and done, each naming its phase', async () => {
    await start(duo);
    h.up.a!.reply({ chunks: ['pl', 'an'] }).reply({ chunks: ['fin', 'al'] });
    h.up.b!.reply({ chunks: ['cri', 'tique'] });
    const response = await post({ prompt: 'Design a cache.', stream: true, planner: 'alpha', critic: 'auto', max_tokens: 64 });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = parseSse(await response.text());
    const names = events.map((e) => e.event);
    assert.deepEqual([...new Set(names)], ['phase_start', 'delta', 'phase_end', 'done']);
    assert.equal(names[names.length - 1], 'done');
    for (const e of events) assert.ok(PHASE_NAMES.includes(String(e.data.phase)), `${e.event} names no phase`);
    assert.deepEqual(events.filter((e) => e.event === 'phase_start').map((e) => [e.data.phase, e.data.model, e.data.provider]), [
      ['plan', 'alpha', 'a'],
      ['critique', 'bravo', 'b'],
      ['refine', 'alpha', 'a'],
    ]);
    const planText = events.filter((e) => e.event === 'delta' && e.data.phase === 'plan').map((e) => e.data.text).join('');
    assert.equal(planText, 'plan');
    const planEnd = events.find((e) => e.event === 'phase_end' && e.data.phase === 'plan')!;
    assert.equal(planEnd.data.content, 'plan');
    assert.deepEqual(Object.keys(planEnd.data.usage as object).slice(0, 3), ['prompt_tokens', 'completion_tokens', 'total_tokens']);
    const done = events[events.length - 1]!.data;
    assert.equal(done.final, 'final');
    assert.equal(done.object, 'adversarial.result');
    assert.equal((done.phases as unknown[]).length, 3);
    assert.deepEqual([h.up.a!.requests[0], h.up.b!.requests[0], h.up.a!.requests[1]].map((r) => sentMaxTokens(r!)), [64, 64, 64]);
  });

  const bad: Array<[string, unknown, string | null]> = [
    ['a body that is not an object', [1], null],
    ['no prompt', { stream: true }, 'prompt'],
    ['an empty prompt', { prompt: '  ' }, 'prompt'],
    ['a prompt that is not a string', { prompt: 42 }, 'prompt'],
    ['a planner that is not a string', { prompt: 'x', planner: 1 }, 'planner'],
    ['an empty critic', { prompt: 'x', critic: '' }, 'critic'],
    ['max_tokens of zero', { prompt: 'x', max_tokens: 0 }, 'max_tokens'],
    ['fractional max_tokens', { prompt: 'x', max_tokens: 1.5 }, 'max_tokens'],
    ['max_tokens as a string', { prompt: 'x', max_tokens: '10' }, 'max_tokens'],
    ['stream as a string', { prompt: 'x', stream: 'yes' }, 'stream'],
  ];
  for (const [name, body, param] of bad) {
    it(`refuses ${name} with an OpenAI-shaped 400 and no upstream request`, async () => {
      await start(duo);
      const response = await post(body);
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string } };
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.param, param);
      assert.ok(error.message.length > 10);
      assert.equal(upstreamRequests(), 0);
    });
  }

  it('answers 404 model_not_found for an unknown critic, before any upstream request, streamed or not', async () => {
    await start(duo);
    for (const stream of [false, true]) {
      const response = await post({ prompt: 'x', critic: 'no-such-model', stream });
      assert.equal(response.status, 404);
      const { error } = (await response.json()) as { error: { code: string } };
      assert.equal(error.code, 'model_not_found');
    }
    assert.equal(upstreamRequests(), 0);
  });

  it('a stream that fails before its first event is a plain HTTP error', async () => {
    await start(pair);
    h.up.a!.fail('server_error');
    h.up.b!.fail('server_error');
    const response = await post({ prompt: 'x', stream: true });
    assert.equal(response.status, 502);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const { error } = (await response.json()) as { error: { message: string } };
    assert.match(error.message, /alpha.*bravo/);
  });

  it('a failure after the stream started ends it with event: error naming the phase, never done', async () => {
    await start(pair);
    h.up.b!.fail('server_error');
    const response = await post({ prompt: 'x', stream: true });
    assert.equal(response.status, 200);
    const events = parseSse(await response.text());
    const last = events[events.length - 1]!;
    assert.equal(last.event, 'error');
    assert.equal(last.data.phase, 'critique');
    const error = last.data.error as { code: string; message: string; type: string };
    assert.equal(error.code, 'unavailable');
    assert.equal(error.type, 'api_error');
    assert.ok(!events.some((e) => e.event === 'done'));
  });

  it('a client that disconnects mid-stream cancels the run and its upstream request', async () => {
    await start(duo);
    h.up.a!.fail('stall', { afterChunks: 1 });
    const controller = new AbortController();
    const response = await post({ prompt: 'x', stream: true }, controller.signal);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('event: delta')) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream ended before its first delta');
      seen += decoder.decode(value, { stream: true });
    }
    controller.abort();
    await h.up.a!.last.aborted;
    assert.equal(h.up.b!.requests.length, 0);
  });

  it('a server shutting down mid-stream says so with event: error before closing', async () => {
    await start(duo);
    h.up.a!.fail('stall', { afterChunks: 1 });
    const response = await post({ prompt: 'x', stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('event: delta')) seen += decoder.decode((await reader.read()).value, { stream: true });
    const closing = server!.close();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
    await closing;
    server = undefined;
    const last = parseSse(seen).pop()!;
    assert.equal(last.event, 'error');
    assert.equal(last.data.phase, 'plan');
    assert.equal((last.data.error as { code: string }).code, 'unavailable');
    await h.up.a!.last.aborted;
  });
});
