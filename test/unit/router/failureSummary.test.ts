// A failed route in words: the router's real trail (one provider unreachable, its other models
// skipped while it cools down) becomes one short line per provider, with the fixes that apply.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ROUTING, DEFAULT_SERVER, DEFAULT_VAULT } from '../../../src/core/config/types';
import { failureDetails, failureMessage, shorten, summarizeFailure } from '../../../src/core/router/failureSummary';
import type { Escalation } from '../../../src/core/router/types';
import { RouteError } from '../../../src/core/router/types';
import { Tokenhub } from '../../../src/core/tokenhub';
import { ask, harness, model } from './harness';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('failure summary', () => {
  it('says in one line per provider what the router met: the first real failure, then a count', async () => {
    const port = await closedPort();
    const models = Array.from({ length: 12 }, (_, i) => model({ id: `gpt-${i}`, provider: 'openai', weight: 90 - i }));
    const tokenhub = new Tokenhub(
      {
        server: { ...DEFAULT_SERVER },
        vault: { ...DEFAULT_VAULT },
        routing: { ...DEFAULT_ROUTING, maxAttempts: 20 },
        providers: [
          { name: 'openai', type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` },
          { name: 'anthropic', type: 'anthropic' },
        ],
        models: [...models, model({ id: 'claude', provider: 'anthropic', weight: 10 })],
        modelAliases: {},
        fieldPolicy: {},
      },
      { keys: { get: async (name) => (name === 'openai' ? 'sk-openai-key-123456' : undefined) } },
    );
    try {
      const error = await tokenhub.router.complete(ask()).then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof RouteError);
      const summary = summarizeFailure(error);
      assert.equal(summary.headline, 'Tokenhub: no model answered (1 tried).');
      assert.equal(summary.lines.length, 2);
      assert.match(summary.lines[0]!, /^openai is not reachable \(gpt-0: connect ECONNREFUSED 127\.0\.0\.1:\d+\)\. 11 more openai models skipped while it cools down\.$/);
      assert.equal(summary.lines[1], 'anthropic has no API key (claude).');
      assert.deepEqual(summary.fixes, ['set_key', 'add_provider', 'show_details']);
      assert.deepEqual(summary.keyProviders, ['anthropic']);
      const message = failureMessage(summary);
      assert.ok(message.length < 220, message);
      const details = failureDetails(error);
      assert.equal(details.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 13, 'the details list every model');
      assert.ok(!details.includes('sk-openai-key'));
    } finally {
      await tokenhub.close();
    }
  });

  it('names a refused key and rate limits from real upstreams', async () => {
    const h = await harness([{ name: 'a', dialect: 'openai', key: 'sk-right-key-aaaa' }, { name: 'b', dialect: 'anthropic', key: 'sk-b-key-bbbbbbbb' }], [
      { id: 'a1', provider: 'a', weight: 90 },
      { id: 'b1', provider: 'b', weight: 80 },
    ]);
    try {
      h.keys.set('a', 'sk-wrong-key-zzzz');
      h.up.b!.fail('rate_limit', { retryAfter: 3 });
      const error = await h.tokenhub.router.complete(ask()).catch((caught: unknown) => caught);
      const summary = summarizeFailure(error as RouteError);
      assert.match(summary.lines[0]!, /^a refused the API key \(a1: HTTP 401: Incorrect API key provided: \[redacted\]/);
      assert.match(summary.lines[1]!, /^b is rate limiting \(b1: HTTP 429: /);
      assert.ok(!failureMessage(summary).includes('sk-wrong-key-zzzz'));
      assert.deepEqual(summary.fixes, ['set_key', 'show_details']);
    } finally {
      await h.close();
    }
  });

  it('keeps a failure without a trail as its message, and cuts long text at a word', () => {
    assert.deepEqual(summarizeFailure({ code: 'invalid_input', message: 'Bad config.' }), { headline: 'Bad config.', lines: [], fixes: [], keyProviders: [] });
    const cut = shorten('openai is cooling down for 30 s after a failure and more words here', 40);
    assert.equal(cut, 'openai is cooling down for 30 s after a…');
    const skips: Escalation[] = Array.from({ length: 3 }, (_, i) => ({ model: `m${i}`, provider: 'p', reason: 'no_key', attempted: false, detail: 'p has no API key configured' }));
    assert.deepEqual(summarizeFailure({ message: 'x', escalations: skips }).lines, ['p has no API key (m0). 2 more p models skipped for the same reason.']);
  });
});
