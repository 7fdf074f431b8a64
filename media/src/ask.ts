// The Ask panel's script. It says `ready`, draws each complete snapshot the host sends (newest
// wins), acknowledges what it drew and keeps it with `setState` for a window reload. Answers go
// through the markdown renderer, which only ever sets `textContent`. The composer sends follow-ups
// and the model for the next turn; the host checks both. Colours come only from the theme (ask.css).
import './common.css';
import './ask.css';
import { askProtocolVersion, isAskPanelState, parseAskHostMessage } from '../../src/shared/askProtocol';
import type { AskPanelState, AskTurnView, AskWebviewMessage } from '../../src/shared/askProtocol';
import { renderMarkdown } from './markdown';
import { vscodeApi } from './vscodeApi';

const vscode = vscodeApi<AskWebviewMessage>();
const root = document.getElementById('root') ?? document.body;
let shownSeq = -1;
let current: AskPanelState | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, className: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = el('button', `action ${className}`, label);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

function usd(value: number): string {
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

// The frame is built once; each snapshot updates it in place.
const header = el('header', 'ask-header');
const title = el('h1', 'ask-title');
const contextLine = el('div', 'ask-context');
const headerActions = el('div', 'actions');
headerActions.append(
  button('New', 'action-new', 'Start a new conversation (Tokenhub: Ask…)', () => vscode.postMessage({ type: 'newConversation' })),
  button('History', 'action-history', 'Open a recent conversation', () => vscode.postMessage({ type: 'history' })),
);
header.append(title, contextLine, headerActions);
const turnList = el('div', 'turns');
const composer = el('form', 'composer');
const input = el('textarea', 'composer-input');
input.rows = 3;
input.placeholder = 'Ask a follow-up… (Enter sends, Shift+Enter starts a new line)';
input.setAttribute('aria-label', 'Follow-up question');
const modelLabel = el('label', 'composer-model-label', 'Next answer from ');
const modelSelect = el('select', 'composer-model');
modelSelect.setAttribute('aria-label', 'Model for the next answer');
modelLabel.append(modelSelect);
const send = el('button', 'action action-send', 'Send');
send.type = 'submit';
const cancel = button('Cancel', 'action-cancel', 'Stop this answer (aborts the upstream request)', () => vscode.postMessage({ type: 'cancel' }));
const composerBar = el('div', 'composer-bar');
composerBar.append(modelLabel, cancel, send);
composer.append(input, composerBar);
root.replaceChildren(header, turnList, composer);

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value;
  if (question.trim() === '' || current?.busy) return;
  vscode.postMessage({ type: 'ask', question });
  input.value = '';
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});
modelSelect.addEventListener('change', () => vscode.postMessage({ type: 'pickModel', model: modelSelect.value }));

interface TurnNodes {
  readonly section: HTMLElement;
  readonly question: HTMLElement;
  readonly answer: HTMLElement;
  readonly route: HTMLElement;
  readonly figures: HTMLElement;
  readonly notes: HTMLElement;
  readonly error: HTMLElement;
  readonly copy: HTMLButtonElement;
  readonly insert: HTMLButtonElement;
  key?: string;
}
const turnNodes: TurnNodes[] = [];

function nodesFor(index: number): TurnNodes {
  const existing = turnNodes[index];
  if (existing) return existing;
  const section = el('section', 'turn');
  section.dataset.turn = String(index);
  const question = el('div', 'turn-question');
  const answer = el('div', 'turn-answer markdown');
  const footer = el('div', 'turn-footer');
  const route = el('span', 'turn-route');
  const figures = el('span', 'turn-figures');
  const copy = button('Copy', 'action-copy', 'Copy this answer', () => vscode.postMessage({ type: 'copy', turn: index }));
  const insert = button('Insert', 'action-insert', 'Show the code of this answer as a diff against the selection', () => vscode.postMessage({ type: 'insert', turn: index }));
  const buttons = el('span', 'turn-actions');
  buttons.append(copy, insert);
  footer.append(route, figures, buttons);
  const notes = el('ul', 'escalations');
  const error = el('div', 'turn-error');
  error.setAttribute('role', 'alert');
  section.append(question, answer, notes, error, footer);
  turnList.append(section);
  const nodes: TurnNodes = { section, question, answer, route, figures, notes, error, copy, insert };
  turnNodes[index] = nodes;
  return nodes;
}

