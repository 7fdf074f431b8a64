import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateTokenhub } from './extension';
import type { TestingHooks } from '../../src/vscode/api';

describe('settings', () => {
  let testing: TestingHooks;
  const config = () => vscode.workspace.getConfiguration('tokenhub');

  before(async () => {
    ({ testing } = await activateTokenhub());
  });

  afterEach(async () => {
    await config().update('server.port', undefined, vscode.ConfigurationTarget.Global);
    await config().update('providers', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('routing', undefined, vscode.ConfigurationTarget.Global);
  });

  it('reads the defaults that package.json declares', () => {
    const settings = testing.readSettings();
    assert.equal(settings.server.enabled, false);
    assert.equal(settings.server.port, 8741, 'a less common port than 8080');
    assert.equal(settings.adversarial.planner, 'auto');
    assert.equal(settings.adversarial.critic, 'auto');
    assert.equal(settings.configFile, '');
    assert.deepEqual(settings.providers, []);
    assert.deepEqual(settings.routing, {
      max_attempts: 4,
      request_timeout_ms: 120000,
      first_token_timeout_ms: 30000,
      idle_timeout_ms: 30000,
      cooldown_ms: 30000,
    });
  });

  it('reads a user setting after it is updated', async () => {
    await config().update('server.port', 9123, vscode.ConfigurationTarget.Global);
    assert.equal(testing.readSettings().server.port, 9123);
  });

  it('reads providers from the workspace settings', async () => {
    const providers = [{ name: 'local', type: 'vllm', base_url: 'http://127.0.0.1:8000/v1' }];
    await config().update('providers', providers, vscode.ConfigurationTarget.Workspace);
    assert.deepEqual(testing.readSettings().providers, providers);
  });

  it('fills routing fields that a partial setting leaves out', async () => {
    await config().update('routing', { max_attempts: 2 }, vscode.ConfigurationTarget.Global);
    const { routing } = testing.readSettings();
    assert.equal(routing.max_attempts, 2);
    assert.equal(routing.cooldown_ms, 30000);
  });
});
