// Wires the feature side of the extension: the Tokenhub service, the status bar and context keys,
// failure reports, proposals (Insert as a diff), Ask's panels and history, the panel serializers
// (panels come back after a window reload) and the local API's auto-start.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { KeySource } from '../core/router/ports';
import { isPanelState } from '../shared/protocol';
import { restorePanel } from './adversarialRun';
import type { PanelRecord } from './adversarialRun';
import { AskHost } from './askHost';
import { askViewType } from './askSession';
import type { AskSession } from './askSession';
import { CONTEXT_KEYS, ContextKeys } from './contextKeys';
import type { FeatureHost } from './featureCommands';
import { FailureReporter } from './failures';
import { windowFeatureUi } from './featureUi';
import type { FeatureUi } from './featureUi';
import { startLocalApi } from './localApiCommands';
import { panelOptions, panelViewType } from './panel';
import { ProposalHost } from './proposals';
import { readSettings } from './settings';
import { createStatusBar } from './statusBar';
import type { StatusBar } from './statusBar';
import { TokenhubService } from './tokenhubService';

/** The in-host tests' view of the features (ExtensionMode.Test only). */
export interface FeatureTestingHooks {
  readonly service: TokenhubService;
  /** Answers the feature commands' prompts; undefined puts `vscode.window` back. */
  setUi(ui: FeatureUi | undefined): void;
  /** Every adversarial panel opened, newest last. */
  panels(): readonly PanelRecord[];
  /** The open Ask sessions, oldest first. */
  askSessions(): readonly AskSession[];
  readonly ask: AskHost;
  readonly proposals: ProposalHost;
  readonly reporter: FailureReporter;
  /** The status bar item's text. */
  statusText(): string;
  /** The context keys as Tokenhub last set them. */
  contextKeys(): Readonly<Record<string, boolean>>;
  readonly statusBar: StatusBar;
  /** Restores a panel from saved state the way the serializer does after a reload. */
  restorePanel(state: unknown): PanelRecord | undefined;
  /** Restores an Ask panel the way its serializer does. */
  restoreAskPanel(state: unknown): AskSession | undefined;
}

/** What activation hands over. */
export interface FeatureInputs {
  readonly keys: KeySource;
  readonly onDidChangeKeys: vscode.Event<void>;
  readonly storedKeyNames: () => Promise<readonly string[]>;
  readonly logger: Logger;
}

/** Builds the features; everything lands in `context.subscriptions`. */
export function activateFeatures(context: vscode.ExtensionContext, inputs: FeatureInputs): { host: FeatureHost; testing: FeatureTestingHooks } {
  const { logger } = inputs;
  const service = new TokenhubService({ extension: context, ...inputs });
  let ui: FeatureUi = windowFeatureUi;
  const currentUi = (): FeatureUi => ui;
  const reporter = new FailureReporter(currentUi, logger);
  const proposals = new ProposalHost(currentUi, logger);
  const ask = new AskHost({ service, ui: currentUi, logger, reporter, proposals, extensionUri: context.extensionUri, memento: context.globalState });
  const host: FeatureHost = {
    service,
    get ui() {
      return ui;
    },
    set ui(next: FeatureUi) {
      ui = next;
    },
    panels: [],
    extensionUri: context.extensionUri,
    logger,
    reporter,
    proposals,
    ask,
    addingProvider: false,
  };
  const deps = { service, ui: currentUi, logger, extensionUri: context.extensionUri, panels: host.panels, reporter, proposals };
  const restore = (panel: vscode.WebviewPanel, state: unknown): PanelRecord | undefined => {
    if (!isPanelState(state)) {
      logger.log('warn', 'panel: nothing usable to restore');
      panel.dispose();
      return undefined;
    }
    return restorePanel(deps, panel, state);
  };
  const contextKeys = new ContextKeys();
  const statusBar = createStatusBar(service, (setup) => void contextKeys.set(CONTEXT_KEYS.ready, setup?.kind === 'ready'));
  const syncKeys = async (): Promise<void> => contextKeys.set(CONTEXT_KEYS.vaultHasKeys, (await inputs.storedKeyNames().catch(() => [])).length > 0);
  void syncKeys();
  void contextKeys.set(CONTEXT_KEYS.localApiRunning, false);
  context.subscriptions.push(
    service,
    statusBar,
    reporter,
    proposals,
    ask,
    service.onDidChange(() => void contextKeys.set(CONTEXT_KEYS.localApiRunning, service.localApi !== undefined)),
    inputs.onDidChangeKeys(() => {
      void syncKeys();
      // A key stored with "Set API Key…" may be what the kept question waited for.
      if (!host.addingProvider) void ask.offerPending();
    }),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        restore(panel, state);
      },
    }),
    vscode.window.registerWebviewPanelSerializer(askViewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        ask.restore(panel, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tokenhub.server.enabled')) void syncLocalApi(host);
    }),
  );
  if (readSettings().server.enabled) void syncLocalApi(host);

  const testing: FeatureTestingHooks = {
    service,
    setUi: (next) => {
      ui = next ?? windowFeatureUi;
    },
    panels: () => host.panels,
    askSessions: () => ask.sessions,
    ask,
    proposals,
    reporter,
    statusText: () => statusBar.item.text,
    contextKeys: () => contextKeys.values,
    statusBar,
    restorePanel: (state) => {
      const panel = vscode.window.createWebviewPanel(panelViewType, 'Tokenhub (restored)', vscode.ViewColumn.Active, panelOptions(context.extensionUri));
      return restore(panel, state);
    },
    restoreAskPanel: (state) => {
      const panel = vscode.window.createWebviewPanel(askViewType, 'Ask (restored)', vscode.ViewColumn.Active, panelOptions(context.extensionUri));
      return ask.restore(panel, state);
    },
  };
  return { host, testing };
}

/** Starts or stops the local API to match `tokenhub.server.enabled`. */
async function syncLocalApi(host: FeatureHost): Promise<void> {
  const enabled = readSettings().server.enabled;
  try {
    if (enabled) await startLocalApi(host, { quiet: true });
    else await host.service.stopLocalApi();
  } catch (error) {
    host.logger.log('error', 'local API: could not start', { reason: error instanceof Error ? error.message : String(error) });
    void host.ui.showErrorMessage(`Tokenhub: the local API could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
