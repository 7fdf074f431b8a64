import * as vscode from 'vscode';
import { commandTitles } from './commandIds';
import type { CommandId } from './commandIds';

/** What a command needs from the extension; grows as features land. */
export interface CommandContext {
  readonly log: vscode.LogOutputChannel;
}

type Handler = (...args: unknown[]) => unknown;

/** Tells the user plainly that a declared command is not built yet. */
function notYet(id: CommandId): Handler {
  return () => {
    void vscode.window.showInformationMessage(
      `"${commandTitles[id]}" comes in a later version of Tokenhub.`,
    );
  };
}

/** One handler per contributed command; the record type makes a missing one a compile error. */
function handlers(context: CommandContext): Record<CommandId, Handler> {
  return {
    'tokenhub.ask': notYet('tokenhub.ask'),
    'tokenhub.adversarialReviewSelection': notYet('tokenhub.adversarialReviewSelection'),
    'tokenhub.runAdversarial': notYet('tokenhub.runAdversarial'),
    'tokenhub.setApiKey': notYet('tokenhub.setApiKey'),
    'tokenhub.removeApiKey': notYet('tokenhub.removeApiKey'),
    'tokenhub.exportVault': notYet('tokenhub.exportVault'),
    'tokenhub.importVault': notYet('tokenhub.importVault'),
    'tokenhub.startLocalApi': notYet('tokenhub.startLocalApi'),
    'tokenhub.stopLocalApi': notYet('tokenhub.stopLocalApi'),
    'tokenhub.copyLocalApiToken': notYet('tokenhub.copyLocalApiToken'),
    'tokenhub.showModels': notYet('tokenhub.showModels'),
    'tokenhub.showLog': () => context.log.show(true),
  };
}

/** Registers every Tokenhub command; the caller puts the result into `context.subscriptions`. */
export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers(context)).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
