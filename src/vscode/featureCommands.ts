import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { modelScore } from '../core/registry/model';
import { runAdversarial } from './adversarialRun';
import type { PanelRecord, RunDeps } from './adversarialRun';
import { ask } from './askCommand';
import type { CommandId } from './commandIds';
import type { CommandContext, Handler } from './commands';
import { describeFailure, showFailure } from './failures';
import { windowFeatureUi } from './featureUi';
import type { FeatureUi } from './featureUi';
import { formatUsd } from './statusBar';
import type { TokenhubService } from './tokenhubService';

type FeatureCommandId = Exclude<
  CommandId,
  'tokenhub.setApiKey' | 'tokenhub.removeApiKey' | 'tokenhub.exportVault' | 'tokenhub.importVault' | 'tokenhub.showLog' | 'tokenhub.manageProviders'
>;

/** What the feature commands share: the Tokenhub service, the UI they talk through, open panels. */
export interface FeatureHost {
  readonly service: TokenhubService;
  /** `vscode.window` except in the in-host tests, which answer the prompts. */
  ui: FeatureUi;
  readonly panels: PanelRecord[];
  readonly extensionUri: vscode.Uri;
  readonly logger: Logger;
}

/** The feature host over a service; `ui` starts as the real window. */
export function createFeatureHost(service: TokenhubService, extensionUri: vscode.Uri, logger: Logger): FeatureHost {
  return { service, ui: windowFeatureUi, panels: [], extensionUri, logger };
}

/** One row of "Show Models". */
export interface ModelPickItem extends vscode.QuickPickItem {
  readonly modelId: string;
}

function runDeps(host: FeatureHost): RunDeps {
  return { service: host.service, ui: () => host.ui, logger: host.logger, extensionUri: host.extensionUri, panels: host.panels };
}

/** Ask, adversarial review and orchestration, the local API and the models view. */
export function featureHandlers(context: CommandContext): Record<FeatureCommandId, Handler> {
  const host = context.features;
  const deps = runDeps(host);
  const guard =
    <A extends unknown[]>(work: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<unknown> => {
      try {
        return await work(...args);
      } catch (error) {
        await showFailure(host.ui, describeFailure(error));
        return undefined;
      }
    };
  return {
    'tokenhub.ask': (prompt?: unknown) => ask({ service: host.service, ui: () => host.ui, logger: host.logger }, typeof prompt === 'string' ? prompt : undefined),
    'tokenhub.adversarialReviewSelection': guard(async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selection.isEmpty) {
        void host.ui.showWarningMessage('Tokenhub: select the code to review first.');
        return undefined;
      }
      const { document, selection } = editor;
      const fileName = path.basename(document.fileName);
      const lines = selection.start.line === selection.end.line ? `line ${selection.start.line + 1}` : `lines ${selection.start.line + 1}–${selection.end.line + 1}`;
      const task = { kind: 'review', fileName, language: document.languageId, code: document.getText(selection) } as const;
      return runAdversarial(deps, task, { title: `Review: ${fileName}`, subtitle: `${fileName}, ${lines} (${document.languageId})`, insertTarget: fileName }, { uri: document.uri, label: fileName });
    }),
    'tokenhub.runAdversarial': guard(async (given?: unknown) => {
      const prompt =
        typeof given === 'string'
          ? given
          : await host.ui.showInputBox({ title: 'Tokenhub: Run Adversarial Orchestration', prompt: 'A task: one model plans, another critiques, the first refines.', ignoreFocusOut: true });
      if (prompt === undefined || prompt.trim() === '') return undefined;
      const editor = vscode.window.activeTextEditor;
      const label = editor ? path.basename(editor.document.fileName) : undefined;
      const firstLine = prompt.trim().split('\n')[0] ?? '';
      const subtitle = firstLine.length > 90 ? `${firstLine.slice(0, 89)}…` : firstLine;
      return runAdversarial(deps, { kind: 'general', prompt }, { title: 'Tokenhub: Adversarial', subtitle, ...(label ? { insertTarget: label } : {}) }, editor && label ? { uri: editor.document.uri, label } : undefined);
    }),
    'tokenhub.startLocalApi': guard(async () => {
      try {
        const state = await host.service.startLocalApi();
        const picked = await host.ui.showInformationMessage(`Tokenhub: the local API listens on ${state.url}/v1. Clients send the token from "Copy Local API Token".`, 'Copy Token');
        if (picked === 'Copy Token') await vscode.commands.executeCommand('tokenhub.copyLocalApiToken');
        return state;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          void host.ui.showErrorMessage('Tokenhub: the local API port is in use. Set tokenhub.server.port to another port (0 picks a free one).');
          return undefined;
        }
        throw error;
      }
    }),
    'tokenhub.stopLocalApi': guard(async () => {
      const stopped = await host.service.stopLocalApi();
      void host.ui.showInformationMessage(stopped ? 'Tokenhub: the local API stopped.' : 'Tokenhub: the local API was not running.');
      return stopped;
    }),
    'tokenhub.copyLocalApiToken': guard(async () => {
      await vscode.env.clipboard.writeText(await host.service.apiToken());
      void host.ui.showInformationMessage('Tokenhub: the local API token is on the clipboard.');
      return true;
    }),
    'tokenhub.showModels': guard(async () => showModels(host)),
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
    void showFailure(host.ui, describeFailure(new Error('no model is configured. Set an API key, or add models in tokenhub.models.')));
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
