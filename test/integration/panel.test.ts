import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PanelState } from '../../src/shared/protocol';
import { activateTokenhub } from './extension';

const state: PanelState = {
  title: 'Review: app.ts',
  subtitle: 'app.ts, line 1 (typescript)',
  status: 'done',
  phases: [
    { phase: 'plan', status: 'done', model: 'a', provider: 'pa', text: '<img src=x onerror=alert(1)> **plan**', escalations: [{ model: 'x', provider: 'px', reason: 'rate_limited', detail: '429' }] },
    { phase: 'critique', status: 'done', model: 'b', provider: 'pb', text: 'critique', escalations: [] },
    { phase: 'refine', status: 'done', model: 'a', provider: 'pa', text: 'final', escalations: [] },
  ],
  final: 'final',
  totalTokens: 30,
  costUsd: 0.002,
};

describe('panel', () => {
  it('completes the ready handshake, draws a complete snapshot and comes back with the same state', async () => {
    const { testing } = await activateTokenhub();
    const record = testing.features.restorePanel(state);
    assert.ok(record);
    try {
      await record.connection.ready;
      await record.connection.drawn();
      assert.equal(record.connection.panel.viewType, 'tokenhub.adversarial');
      record.connection.show({ ...state, subtitle: 'second snapshot' });
      await record.connection.drawn();
      assert.deepEqual(record.connection.state, { ...state, subtitle: 'second snapshot' });
      await record.actions.copy();
      assert.equal(await vscode.env.clipboard.readText(), 'final');
    } finally {
      record.connection.panel.dispose();
    }
  });
});
