import assert from 'node:assert/strict';
import { DisposableStore, toDisposable } from '../../../src/core/base/lifecycle';
import { Emitter } from '../../../src/core/base/event';
import { TokenhubError, abortReason, isCancellation } from '../../../src/core/base/errors';

describe('base', () => {
  it('disposes in reverse order, once', () => {
    const order: number[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push(1)));
    store.add(toDisposable(() => order.push(2)));
    store.dispose();
    store.dispose();
    assert.deepEqual(order, [2, 1]);
  });

  it('disposes at once what is added after disposal', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add(toDisposable(() => (disposed = true)));
    assert.equal(disposed, true);
  });

  it('fires to every listener even when one throws, and stops after unsubscribe', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('broken listener');
    });
    const subscription = emitter.event((v) => seen.push(v));
    emitter.fire(1);
    subscription.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [1]);
  });

  it('maps an abort reason to the error to throw', () => {
    const timeout = new TokenhubError('timeout', 'first token timeout');
    const a = new AbortController();
    a.abort(timeout);
    assert.equal(abortReason(a.signal), timeout);
    const b = new AbortController();
    b.abort();
    assert.equal(isCancellation(abortReason(b.signal)), true);
  });
});
