// The adversarial panel's script. It says `ready`, draws each complete snapshot the host sends
// (newest wins), acknowledges what it drew and keeps it with `setState` for a window reload. Model
// text goes through the markdown renderer, which only ever sets `textContent`. Colours come only
// from the editor theme (panel.css).
import './common.css';
import './panel.css';
import { isPanelState, parseHostMessage, protocolVersion } from '../../src/shared/protocol';
import type { PanelState, PhaseView, WebviewMessage } from '../../src/shared/protocol';
import { renderMarkdown } from './markdown';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<WebviewMessage>();
const root = document.getElementById('root') ?? document.body;
let shownSeq = -1;

const PHASE_TITLES: Record<PhaseView['phase'], string> = { plan: '1 · Plan', critique: '2 · Critique', refine: '3 · Refine' };
const STATUS_WORDS: Record<string, string> = {
  pending: 'waiting',
  streaming: 'streaming',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
  running: 'running',
};

const PLACEHOLDERS: Record<PhaseView['status'], string> = {
  pending: 'Waiting for the earlier phase…',
  streaming: 'Waiting for the first token…',
  done: '(empty answer)',
  failed: 'Failed before any text.',
  cancelled: 'Cancelled.',
  skipped: 'Not run.',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, type: 'cancel' | 'copy' | 'insert', title: string): HTMLButtonElement {
  const node = el('button', `action action-${type}`, label);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', () => vscode.postMessage({ type }));
  return node;
}

// The frame is built once; each snapshot updates it in place.
const header = el('header', 'run-header');
const title = el('h1', 'run-title');
const subtitle = el('div', 'run-subtitle');
const statusLine = el('div', 'run-status');
const badge = el('span', 'badge');
const totals = el('span', 'totals');
statusLine.append(badge, totals);
const actions = el('div', 'actions');
const cancelButton = button('Cancel', 'cancel', 'Stop this run (aborts the upstream request)');
const copyButton = button('Copy', 'copy', 'Copy the final answer');
const insertButton = button('Insert', 'insert', 'Replace the selection, or insert at the cursor');
actions.append(cancelButton, copyButton, insertButton);
header.append(title, subtitle, statusLine, actions);
const errorBox = el('div', 'run-error');
errorBox.setAttribute('role', 'alert');
const phaseList = el('div', 'phases');
root.replaceChildren(header, errorBox, phaseList);

interface PhaseNodes {
  readonly section: HTMLElement;
  readonly badge: HTMLElement;
  readonly route: HTMLElement;
  readonly figures: HTMLElement;
  readonly escalations: HTMLElement;
  readonly body: HTMLElement;
  key?: string;
}
const phaseNodes = new Map<string, PhaseNodes>();

function phaseNodesFor(phase: PhaseView['phase']): PhaseNodes {
  let nodes = phaseNodes.get(phase);
  if (nodes) return nodes;
  const section = el('section', 'phase');
  section.dataset.phase = phase;
  const top = el('div', 'phase-top');
  const name = el('h2', 'phase-name', PHASE_TITLES[phase]);
  const phaseBadge = el('span', 'badge');
  const route = el('span', 'phase-route');
  const figures = el('span', 'phase-figures');
  top.append(name, phaseBadge, route, figures);
  const escalations = el('ul', 'escalations');
  const body = el('div', 'phase-body markdown');
  section.append(top, escalations, body);
  phaseList.append(section);
  nodes = { section, badge: phaseBadge, route, figures, escalations, body };
  phaseNodes.set(phase, nodes);
  return nodes;
}

function usd(value: number): string {
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

function setBadge(node: HTMLElement, status: string): void {
  node.className = `badge status-${status}`;
  node.textContent = STATUS_WORDS[status] ?? status;
}

function drawPhase(view: PhaseView): void {
  const nodes = phaseNodesFor(view.phase);
  nodes.section.dataset.status = view.status;
  setBadge(nodes.badge, view.status);
  nodes.route.textContent = view.model ? `${view.model} · ${view.provider ?? ''}` : '';
  const figures: string[] = [];
  if (view.promptTokens !== undefined && view.completionTokens !== undefined) {
    figures.push(`${view.promptTokens.toLocaleString('en-US')} → ${view.completionTokens.toLocaleString('en-US')} tokens${view.estimated ? ' (est.)' : ''}`);
  }
  if (view.costUsd !== undefined) figures.push(usd(view.costUsd));
  if (view.durationMs !== undefined) figures.push(`${(view.durationMs / 1000).toFixed(1)} s`);
  nodes.figures.textContent = figures.join(' · ');
  const notes = view.escalations.map((e) => `Escalated past ${e.model} (${e.provider}): ${e.reason}${e.detail ? ` — ${e.detail}` : ''}`);
  if (view.note) notes.push(view.note);
  nodes.escalations.replaceChildren(...notes.map((note) => el('li', undefined, note)));
  // Markdown is re-rendered only when the text or status changed.
  const key = `${view.status}\u0000${view.text}`;
  if (nodes.key !== key) {
    nodes.key = key;
    const placeholder = PLACEHOLDERS[view.status];
    nodes.body.replaceChildren(view.text === '' ? el('p', 'placeholder', placeholder) : renderMarkdown(view.text));
  }
}

function render(state: PanelState): void {
  title.textContent = state.title;
  subtitle.textContent = state.subtitle;
  setBadge(badge, state.status);
  totals.textContent = `${state.totalTokens.toLocaleString('en-US')} tokens · ${usd(state.costUsd)}`;
  const running = state.status === 'running';
  cancelButton.hidden = !running;
  const answered = state.final !== undefined;
  copyButton.disabled = !answered;
  insertButton.disabled = !answered;
  insertButton.title = state.insertTarget ? `Insert into ${state.insertTarget}: replace the selection, or insert at the cursor` : 'Insert into the active editor';
  errorBox.hidden = !state.error || state.error.code === 'cancelled';
  errorBox.textContent = state.error ? state.error.message : '';
  document.body.dataset.status = state.status;
  for (const phase of state.phases) drawPhase(phase);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message || message.seq <= shownSeq) return;
  shownSeq = message.seq;
  render(message.state);
  vscode.setState(message.state);
  vscode.postMessage({ type: 'rendered', seq: message.seq });
});

const saved = vscode.getState();
if (isPanelState(saved)) render(saved);
vscode.postMessage({ type: 'ready', protocol: protocolVersion });
