// One adversarial run in its own panel: the orchestrator's events through the core's snapshot
// reducer, complete snapshots to the webview (at most every 50 ms while streaming), Cancel, Copy and
// Insert. Logs shapes only (phase, model, tokens, cost), never prompts, answers or keys.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { AdversarialTask } from '../core/orchestrator/prompts';
import { applyEvent, initialSnapshot } from '../core/orchestrator/state';
import type { PanelState } from '../shared/protocol';
import { describeFailure, noKeyReport, showFailure } from './failures';
import type { FeatureUi } from './featureUi';
import { createPanel, PanelConnection } from './panel';
import type { PanelActions } from './panel';
import { interrupted, toPanelState } from './panelState';
import type { PanelMeta } from './panelState';
import { readSettings } from './settings';
import type { TokenhubService } from './tokenhubService';

const SNAPSHOT_INTERVAL_MS = 50;

/** What a run needs from the extension. */
export interface RunDeps {
  readonly service: TokenhubService;
  readonly ui: () => FeatureUi;
  readonly logger: Logger;
  readonly extensionUri: vscode.Uri;
  /** Every panel opened (runs and restored ones), newest last; the in-host tests read it. */
  readonly panels: PanelRecord[];
}

/** Where Insert puts the answer: the editor the run started from, at its selection then. */
export interface InsertTarget {
  readonly uri: vscode.Uri;
  readonly label: string;
}

/** A panel with its run (or a restored one), as the tests see it. */
export interface PanelRecord {
  readonly connection: PanelConnection;
  readonly actions: PanelActions;
  /** Resolves with the last state once the run ended (at once for a restored panel). */
  readonly finished: Promise<PanelState>;
}

/** Runs `task` in a new panel; resolves when the run ended (or undefined when nothing could run). */
export async function runAdversarial(deps: RunDeps, task: AdversarialTask, meta: PanelMeta, target?: InsertTarget): Promise<PanelState | undefined> {
  return deps.service.use(async (tokenhub) => {
    const noKey = await noKeyReport(tokenhub);
    if (noKey) {
      void showFailure(deps.ui(), noKey);
      return undefined;
    }
    const controller = new AbortController();
    let snapshot = initialSnapshot();
    const panel = createPanel(deps.extensionUri, meta.title);
    const actions = answerActions(deps, () => snapshot.final, target, () => controller.abort());
    const connection = new PanelConnection(panel, deps.extensionUri, deps.logger, toPanelState(snapshot, meta), actions);
    panel.onDidDispose(() => controller.abort());
    let resolveFinished: (state: PanelState) => void = () => undefined;
    const finished = new Promise<PanelState>((resolve) => (resolveFinished = resolve));
    deps.panels.push({ connection, actions, finished });

    const { planner, critic } = readSettings().adversarial;
    deps.logger.log('info', 'adversarial: started', { task: task.kind, chars: task.kind === 'review' ? task.code.length : task.prompt.length, planner, critic });
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      clearTimeout(timer);
      timer = undefined;
      connection.show(toPanelState(snapshot, meta));
    };
    for await (const event of tokenhub.orchestrator.run({ task, planner, critic, signal: controller.signal })) {
      snapshot = applyEvent(snapshot, event);
      if (event.type === 'delta') {
        timer ??= setTimeout(flush, SNAPSHOT_INTERVAL_MS);
        continue;
      }
      flush();
      if (event.type === 'phase_start') deps.logger.log('info', `adversarial: ${event.phase} started`, { model: event.model, provider: event.provider, escalations: event.escalations.length });
      if (event.type === 'phase_end') {
        deps.logger.log('info', `adversarial: ${event.phase} ended`, { model: event.model, tokens: event.usage.totalTokens, costUsd: event.costUsd.toFixed(6), ms: event.durationMs });
      }
      if (event.type === 'error') {
        deps.logger.log(event.code === 'cancelled' ? 'info' : 'warn', 'adversarial: ended without an answer', { phase: event.phase, code: event.code });
        void showFailure(deps.ui(), describeFailure(event));
      }
    }
    flush();
    const state = connection.state;
    deps.logger.log('info', 'adversarial: finished', { status: state.status, tokens: state.totalTokens, costUsd: state.costUsd.toFixed(6) });
    resolveFinished(state);
    return state;
  });
}

/** Reopens a panel VS Code restored after a reload, from the state its script saved. */
export function restorePanel(deps: RunDeps, panel: vscode.WebviewPanel, saved: PanelState): PanelRecord {
  const state = interrupted(saved);
  const actions = answerActions(deps, () => state.final, undefined, () => undefined);
  const connection = new PanelConnection(panel, deps.extensionUri, deps.logger, state, actions);
  const record: PanelRecord = { connection, actions, finished: Promise.resolve(state) };
  deps.panels.push(record);
  deps.logger.log('info', 'panel: restored', { status: state.status });
  return record;
}

function answerActions(deps: RunDeps, final: () => string | undefined, target: InsertTarget | undefined, cancel: () => void): PanelActions {
  return {
    cancel,
    copy: async () => {
      const text = final();
      if (text === undefined) return;
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage('Tokenhub: answer copied', 2500);
    },
    insert: async () => {
      const text = final();
      if (text === undefined) return;
      const editor = await targetEditor(target);
      if (!editor) {
        void deps.ui().showWarningMessage('Tokenhub: open an editor to insert the answer into.');
        return;
      }
      // Replaces the selection, or inserts at the cursor when nothing is selected.
      await editor.edit((builder) => builder.replace(editor.selection, text));
      deps.logger.log('info', 'adversarial: answer inserted', { chars: text.length });
    },
  };
}

async function targetEditor(target: InsertTarget | undefined): Promise<vscode.TextEditor | undefined> {
  if (!target) return vscode.window.activeTextEditor;
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.uri.toString());
  if (visible) return visible;
  const document = await vscode.workspace.openTextDocument(target.uri);
  return vscode.window.showTextDocument(document, { preserveFocus: false });
}
