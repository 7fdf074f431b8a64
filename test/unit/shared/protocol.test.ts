import assert from 'node:assert/strict';
import { isPanelState, parseHostMessage, parseWebviewMessage, protocolVersion } from '../../../src/shared/protocol';
import type { PanelState } from '../../../src/shared/protocol';

const state: PanelState = {
  title: 'Review: app.ts',
  subtitle: 'app.ts, lines 1–3 (typescript)',
  status: 'running',
  phases: [
    { phase: 'plan', status: 'done', model: 'a', provider: 'pa', text: '# Plan', escalations: [{ model: 'x', provider: 'px', reason: 'rate_limited' }], promptTokens: 5, completionTokens: 7, costUsd: 0.001, durationMs: 30 },
    { phase: 'critique', status: 'streaming', model: 'b', provider: 'pb', text: 'so far', escalations: [] },
    { phase: 'refine', status: 'pending', text: '', escalations: [] },
  ],
  totalTokens: 12,
  costUsd: 0.001,
};

describe('webview protocol', () => {
  it('accepts the handshake, acknowledgements and button requests', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready', protocol: protocolVersion }), { type: 'ready', protocol: protocolVersion });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', seq: 3 }), { type: 'rendered', seq: 3 });
    for (const type of ['cancel', 'copy', 'insert'] as const) assert.deepEqual(parseWebviewMessage({ type, text: 'ignored' }), { type });
  });

  it('drops malformed or unknown webview messages', () => {
    for (const value of [null, 'ready', [], {}, { type: 'ready' }, { type: 'rendered', seq: -1 }, { type: 'rendered', seq: 1.5 }, { type: 'exec', code: 'x' }]) {
      assert.equal(parseWebviewMessage(value), undefined, JSON.stringify(value));
    }
  });

  it('accepts a complete snapshot', () => {
    assert.deepEqual(parseHostMessage({ type: 'snapshot', seq: 1, state }), { type: 'snapshot', seq: 1, state });
    assert.ok(isPanelState(state));
  });

  it('drops snapshots without a valid sequence number or a whole state', () => {
    const broken = [
      { type: 'snapshot', state },
      { type: 'snapshot', seq: 1 },
      { type: 'snapshot', seq: 1, state: { ...state, title: 1 } },
      { type: 'snapshot', seq: 1, state: { ...state, status: 'exploded' } },
      { type: 'snapshot', seq: 1, state: { ...state, phases: state.phases.slice(0, 2) } },
      { type: 'snapshot', seq: 1, state: { ...state, phases: [{ ...state.phases[0], phase: 'other' }, state.phases[1], state.phases[2]] } },
      { type: 'snapshot', seq: 1, state: { ...state, phases: [{ ...state.phases[0], escalations: [{ model: 1 }] }, state.phases[1], state.phases[2]] } },
      { type: 'snapshot', seq: 1, state: { ...state, costUsd: -1 } },
    ];
    for (const value of broken) assert.equal(parseHostMessage(value), undefined, JSON.stringify(value).slice(0, 120));
  });
});
