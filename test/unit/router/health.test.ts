import assert from 'node:assert/strict';
import { ProviderHealth } from '../../../src/core/router/health';

describe('provider health: change events', () => {
  it('fires when a failure or a cool-down-ending success is recorded, with the provider\'s name', () => {
    let now = 1_000;
    const health = new ProviderHealth({ now: () => now }, 30_000);
    const fired: string[] = [];
    const listener = health.onDidChange((provider) => fired.push(provider));
    health.recordSuccess('a');
    assert.deepEqual(fired, [], 'a success that changes nothing is silent');
    health.recordFailure('a', 'server', undefined, 'k');
    assert.equal(health.state('a', 'k', true), 'cooling_down');
    health.recordFailure('b', 'unauthorized', undefined, 'bad');
    assert.equal(health.state('b', 'bad', true), 'disabled');
    health.recordSuccess('a');
    assert.equal(health.state('a', 'k', true), 'ready');
    assert.deepEqual(fired, ['a', 'b', 'a']);
    listener.dispose();
    now += 1;
    health.recordFailure('a', 'server', undefined, 'k');
    assert.equal(fired.length, 3, 'no events after the listener is disposed');
  });
});
