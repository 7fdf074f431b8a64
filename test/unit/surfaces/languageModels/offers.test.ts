import assert from 'node:assert/strict';
import type { ModelEntry } from '../../../../src/core/registry/model';
import { ModelRegistry } from '../../../../src/core/registry/registry';
import type { ProviderState } from '../../../../src/core/router/health';
import { AUTO_MODEL_ID, DEFAULT_MAX_OUTPUT_TOKENS, findOffer, languageModelOffers, modelFamily } from '../../../../src/core/surfaces/languageModels/offers';

const entry = (spec: Pick<ModelEntry, 'id' | 'provider'> & Partial<ModelEntry>): ModelEntry => ({
  name: spec.id,
  weight: 50,
  costPer1k: 0.001,
  contextSize: 128_000,
  capabilities: ['chat'],
  ...spec,
});

const registry = new ModelRegistry([
  entry({ id: 'sonnet', provider: 'anthropic', name: 'claude-sonnet-4-5-20250929', weight: 85, inputCostPer1k: 0.003, outputCostPer1k: 0.015, costPer1k: 0.006, contextSize: 200_000, maxOutputTokens: 64_000, capabilities: ['chat', 'tools', 'vision', 'reasoning'] }),
  entry({ id: 'gpt', provider: 'openai', name: 'gpt-4o-2024-08-06', weight: 80, costPer1k: 0.005, maxOutputTokens: 16_384, capabilities: ['chat', 'tools'] }),
  entry({ id: 'local', provider: 'vllm', name: 'meta-llama/Llama-3.1-8B-Instruct', weight: 40, costPer1k: 0, contextSize: 8_000, capabilities: ['chat'] }),
  entry({ id: 'embed', provider: 'openai', name: 'text-embedding-3-small', weight: 99, capabilities: ['embedding'] }),
  entry({ id: 'keyless', provider: 'other', name: 'gpt-4.1', weight: 90, capabilities: ['chat', 'vision'] }),
]);

const states = (entries: Record<string, ProviderState>): Map<string, ProviderState> => new Map(Object.entries(entries));
const allReady = states({ anthropic: 'ready', openai: 'ready', vllm: 'ready', other: 'no_key' });
const ids = (list: ReturnType<typeof languageModelOffers>) => list.offers.map((offer) => offer.id);

describe('Language Model API: the offered models', () => {
  it('offers Auto first, then the chat models whose provider can answer, best first', () => {
    assert.deepEqual(ids(languageModelOffers(registry.ranked('chat'), allReady, 'all')), [AUTO_MODEL_ID, 'sonnet', 'gpt', 'local']);
    // A refused key is as good as none; a cool-down passes by itself and keeps its models listed.
    const list = languageModelOffers(registry.ranked('chat'), states({ anthropic: 'disabled', openai: 'cooling_down', vllm: 'ready', other: 'ready' }), 'all');
    assert.deepEqual(ids(list), [AUTO_MODEL_ID, 'keyless', 'gpt', 'local']);
  });

  it('offers nothing, not even Auto, when no provider can answer', () => {
    assert.deepEqual(languageModelOffers(registry.ranked('chat'), states({ anthropic: 'no_key', openai: 'no_key', vllm: 'disabled' }), 'all').offers, []);
  });

  it('describes each model with its limits, capabilities, family, provider and price', () => {
    const list = languageModelOffers(registry.ranked('chat'), allReady, 'all');
    const sonnet = findOffer(list, 'sonnet');
    assert.ok(sonnet);
    assert.deepEqual(
      { ...sonnet, counter: sonnet.counter.id },
      {
        id: 'sonnet',
        name: 'sonnet',
        family: 'claude-sonnet-4-5',
        version: 'claude-sonnet-4-5-20250929',
        detail: 'anthropic',
        tooltip: 'claude-sonnet-4-5-20250929 from anthropic · 200,000-token context, up to 64,000 out · $3.00 in / $15.00 out per million tokens · takes tools, images, reasoning',
        maxInputTokens: 136_000,
        maxOutputTokens: 64_000,
        toolCalling: true,
        imageInput: true,
        route: { model: 'sonnet', escalate: false },
        counter: 'sonnet',
      },
    );
    const local = findOffer(list, 'local');
    assert.equal(local?.maxOutputTokens, DEFAULT_MAX_OUTPUT_TOKENS, 'no max_output_tokens: the default is kept for the answer');
    assert.equal(local?.maxInputTokens, 8_000 - DEFAULT_MAX_OUTPUT_TOKENS);
    assert.equal(local?.family, 'Llama-3.1-8B-Instruct');
    assert.match(local?.tooltip ?? '', /no price configured · text only$/);
    assert.match(findOffer(list, 'gpt')?.tooltip ?? '', / · \$5\.00 per million tokens · takes tools$/);
    assert.deepEqual([findOffer(list, 'gpt')?.toolCalling, findOffer(list, 'gpt')?.imageInput], [true, false]);
  });

  it('gives Auto the widest budget and every capability of the models it routes among, counting with its first choice', () => {
    const auto = findOffer(languageModelOffers(registry.ranked('chat'), allReady, ['local']), AUTO_MODEL_ID);
    assert.ok(auto);
    assert.equal(auto.name, 'Tokenhub: Auto');
    assert.deepEqual(auto.route, { model: 'auto', escalate: true });
    // Listed or not, every usable model is Auto's to pick.
    assert.equal(auto.maxInputTokens, 136_000);
    assert.equal(auto.maxOutputTokens, 64_000);
    assert.deepEqual([auto.toolCalling, auto.imageInput], [true, true]);
    assert.equal(auto.counter.id, 'sonnet');
    assert.equal(auto.detail, '3 models');
    assert.match(auto.tooltip, /^The router picks among 3 models of anthropic, openai, vllm \(first sonnet\)/);
  });

  it('offers only the listed ids, in the list\'s order, and names the ids that are no chat model', () => {
    const list = languageModelOffers(registry.ranked('chat'), allReady, ['local', 'embed', 'gpt', 'gpt', 'keyless', 'typo']);
    assert.deepEqual(ids(list), [AUTO_MODEL_ID, 'local', 'gpt']);
    // `keyless` exists but has no key: not offered, and not unknown either.
    assert.deepEqual(list.unknown, ['embed', 'typo']);
  });

  it('makes family names without prefixes or date suffixes', () => {
    assert.equal(modelFamily('gpt-4o-2024-08-06'), 'gpt-4o');
    assert.equal(modelFamily('claude-opus-4-1-20250805'), 'claude-opus-4-1');
    assert.equal(modelFamily('openai/gpt-5'), 'gpt-5');
    assert.equal(modelFamily('claude-sonnet-4-5'), 'claude-sonnet-4-5');
    assert.equal(modelFamily('qwen3:32b'), 'qwen3:32b');
  });
});
