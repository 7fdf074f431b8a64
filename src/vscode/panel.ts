// The adversarial panel's webview side in the host: its HTML (strict CSP, a nonce from
// crypto.randomBytes, resources only from dist/media), the ready handshake, complete snapshots with
// a rising sequence number, the acknowledgements, and the buttons' requests.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { parseWebviewMessage, protocolVersion } from '../shared/protocol';
import type { HostMessage, PanelState } from '../shared/protocol';

export const panelViewType = 'tokenhub.adversarial';

/** What the panel's buttons ask of the run behind it. */
export interface PanelActions {
  cancel(): void;
  copy(): Promise<void>;
  insert(): Promise<void>;
}

/** Options every Tokenhub panel is made with (also given to a restored one). */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [mediaRoot(extensionUri)] };
}

/** A new panel beside the editor. */
export function createPanel(extensionUri: vscode.Uri, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(panelViewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
}

/**
 * One panel's conversation with its script. `show` keeps the newest state and posts it whenever the
 * script is ready (again after the webview reloads, e.g. when its tab comes back); `drawn` resolves
 * once the script acknowledged the newest snapshot.
 */
export class PanelConnection implements vscode.Disposable {
  #seq = 0;
  #drawnSeq = 0;
  #ready = false;
  #state: PanelState;
  readonly #waiters: { seq: number; resolve: () => void }[] = [];
  readonly #listeners: vscode.Disposable[] = [];
  readonly #readyOnce: Promise<void>;
  #resolveReady: () => void = () => undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    initial: PanelState,
    private readonly actions: PanelActions,
  ) {
    this.#state = initial;
    this.#readyOnce = new Promise((resolve) => (this.#resolveReady = resolve));
    panel.webview.options = panelOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, mediaRoot(extensionUri));
    this.#listeners.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.#receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The newest state given to `show`. */
  get state(): PanelState {
    return this.#state;
  }

  /** Resolves after the script's first `ready`. */
  get ready(): Promise<void> {
    return this.#readyOnce;
  }

  /** Sends the whole state (when the script listens; else it goes out on its next `ready`). */
  show(state: PanelState): void {
    this.#state = state;
    if (this.#ready) this.#post();
  }

  /** Resolves when the script has drawn the newest state. */
  drawn(): Promise<void> {
    if (this.#ready && this.#drawnSeq >= this.#seq) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ seq: this.#seq, resolve }));
  }

  dispose(): void {
    for (const listener of this.#listeners.splice(0)) listener.dispose();
  }

  #post(): void {
    this.#seq += 1;
    const message: HostMessage = { type: 'snapshot', seq: this.#seq, state: this.#state };
    for (const waiter of this.#waiters) waiter.seq = this.#seq;
    void this.panel.webview.postMessage(message);
  }

  #receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.logger.log('warn', 'panel: dropped a malformed message');
      return;
    }
    switch (message.type) {
      case 'ready':
        if (message.protocol !== protocolVersion) {
          this.logger.log('error', 'panel: protocol mismatch', { expected: protocolVersion, got: message.protocol });
          return;
        }
        // Every `ready` (also after the webview reloads) gets the whole state again.
        this.#ready = true;
        this.#post();
        this.#resolveReady();
        return;
      case 'rendered':
        this.#drawnSeq = Math.max(this.#drawnSeq, message.seq);
        for (const waiter of this.#waiters.filter((w) => w.seq <= this.#drawnSeq)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        return;
      case 'cancel':
        this.actions.cancel();
        return;
      case 'copy':
        void this.actions.copy();
        return;
      case 'insert':
        void this.actions.insert();
        return;
    }
  }
}

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

function panelHtml(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css'));
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join('; ');
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
