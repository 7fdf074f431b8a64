// What Add Provider writes: the model choices offered, and settings that, read back by the config
// parser, give the registry the user picked without changing what the other providers serve.
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/parse';
import type { ProviderConfig } from '../../../src/core/providers/adapter';
import { checkBaseUrl, defaultBaseUrl } from '../../../src/core/providers/baseUrl';
import { catalogueModels } from '../../../src/core/registry/catalogue';
import { ASSUMED_CONTEXT, modelChoices } from '../../../src/core/setup/modelChoices';
import type { ModelChoice } from '../../../src/core/setup/modelChoices';
import type { ListedModel } from '../../../src/core/providers/modelListing';
import { planProviderSettings } from '../../../src/core/setup/providerSettings';

const openai: ProviderConfig = { name: 'openai', type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' };
const local: ProviderConfig = { name: 'local', type: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' };

/** The registry the settings give, as `id provider name` lines. */
function registryOf(settings: { providers: unknown[]; models: unknown[] | undefined }): string[] {
  const raw: Record<string, unknown> = { providers: settings.providers };
  if (settings.models) raw.models = settings.models;
  return parseConfig(raw, {}).config.models.map((m) => `${m.id} ${m.provider} ${m.name}`).sort();
}

describe('base URL convention', () => {
  it('defaults by type: OpenAI and vLLM with /v1, Anthropic without', () => {
    assert.equal(defaultBaseUrl('openai'), 'https://api.openai.com/v1');
    assert.equal(defaultBaseUrl('anthropic'), 'https://api.anthropic.com');
    assert.equal(defaultBaseUrl('vllm'), 'http://127.0.0.1:8000/v1');
    assert.deepEqual(checkBaseUrl('vllm', '  '), { ok: true, url: 'http://127.0.0.1:8000/v1' });
  });

  it('proposes /v1 for an OpenAI-compatible server without it, and the base for a pasted route', () => {
    const bare = checkBaseUrl('vllm', 'http://localhost:8000/');
    assert.ok(bare.ok);
    assert.equal(bare.url, 'http://localhost:8000');
    assert.equal(bare.alternative, 'http://localhost:8000/v1');
    assert.match(bare.note ?? '', /usually serve under \/v1/);
    const route = checkBaseUrl('openai', 'https://api.openai.com/v1/chat/completions');
    assert.ok(route.ok);
    assert.equal(route.alternative, 'https://api.openai.com/v1');
    assert.deepEqual(checkBaseUrl('vllm', 'http://localhost:11434/v1'), { ok: true, url: 'http://localhost:11434/v1' });
  });

  it('tells an Anthropic URL with /v1 that it works either way', () => {
    const check = checkBaseUrl('anthropic', 'https://api.anthropic.com/v1');
    assert.ok(check.ok);
    assert.equal(check.alternative, 'https://api.anthropic.com');
  });

  it('refuses what cannot be a base URL, saying why', () => {
    const problems = ['localhost:8000', 'not a url', 'ftp://x', 'http://h/v1?x=1', 'http://user:pw@h/v1'].map((text) => checkBaseUrl('vllm', text));
    for (const check of problems) assert.equal(check.ok, false, JSON.stringify(check));
    assert.match(problems[1]!.ok ? '' : problems[1]!.problem, /is not a URL; type one such as http:\/\/127\.0\.0\.1:8000\/v1/);
    assert.match(problems[4]!.ok ? '' : problems[4]!.problem, /no user name or password/);
  });
});

describe('model choices', () => {
  it('matches listed models to the catalogue, dated snapshots included, and recommends its chat models', () => {
    const choices = modelChoices('openai', [{ id: 'gpt-5.5' }, { id: 'gpt-5.5-2026-04-01' }, { id: 'gpt-5.4-mini-2026-01-10' }, { id: 'text-embedding-3-small' }, { id: 'whisper-1' }]);
    const view = choices.map((c) => [c.name, c.catalogued?.name, c.recommended, c.chat]);
    assert.deepEqual(view, [
      ['gpt-5.5', 'gpt-5.5', true, true],
      ['gpt-5.5-2026-04-01', 'gpt-5.5', false, true],
      ['gpt-5.4-mini-2026-01-10', 'gpt-5.4-mini', true, true],
      ['text-embedding-3-small', 'text-embedding-3-small', false, false],
      ['whisper-1', undefined, false, true],
    ]);
    const whisper = choices.at(-1);
    assert.equal(whisper?.contextSize, ASSUMED_CONTEXT);
    assert.equal(whisper?.contextAssumed, true);
  });

  it('takes a server\'s own context size, and offers the catalogue when the provider listed nothing', () => {
    assert.deepEqual(modelChoices('vllm', [{ id: 'Qwen/Qwen3-8B', contextSize: 32768 }]).map((c) => [c.name, c.contextSize, c.contextAssumed, c.recommended]), [['Qwen/Qwen3-8B', 32768, false, false]]);
    const unlisted = modelChoices('anthropic', undefined);
    assert.ok(unlisted.length > 5 && unlisted.every((c) => c.catalogued?.provider_type === 'anthropic' && c.recommended));
    assert.deepEqual(modelChoices('vllm', undefined), []);
  });
});

describe('provider settings plan', () => {
  const pick = (type: ProviderConfig['type'], names: string[], listed: ListedModel[] = names.map((id) => ({ id }))): ModelChoice[] =>
    modelChoices(type, listed).filter((c) => names.includes(c.name));

  it('leaves tokenhub.models empty when the catalogue already serves the picks', () => {
    const picked = modelChoices('openai', undefined).filter((c) => c.chat);
    const plan = planProviderSettings({ providers: [], models: [] }, { providers: [], models: [] }, openai, picked);
    assert.equal(plan.models, undefined);
    assert.deepEqual(plan.providers, [{ name: 'openai', type: 'openai', api_key_env: 'OPENAI_API_KEY' }]);
    assert.equal(plan.replaced, false);
  });

  it('carries the catalogue models of the providers in use along when a vLLM server gets the first models', () => {
    const effective = { providers: [openai], models: catalogueModels([openai]) };
    const picked = pick('vllm', ['Qwen/Qwen3-8B'], [{ id: 'Qwen/Qwen3-8B', contextSize: 32768 }]);
    const plan = planProviderSettings({ providers: [], models: [] }, effective, local, picked);
    assert.deepEqual(plan.providers.map((p) => p.name), ['openai', 'local']);
    const registry = registryOf(plan);
    assert.deepEqual(registry, [...effective.models.map((m) => `${m.id} openai ${m.name}`), 'Qwen/Qwen3-8B local Qwen/Qwen3-8B'].sort());
    const qwen = parseConfig({ providers: plan.providers, models: plan.models }, {}).config.models.find((m) => m.provider === 'local');
    assert.equal(qwen?.contextSize, 32768);
    assert.equal(qwen?.costPer1k, 0);
  });

  it('writes only the picks when fewer than the catalogue were chosen', () => {
    const plan = planProviderSettings({ providers: [], models: [] }, { providers: [], models: [] }, openai, pick('openai', ['gpt-5.5']));
    assert.deepEqual(registryOf(plan), ['gpt-5.5 openai gpt-5.5']);
    const entry = plan.models?.[0];
    assert.equal(entry?.context_size, 1_000_000);
    assert.ok(typeof entry?.input_cost_per_1k === 'number' && typeof entry.output_cost_per_1k === 'number');
  });

  it('replaces a provider of the same name and its models, keeping everything else as the user wrote it', () => {
    const current = {
      providers: [{ name: 'local', type: 'vllm', base_url: 'http://old:8000/v1' }, { name: 'openai', type: 'openai', api_key_env: 'MY_KEY' }],
      models: [
        { id: 'old', provider: 'local', name: 'old', context_size: 4096 },
        { id: 'mine', provider: 'openai', name: 'gpt-5.5', weight: 99, context_size: 1000 },
      ],
    };
    const effective = parseConfig(current, {}).config;
    const plan = planProviderSettings(current, effective, local, pick('vllm', ['mine', 'new'], [{ id: 'mine' }, { id: 'new' }]));
    assert.equal(plan.replaced, true);
    assert.deepEqual(plan.providers, [{ name: 'openai', type: 'openai', api_key_env: 'MY_KEY' }, { name: 'local', type: 'vllm', base_url: 'http://127.0.0.1:8000/v1' }]);
    assert.deepEqual(plan.models?.[0], current.models[1], 'the other provider\'s model is kept as written');
    // "mine" is taken by the openai entry: the new one gets the provider's prefix.
    assert.deepEqual(registryOf(plan), ['local/mine local mine', 'mine openai gpt-5.5', 'new local new']);
  });

  it('gives a second provider of a type its own ids beside the catalogue\'s', () => {
    const effective = { providers: [openai], models: catalogueModels([openai]) };
    const work: ProviderConfig = { name: 'work', type: 'openai' };
    const plan = planProviderSettings({ providers: [], models: [] }, effective, work, pick('openai', ['gpt-5.5']));
    assert.ok(plan.models);
    const registry = registryOf(plan);
    assert.ok(registry.includes('gpt-5.5 openai gpt-5.5') && registry.includes('work/gpt-5.5 work gpt-5.5'), registry.join('\n'));
  });
});
