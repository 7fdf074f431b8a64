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
interface Walkthrough {
  id: string;
  steps: { id: string; description: string; media: { image?: Record<string, string>; markdown?: string }; completionEvents?: string[] }[];
}
interface Manifest {
  name: string;
  icon: string;
  publisher: string;
  main: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  activationEvents: string[];
  devDependencies: Record<string, string>;
  contributes: {
    commands: Command[];
    languageModelChatProviders: { vendor: string; displayName: string; managementCommand?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
    walkthroughs: Walkthrough[];
    configuration: { properties: Record<string, Setting & { scope?: string }> };
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

  it('declares every command of DESIGN.md and of the first hour under the category Tokenhub', () => {
    const titles = [
      'Ask…', 'Adversarial Review of Selection', 'Run Adversarial Orchestration…', 'Set API Key…', 'Remove API Key…',
      'Export Vault…', 'Import Vault…', 'Start Local API', 'Stop Local API', 'Copy Local API Token', 'Show Models', 'Show Log',
      'Add Provider…', 'Manage Providers…', 'Open Recent Conversation…', 'Copy Connection Snippet…', 'Show Last Failure Details',
      'Apply Proposed Change', 'Discard Proposed Change', 'Get Started',
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

  it('keeps the local API off by default, on a less common port than 8080', () => {
    assert.equal(configuration.properties['tokenhub.server.enabled']?.default, false);
    assert.equal(configuration.properties['tokenhub.server.port']?.default, 8741);
  });

  it('activates on startup (the commands activate it implicitly), to restore its panels after a reload, and for its language models', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', 'onWebviewPanel:tokenhub.adversarial', 'onWebviewPanel:tokenhub.ask', 'onLanguageModelChatProvider:tokenhub']);
  });

  it('contributes the language model vendor tokenhub, managed by a command it declares', () => {
    const providers = manifest.contributes.languageModelChatProviders;
    assert.deepEqual(providers, [{ vendor: 'tokenhub', displayName: 'Tokenhub', managementCommand: 'tokenhub.manageProviders' }]);
    assert.ok(commands.some((command) => command.command === providers[0]?.managementCommand));
    const offered = configuration.properties['tokenhub.languageModels.offered'];
    assert.equal(offered?.default, 'all');
  });

  it('scopes the settings where users look in local and remote windows (the user settings apply in both)', () => {
    for (const [name, setting] of Object.entries(configuration.properties)) {
      // A config file is a path on the machine the extension runs on.
      assert.equal(setting.scope, name === 'tokenhub.configFile' ? 'machine-overridable' : 'window', name);
    }
  });

  it('keeps commands that cannot run out of the palette, by the context keys the extension sets', () => {
    const when = Object.fromEntries((menus.commandPalette ?? []).map((entry) => [entry.command, entry.when]));
    assert.deepEqual(when, {
      'tokenhub.startLocalApi': '!tokenhub.localApiRunning',
      'tokenhub.stopLocalApi': 'tokenhub.localApiRunning',
      'tokenhub.copyLocalApiToken': 'tokenhub.localApiRunning',
      'tokenhub.removeApiKey': 'tokenhub.vaultHasKeys',
      'tokenhub.exportVault': 'tokenhub.vaultHasKeys',
      'tokenhub.adversarialReviewSelection': 'editorHasSelection',
      'tokenhub.applyProposal': 'tokenhub.proposalOpen',
      'tokenhub.discardProposal': 'tokenhub.proposalOpen',
      'tokenhub.manageProviders': 'false',
    });
    const source = ['src/vscode/contextKeys.ts', 'src/vscode/proposals.ts'].map((file) => fs.readFileSync(path.join(root, file), 'utf8')).join('\n');
    for (const key of ['tokenhub.localApiRunning', 'tokenhub.vaultHasKeys', 'tokenhub.proposalOpen', 'tokenhub.ready']) assert.ok(source.includes(`'${key}'`), `${key} is set by the extension`);
    const title = menus['editor/title'] ?? [];
    assert.deepEqual(title.map((entry) => [entry.command, entry.when]), [
      ['tokenhub.applyProposal', 'tokenhub.proposalOpen && isInDiffEditor'],
      ['tokenhub.discardProposal', 'tokenhub.proposalOpen && isInDiffEditor'],
    ]);
  });

  it('binds Ask and the review to chords outside the terminal (ctrl+k, which the terminal clears with on macOS)', () => {
    assert.deepEqual(manifest.contributes.keybindings, [
      { command: 'tokenhub.ask', key: 'ctrl+k a', mac: 'cmd+k a', when: '!terminalFocus' },
      { command: 'tokenhub.adversarialReviewSelection', key: 'ctrl+k shift+a', mac: 'cmd+k shift+a', when: 'editorHasSelection && !terminalFocus' },
    ]);
  });

  it('has a walkthrough of the first hour whose media are packaged and whose buttons are commands', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.equal(walkthrough?.id, 'tokenhub.firstHour');
    assert.deepEqual(walkthrough?.steps.map((s) => s.id), ['addProvider', 'ask', 'review', 'connect']);
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    const declared = new Set(commands.map((c) => c.command));
    for (const step of walkthrough?.steps ?? []) {
      const files = [...Object.values(step.media.image ?? {}), ...(step.media.markdown ? [step.media.markdown] : [])];
      for (const file of files) {
        assert.ok(fs.existsSync(path.join(root, file)), `${file} exists`);
        assert.ok(ignore.includes(`!${path.dirname(file)}/*${path.extname(file)}`), `${file} is packaged`);
      }
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(declared.has(id!), `${id} is declared`);
      for (const event of step.completionEvents ?? []) assert.match(event, /^(onContext:tokenhub\.ready|onCommand:tokenhub\.\w+)$/);
    }
  });

  it('has a packaged PNG icon of at least 128 × 128 pixels', () => {
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.ok(width >= 128 && width === height, `${width} × ${height}`);
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), new RegExp(`^!${manifest.icon.replace('.', '\\.')}$`, 'm'));
  });

  it('shows README images that the package holds', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length >= 4, 'the README shows the flows');
    for (const image of images) {
      assert.match(image, /^docs\/[\w-]+\.png$/, 'relative, under docs/ (packaged by .vscodeignore)');
      assert.ok(fs.existsSync(path.join(root, image)), `${image} exists`);
    }
  });
});
