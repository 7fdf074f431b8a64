import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { modelScore } from '../core/registry/model';
import { addProvider } from './addProvider';
import { runAdversarial } from './adversarialRun';
import type { PanelRecord, RunDeps } from './adversarialRun';
import type { AskHost } from './askHost';
import { lastLine } from './askHost';
import type { CommandId } from './commandIds';
import type { CommandContext, Handler } from './commands';
import type { FailureReporter } from './failures';
import { describeFailure } from './failures';
import type { FeatureUi } from './featureUi';
import { editorTarget } from './insertAnswer';
import { localApiHandlers } from './localApiCommands';
import type { ProposalHost } from './proposals';
import { formatUsd } from './statusBar';
import type { TokenhubService } from './tokenhubService';

type FeatureCommandId = Exclude<
  CommandId,
  'tokenhub.setApiKey' | 'tokenhub.removeApiKey' | 'tokenhub.exportVault' | 'tokenhub.importVault' | 'tokenhub.showLog'
>;

/** The walkthrough's id, as VS Code names it (`publisher.name#id`). */
export const WALKTHROUGH = 'tokenhub.tokenhub#tokenhub.firstHour';

/** What the feature commands share: the Tokenhub service, the UI they talk through, open panels. */
export interface FeatureHost {
  readonly service: TokenhubService;
  /** `vscode.window` except in the in-host tests, which answer the prompts. */
  ui: FeatureUi;
  readonly panels: PanelRecord[];
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
  readonly reporter: FailureReporter;
  readonly proposals: ProposalHost;
  readonly ask: AskHost;
  /** True while Add Provider runs (a key it stores must not offer the kept question early). */
  addingProvider: boolean;
}

/** One row of "Show Models". */
export interface ModelPickItem extends vscode.QuickPickItem {
  readonly modelId: string;
}

function runDeps(host: FeatureHost): RunDeps {
  return { service: host.service, ui: () => host.ui, logger: host.logger, extensionUri: host.extensionUri, panels: host.panels, reporter: host.reporter, proposals: host.proposals };
}

/** Ask, Add Provider, adversarial review and orchestration, the local API, the models view, proposals. */
export function featureHandlers(context: CommandContext): Record<FeatureCommandId, Handler> {
  const host = context.features;
  const deps = runDeps(host);
  const guard =
    <A extends unknown[]>(work: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<unknown> => {
      try {
        return await work(...args);
      } catch (error) {
        host.reporter.logTrail('command', error);
        await host.reporter.show(describeFailure(error));
        return undefined;
      }
    };
  const add = guard(async () => {
    host.addingProvider = true;
    try {
      return await addProvider({ ui: () => host.ui, vault: context.vault, service: host.service, reporter: host.reporter, logger: host.logger, onWorks: () => host.ask.offerPending() });
    } finally {
      host.addingProvider = false;
    }
  });
  return {
    'tokenhub.ask': guard(async (prompt?: unknown) => host.ask.ask(typeof prompt === 'string' ? prompt : undefined)),
    'tokenhub.openConversation': guard(async (id?: unknown) => host.ask.openRecent(typeof id === 'string' ? id : undefined)),
    'tokenhub.addProvider': add,
    // The Language Model provider's management command: the same flow.
    'tokenhub.manageProviders': add,
    'tokenhub.adversarialReviewSelection': guard(async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void host.ui.showWarningMessage('Tokenhub: select the code to review first.');
        return undefined;
      }
      const { document, selection } = editor;
      const fileName = path.basename(document.fileName);
      const last = lastLine(selection);
      const lines = selection.start.line === last ? `line ${selection.start.line + 1}` : `lines ${selection.start.line + 1}–${last + 1}`;
      const task = { kind: 'review', fileName, language: document.languageId, code: document.getText(selection) } as const;
      return runAdversarial(deps, task, { title: `Review: ${fileName}`, subtitle: `${fileName}, ${lines} (${document.languageId})`, insertTarget: fileName }, editorTarget(editor));
    }),
    'tokenhub.runAdversarial': guard(async (given?: unknown) => {
      const prompt =
        typeof given === 'string'
          ? given
          : await host.ui.showInputBox({ title: 'Tokenhub: Run Adversarial Orchestration', prompt: 'A task: one model plans, another critiques, the first refines.', ignoreFocusOut: true });
      if (prompt === undefined || prompt.trim() === '') return undefined;
      const editor = vscode.window.activeTextEditor;
      const target = editor ? editorTarget(editor) : undefined;
      const firstLine = prompt.trim().split('\n')[0] ?? '';
      const subtitle = firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine;
      return runAdversarial(deps, { kind: 'general', prompt }, { title: 'Tokenhub: Adversarial', subtitle, ...(target ? { insertTarget: target.label } : {}) }, target);
    }),
    ...localApiHandlers(host, guard),
    'tokenhub.showModels': guard(async () => showModels(host)),
    'tokenhub.showFailureDetails': guard(async () => host.reporter.showDetails()),
    'tokenhub.applyProposal': guard(async () => host.proposals.apply()),
    'tokenhub.discardProposal': guard(async () => host.proposals.discard()),
    'tokenhub.getStarted': guard(async () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false)),
  };
}

async function showModels(host: FeatureHost): Promise<ModelPickItem | undefined> {
  const items = await host.service.use(async (tokenhub) => {
    const states = new Map((await tokenhub.providerViews()).map((p) => [p.name, p.state]));
    return tokenhub.registry.ranked().map(
      (m): ModelPickItem => ({
        modelId: m.id,
        label: m.id,
        description: `${m.provider} · ${states.get(m.provider) ?? 'unknown'}`,
        detail: `score ${Math.round(modelScore(m) * 100) / 100} · context ${m.contextSize.toLocaleString('en-US')} · ${formatUsd(m.costPer1k)}/1k tokens · ${m.capabilities.join(', ')}`,
      }),
    );
  });
  if (items.length === 0) {
    const picked = await host.ui.showWarningMessage('Tokenhub: no model is set up yet. Add a provider to get its models.', 'Add Provider…');
    if (picked === 'Add Provider…') await vscode.commands.executeCommand('tokenhub.addProvider');
    return undefined;
  }
  const today = host.service.ledger.today();
  const api = host.service.localApi;
  const picked = await host.ui.showQuickPick(items, {
    title: `Tokenhub models · today ${today.requests} requests, ${formatUsd(today.costUsd)} · local API ${api ? `on :${api.port}` : 'stopped'}`,
    placeHolder: 'Best score first; pick one to copy its id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await vscode.env.clipboard.writeText(picked.modelId);
  return picked;
}
