// The built-in catalogue: generated from @pydantic/genai-prices (never by hand), sane, and read
// into registry entries with every price it carries.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ModelInfo, Provider } from '@pydantic/genai-prices';
import { CAPABILITIES } from '../../../src/core/model/request';
import { CATALOGUE, CATALOGUE_AS_OF, CATALOGUE_SOURCE, catalogueModels } from '../../../src/core/registry/catalogue';
import { buildCatalogue, bundledProviders, CatalogueError, dataVersion } from '../../../scripts/catalogue/generate';

const ROOT = resolve(__dirname, '../../..');
const CHECKED_IN = join(ROOT, 'src/core/registry/catalogue.json');

/** A deep copy of the bundled data, to change without touching the package's own objects. */
function dataCopy(): Provider[] {
  return JSON.parse(JSON.stringify(bundledProviders())) as Provider[];
}

function modelOf(providers: Provider[], provider: string, id: string): ModelInfo {
  const model = providers.find((p) => p.id === provider)?.models.find((m) => m.id === id);
  assert.ok(model, `${provider}/${id} in the data`);
  return model;
}

describe('catalogue: generated from @pydantic/genai-prices', function () {
  this.timeout(60_000);

  it('is exactly what the generator writes from the installed data (nobody edits it by hand)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenhub-catalogue-'));
    try {
      const out = join(dir, 'catalogue.json');
      const printed = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/catalogue/generate.ts', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      assert.match(printed, /25 models from @pydantic\/genai-prices@0\.1\.8, as of 2026-09-23/);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(CHECKED_IN, 'utf8'), 'run `npm run catalogue` and commit the result');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names its source and the date of the data', () => {
    assert.equal(CATALOGUE_SOURCE, `@pydantic/genai-prices@${dataVersion()}`);
    assert.equal(CATALOGUE_AS_OF, '2026-09-23');
  });

  it('is sane: sorted, no duplicates, real sizes and prices, capabilities that fit the kind', () => {
    const keys = CATALOGUE.map((m) => `${m.provider_type}/${m.name}`);
    assert.deepEqual(keys, [...keys].sort(), 'sorted by provider, then name');
    assert.equal(new Set(keys).size, keys.length, 'no duplicates');
    for (const m of CATALOGUE) {
      const where = `${m.provider_type}/${m.name}`;
      assert.ok(m.provider_type === 'openai' || m.provider_type === 'anthropic', `${where}: vLLM models come from the config`);
      assert.ok(m.capabilities.length > 0 && m.capabilities.every((c) => CAPABILITIES.includes(c)), where);
      assert.ok(Number.isInteger(m.context_size) && m.context_size > 0, where);
      const prices = [m.input_cost_per_1k, m.output_cost_per_1k, m.cache_read_cost_per_1k, m.cache_write_cost_per_1k, m.cost_per_1k];
      for (const price of prices) if (price !== undefined) assert.ok(Number.isFinite(price) && price >= 0, `${where}: price ${price}`);
      if (m.cache_read_cost_per_1k !== undefined) assert.ok(m.cache_read_cost_per_1k < m.input_cost_per_1k, `${where}: cache reads are discounted`);
      if (m.cache_write_cost_per_1k !== undefined) assert.ok(m.cache_write_cost_per_1k >= m.input_cost_per_1k, `${where}: cache writes cost at least the input price`);
      assert.ok(m.weight >= 0 && m.weight <= 100, where);
      if (m.capabilities.includes('embedding')) {
        assert.deepEqual(m.capabilities, ['embedding'], where);
        assert.ok(m.embedding_dimensions !== undefined && m.embedding_dimensions > 0, `${where}: dimensions`);
        assert.equal(m.max_output_tokens, undefined, where);
      } else {
        assert.ok(m.capabilities.includes('chat'), `${where}: every chat model has chat`);
        assert.ok(m.max_output_tokens !== undefined && m.max_output_tokens > 0 && m.context_size > m.max_output_tokens, `${where}: context > max output`);
        assert.ok(m.output_cost_per_1k !== undefined && m.output_cost_per_1k > m.input_cost_per_1k, `${where}: output costs more than input`);
        assert.equal(m.embedding_dimensions, undefined, where);
      }
      // OpenAI serves its chat models on /v1/chat/completions only; the OpenAI provider sends
      // completions to /v1/completions, so no OpenAI model may claim them.
      if (m.provider_type === 'openai') assert.ok(!m.capabilities.includes('completion'), `${where}: no legacy completions`);
    }
    for (const embedding of ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002']) {
      assert.ok(CATALOGUE.some((m) => m.name === embedding && m.capabilities.includes('embedding')), embedding);
    }
  });

  it('refuses a data model it has no rule for, naming it', () => {
    const providers = dataCopy();
    const openai = providers.find((p) => p.id === 'openai')!;
    openai.models.push({ id: 'gpt-7', name: 'GPT-7', match: { equals: 'gpt-7' }, prices: { input_mtok: 1, output_mtok: 2 } });
    assert.throws(() => buildCatalogue(providers, '0.1.8'), (error: Error) => error instanceof CatalogueError && /openai\/gpt-7 \("GPT-7"\) is new/.test(error.message));
  });

  it('refuses an included model that left the data, was deprecated in it, or lost its price', () => {
    const gone = dataCopy();
    const anthropic = gone.find((p) => p.id === 'anthropic')!;
    anthropic.models = anthropic.models.filter((m) => m.id !== 'claude-sonnet-5');
    assert.throws(() => buildCatalogue(gone, '0.1.8'), /anthropic\/claude-sonnet-5 is in INCLUDED but not in the data/);
    const deprecated = dataCopy();
    modelOf(deprecated, 'openai', 'gpt-5.5').deprecated = true;
    assert.throws(() => buildCatalogue(deprecated, '0.1.8'), /openai\/gpt-5\.5 is marked deprecated in the data/);
    const unpriced = dataCopy();
    modelOf(unpriced, 'openai', 'gpt-5.4').prices = { input_mtok: 2.5 };
    assert.throws(() => buildCatalogue(unpriced, '0.1.8'), /openai\/gpt-5\.4: no valid output_mtok price/);
  });

  it('uses the price in effect on the data date, and refuses a price dated after it', () => {
    const changed = dataCopy();
    const sonnet = modelOf(changed, 'anthropic', 'claude-sonnet-5');
    sonnet.prices = [
      { prices: { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 } },
      { constraint: { type: 'start_date', start_date: '2026-09-01' }, prices: { input_mtok: 1, output_mtok: 5 } },
    ];
    const entry = buildCatalogue(changed, '0.1.8').models.find((m) => m.name === 'claude-sonnet-5')!;
    assert.deepEqual([entry.input_cost_per_1k, entry.output_cost_per_1k, entry.cache_read_cost_per_1k, entry.cost_per_1k], [0.001, 0.005, undefined, 0.002]);
    sonnet.prices.push({ constraint: { type: 'start_date', start_date: '2026-10-01' }, prices: { input_mtok: 9, output_mtok: 9 } });
    assert.throws(() => buildCatalogue(changed, '0.1.8'), /claude-sonnet-5 has a price starting 2026-10-01, after as_of 2026-09-23/);
  });

  it('refuses a package version whose date is not recorded', () => {
    assert.throws(() => buildCatalogue(bundledProviders(), '0.2.0'), /No date recorded for @pydantic\/genai-prices@0\.2\.0: add .* DATA_DATES/);
  });
});

