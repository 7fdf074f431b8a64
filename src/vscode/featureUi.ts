import * as vscode from 'vscode';

/**
 * Every way the feature commands (Ask, Add Provider, the adversarial runs, the local API, Show Models) talk to the
 * user. Outside tests it is always {@link windowFeatureUi}; the in-host tests answer the prompts and
 * read what was shown.
 */
export interface FeatureUi {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A pick of several (items with `picked` start checked); undefined when dismissed. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T[] | undefined>;
  /** Resolves to the chosen action, or undefined when dismissed. */
  showInformationMessage(message: string, ...actions: string[]): Thenable<string | undefined>;
  showWarningMessage(message: string, ...actions: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...actions: string[]): Thenable<string | undefined>;
  /** A cancellable notification with progress. */
  withProgress<T>(title: string, task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<T>): Thenable<T>;
}

/** The real UI: `vscode.window`. */
export const windowFeatureUi: FeatureUi = {
  showInputBox: (options) => vscode.window.showInputBox(options),
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  pickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  showInformationMessage: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  showWarningMessage: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  showErrorMessage: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  withProgress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, task),
};
