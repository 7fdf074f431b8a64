// The extension manifest is a contract (DESIGN.md "In VS Code"); these checks run in plain Node.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_FIELDS } from '../../../src/core/config/entries';
import { CAPABILITIES } from '../../../src/core/model/request';

interface Command {
  command: string;
  title: string;
  category?: string;
}
interface Setting {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  items?: { properties?: Record<string, { type?: string; description?: string; items?: { enum?: string[] } }> };
}
interface Manifest {
  name: string;
  publisher: string;
  main: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: Command[];
    languageModelChatProviders: { vendor: string; displayName: string; managementCommand?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, Setting> };
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const { commands, menus, configuration } = manifest.contributes;

describe('package.json manifest', () => {
  it('is the tokenhub extension for VS Code 1.100 with its bundle and CLI', () => {
    assert.equal(`${manifest.publisher}.${manifest.name}`, 'tokenhub.tokenhub');
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.match(manifest.devDependencies['@types/vscode'] ?? '', /^~1\.100\./);
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.bin.tokenhub, './dist/cli.js');
  });

  it('declares every command of DESIGN.md under the category Tokenhub', () => {
    const titles = [
      'Ask…', 'Adversarial Review of Selection', 'Run Adversarial Orchestration…', 'Set API Key…', 'Remove API Key…',
      'Export Vault…', 'Import Vault…', 'Start Local API', 'Stop Local API', 'Copy Local API Token', 'Show Models', 'Show Log',
      'Manage Providers…',
    ];
    assert.deepEqual(commands.map((c) => c.title).sort(), [...titles].sort());
    for (const command of commands) {
      assert.equal(command.category, 'Tokenhub', command.command);
      assert.match(command.command, /^tokenhub\.[a-zA-Z]+$/);
    }
    assert.equal(new Set(commands.map((c) => c.command)).size, commands.length, 'command ids are unique');
  });

  it('puts Adversarial Review of Selection in the editor context menu when there is a selection', () => {
    const entry = menus['editor/context']?.find((item) => item.command === 'tokenhub.adversarialReviewSelection');
    assert.ok(entry, 'missing editor/context entry');
    assert.match(entry.when ?? '', /\beditorHasSelection\b/);
  });

  it('gives every setting a type, a default and a description', () => {
    const names = Object.keys(configuration.properties);
    for (const expected of ['configFile', 'providers', 'models', 'routing', 'server.enabled', 'server.port', 'adversarial.planner', 'adversarial.critic', 'languageModels.offered']) {
      assert.ok(names.includes(`tokenhub.${expected}`), `tokenhub.${expected} is not declared`);
    }
    for (const [name, setting] of Object.entries(configuration.properties)) {
      assert.ok(name.startsWith('tokenhub.'), name);
      assert.ok(setting.type, `${name} has no type`);
      assert.notEqual(setting.default, undefined, `${name} has no default`);
      assert.ok((setting.description ?? setting.markdownDescription ?? '').length > 20, `${name} has no description`);
    }
  });

  it('offers in tokenhub.models exactly the capabilities of the message model', () => {
    const capabilities = configuration.properties['tokenhub.models']?.items?.properties?.capabilities;
    assert.deepEqual(capabilities?.items?.enum, [...CAPABILITIES]);
  });

  it('describes in tokenhub.models every field a config model may have, and no other', () => {
    const properties = configuration.properties['tokenhub.models']?.items?.properties ?? {};
    assert.deepEqual(Object.keys(properties).sort(), [...MODEL_FIELDS].sort());
    for (const [name, property] of Object.entries(properties)) {
      assert.ok(property.type, `${name} has no type`);
      assert.ok((property.description ?? '').length > 10, `${name} has no description`);
    }
  });

  it('keeps the local API off by default and on loopback port 8080', () => {
    assert.equal(configuration.properties['tokenhub.server.enabled']?.default, false);
    assert.equal(configuration.properties['tokenhub.server.port']?.default, 8080);
  });

  it('activates on startup (the commands activate it implicitly), to restore its panel after a reload, and for its language models', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', 'onWebviewPanel:tokenhub.adversarial', 'onLanguageModelChatProvider:tokenhub']);
  });

  it('contributes the language model vendor tokenhub, managed by a command it declares', () => {
    const providers = manifest.contributes.languageModelChatProviders;
    assert.deepEqual(providers, [{ vendor: 'tokenhub', displayName: 'Tokenhub', managementCommand: 'tokenhub.manageProviders' }]);
    assert.ok(commands.some((command) => command.command === providers[0]?.managementCommand));
    const offered = configuration.properties['tokenhub.languageModels.offered'];
    assert.equal(offered?.default, 'all');
  });
});
