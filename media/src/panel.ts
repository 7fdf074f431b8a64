// The Tokenhub panel's script. It says `ready`, draws each snapshot the host sends (newest wins) and
// acknowledges what it drew. Colours come only from the editor theme (panel.css).
import './panel.css';
import { parseHostMessage, protocolVersion } from '../../src/shared/protocol';
import type { PanelState, WebviewMessage } from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
let shownSeq = -1;

function render(state: PanelState): void {
  if (!root) return;
  const heading = document.createElement('h1');
  heading.textContent = state.title;
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.textContent = state.notice;
  root.replaceChildren(heading, notice);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message || message.seq <= shownSeq) return;
  shownSeq = message.seq;
  render(message.state);
  vscode.setState(message.state);
  vscode.postMessage({ type: 'rendered', seq: message.seq });
});

const saved = vscode.getState() as PanelState | undefined;
if (saved && typeof saved.title === 'string' && typeof saved.notice === 'string') render(saved);
vscode.postMessage({ type: 'ready', protocol: protocolVersion });
