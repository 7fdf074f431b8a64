import * as vscode from 'vscode';

/**
 * Every way the vault commands talk to the user. The commands take it from the VaultHost, so the
 * in-host tests can answer the prompts; outside tests it is always {@link windowUi}.
 */
export interface VaultUi {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  /** A (usually modal) question; resolves to the chosen item, or undefined when cancelled. */
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showInformationMessage(message: string): Thenable<unknown>;
  showErrorMessage(message: string): Thenable<unknown>;
  /** Runs a slow step (scrypt takes about a second) under a notification. */
  withProgress<T>(title: string, task: () => Promise<T>): Thenable<T>;
}

/** The real UI: `vscode.window`. */
export const windowUi: VaultUi = {
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  showInputBox: (options) => vscode.window.showInputBox(options),
  showSaveDialog: (options) => vscode.window.showSaveDialog(options),
  showOpenDialog: (options) => vscode.window.showOpenDialog(options),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
  showInformationMessage: (message) => vscode.window.showInformationMessage(message),
  showErrorMessage: (message) => vscode.window.showErrorMessage(message),
  withProgress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task),
};
