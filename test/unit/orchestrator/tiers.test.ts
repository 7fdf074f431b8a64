import assert from 'node:assert/strict';
import { criticTiers, planTiers, refineTiers } from '../../../src/core/orchestrator/tiers';
import { ModelRegistry } from '../../../src/core/registry/registry';
import { model } from '../router/harness';

const alpha = model({ id: 'alpha', provider: 'a', weight: 90 });
const alpha2 = model({ id: 'alpha2', provider: 'a', weight: 85 });
const bravo = model({ id: 'bravo', provider: 'b', weight: 80 });
const charlie = model({ id: 'charlie', provider: 'c', weight: 70 });

describe('orchestrator: routing tiers', () => {
  it('the plan escalates anywhere from the named planner', () => {
    assert.deepEqual(planTiers('bravo'), [{ model: 'bravo', fallback: false }]);
  });

  it('the critic tries every other provider first, then the planner\'s provider without the planner\'s model', () => {
    const tiers = criticTiers(new ModelRegistry([alpha, alpha2, bravo, charlie]), alpha, undefined);
    assert.deepEqual(tiers.map((t) => [t.model, t.providers, t.excludeModels, t.fallback]), [
      [undefined, ['b', 'c'], undefined, false],
      [undefined, ['a'], ['alpha'], true],
    ]);
  });

  it('a named critic is tried first even on the planner\'s provider; escalation still prefers other providers', () => {
    const [first] = criticTiers(new ModelRegistry([alpha, alpha2, bravo]), alpha, 'alpha2');
    assert.deepEqual([first?.model, first?.providers], ['alpha2', ['b']]);
  });

  it('with one provider, its other models are the plan, not a fallback; with one model, there is no critic', () => {
    const [only, ...rest] = criticTiers(new ModelRegistry([alpha, alpha2]), alpha, undefined);
    assert.equal(rest.length, 0);
    assert.deepEqual([only?.providers, only?.excludeModels, only?.fallback], [['a'], ['alpha'], false]);
    assert.deepEqual(criticTiers(new ModelRegistry([alpha]), alpha, undefined), []);
    assert.deepEqual(criticTiers(new ModelRegistry([alpha]), alpha, 'alpha'), [{ model: 'alpha', fallback: false }]);
  });

  it('refine is the planner\'s, kept off the critic\'s model, which refines only as a last resort', () => {
    const tiers = refineTiers(alpha, bravo);
    assert.deepEqual(tiers.map((t) => [t.model, t.excludeModels, t.escalate, t.fallback]), [
      ['alpha', ['bravo'], undefined, false],
      ['bravo', undefined, false, true],
    ]);
    assert.equal(refineTiers(alpha, alpha).length, 1);
  });
});
