// One adversarial run in its own panel: the orchestrator's events through the core's snapshot
// reducer, complete snapshots to the webview (at most every 50 ms while streaming), Cancel, Copy and
// Insert. Logs shapes only (phase, model, tokens, cost), never prompts, answers or keys.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { AdversarialTask } from '../core/orchestrator/prompts';
import { applyEvent, initialSnapshot } from '../core/orchestrator/state';
import type { PanelState } from '../shared/protocol';
import type { FailureReporter } from './failures';
import { describeFailure, setupReport } from './failures';
import type { FeatureUi } from './featureUi';
import type { InsertOutcome } from './insertAnswer';
import { insertAnswer } from './insertAnswer';
import { createPanel, PanelConnection } from './panel';
import type { PanelActions } from './panel';
import type { EditTarget, ProposalHost } from './proposals';
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
  readonly reporter: FailureReporter;
  readonly proposals: ProposalHost;
  /** Every panel opened (runs and restored ones), newest last; the in-host tests read it. */
  readonly panels: PanelRecord[];
}

/** A panel with its run (or a restored one), as the tests see it. */
export interface PanelRecord {
  readonly connection: PanelConnection;
  readonly actions: PanelActions & { insert(): Promise<InsertOutcome | undefined> };
  /** Resolves with the last state once the run ended (at once for a restored panel). */
  readonly finished: Promise<PanelState>;
}

/**
 * Runs `task` in a new panel; resolves when the run ended (or undefined when nothing could run).
 * Insert offers the final answer's code as a diff against `target` (the selection the run started
 * from), else against the active editor's selection.
 */
export async function runAdversarial(deps: RunDeps, task: AdversarialTask, meta: PanelMeta, target?: EditTarget): Promise<PanelState | undefined> {
  const notReady = setupReport(await deps.service.setupState());
  if (notReady) {
    void deps.reporter.show(notReady, 'warning');
    return undefined;
  }
  return deps.service.use(async (tokenhub) => {
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
        deps.reporter.logTrail(`adversarial ${event.phase ?? 'run'}`, event);
        void deps.reporter.show(describeFailure(event));
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

function answerActions(deps: RunDeps, final: () => string | undefined, target: EditTarget | undefined, cancel: () => void): PanelRecord['actions'] {
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
      if (text === undefined) return undefined;
      return insertAnswer(deps.ui(), deps.proposals, text, target);
    },
  };
}
