import { textMessage } from '../../../src/core/model/content';
import assert from 'node:assert/strict';
import type { ModelEntry } from '../../../src/core/registry/model';
import { compareModels, ModelRegistry } from '../../../src/core/registry/registry';
import { TokenEstimator } from '../../../src/core/tokens/estimator';

function model(id: string, over: Partial<ModelEntry> = {}): ModelEntry {
  return { id, provider: 'p', name: id, weight: 50, costPer1k: 0, contextSize: 8000, capabilities: ['chat'], ...over };
}

describe('registry: ModelRegistry', () => {
  it('ranks by weight − cost_per_1k × 10', () => {
    const cheap = model('cheap', { weight: 80, costPer1k: 0.5 }); // 75
    const dear = model('dear', { weight: 85, costPer1k: 1.5 }); // 70
    const mid = model('mid', { weight: 72 }); // 72
    assert.deepEqual(new ModelRegistry([dear, mid, cheap]).models.map((m) => m.id), ['cheap', 'mid', 'dear']);
  });

  it('breaks ties by larger context, then id ascending', () => {
    const a = model('b-small', { contextSize: 4000 });
    const b = model('z-big', { contextSize: 128000 });
    const c = model('a-small', { contextSize: 4000 });
    assert.deepEqual(new ModelRegistry([a, b, c]).models.map((m) => m.id), ['z-big', 'a-small', 'b-small']);
    assert.equal(compareModels(c, c), 0);
  });

  it('filters by capability and provider, best first', () => {
    const r = new ModelRegistry([
      model('code', { weight: 90, capabilities: ['chat', 'code'], provider: 'x' }),
      model('chat', { weight: 80, provider: 'y' }),
      model('complete', { weight: 70, capabilities: ['completion'], provider: 'x' }),
    ]);
    assert.deepEqual(r.ranked('chat').map((m) => m.id), ['code', 'chat']);
    assert.deepEqual(r.ranked('completion').map((m) => m.id), ['complete']);
    assert.deepEqual(r.ranked('vision'), []);
    assert.deepEqual(r.ofProvider('x').map((m) => m.id), ['code', 'complete']);
    assert.deepEqual(r.providers().sort(), ['x', 'y']);
  });

  it('finds by registry id first, then by provider model name (best-ranked server wins)', () => {
    const r = new ModelRegistry([
      model('work/gpt-4o', { name: 'gpt-4o', provider: 'work', weight: 60 }),
      model('home/gpt-4o', { name: 'gpt-4o', provider: 'home', weight: 70 }),
      model('gpt-4o-mini', { name: 'gpt-4o' }),
    ]);
    assert.equal(r.find('work/gpt-4o')?.provider, 'work');
    assert.equal(r.find('gpt-4o')?.id, 'home/gpt-4o');
    assert.deepEqual(r.findByName('gpt-4o').map((m) => m.id), ['home/gpt-4o', 'work/gpt-4o', 'gpt-4o-mini']);
    assert.equal(r.find('nope'), undefined);
    assert.equal(r.get('gpt-4o'), undefined, 'get is by id only');
  });

  it('refuses duplicate ids', () => {
    assert.throws(() => new ModelRegistry([model('a'), model('a')]), /Two models have the id "a"/);
  });

  it('lists fitting candidates ranked and the too-small ones with their size', () => {
    const r = new ModelRegistry([
      model('tiny', { name: 'gpt-4o', weight: 95, contextSize: 100 }),
      model('big', { name: 'gpt-4o', weight: 60, contextSize: 128000 }),
      model('claude', { name: 'claude-sonnet-4-5', weight: 80, contextSize: 200000, provider: 'a' }),
      model('other', { weight: 99, capabilities: ['completion'] }),
    ]);
    const request = { kind: 'chat' as const, messages: [textMessage('user', 'word '.repeat(400))], maxTokens: 500 };
    const list = r.candidates(request, new TokenEstimator());
    assert.deepEqual(list.fitting.map((c) => c.model.id), ['claude', 'big']);
    assert.deepEqual(list.tooSmall.map((c) => c.model.id), ['tiny']);
    assert.ok(list.tooSmall[0].promptTokens > 300);
    const onlyA = r.candidates(request, new TokenEstimator(), { providers: ['p'], exclude: ['big'] });
    assert.deepEqual([...onlyA.fitting, ...onlyA.tooSmall].map((c) => c.model.id), ['tiny']);
  });
});
