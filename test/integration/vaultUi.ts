// A scripted VaultUi: answers the vault commands' prompts in order, as a person would, and records
// what the commands said. Never records what was typed into a password box.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { VaultUi } from '../../src/vscode/vaultUi';

/** One answer: a pick (by label), an input, a dialog path, a modal choice; undefined cancels. */
export type Step = ['pick' | 'input' | 'save' | 'open' | 'warn', string | undefined];

export class ScriptedUi implements VaultUi {
  readonly info: string[] = [];
  readonly errors: string[] = [];
  /** Validation messages the input boxes showed (the next input step is the corrected answer). */
  readonly validations: string[] = [];
  /** Questions asked by modal warnings. */
  readonly warnings: string[] = [];
  /** Labels offered by each quick pick. */
  readonly offered: string[][] = [];

  constructor(private readonly steps: Step[]) {}

  /** Fails unless every scripted step was used. */
  assertDone(): void {
    assert.deepEqual(this.steps, [], 'scripted answers left over');
  }

  #next(kind: Step[0]): string | undefined {
    const step = this.steps.shift();
    assert.ok(step, `the command asked for a ${kind} the script does not answer`);
    assert.equal(step[0], kind, `expected the command to ask for a ${step[0]}, it asked for a ${kind}`);
    return step[1];
  }

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T | undefined> {
    this.offered.push(items.map((item) => item.label));
    const label = this.#next('pick');
    if (label === undefined) return undefined;
    const item = items.find((each) => each.label === label);
    assert.ok(item, `no item "${label}" among ${items.map((each) => each.label).join(', ')}`);
    return item;
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    for (;;) {
      const value = this.#next('input');
      if (value === undefined) return undefined;
      const problem = await options.validateInput?.(value);
      if (problem === undefined || problem === null || problem === '') return value;
      this.validations.push(typeof problem === 'string' ? problem : problem.message);
    }
  }

  async showSaveDialog(): Promise<vscode.Uri | undefined> {
    const path = this.#next('save');
    return path === undefined ? undefined : vscode.Uri.file(path);
  }

  async showOpenDialog(): Promise<vscode.Uri[] | undefined> {
    const path = this.#next('open');
    return path === undefined ? undefined : [vscode.Uri.file(path)];
  }

  async showWarningMessage(message: string): Promise<string | undefined> {
    this.warnings.push(message);
    return this.#next('warn');
  }

  async showInformationMessage(message: string): Promise<undefined> {
    this.info.push(message);
    return undefined;
  }

  async showErrorMessage(message: string): Promise<undefined> {
    this.errors.push(message);
    return undefined;
  }

  async withProgress<T>(_title: string, task: () => Promise<T>): Promise<T> {
    return task();
  }
}

/**
 * Runs a vault command with scripted answers, checks every answer was used and that no message
 * shows `secret`; returns the UI to inspect.
 */
export async function runScripted(testing: TestingHooks, id: string, steps: Step[], secret: string): Promise<ScriptedUi> {
  const ui = new ScriptedUi(steps);
  testing.vault.setUi(ui);
  try {
    await vscode.commands.executeCommand(id);
  } finally {
    testing.vault.setUi(undefined);
  }
  ui.assertDone();
  for (const text of [...ui.info, ...ui.errors, ...ui.warnings, ...ui.validations]) assert.ok(!text.includes(secret), `a message shows a key: ${text}`);
  return ui;
}
