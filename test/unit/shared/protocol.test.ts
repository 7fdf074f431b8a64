import assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage, protocolVersion } from '../../../src/shared/protocol';

describe('webview protocol', () => {
  it('accepts the ready handshake and drawn acknowledgements', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: protocolVersion }), { type: 'ready', protocol: protocolVersion });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', seq: 3 }), { type: 'rendered', seq: 3 });
  });

  it('drops malformed or unknown webview messages', () => {
    for (const value of [null, 'ready', [], {}, { type: 'ready' }, { type: 'rendered', seq: -1 }, { type: 'rendered', seq: 1.5 }, { type: 'exec', code: 'x' }]) {
      assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
    }
  });

  it('copies only the known fields of a snapshot', () => {
    const parsed = parseHostMessage({ type: 'snapshot', seq: 1, state: { title: 't', notice: 'n', extra: 'dropped' } });
    assert.deepEqual(parsed, { type: 'snapshot', seq: 1, state: { title: 't', notice: 'n' } });
  });

  it('drops snapshots without a valid sequence number or state', () => {
    for (const value of [{ type: 'snapshot', state: { title: 't', notice: 'n' } }, { type: 'snapshot', seq: 1 }, { type: 'snapshot', seq: 1, state: { title: 1, notice: 'n' } }]) {
      assert.equal(parseHostMessage(value), undefined, JSON.stringify(value));
    }
  });
});
