import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { Cancellation } from '../../../src/core/base/cancel';

describe('base/cancel: Cancellation', () => {
  it('aborts once, keeping the first reason, and reads like an AbortController', () => {
    const cancel = new Cancellation();
    assert.equal(cancel.signal, cancel);
    assert.equal(cancel.aborted, false);
    assert.equal(cancel.reason, undefined);
    const first = new Error('first');
    cancel.abort(first);
    cancel.abort(new Error('second'));
    assert.equal(cancel.aborted, true);
    assert.equal(cancel.reason, first);
  });

  it('gives an AbortError as the reason when none is given, as an AbortSignal does', () => {
    const cancel = new Cancellation();
    cancel.abort();
    const reference = new AbortController();
    reference.abort();
    assert.ok(cancel.reason instanceof DOMException);
    assert.equal((cancel.reason as DOMException).name, (reference.signal.reason as DOMException).name);
  });

  it('runs each listener once, in order; one added twice once; one removed or added after the abort never', () => {
    const cancel = new Cancellation();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    const removed = () => calls.push('removed');
    cancel.addEventListener('abort', a);
    cancel.addEventListener('abort', b, { once: true });
    cancel.addEventListener('abort', a);
    cancel.addEventListener('abort', removed);
    cancel.removeEventListener('abort', removed);
    cancel.removeEventListener('abort', () => undefined); // not added: nothing happens
    cancel.abort();
    cancel.abort();
    cancel.addEventListener('abort', () => calls.push('late'));
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('runs the other listeners when one throws, and rethrows its error on its own', async () => {
    const cancel = new Cancellation();
    const calls: string[] = [];
    const thrown = new Error('listener failed');
    const uncaught = new Promise<unknown>((resolve) => {
      const listeners = process.listeners('uncaughtException');
      process.removeAllListeners('uncaughtException');
      process.once('uncaughtException', (error) => {
        for (const listener of listeners) process.on('uncaughtException', listener);
        resolve(error);
      });
    });
    cancel.addEventListener('abort', () => {
      throw thrown;
    });
    cancel.addEventListener('abort', () => calls.push('after'));
    cancel.abort();
    assert.deepEqual(calls, ['after']);
    assert.equal(await uncaught, thrown);
  });

  it('cancels a real undici request, which rejects with the reason and closes the socket', async () => {
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => (closed = resolve));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((req) => {
      req.socket.once('close', () => closed());
      arrived(); // and never answer
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const cancel = new Cancellation();
      const pending = pool.request({ method: 'GET', path: '/', signal: cancel.signal as AbortSignal });
      await requestArrived;
      const reason = new Error('stop');
      cancel.abort(reason);
      await assert.rejects(pending, (error) => error === reason);
      await socketClosed;
      // Already aborted: undici refuses at once.
      await assert.rejects(pool.request({ method: 'GET', path: '/', signal: cancel.signal as AbortSignal }), (error) => error === reason);
    } finally {
      await pool.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
