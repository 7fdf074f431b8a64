// What every Tokenhub webview shares in the host: its HTML (strict CSP, a nonce from
// crypto.randomBytes, resources only from dist/media), the `ready` handshake, complete snapshots
// with a rising sequence number, and the `rendered` acknowledgements. Each panel brings its script
// and the parser of its own messages (src/shared/protocol.ts, src/shared/askProtocol.ts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

/** The handshake messages every panel script sends. */
export type HandshakeMessage = { readonly type: 'ready'; readonly protocol: number } | { readonly type: 'rendered'; readonly seq: number };

/** A panel script: its bundle in dist/media, its protocol version and the parser of what it sends. */
export interface PanelScript<M extends { readonly type: string }> {
  /** `panel` or `ask`: dist/media/<name>.js and .css. */
  readonly name: string;
  readonly title: string;
  readonly protocol: number;
  parse(raw: unknown): (M | HandshakeMessage) | undefined;
}

/** Options every Tokenhub panel is made with (also given to a restored one). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [mediaRoot(extensionUri)] };
}

/**
 * One panel's conversation with its script. `show` keeps the newest state and posts it whenever
 * the script is ready (again after the webview reloads, e.g. when its tab comes back); `drawn`
 * resolves once the script acknowledged the newest snapshot. Other messages go to `onMessage`.
 */
export class SnapshotConnection<S, M extends { readonly type: string }> implements vscode.Disposable {
  #seq = 0;
  #drawnSeq = 0;
  #ready = false;
  #state: S;
  readonly #waiters: { seq: number; resolve: () => void }[] = [];
  readonly #listeners: vscode.Disposable[] = [];
  readonly #readyOnce: Promise<void>;
  #resolveReady: () => void = () => undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly logger: Logger,
    initial: S,
    private readonly script: PanelScript<M>,
    private readonly onMessage: (message: M) => void,
  ) {
    this.#state = initial;
    this.#readyOnce = new Promise((resolve) => (this.#resolveReady = resolve));
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, mediaRoot(extensionUri), script);
    this.#listeners.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.#receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The newest state given to `show`. */
  get state(): S {
    return this.#state;
  }

  /** Resolves after the script's first `ready`. */
  get ready(): Promise<void> {
    return this.#readyOnce;
  }

  /** Sends the whole state (when the script listens; else it goes out on its next `ready`). */
  show(state: S): void {
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
    for (const waiter of this.#waiters) waiter.seq = this.#seq;
    void this.panel.webview.postMessage({ type: 'snapshot', seq: this.#seq, state: this.#state });
  }

  #receive(raw: unknown): void {
    const message = this.script.parse(raw);
    if (!message) {
      this.logger.log('warn', `${this.script.name} panel: dropped a malformed message`);
      return;
    }
    if (message.type === 'ready' && 'protocol' in message) {
      if (message.protocol !== this.script.protocol) {
        this.logger.log('error', `${this.script.name} panel: protocol mismatch`, { expected: this.script.protocol, got: message.protocol });
        return;
      }
      // Every `ready` (also after the webview reloads) gets the whole state again.
      this.#ready = true;
      this.#post();
      this.#resolveReady();
      return;
    }
    if (message.type === 'rendered' && 'seq' in message) {
      this.#drawnSeq = Math.max(this.#drawnSeq, message.seq);
      for (const waiter of this.#waiters.filter((w) => w.seq <= this.#drawnSeq)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      return;
    }
    this.onMessage(message as M);
  }
}

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

function panelHtml(webview: vscode.Webview, root: vscode.Uri, script: PanelScript<{ type: string }>): string {
  const nonce = randomBytes(16).toString('base64');
  const js = webview.asWebviewUri(vscode.Uri.joinPath(root, `${script.name}.js`));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(root, `${script.name}.css`));
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${css.toString()}">
  <title>${script.title}</title>
</head>
<body>
  <main id="root" aria-live="polite"></main>
  <script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
}
