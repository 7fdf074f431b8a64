// Issue #11 "Tests", DESIGN.md "Configuration": `model_aliases` map the names clients insist on
// (Claude Code's Claude names, an editor's own) to `auto` or a registry id.
import assert from 'node:assert/strict';
import { startApi, type ApiHarness } from '../server/apiHarness';
import { EVERY_CAPABILITY, TARGETS } from './helpers';

describe('fidelity: model_aliases', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi(
      [TARGETS.openai.upstream, TARGETS.anthropic.upstream],
      [
        { ...TARGETS.openai.model, weight: 90 },
        { ...TARGETS.anthropic.model, weight: 60 },
        { ...TARGETS.openai.model, id: 'blind', name: 'gpt-3.5-turbo', weight: 10, capabilities: EVERY_CAPABILITY.filter((c) => c !== 'vision') },
      ],
      { modelAliases: { 'claude-opus-4-1': 'claude', 'claude-*': 'auto', 'my-editor-*': 'blind' } },
    );
  });
  afterEach(() => api.close());

  const ask = async (model: string, content: unknown = 'Hi') => {
    const { response, data } = await api.client.chat.completions
      .create({ model, messages: [{ role: 'user', content: content as string }] })
      .withResponse();
    return { model: response.headers.get('x-tokenhub-model'), escalations: response.headers.get('x-tokenhub-escalations'), data };
  };

  it('a pattern to auto lets the router choose, whatever Claude name the client sends', async () => {
    for (const name of ['claude-sonnet-4-5-20250929', 'claude-3-5-haiku-latest']) {
      const answer = await ask(name);
      assert.equal(answer.model, 'gpt', name);
      assert.equal(answer.data.model, 'gpt');
    }
    assert.equal(api.up.an!.requests.length, 0);
  });

  it('an exact alias names a registry id (and wins over a pattern that also matches), tried first', async () => {
    const answer = await ask('claude-opus-4-1');
    assert.equal(answer.model, 'claude');
    assert.equal((api.up.an!.last.body as { model: string }).model, 'claude-sonnet-4-5');
    assert.equal(api.up.oa!.requests.length, 0);
  });

  it('an aliased model still escalates when it fails', async () => {
    api.up.an!.fail('overloaded');
    const answer = await ask('claude-opus-4-1');
    assert.equal(answer.model, 'gpt');
    assert.equal(answer.escalations, 'claude:overloaded');
  });

  it('an alias to a model without what the request uses is a 400 naming the capability', async () => {
    await assert.rejects(
      ask('my-editor-gpt', [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }]),
      (error: { status?: number; message?: string }) => error.status === 400 && /"blind" does not offer "vision"/.test(error.message ?? ''),
    );
  });

  it('a name that is neither an id, a provider model name nor an alias is a 404', async () => {
    await assert.rejects(ask('gemini-2.5-pro'), (error: { status?: number; message?: string }) => error.status === 404 && /Unknown model "gemini-2.5-pro"/.test(error.message ?? ''));
  });
});
