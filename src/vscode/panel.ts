import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { parseWebviewMessage, protocolVersion } from '../shared/protocol';
import type { HostMessage, PanelState } from '../shared/protocol';

export const panelViewType = 'tokenhub.panel';

/** An open Tokenhub panel whose script has completed the `ready` handshake. */
export interface PanelHandle {
  readonly panel: vscode.WebviewPanel;
  /** Sends a full snapshot; resolves when the panel reports it drawn. */
  show(state: PanelState): Promise<void>;
  dispose(): void;
}

/**
 * Opens the panel and resolves when its script says `ready` (rejects after `timeoutMs`).
 * The real adversarial view builds on this; for now it shows a title and a notice.
 */
export function openPanel(extensionUri: vscode.Uri, logger: Logger, initial: PanelState, timeoutMs = 30_000): Promise<PanelHandle> {
  const mediaRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'media');
  const panel = vscode.window.createWebviewPanel(panelViewType, initial.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [mediaRoot],
  });
  panel.webview.html = panelHtml(panel.webview, mediaRoot);

  let seq = 0;
  const drawn = new Map<number, () => void>();
  const send = (state: PanelState): Promise<void> => {
    seq += 1;
    const message: HostMessage = { type: 'snapshot', seq, state };
    const done = new Promise<void>((resolve) => drawn.set(seq, resolve));
    void panel.webview.postMessage(message);
    return done;
  };

  return new Promise<PanelHandle>((resolve, reject) => {
    const timer = setTimeout(() => {
      panel.dispose();
      reject(new Error(`The Tokenhub panel did not say "ready" within ${timeoutMs} ms.`));
    }, timeoutMs);
    const handle: PanelHandle = { panel, show: send, dispose: () => panel.dispose() };
    panel.onDidDispose(() => {
      clearTimeout(timer);
      listener.dispose();
    });
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        logger.log('warn', 'panel: dropped a malformed message');
        return;
      }
      switch (message.type) {
        case 'ready':
          if (message.protocol !== protocolVersion) {
            logger.log('error', 'panel: protocol mismatch', { expected: protocolVersion, got: message.protocol });
            return;
          }
          clearTimeout(timer);
          // Every `ready` (also after the webview reloads) gets the whole state again.
          void send(initial).then(() => resolve(handle));
          return;
        case 'rendered':
          drawn.get(message.seq)?.();
          drawn.delete(message.seq);
          return;
      }
    });
  });
}

function panelHtml(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'panel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'panel.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>Tokenhub</title>
</head>
<body>
  <main id="root" aria-live="polite"></main>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
