// The adversarial commands, Show Models and the status bar, end to end in the real host against
// fake upstreams configured through the settings (Ask has its own file: ask.test.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { ModelPickItem } from '../../src/vscode/featureCommands';
import type { PanelState } from '../../src/shared/protocol';
import { CRITIQUE_TEXT, PLAN_TEXT, REFINE_TEXT, ScriptedFeatureUi, setSetting, useFeatureHost, waitFor } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

describe('feature commands', function () {
  this.timeout(60_000);
  let testing: TestingHooks;
  let fakes: FakeSetup;

  useFeatureHost((t, f) => {
    testing = t;
    fakes = f;
  });

  it('Adversarial Review of Selection fills three phases in a panel, then Copy and Insert use the answer', async () => {
    testing.features.setUi(new ScriptedFeatureUi());
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const a = 1;\nfunction f(x) { return eval(x); }\nexport { f };\n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, 34);
    const state = await vscode.commands.executeCommand<PanelState>('tokenhub.adversarialReviewSelection');
    assert.equal(state.status, 'done');
    assert.deepEqual(state.phases.map((p) => [p.phase, p.status, p.model, p.provider]), [
      ['plan', 'done', 'fake-gpt', 'fake-openai'],
      ['critique', 'done', 'fake-claude', 'fake-anthropic'],
      ['refine', 'done', 'fake-gpt', 'fake-openai'],
    ]);
    assert.deepEqual(state.phases.map((p) => p.text), [PLAN_TEXT, CRITIQUE_TEXT, REFINE_TEXT]);
    for (const phase of state.phases) {
      assert.ok((phase.completionTokens ?? 0) > 0 && (phase.costUsd ?? 0) > 0 && phase.durationMs !== undefined, phase.phase);
    }
    assert.equal(state.final, REFINE_TEXT);
    assert.match(state.subtitle, /^Untitled-\d+, line 2 \(typescript\)$/);
    const planRequest = fakes.openai.requests.at(-2)?.body as { messages: { content: string }[] };
    assert.ok(planRequest.messages.some((m) => m.content.includes('return eval(x);')), 'the plan saw the selected code');

    const record = testing.features.panels().at(-1);
    assert.ok(record);
    await record.connection.drawn(); // the webview drew the final snapshot
    assert.equal(record.connection.panel.title, state.title);

    await record.actions.copy();
    assert.equal(await vscode.env.clipboard.readText(), REFINE_TEXT);
    // The final answer holds no code block: Insert says so and changes nothing.
    const before = document.getText();
    assert.equal(await record.actions.insert(), 'no_code');
    assert.equal(document.getText(), before);
    record.connection.panel.dispose();
  });

  it('Run Adversarial Orchestration… runs a prompt through plan, critique and refine', async () => {
    testing.features.setUi(new ScriptedFeatureUi(['Design a cache']));
    const state = await vscode.commands.executeCommand<PanelState>('tokenhub.runAdversarial');
    assert.equal(state.status, 'done');
    assert.equal(state.subtitle, 'Design a cache');
    assert.equal(state.final, REFINE_TEXT);
    assert.ok(state.totalTokens > 0 && state.costUsd > 0);
    const critique = fakes.anthropic.last?.body as { messages: { content: { type: string; text?: string }[] }[] };
    assert.ok(critique.messages[0]?.content.some((block) => block.text?.includes('Design a cache')));
    testing.features.panels().at(-1)?.connection.panel.dispose();
  });

  it('Cancel in the panel stops a run mid-phase and aborts the upstream request', async () => {
    testing.features.setUi(new ScriptedFeatureUi(['Slow task']));
    fakes.anthropic.reply({ chunks: Array.from({ length: 200 }, (_, i) => `word${i} `), chunkDelayMs: 100 });
    const before = testing.features.panels().length;
    const running = vscode.commands.executeCommand<PanelState>('tokenhub.runAdversarial');
    await waitFor('the panel', () => testing.features.panels().length > before);
    const record = testing.features.panels().at(-1);
    assert.ok(record);
    await waitFor('the critique streaming', () => record.connection.state.phases[1]?.status === 'streaming' && record.connection.state.phases[1].text.length > 0);
    const critiqueRequest = fakes.anthropic.last;
    assert.ok(critiqueRequest);
    record.actions.cancel(); // what the webview's Cancel button sends
    const state = await running;
    assert.equal(state.status, 'cancelled');
    assert.deepEqual(state.phases.map((p) => p.status), ['done', 'cancelled', 'skipped']);
    await critiqueRequest.aborted;
    await record.connection.drawn();
    record.connection.panel.dispose();
  });

  it('shows an escalation on the phase where it happened', async () => {
    testing.features.setUi(new ScriptedFeatureUi(['Escalate please']));
    const models = vscode.workspace.getConfiguration('tokenhub').get<unknown[]>('models') ?? [];
    await setSetting('models', [
      { id: 'fake-gpt-big', provider: 'fake-openai', name: 'gpt-big', weight: 95, cost_per_1k: 0.002, context_size: 16000, capabilities: ['chat'] },
      ...models,
    ]);
    try {
      fakes.openai.fail('server_error');
      const state = await vscode.commands.executeCommand<PanelState>('tokenhub.runAdversarial');
      assert.equal(state.status, 'done');
      const plan = state.phases[0];
      assert.deepEqual(plan?.escalations.map((e) => [e.model, e.provider, e.reason]), [['fake-gpt-big', 'fake-openai', 'server']]);
      assert.equal(plan?.model, 'fake-gpt');
      assert.deepEqual(state.phases[1]?.escalations, []);
      await testing.features.panels().at(-1)?.connection.drawn();
      testing.features.panels().at(-1)?.connection.panel.dispose();
    } finally {
      await setSetting('models', models);
    }
  });

  it('Show Models lists each model with score, context, cost and provider state; picking copies its id', async () => {
    const ui = new ScriptedFeatureUi(['fake-claude']);
    testing.features.setUi(ui);
    const picked = await vscode.commands.executeCommand<ModelPickItem>('tokenhub.showModels');
    const items = ui.offered[0] ?? [];
    assert.deepEqual(items.map((i) => i.label), ['fake-gpt', 'fake-claude']);
    assert.equal(items[0]?.description, 'fake-openai · ready');
    assert.match(items[0]?.detail ?? '', /^score 79\.98 · context 16,000 · \$0\.0020\/1k tokens · chat, completion$/);
    assert.equal(picked.modelId, 'fake-claude');
    assert.equal(await vscode.env.clipboard.readText(), 'fake-claude');
  });

  it('the status bar shows today\'s spend and opens the models', async () => {
    const spend = testing.features.service.ledger.today();
    assert.ok(spend.requests >= 6 && spend.costUsd > 0, JSON.stringify(spend));
    await testing.features.statusBar.refresh();
    const text = testing.features.statusText();
    assert.match(text, /^\$\(hubot\) Tokenhub · \$0\.\d{4}$/);
  });

  it('restores a panel after a reload from the state its script saved, marking a running run stopped', async () => {
    const saved = testing.features.panels().find((p) => p.connection.state.status === 'done')?.connection.state;
    assert.ok(saved);
    const running: PanelState = { ...saved, status: 'running', final: undefined, phases: saved.phases.map((p, i) => (i === 2 ? { ...p, status: 'streaming' } : p)) };
    const record = testing.features.restorePanel(JSON.parse(JSON.stringify(running)));
    assert.ok(record);
    await record.connection.drawn();
    assert.equal(record.connection.state.status, 'cancelled');
    assert.match(record.connection.state.error?.message ?? '', /reloaded/);
    record.connection.panel.dispose();
    assert.equal(testing.features.restorePanel({ title: 'not a state' }), undefined);
  });
});
