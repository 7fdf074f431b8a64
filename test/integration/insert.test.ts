// Insert applies code, not markdown: the code block of an answer (picked when there are several)
// as a diff against the text the question was about, applied only on Apply (from the notification
// or the diff's title button), refused when that text changed, for Ask and the adversarial panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { AskOutcome } from '../../src/vscode/askHost';
import type { PanelState } from '../../src/shared/protocol';
import { openSample, ScriptedFeatureUi, useFeatureHost, waitFor } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

const CLASS = 'export class Greeter {\n  greet(name) {\n    return "Hello, " + name;\n  }\n}\n';
const ANSWER = [
  '## Fix',
  '',
  'Use a template string and a type:',
  '',
  '```ts',
  'greet(name: string): string {',
  '  return `Hello, ${name}`;',
  '}',
  '```',
  '',
  'Then run:',
  '',
  '```sh',
  'npm test',
  '```',
].join('\n');

/** The open proposal diff (left: the file, right: the proposal). */
function proposalTab(): vscode.TabInputTextDiff | undefined {
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
    if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === 'tokenhub-proposal') return tab.input;
  }
  return undefined;
}

describe('Insert as a diff', function () {
  this.timeout(60_000);
  let testing: TestingHooks;
  let fakes: FakeSetup;

  useFeatureHost((t, f) => {
    testing = t;
    fakes = f;
  });
  afterEach(() => {
    for (const session of [...testing.features.askSessions()]) session.dispose();
  });

  async function askAbout(name: string, selection: vscode.Selection, answer = ANSWER) {
    const editor = await openSample(name, CLASS);
    editor.selection = selection;
    testing.features.setUi(new ScriptedFeatureUi(['Make greet typed']));
    fakes.openai.reply({ text: answer });
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'done');
    assert.ok(outcome.session);
    return { editor, session: outcome.session };
  }

  it('shows the picked code block against the selection, and applies it from the title button', async () => {
    const { editor, session } = await askAbout('insertApply.ts', new vscode.Selection(1, 0, 4, 0));
    await session.connection.drawn();
    assert.equal(session.connection.state.turns[0]?.codeBlocks, 2, 'the ts block and the sh block');
    const ui = new ScriptedFeatureUi([`ts · 3 lines · greet(name: string): string {`]);
    testing.features.setUi(ui);
    const inserting = session.insert(0);
    await waitFor('the diff', () => proposalTab() !== undefined);
    assert.deepEqual(ui.offered[0]?.map((i) => i.label), ['ts · 3 lines · greet(name: string): string {', 'sh · 1 line · npm test']);
    const tab = proposalTab()!;
    assert.equal(tab.original.toString(), editor.document.uri.toString());
    const proposal = await vscode.workspace.openTextDocument(tab.modified);
    const expected = 'export class Greeter {\n  greet(name: string): string {\n    return `Hello, ${name}`;\n  }\n}\n';
    assert.equal(proposal.getText(), expected, 'the code only, indented like the selection');
    assert.equal(proposal.languageId, 'typescript');
    assert.equal(editor.document.getText(), CLASS, 'nothing changes before Apply');
    await waitFor('the question', () => ui.shown.length > 0);
    assert.match(ui.shown.at(-1)?.message ?? '', /apply the proposed change to insertApply\.ts\?/);
    assert.deepEqual(ui.shown.at(-1)?.actions, ['Apply', 'Discard']);

    await vscode.commands.executeCommand('tokenhub.applyProposal');
    assert.equal(await inserting, 'applied');
    assert.equal(editor.document.getText(), expected);
    await waitFor('the diff to close', () => proposalTab() === undefined);
    assert.ok(!editor.document.getText().includes('```') && !editor.document.getText().includes('## Fix'), 'no markdown went into the file');
  });

  it('leaves the file as it was on Discard, and when the diff is closed', async () => {
    const { editor, session } = await askAbout('insertDiscard.ts', new vscode.Selection(1, 0, 4, 0), '```ts\ngreet() {}\n```');
    testing.features.setUi(new ScriptedFeatureUi([], (_m, actions) => (actions.includes('Discard') ? 'Discard' : undefined)));
    assert.equal(await session.insert(0), 'discarded');
    assert.equal(editor.document.getText(), CLASS);
    await waitFor('the diff to close', () => proposalTab() === undefined);

    testing.features.setUi(new ScriptedFeatureUi());
    const closing = session.insert(0);
    await waitFor('the diff', () => proposalTab() !== undefined);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(await closing, 'discarded');
    assert.equal(editor.document.getText(), CLASS);
  });

  it('applies nothing when the selected text changed meanwhile, and says so', async () => {
    const { editor, session } = await askAbout('insertStale.ts', new vscode.Selection(1, 0, 4, 0), '```ts\ngreet() {}\n```');
    const ui = new ScriptedFeatureUi();
    testing.features.setUi(ui);
    const inserting = session.insert(0);
    await waitFor('the diff', () => proposalTab() !== undefined);
    // The diff took the file's column; the file changes through the workspace, as another edit would.
    const change = new vscode.WorkspaceEdit();
    change.insert(editor.document.uri, new vscode.Position(2, 4), '// edited\n    ');
    assert.ok(await vscode.workspace.applyEdit(change));
    const changed = editor.document.getText();
    await vscode.commands.executeCommand('tokenhub.applyProposal');
    assert.equal(await inserting, 'stale');
    assert.equal(editor.document.getText(), changed);
    assert.match(ui.shown.find((s) => s.level === 'warning')?.message ?? '', /insertStale\.ts changed where the answer would go, so nothing was applied/);
  });

  it('says so when an answer holds no code block', async () => {
    const { editor, session } = await askAbout('insertProse.ts', new vscode.Selection(1, 0, 4, 0), 'Greet is fine as it is.');
    const ui = new ScriptedFeatureUi();
    testing.features.setUi(ui);
    assert.equal(await session.insert(0), 'no_code');
    assert.equal(editor.document.getText(), CLASS);
    assert.deepEqual(ui.shown.at(-1)?.actions, ['Copy Answer']);
  });

  it('the adversarial review inserts its final code the same way, against the selection it reviewed', async () => {
    const editor = await openSample('insertReview.ts', CLASS);
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    fakes.openai.setDefault((request) => {
      const last = JSON.stringify((request.body as { messages?: unknown[] }).messages?.at(-1) ?? '');
      return { text: last.includes('Critique:') ? 'Final review.\n\n```ts\ngreet(name: string) {\n  return `Hi ${name}`;\n}\n```\n' : 'Plan.' };
    });
    testing.features.setUi(new ScriptedFeatureUi());
    const state = await vscode.commands.executeCommand<PanelState>('tokenhub.adversarialReviewSelection');
    assert.equal(state.status, 'done');
    const record = testing.features.panels().at(-1)!;
    // The focus moved to the panel; Insert still targets the reviewed selection.
    testing.features.setUi(new ScriptedFeatureUi([], (_m, actions) => (actions.includes('Apply') ? 'Apply' : undefined)));
    assert.equal(await record.actions.insert(), 'applied');
    assert.equal(editor.document.getText(), 'export class Greeter {\n  greet(name: string) {\n    return `Hi ${name}`;\n  }\n}\n');
    record.connection.panel.dispose();
  });
});
