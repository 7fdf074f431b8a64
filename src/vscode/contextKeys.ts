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

/** Sets a context key (VS Code keeps the value per window). */
export async function setContextKey(key: (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS], value: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, value);
}
