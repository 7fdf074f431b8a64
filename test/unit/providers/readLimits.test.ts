// Every read of an upstream body is bounded (issue #10, item 1): a whole answer by
// maxResponseBytes, a stream's line or event by maxEventBytes and the whole stream by
// maxResponseBytes again, an error body by its own small limit. Past a limit the attempt fails
// as a `server` error that says the answer was too large, and the connection is closed at once.
import assert from 'node:assert/strict';
import type { ProviderAdapter } from '../../../src/core/providers/adapter';
import { createProviderAdapter } from '../../../src/core/providers/factory';
import { startHugeUpstream, type HugeUpstream } from '../../fixtures/hugeUpstream';
import { harness } from '../router/harness';
import { attempt, chat, collect, rejectsWith } from './helpers';

const LIMIT = 1024 * 1024;
const EVENT_LIMIT = 64 * 1024;

describe('providers: bounded reads of upstream answers', () => {
  let huge: HugeUpstream;
  let adapter: ProviderAdapter;
  beforeEach(async () => {
    huge = await startHugeUpstream();
    adapter = createProviderAdapter({ name: 'huge', type: 'vllm', baseUrl: huge.url }, { maxResponseBytes: LIMIT, maxEventBytes: EVENT_LIMIT });
  });
  afterEach(async () => {
    await adapter.close();
    await huge.close();
  });

  const recordOf = (model: string) => huge.ended(model);

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const error = await rejectsWith(adapter.send('declared-2200000000', chat(), attempt().context), 'server');
    assert.equal(error.provider, 'huge');
    assert.match(error.message, /^The upstream answer from huge was too large \(2200000000 bytes declared, more than the limit of 1048576 bytes\); it was dropped\. Raise routing\.max_response_bytes/);
    const record = await recordOf('declared-2200000000');
    assert.ok(record.cut && record.written < 64 * LIMIT, `written ${record.written}`);
  });

  it('stops a chunked answer at the limit, and takes one just under it', async () => {
    const error = await rejectsWith(adapter.send('chunked-600000000', chat(), attempt().context), 'server');
    assert.match(error.message, /too large \(more than the limit of 1048576 bytes\)/);
    const record = await recordOf('chunked-600000000');
    assert.ok(record.cut && record.written < 64 * LIMIT, `written ${record.written}`);
    // Spaces are not an answer, but they are read whole: the failure is the JSON's, not the size's.
    const under = await rejectsWith(adapter.send(`chunked-${LIMIT}`, chat(), attempt().context), 'server');
    assert.match(under.message, /malformed JSON/);
  });

  it('bounds a JSON answer to a stream request the same way', async () => {
    for (const model of ['declared-2200000000', 'chunked-600000000']) {
      const error = await rejectsWith(collect(adapter.stream(model, chat(), attempt().context)), 'server');
      assert.match(error.message, /upstream answer from huge was too large/, model);
    }
  });

  it('bounds one stream line without a line end by maxEventBytes', async () => {
    const error = await rejectsWith(collect(adapter.stream('sseline-600000000', chat(), attempt().context)), 'server');
    assert.match(error.message, /too large \(one stream event longer than the limit of 65536 characters\)\; it was dropped\. Raise routing\.max_event_bytes/);
    const record = await recordOf('sseline-600000000');
    assert.ok(record.cut && record.written < 64 * LIMIT, `written ${record.written}`);
  });

  it('bounds a whole stream of valid chunks by maxResponseBytes', async () => {
    let deltas = 0;
    const error = await rejectsWith(
      (async () => {
        for await (const batch of adapter.stream('ssechunks-600000000', chat(), attempt().context)) deltas += batch.events.length;
      })(),
      'server',
    );
    assert.match(error.message, /too large \(a stream of more than the limit of 1048576 bytes\)/);
    assert.ok(deltas > 1000, 'the chunks before the limit were delivered');
    const record = await recordOf('ssechunks-600000000');
    assert.ok(record.cut && record.written < 64 * LIMIT, `written ${record.written}`);
  });

  it('reads only the start of a huge error body, and classifies it', async () => {
    const error = await rejectsWith(adapter.send('error-600000000', chat(), attempt().context), 'server');
    assert.equal(error.status, 500);
    const record = await recordOf('error-600000000');
    assert.ok(record.cut && record.written < 64 * LIMIT, `written ${record.written}`);
  });
});

describe('router: the config\'s read limits reach every adapter', () => {
  const TWO = [
    { name: 'first', dialect: 'openai' as const, key: 'sk-first' },
    { name: 'second', dialect: 'anthropic' as const, key: 'sk-second' },
  ];
  const MODELS = [
    { id: 'best', provider: 'first', name: 'gpt-fake', weight: 90 },
    { id: 'other', provider: 'second', name: 'claude-fake', weight: 40 },
  ];

  it('fails an answer over routing.maxResponseBytes as `server` and escalates; a stream event over maxEventBytes too', async () => {
    const h = await harness(TWO, MODELS, { maxResponseBytes: 4096, maxEventBytes: 2048, cooldownMs: 0 });
    try {
      h.up.first!.reply({ text: 'x'.repeat(8000) });
      const whole = await h.tokenhub.router.complete({ request: chat() });
      assert.equal(whole.model.id, 'other');
      assert.equal(whole.escalations[0]?.reason, 'server');
      assert.match(whole.escalations[0]?.detail ?? '', /upstream answer from first was too large \(more than the limit of 4096 bytes\)/);

      h.up.first!.reply({ chunks: ['y'.repeat(3000)] });
      const streamed = await h.tokenhub.router.stream({ request: chat() });
      assert.equal(streamed.model.id, 'other');
      assert.match(streamed.escalations[0]?.detail ?? '', /one stream event longer than the limit of 2048 characters/);
      for await (const batch of streamed.batches) assert.ok(batch.events.length > 0);

      h.up.second!.reply({ text: 'z'.repeat(8000) });
      h.up.first!.reply({ text: 'z'.repeat(8000) });
      await assert.rejects(h.tokenhub.router.complete({ request: chat() }), /first was too large.*second was too large/);
    } finally {
      await h.close();
    }
  });
});