const PLACEHOLDERS: Record<AskTurnView['status'], string> = {
  streaming: 'Waiting for the first token…',
  done: '(empty answer)',
  failed: 'No answer.',
  cancelled: 'Cancelled.',
};

function drawTurn(index: number, turn: AskTurnView, state: AskPanelState): void {
  const nodes = nodesFor(index);
  nodes.section.dataset.status = turn.status;
  nodes.question.textContent = turn.question;
  nodes.route.textContent = turn.model ? `${turn.model} · ${turn.provider ?? ''}${turn.asked !== 'auto' ? ' (picked)' : ''}` : turn.asked === 'auto' ? 'Auto' : turn.asked;
  const figures: string[] = [];
  if (turn.promptTokens !== undefined && turn.completionTokens !== undefined) figures.push(`${turn.promptTokens.toLocaleString('en-US')} → ${turn.completionTokens.toLocaleString('en-US')} tokens${turn.estimated ? ' (est.)' : ''}`);
  if (turn.costUsd !== undefined) figures.push(usd(turn.costUsd));
  if (turn.durationMs !== undefined) figures.push(`${(turn.durationMs / 1000).toFixed(1)} s`);
  nodes.figures.textContent = figures.join(' · ');
  nodes.notes.replaceChildren(...turn.escalations.map((e) => el('li', undefined, `Escalated past ${e.model} (${e.provider}): ${e.reason}`)));
  nodes.error.hidden = turn.error === undefined;
  nodes.error.textContent = turn.error ?? '';
  const done = turn.status === 'done';
  nodes.copy.disabled = turn.answer === '';
  nodes.insert.disabled = !done || turn.codeBlocks === 0;
  nodes.insert.title = turn.codeBlocks === 0 ? 'This answer holds no code block' : `Show the code as a diff against ${state.insertTarget ?? 'the selection'}${turn.codeBlocks > 1 ? ` (${turn.codeBlocks} blocks: you pick one)` : ''}`;
  // Markdown is re-rendered only when the text or status changed.
  const key = `${turn.status}\u0000${turn.answer}`;
  if (nodes.key !== key) {
    nodes.key = key;
    nodes.answer.replaceChildren(turn.answer === '' ? el('p', 'placeholder', PLACEHOLDERS[turn.status]) : renderMarkdown(turn.answer));
  }
}

function render(state: AskPanelState): void {
  current = state;
  title.textContent = state.title;
  contextLine.textContent = state.context ? `${state.context.fileName} · ${state.context.kind === 'selection' ? 'selection' : 'on screen'}, ${state.context.lines} (${state.context.language})` : 'No file context';
  state.turns.forEach((turn, index) => drawTurn(index, turn, state));
  for (const extra of turnNodes.splice(state.turns.length)) extra.section.remove();
  const options = state.models.map((m) => `${m.id}\u0000${m.label}`).join('\u0001');
  if (modelSelect.dataset.options !== options) {
    modelSelect.dataset.options = options;
    modelSelect.replaceChildren(...state.models.map((m) => Object.assign(el('option', undefined, m.label), { value: m.id })));
  }
  modelSelect.value = state.nextModel;
  send.disabled = state.busy;
  cancel.hidden = !state.busy;
  document.body.dataset.busy = String(state.busy);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseAskHostMessage(event.data);
  if (!message || message.seq <= shownSeq) return;
  const wasAtEnd = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
  shownSeq = message.seq;
  render(message.state);
  // Follow a streaming answer unless the reader scrolled up.
  if (wasAtEnd) window.scrollTo(0, document.body.scrollHeight);
  vscode.setState(message.state);
  vscode.postMessage({ type: 'rendered', seq: message.seq });
});

const saved = vscode.getState();
if (isAskPanelState(saved)) render(saved);
vscode.postMessage({ type: 'ready', protocol: askProtocolVersion });
input.focus();
