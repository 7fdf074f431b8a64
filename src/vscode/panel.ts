// The adversarial panel in the host: the shared snapshot connection (webviewChannel.ts) over the
// adversarial protocol (src/shared/protocol.ts), its buttons' requests to the run behind it.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { parseWebviewMessage, protocolVersion } from '../shared/protocol';
import type { PanelState, WebviewMessage } from '../shared/protocol';
import { SnapshotConnection, webviewOptions } from './webviewChannel';
import type { PanelScript } from './webviewChannel';

export const panelViewType = 'tokenhub.adversarial';

/** What the panel's buttons ask of the run behind it. */
export interface PanelActions {
  cancel(): void;
  copy(): Promise<void>;
  /** Resolves with how the Insert ended (see insertAnswer.ts). */
  insert(): Promise<unknown>;
}

/** Options every Tokenhub panel is made with (also given to a restored one). */
export const panelOptions = webviewOptions;

/** A new panel beside the editor. */
export function createPanel(extensionUri: vscode.Uri, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(panelViewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
}

type ButtonMessage = Exclude<WebviewMessage, { type: 'ready' } | { type: 'rendered' }>;

const adversarialScript: PanelScript<ButtonMessage> = { name: 'panel', title: 'Tokenhub', protocol: protocolVersion, parse: parseWebviewMessage };

/** One adversarial panel's conversation with its script. */
export class PanelConnection extends SnapshotConnection<PanelState, ButtonMessage> {
  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, logger: Logger, initial: PanelState, actions: PanelActions) {
    super(panel, extensionUri, logger, initial, adversarialScript, (message) => {
      if (message.type === 'cancel') actions.cancel();
      else if (message.type === 'copy') void actions.copy();
      else void actions.insert();
    });
  }
}
