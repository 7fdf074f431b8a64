// Wires the feature side of the extension: the Tokenhub service, the status bar, the panel
// serializer (panels come back after a window reload) and the local API's auto-start.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { KeySource } from '../core/router/ports';
import { isPanelState } from '../shared/protocol';
import { restorePanel } from './adversarialRun';
import type { PanelRecord } from './adversarialRun';
import { createFeatureHost } from './featureCommands';
import type { FeatureHost } from './featureCommands';
import { windowFeatureUi } from './featureUi';
import type { FeatureUi } from './featureUi';
import { panelOptions, panelViewType } from './panel';
import { readSettings } from './settings';
import { createStatusBar } from './statusBar';
import { TokenhubService } from './tokenhubService';

/** The in-host tests' view of the features (ExtensionMode.Test only). */
export interface FeatureTestingHooks {
  readonly service: TokenhubService;
  /** Answers the feature commands' prompts; undefined puts `vscode.window` back. */
  setUi(ui: FeatureUi | undefined): void;
  /** Every panel opened, newest last. */
  panels(): readonly PanelRecord[];
  /** The status bar item's text. */
  statusText(): string;
  /** Restores a panel from saved state the way the serializer does after a reload. */
  restorePanel(state: unknown): PanelRecord | undefined;
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
  const host = createFeatureHost(service, context.extensionUri, logger);
  const deps = { service, ui: () => host.ui, logger, extensionUri: context.extensionUri, panels: host.panels };
  const restore = (panel: vscode.WebviewPanel, state: unknown): PanelRecord | undefined => {
    if (!isPanelState(state)) {
      logger.log('warn', 'panel: nothing usable to restore');
      panel.dispose();
      return undefined;
    }
    return restorePanel(deps, panel, state);
  };
  const statusBar = createStatusBar(service);
  context.subscriptions.push(
    service,
    statusBar,
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        restore(panel, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tokenhub.server.enabled')) void syncLocalApi(host);
    }),
  );
  if (readSettings().server.enabled) void syncLocalApi(host);

  const testing: FeatureTestingHooks = {
    service,
    setUi: (ui) => {
      host.ui = ui ?? windowFeatureUi;
    },
    panels: () => host.panels,
    statusText: () => statusBar.item.text,
    restorePanel: (state) => {
      const panel = vscode.window.createWebviewPanel(panelViewType, 'Tokenhub (restored)', vscode.ViewColumn.Active, panelOptions(context.extensionUri));
      return restore(panel, state);
    },
  };
  return { host, testing };
}

/** Starts or stops the local API to match `tokenhub.server.enabled`. */
async function syncLocalApi(host: FeatureHost): Promise<void> {
  const enabled = readSettings().server.enabled;
  try {
    if (enabled) await host.service.startLocalApi();
    else await host.service.stopLocalApi();
  } catch (error) {
    host.logger.log('error', 'local API: could not start', { reason: error instanceof Error ? error.message : String(error) });
    void host.ui.showErrorMessage(`Tokenhub: the local API could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

