// Ask as a conversation, end to end in the real host against fake upstreams: the editor context in
// the system prompt, the answer streaming into a panel that keeps the conversation, follow-ups with
// the model picked for the next turn, Cancel, the history of recent conversations, and the question
// typed before setup, kept and asked once a key is stored.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { AskOutcome } from '../../src/vscode/askHost';
import type { AskSession } from '../../src/vscode/askSession';
import { contentText, openSample, ScriptedFeatureUi, setSetting, startFakesSettings, useFeatureHost, waitFor, waitForRequest } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

interface ChatBody {
  model: string;
  system?: unknown;
  messages: { role: string; content: unknown }[];
}

describe('Ask', function () {
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

  it('sends the selection with its file name, language and lines in the system prompt, and streams the answer into a panel', async () => {
    const editor = await openSample('askSelection.ts');
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const ui = new ScriptedFeatureUi(['What does add do?']);
    testing.features.setUi(ui);
    fakes.openai.reply({ chunks: ['It ', 'adds ', '**two** numbers.'], usage: { prompt: 52, completion: 6 } });
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'done');
    assert.match(ui.inputs[0]?.prompt ?? '', /About the selection in askSelection\.ts \(lines 1–3\)/);
    const body = fakes.openai.last.body as ChatBody;
    assert.equal(body.messages[0]?.role, 'system');
    const system = contentText(body.messages[0]?.content);
    assert.match(system, /selected this code in askSelection\.ts \(typescript\), lines 1–3:/);
    assert.ok(system.includes('```typescript\nexport function add(a, b) {\n  return a + b;\n}\n```'), system);
    assert.deepEqual(body.messages.slice(1).map((m) => [m.role, contentText(m.content)]), [['user', 'What does add do?']]);

    const session = outcome.session;
    assert.ok(session);
    await session.connection.drawn();
    const state = session.connection.state;
    assert.equal(session.panel.viewType, 'tokenhub.ask');
    assert.equal(state.title, 'What does add do?');
    assert.deepEqual(state.context, { fileName: 'askSelection.ts', language: 'typescript', kind: 'selection', lines: 'lines 1–3' });
    const [turn] = state.turns;
    assert.equal(turn?.answer, 'It adds **two** numbers.');
    assert.deepEqual([turn?.status, turn?.model, turn?.provider, turn?.promptTokens, turn?.completionTokens], ['done', 'fake-gpt', 'fake-openai', 52, 6]);
    assert.ok((turn?.costUsd ?? 0) > 0 && turn?.durationMs !== undefined);
    assert.deepEqual(state.models.map((m) => m.id), ['auto', 'fake-gpt', 'fake-claude']);
    assert.equal(state.nextModel, 'auto');
    assert.deepEqual(ui.errors(), []);
    assert.equal(vscode.workspace.textDocuments.some((d) => d.isUntitled && d.languageId === 'markdown'), false, 'no untitled document to save');
  });

  it('takes follow-ups that carry the conversation, answered by the model picked for the next turn', async () => {
    const editor = await openSample('askFollowUp.ts');
    editor.selection = new vscode.Selection(4, 0, 4, 34);
    testing.features.setUi(new ScriptedFeatureUi(['Why 42?']));
    fakes.openai.reply({ text: 'Because 40 + 2.' });
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    const session = outcome.session;
    assert.ok(session);

    session.pickModel('no-such-model');
    assert.equal(session.nextModel, 'auto', 'only Auto and registry models are taken');
    session.pickModel('fake-claude');
    fakes.anthropic.reply({ text: 'It is the answer.' });
    assert.equal(await session.followUp('And in words?'), 'done');
    const body = fakes.anthropic.last.body as ChatBody;
    assert.equal(body.model, 'claude-fake');
    assert.match(contentText(body.system), /askFollowUp\.ts \(typescript\), line 5:/, 'the context stays in the system prompt');
    assert.deepEqual(body.messages.map((m) => [m.role, contentText(m.content)]), [
      ['user', 'Why 42?'],
      ['assistant', 'Because 40 + 2.'],
      ['user', 'And in words?'],
    ]);
    await session.connection.drawn();
    const turns = session.connection.state.turns;
    assert.deepEqual(turns.map((t) => [t.question, t.answer, t.model, t.asked]), [
      ['Why 42?', 'Because 40 + 2.', 'fake-gpt', 'auto'],
      ['And in words?', 'It is the answer.', 'fake-claude', 'fake-claude'],
    ]);
    assert.equal(session.connection.state.nextModel, 'fake-claude', 'the pick holds for the turns after');
  });

  it('sends the part of the file on screen when nothing is selected', async () => {
    const editor = await openSample('askVisible.ts');
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    testing.features.setUi(new ScriptedFeatureUi(['Anything wrong here?']));
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'done');
    const system = contentText((fakes.openai.last.body as ChatBody).messages[0]?.content);
    assert.match(system, /The user has askVisible\.ts \(typescript\) open, showing lines 1–\d+:/);
    assert.ok(system.includes('export const answer = add(40, 2);'), system);
    assert.equal(outcome.session?.connection.state.context?.kind, 'visible');
  });

  it('Cancel stops the answer and aborts the upstream request', async () => {
    await openSample('askCancel.ts');
    testing.features.setUi(new ScriptedFeatureUi(['Tell me a long story']));
    fakes.openai.fail('stall', { afterChunks: 1, text: 'Once upon a time' });
    const running = vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    const request = await waitForRequest(fakes, 'openai');
    await waitFor('the session', () => testing.features.askSessions().length > 0);
    const session = testing.features.askSessions().at(-1)!;
    await waitFor('the first words', () => session.conversation.turns[0]?.text.startsWith('Once') === true);
    session.cancel();
    const outcome = await running;
    assert.equal(outcome.status, 'cancelled');
    await request.aborted;
    await session.connection.drawn();
    assert.equal(session.connection.state.turns[0]?.status, 'cancelled');
    assert.equal(session.connection.state.busy, false);
  });

  it('keeps recent conversations and reopens one, follow-ups included, also after a reload', async () => {
    testing.features.setUi(new ScriptedFeatureUi(['Remember the number 7']));
    fakes.openai.reply({ text: 'Noted: 7.' });
    const first = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    const id = first.session?.conversation.id;
    assert.ok(id);
    const saved = JSON.parse(JSON.stringify(first.session?.connection.state));
    first.session?.dispose();
    assert.equal(testing.features.ask.history[0]?.id, id, 'newest first');

    const ui = new ScriptedFeatureUi(['Remember the number 7']);
    testing.features.setUi(ui);
    const reopened = await vscode.commands.executeCommand<AskSession | undefined>('tokenhub.openConversation');
    assert.ok(reopened);
    assert.equal(reopened.conversation.id, id);
    assert.match(String(ui.offered[0]?.[0]?.description), /^1 turn/);
    fakes.openai.reply({ text: 'It was 7.' });
    assert.equal(await reopened.followUp('Which number?'), 'done');
    const body = fakes.openai.last.body as ChatBody;
    assert.deepEqual(body.messages.slice(1).map((m) => contentText(m.content)), ['Remember the number 7', 'Noted: 7.', 'Which number?']);
    reopened.dispose();

    // After a window reload VS Code hands the panel's saved state to the serializer.
    const restored = testing.features.restoreAskPanel(saved);
    assert.ok(restored);
    await restored.connection.drawn();
    assert.equal(restored.connection.state.turns.length, 2, 'the conversation as kept, with the follow-up');
    assert.equal(testing.features.restoreAskPanel({ conversationId: 'gone' }), undefined);
  });

  it('keeps a question asked before setup and asks it, with its context, once a key is stored', async () => {
    const editor = await openSample('askPending.ts');
    editor.selection = new vscode.Selection(0, 0, 0, 27);
    await setSetting('providers', [{ name: 'fake-openai', type: 'openai', base_url: fakes.openai.url }]);
    await setSetting('models', [{ id: 'fake-gpt', provider: 'fake-openai', name: 'gpt-fake', context_size: 16000, capabilities: ['chat'] }]);
    let offered: string | undefined;
    const ui = new ScriptedFeatureUi(['Is add pure?'], (message, actions) => {
      if (!actions.includes('Ask Now')) return undefined;
      offered = message;
      return 'Ask Now';
    });
    testing.features.setUi(ui);
    try {
      const requests = fakes.openai.requests.length;
      assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'waiting');
      assert.equal(fakes.openai.requests.length, requests);
      assert.deepEqual(ui.shown.at(-1)?.actions, ['Set API Key…', 'Add Provider…']);
      fakes.openai.reply({ text: 'Yes, it is pure.' });
      const sessions = testing.features.askSessions().length;
      await testing.vault.host.set('fake-openai', 'sk-fake-openai');
      await waitFor('the kept question asked', () => testing.features.askSessions().length > sessions);
      const session = testing.features.askSessions().at(-1)!;
      assert.equal(await session.turn, 'done');
      assert.match(offered ?? '', /Tokenhub can answer now\. Ask your question "Is add pure\?"/);
      const body = fakes.openai.last.body as ChatBody;
      assert.match(contentText(body.messages[0]?.content), /askPending\.ts \(typescript\), line 1:/);
      assert.equal(contentText(body.messages.at(-1)?.content), 'Is add pure?');
      assert.equal(testing.features.ask.pending, undefined);
    } finally {
      await testing.vault.host.remove('fake-openai');
      await startFakesSettings(fakes);
    }
  });
});
