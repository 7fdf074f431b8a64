import * as assert from 'node:assert/strict';
import { activateTokenhub } from './extension';

describe('panel', () => {
  it('completes the ready handshake and draws a snapshot', async () => {
    const { testing } = await activateTokenhub();
    const handle = await testing.openPanel();
    try {
      assert.equal(handle.panel.title, 'Tokenhub');
      await handle.show({ title: 'Tokenhub', notice: 'second snapshot' });
    } finally {
      handle.dispose();
    }
  });
});
