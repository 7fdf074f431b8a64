import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/config/errors';
import { parseConfig } from '../../../src/core/config/parse';

const BASE = {
  providers: [{ name: 'openai', type: 'openai', api_key_env: 'OPENAI_API_KEY' }],
  models: [
    { id: 'gpt-4o', provider: 'openai', name: 'gpt-4o', weight: 80, cost_per_1k: 0.005, context_size: 128000, capabilities: ['chat'] },
    { id: 'mini', provider: 'openai', name: 'gpt-4o-mini', weight: 60, cost_per_1k: 0.001, context_size: 128000, capabilities: ['chat'] },
  ],
};

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, {});
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
  }
  return assert.fail('expected a ConfigError');
}

describe('config: model_aliases and field_policy', () => {
  it('reads aliases to registry ids and to auto, patterns included, in config order', () => {
    const { config, warnings } = parseConfig({ ...BASE, model_aliases: { 'claude-*': 'auto', 'my-fast': 'mini', 'gpt-?': 'gpt-4o' }, field_policy: { logprobs: 'drop', seed: 'refuse' } }, {});
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.entries(config.modelAliases), [['claude-*', 'auto'], ['my-fast', 'mini'], ['gpt-?', 'gpt-4o']]);
    assert.deepEqual(config.fieldPolicy, { logprobs: 'drop', seed: 'refuse' });
  });

  it('refuses an alias to a model that is not configured, naming the alias and the ids it may name', () => {
    const problems = problemsOf({ ...BASE, model_aliases: { 'claude-*': 'claude-sonnet', fast: 'mini' } });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^model_aliases\.claude-\*: expected "auto" or the id of a configured model \(gpt-4o, mini\), found "claude-sonnet"$/);
  });

  it('refuses an empty alias name, an alias that is not a string, and a field_policy action other than drop or refuse', () => {
    const problems = problemsOf({ ...BASE, model_aliases: { ' ': 'auto', x: 3 }, field_policy: { seed: 'ignore' } });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('model_aliases. ')));
    assert.ok(problems.some((p) => p.startsWith('model_aliases.x')));
    assert.ok(problems.some((p) => p.startsWith('field_policy.seed') && /drop/.test(p) && /refuse/.test(p)));
  });
});
