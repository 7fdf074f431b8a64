// The cost of an answer, each prompt token at its own rate, with prices from the catalogue.
import assert from 'node:assert/strict';
import { catalogueModels } from '../../../src/core/registry/catalogue';
import type { ModelEntry } from '../../../src/core/registry/model';
import { usageCost } from '../../../src/core/usage/cost';

const models = catalogueModels([{ name: 'openai', type: 'openai' }, { name: 'anthropic', type: 'anthropic' }]);

function model(id: string): ModelEntry {
  const found = models.find((m) => m.id === id);
  assert.ok(found, id);
  return found;
}

/** Dollars compared to a millionth of a cent. */
function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-8, `${actual} ≠ ${expected}`);
}

describe('usageCost', () => {
  it('prices a Claude Sonnet answer with cache reads and writes at their own rates', () => {
    const sonnet = model('claude-sonnet-4-6');
    // Anthropic reported input_tokens 1,000, cache_read_input_tokens 6,000,
    // cache_creation_input_tokens 3,000 and output_tokens 400; promptTokens counts all three.
    const usage = { promptTokens: 10_000, completionTokens: 400, totalTokens: 10_400, cacheReadTokens: 6_000, cacheWriteTokens: 3_000 };
    // $3 / $0.30 / $3.75 / $15 per million.
    near(usageCost(sonnet, usage), (1_000 * 3 + 6_000 * 0.3 + 3_000 * 3.75 + 400 * 15) / 1e6);
    near(usageCost(sonnet, usage), 0.02205);
    // Without the cache counts every prompt token would be billed at the input price.
    near(usageCost(sonnet, { promptTokens: 10_000, completionTokens: 400 }), 0.036);
  });

  it('prices an OpenAI answer with cached tokens, writes at the input price where none is listed', () => {
    const gpt = model('gpt-5.4');
    assert.equal(gpt.cacheWriteCostPer1k, undefined);
    // prompt_tokens 20,000 of which cached_tokens 16,000; completion 1,000 (600 reasoning).
    const usage = { promptTokens: 20_000, completionTokens: 1_000, totalTokens: 21_000, cacheReadTokens: 16_000, reasoningTokens: 600 };
    near(usageCost(gpt, usage), (4_000 * 2.5 + 16_000 * 0.25 + 1_000 * 15) / 1e6);
    near(usageCost(gpt, usage), 0.029);
    near(usageCost(gpt, { ...usage, cacheReadTokens: 8_000, cacheWriteTokens: 8_000 }), (4_000 * 2.5 + 8_000 * 0.25 + 8_000 * 2.5 + 1_000 * 15) / 1e6);
  });

  it('prices OpenAI cache writes where the model lists them (GPT-6 Sol: 1.25 × input)', () => {
    const sol = model('gpt-6-sol');
    const usage = { promptTokens: 50_000, completionTokens: 2_000, cacheReadTokens: 30_000, cacheWriteTokens: 10_000 };
    near(usageCost(sol, usage), (10_000 * 2 + 30_000 * 0.2 + 10_000 * 2.5 + 2_000 * 10) / 1e6);
  });

  it('falls back to the blended price without split prices, and never bills a negative uncached part', () => {
    const plain: ModelEntry = { id: 'm', provider: 'p', name: 'm', weight: 50, costPer1k: 0.002, contextSize: 8_000, capabilities: ['chat'] };
    near(usageCost(plain, { promptTokens: 1_000, completionTokens: 500, cacheReadTokens: 400 }), (1_500 * 0.002) / 1000);
    const haiku = model('claude-haiku-4-5');
    // Cache counts larger than the prompt (an inconsistent report): cached tokens as reported, no uncached ones.
    near(usageCost(haiku, { promptTokens: 100, completionTokens: 0, cacheReadTokens: 300 }), (300 * 0.1) / 1e6);
  });

  it('prices an embedding at its input price', () => {
    const small = model('text-embedding-3-small');
    near(usageCost(small, { promptTokens: 1_000_000, completionTokens: 0 }), 0.02);
  });
});
