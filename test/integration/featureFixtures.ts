// Shared by the feature tests: fake upstreams configured through the real settings, and a scripted
// FeatureUi that answers prompts and records what the commands showed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FakeUpstream } from '../fixtures/fakeUpstream/server';
import { startFakeUpstream } from '../fixtures/fakeUpstream/server';
import type { TestingHooks } from '../../src/vscode/api';
import type { FeatureUi } from '../../src/vscode/featureUi';
import { activateTokenhub } from './extension';

/** A message a command showed, with the actions it offered. */
export interface Shown {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly string[];
}

/** One scripted answer: an input or a pick (by label), labels for a multi-pick, undefined to cancel. */
export type Answer = string | readonly string[] | undefined;

/** Picks a message's action, or undefined to dismiss it. */
export type Responder = (message: string, actions: readonly string[]) => string | undefined;

/**
 * Answers input boxes and quick picks in order, as a person would: an input box's validation runs
 * on each answer, and one it refuses (an error) is followed by the next answer, as a person retypes.
 * Records messages, picks, validation texts and progress.
 */
export class ScriptedFeatureUi implements FeatureUi {
  readonly shown: Shown[] = [];
  readonly offered: vscode.QuickPickItem[][] = [];
  /** The labels each multi-pick started with checked. */
  readonly preselected: string[][] = [];
  /** What input boxes said about answers: `error: …` refused them, `warning: …` let them through. */
  readonly validations: string[] = [];
  readonly inputs: vscode.InputBoxOptions[] = [];
  readonly progressTitles: string[] = [];
  /** Cancels the running `withProgress` (the notification's Cancel button). */
  readonly progressCancel = new vscode.CancellationTokenSource();

  constructor(
    private readonly answers: Answer[] = [],
    private readonly respond: Responder = () => undefined,
  ) {}

  /** Fails unless every scripted answer was used. */
  assertDone(): void {
    assert.deepEqual(this.answers, [], 'scripted answers left over');
  }

  async showInputBox(options: vscode.InputBoxOptions = {}): Promise<string | undefined> {
    this.inputs.push(options);
    for (;;) {
      assert.ok(this.answers.length > 0, `the command asked for input the script does not answer (${options.title ?? ''}: ${options.prompt ?? ''})`);
      const answer = this.answers.shift();
      if (answer === undefined) return undefined;
      assert.equal(typeof answer, 'string', `expected an input box, the script has a multi-pick answer (${options.title ?? ''})`);
      const value = answer as string;
      const verdict = await options.validateInput?.(value);
      if (verdict === undefined || verdict === null || verdict === '') return value;
      const { message, severity } = typeof verdict === 'string' ? { message: verdict, severity: vscode.InputBoxValidationSeverity.Error } : verdict;
      const error = severity === vscode.InputBoxValidationSeverity.Error;
      this.validations.push(`${error ? 'error' : 'warning'}: ${message}`);
      if (!error) return value;
    }
  }

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T | undefined> {
    this.offered.push([...items]);
    const label = this.answers.shift();
    if (label === undefined) return undefined;
    const item = items.find((each) => each.label === label);
    assert.ok(item, `no item "${String(label)}" among ${items.map((each) => each.label).join(', ')}`);
    return item;
  }

  async pickMany<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T[] | undefined> {
    this.offered.push([...items]);
    this.preselected.push(items.filter((item) => item.picked).map((item) => item.label));
    const labels = this.answers.shift();
    if (labels === undefined) return undefined;
    assert.ok(Array.isArray(labels), 'expected a multi-pick answer (an array of labels)');
    return labels.map((label: string) => {
      const item = items.find((each) => each.label === label);
      assert.ok(item, `no item "${label}" among ${items.map((each) => each.label).join(', ')}`);
      return item;
    });
  }

  async showInformationMessage(message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push({ level: 'info', message, actions });
    return this.respond(message, actions);
  }

  async showWarningMessage(message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push({ level: 'warning', message, actions });
    return this.respond(message, actions);
  }

  async showErrorMessage(message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push({ level: 'error', message, actions });
    return this.respond(message, actions);
  }

  withProgress<T>(title: string, task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
    this.progressTitles.push(title);
    return task({ report: () => undefined }, this.progressCancel.token);
  }

  errors(): Shown[] {
    return this.shown.filter((s) => s.level === 'error');
  }
}

/** Two fake providers (OpenAI and Anthropic dialects) with keys in env variables of the host. */
export interface FakeSetup {
  readonly openai: FakeUpstream;
  readonly anthropic: FakeUpstream;
  close(): Promise<void>;
}

const settingKeys = ['providers', 'models', 'routing', 'server.port', 'server.enabled', 'configFile'] as const;

/** Updates `tokenhub.<key>` in the user settings and waits until the service sees it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('tokenhub').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Clears every setting these tests touch. */
export async function resetSettings(): Promise<void> {
  for (const key of settingKeys) await setSetting(key, undefined);
}

