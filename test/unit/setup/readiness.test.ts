import assert from 'node:assert/strict';
import type { ProviderConfig } from '../../../src/core/providers/adapter';
import type { ModelEntry } from '../../../src/core/registry/model';
import { connectionSnippet, isSnippetTool, SNIPPET_TOOLS } from '../../../src/core/setup/connectSnippets';
import { describeReadiness, readiness } from '../../../src/core/setup/readiness';

const providers: ProviderConfig[] = [{ name: 'openai', type: 'openai' }, { name: 'local', type: 'vllm' }];
const chat = (provider: string): ModelEntry => ({ id: `${provider}-m`, provider, name: 'm', weight: 50, costPer1k: 0, contextSize: 1000, capabilities: ['chat'] });

describe('readiness', () => {
  it('is ready when a provider that can be tried has a chat model (cooling down counts)', () => {
    assert.deepEqual(readiness(providers, [{ name: 'openai', state: 'cooling_down' }, { name: 'local', state: 'ready' }], [chat('openai')]), { kind: 'ready', providers: ['openai'] });
  });

  it('names the first-run states', () => {
    assert.deepEqual(readiness([], [], []), { kind: 'no_provider' });
    assert.deepEqual(readiness(providers, [{ name: 'openai', state: 'no_key' }, { name: 'local', state: 'no_key' }], [chat('openai')]), { kind: 'no_key', providers: ['openai', 'local'] });
    assert.deepEqual(readiness(providers, [{ name: 'openai', state: 'disabled' }, { name: 'local', state: 'no_key' }], [chat('openai')]), { kind: 'key_refused', providers: ['openai'] });
    const embedding = { ...chat('local'), capabilities: ['embedding' as const] };
    assert.deepEqual(readiness(providers, [{ name: 'openai', state: 'no_key' }, { name: 'local', state: 'ready' }], [embedding]), { kind: 'no_model', providers: ['local'] });
    assert.match(describeReadiness({ kind: 'no_provider' }), /No provider is set up yet/);
  });
});

describe('connection snippets', () => {
  const address = { origin: 'http://127.0.0.1:8741', token: 'thk-TOKEN' };

  it('follows each tool\'s base URL convention', () => {
    const openai = connectionSnippet('openai', address);
    assert.match(openai, /^export OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:8741\/v1$/m);
    assert.match(openai, /^export OPENAI_API_KEY=thk-TOKEN$/m);
    const claude = connectionSnippet('claude-code', address);
    assert.match(claude, /^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:8741$/m, 'Claude Code adds /v1/messages itself');
    assert.match(claude, /^export ANTHROPIC_AUTH_TOKEN=thk-TOKEN$/m);
    const continueConfig = connectionSnippet('continue', address);
    assert.match(continueConfig, /^ {4}apiBase: http:\/\/127\.0\.0\.1:8741\/v1$/m);
    assert.match(continueConfig, /^ {4}provider: openai$/m);
    assert.match(continueConfig, /^ {4}model: auto$/m);
  });

  it('knows only its own tool names', () => {
    assert.deepEqual(SNIPPET_TOOLS.filter(isSnippetTool), ['openai', 'claude-code', 'continue']);
    for (const other of ['constructor', '__proto__', 'cursor', 1, undefined]) assert.equal(isSnippetTool(other), false);
  });
});