describe('catalogue: registry entries', () => {
  it('gives each provider its type\'s models with every price, and vLLM none', () => {
    const models = catalogueModels([{ name: 'anthropic', type: 'anthropic' }, { name: 'local', type: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' }]);
    assert.equal(models.length, CATALOGUE.filter((m) => m.provider_type === 'anthropic').length);
    assert.ok(models.every((m) => m.provider === 'anthropic'));
    const sonnet = models.find((m) => m.id === 'claude-sonnet-4-6')!;
    assert.deepEqual(
      [sonnet.inputCostPer1k, sonnet.outputCostPer1k, sonnet.cacheReadCostPer1k, sonnet.cacheWriteCostPer1k, sonnet.costPer1k, sonnet.contextSize, sonnet.maxOutputTokens],
      [0.003, 0.015, 0.0003, 0.00375, 0.006, 1_000_000, 64_000],
    );
  });

  it('names models by provider when two providers of a type serve them, and carries embedding dimensions', () => {
    const models = catalogueModels([{ name: 'personal', type: 'openai' }, { name: 'work', type: 'openai' }]);
    assert.ok(models.some((m) => m.id === 'personal/gpt-5.5') && models.some((m) => m.id === 'work/gpt-5.5'));
    const large = models.find((m) => m.id === 'work/text-embedding-3-large')!;
    assert.deepEqual([large.embeddingDimensions, large.capabilities, large.maxOutputTokens, large.outputCostPer1k], [3072, ['embedding'], undefined, undefined]);
  });
});
