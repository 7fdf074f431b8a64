import * as vscode from 'vscode';

/**
 * The context keys Tokenhub's `when` clauses read (package.json): commands that cannot run stay out
 * of the palette, and the walkthrough's first step completes once a provider can answer.
 */
export const CONTEXT_KEYS = {
  /** The local API listens. */
  localApiRunning: 'tokenhub.localApiRunning',
  /** The vault holds at least one key. */
  vaultHasKeys: 'tokenhub.vaultHasKeys',
  /** A provider can answer (readiness `ready`). */
  ready: 'tokenhub.ready',
} as const;

export type ContextKey = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

/** Sets the keys (VS Code keeps them per window) and remembers what it set, for the tests. */
export class ContextKeys {
  readonly #values = new Map<ContextKey, boolean>();

  /** What was last set, by key. */
  get values(): Readonly<Record<string, boolean>> {
    return Object.fromEntries(this.#values);
  }

  async set(key: ContextKey, value: boolean): Promise<void> {
    this.#values.set(key, value);
    await vscode.commands.executeCommand('setContext', key, value);
  }
}