export const PLAN_TEXT = '## Plan\n\n1. Check the **input**.\n2. Use `fetch`.\n\n```ts\nconst x: number = 1;\n```\n';
export const CRITIQUE_TEXT = 'The plan misses *timeouts* and <script>alert(1)</script> must stay text.';
export const REFINE_TEXT = 'Refined: check the input, use `fetch` with a timeout.';

/** Starts both fakes and points `tokenhub.providers/models` at them. */
export async function startFakes(): Promise<FakeSetup> {
  const openai = await startFakeUpstream({ dialect: 'openai', apiKey: 'sk-fake-openai' });
  const anthropic = await startFakeUpstream({ dialect: 'anthropic', apiKey: 'sk-fake-anthropic' });
  process.env.TOKENHUB_TEST_OPENAI_KEY = 'sk-fake-openai';
  process.env.TOKENHUB_TEST_ANTHROPIC_KEY = 'sk-fake-anthropic';
  const setup = {
    openai,
    anthropic,
    close: async () => {
      await Promise.all([openai.close(), anthropic.close()]);
    },
  };
  await startFakesSettings(setup);
  return setup;
}

/** Points `tokenhub.providers/models/routing` at the fakes (again, after a test changed them). */
export async function startFakesSettings({ openai, anthropic }: Pick<FakeSetup, 'openai' | 'anthropic'>): Promise<void> {
  await setSetting('providers', [
    { name: 'fake-openai', type: 'openai', base_url: openai.url, api_key_env: 'TOKENHUB_TEST_OPENAI_KEY' },
    { name: 'fake-anthropic', type: 'anthropic', base_url: anthropic.url, api_key_env: 'TOKENHUB_TEST_ANTHROPIC_KEY' },
  ]);
  await setSetting('models', [
    { id: 'fake-gpt', provider: 'fake-openai', name: 'gpt-fake', weight: 80, cost_per_1k: 0.002, context_size: 16000, capabilities: ['chat', 'completion'] },
    { id: 'fake-claude', provider: 'fake-anthropic', name: 'claude-fake', weight: 70, cost_per_1k: 0.003, context_size: 16000, capabilities: ['chat'] },
  ]);
  await setSetting('routing', { max_attempts: 4, request_timeout_ms: 20000, first_token_timeout_ms: 10000, idle_timeout_ms: 10000, cooldown_ms: 0 });
}

/** The plan and refine come from the planner (OpenAI fake), the critique from the Anthropic fake. */
export function scriptPhases(fakes: FakeSetup): void {
  fakes.openai.setDefault((request) => {
    const body = request.body as { messages?: { content: string }[] };
    const last = body.messages?.at(-1)?.content ?? '';
    return { text: last.includes('\n\nCritique:\n') ? REFINE_TEXT : PLAN_TEXT };
  });
  fakes.anthropic.setDefault({ text: CRITIQUE_TEXT });
}

/** Polls until `check` holds (or fails after `timeoutMs`). */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * For the enclosing `describe`: the activated extension and fake upstreams configured through the
 * settings (handed to `use`), the three phases scripted before each test, and after the suite the
 * UI hook cleared, editors closed, settings reset and the fakes closed. `setUp` and `tearDown`
 * add a suite's own steps (run after the shared set-up, before the shared tear-down).
 */
export function useFeatureHost(
  use: (testing: TestingHooks, fakes: FakeSetup) => void,
  steps: { setUp?: () => Thenable<unknown>; tearDown?: () => Thenable<unknown> } = {},
): void {
  let testing: TestingHooks;
  let fakes: FakeSetup;
  before(async () => {
    ({ testing } = await activateTokenhub());
    fakes = await startFakes();
    use(testing, fakes);
    await steps.setUp?.();
  });
  beforeEach(() => scriptPhases(fakes));
  after(async () => {
    await steps.tearDown?.();
    testing.features.setUi(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    await fakes.close();
  });
}

/** The next request that reaches the fake (after the ones it has). */
export async function waitForRequest(fakes: FakeSetup, which: 'openai' | 'anthropic') {
  const fake = fakes[which];
  const count = fake.requests.length;
  await waitFor(`a request to the ${which} fake`, () => fake.requests.length > count);
  const request = fake.requests.at(-1);
  assert.ok(request);
  return request;
}

/** The text of a request message's content (a string, or OpenAI / Anthropic content parts). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : '')).join('');
}

/** A small module Ask and Insert tests open. */
export const SAMPLE = 'export function add(a, b) {\n  return a + b;\n}\n\nexport const answer = add(40, 2);\n';

/** A file in the workspace (Ask names it by its base name). */
export async function openSample(name: string, text = SAMPLE): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the host opened a workspace folder');
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(document, vscode.ViewColumn.One);
}

