// "Ask…": the question (typed, or given), the editor context it goes with (the selection, else the
// part of the file on screen), a panel per conversation, the bounded history of recent ones (global
// state) and the question typed before setup, kept and offered again once a provider can answer.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseHistory, remember, startConversation } from '../core/ask/conversation';
import type { Conversation, TurnStatus } from '../core/ask/conversation';
import type { AskContext } from '../core/ask/prompts';
import { isAskPanelState } from '../shared/askProtocol';
import { AskSession, askViewType } from './askSession';
import type { AskSessionDeps } from './askSession';
import { setupReport } from './failures';
import { editorTarget } from './insertAnswer';
import type { EditTarget } from './proposals';
import { webviewOptions } from './webviewChannel';

const HISTORY_KEY = 'tokenhub.askHistory';

/** How an Ask ended, for the tests. */
export interface AskOutcome {
  readonly status: TurnStatus | 'dismissed' | 'waiting';
  readonly session?: AskSession;
}

/** A question typed before anything could answer it. */
export interface PendingQuestion {
  readonly question: string;
  readonly context?: AskContext;
  readonly target?: EditTarget & { readonly languageId: string };
}

/** One row of "Open Recent Conversation…". */
export interface ConversationPickItem extends vscode.QuickPickItem {
  readonly conversationId: string;
}

/** What the host needs besides a session's needs. */
export interface AskHostDeps extends Omit<AskSessionDeps, 'remember'> {
  readonly memento: vscode.Memento;
}

/** Every Ask panel, the history and the pending question. */
export class AskHost implements vscode.Disposable {
  readonly sessions: AskSession[] = [];
  #history: Conversation[];
  #pending: PendingQuestion | undefined;

  constructor(private readonly deps: AskHostDeps) {
    // Malformed entries are dropped rather than trusted (parseHistory checks every field).
    this.#history = parseHistory(deps.memento.get<unknown>(HISTORY_KEY));
  }

  /** The kept conversations, newest first. */
  get history(): readonly Conversation[] {
    return this.#history;
  }

  /** The question kept until a provider can answer it. */
  get pending(): PendingQuestion | undefined {
    return this.#pending;
  }

  /** Asks (typing the question unless given) with the active editor's code as context. */
  async ask(given?: string): Promise<AskOutcome> {
    const editor = vscode.window.activeTextEditor;
    const context = editor ? contextOf(editor) : undefined;
    const ui = this.deps.ui();
    const question =
      given ??
      (await ui.showInputBox({
        title: 'Tokenhub: Ask',
        prompt: context ? `About ${context.kind === 'selection' ? 'the selection in' : 'what is on screen of'} ${context.fileName} (${lineWords(context)}); follow-ups go in the panel.` : 'Ask any model; Tokenhub picks one and escalates on failure.',
        placeHolder: 'Explain…',
        ignoreFocusOut: true,
      }));
    if (question === undefined || question.trim() === '') return { status: 'dismissed' };
    const target = editor ? { ...editorTarget(editor), languageId: editor.document.languageId } : undefined;
    return this.#askWhenReady({ question, ...(context ? { context } : {}), ...(target ? { target } : {}) });
  }

  /**
   * When a question waits and a provider can now answer, offers to ask it ("Ask Now"); resolves
   * with the outcome when it was asked.
   */
  async offerPending(): Promise<AskOutcome | undefined> {
    const pending = this.#pending;
    if (!pending) return undefined;
    const state = await this.deps.service.setupState();
    if (state.kind !== 'ready') return undefined;
    const shown = pending.question.length > 60 ? `${pending.question.slice(0, 59)}…` : pending.question;
    const picked = await this.deps.ui().showInformationMessage(`Tokenhub can answer now. Ask your question "${shown}"?`, 'Ask Now', 'Discard');
    if (this.#pending !== pending) return undefined;
    if (picked === 'Discard') this.#pending = undefined;
    if (picked !== 'Ask Now') return undefined;
    this.#pending = undefined;
    return this.#askWhenReady(pending);
  }

  /** Forgets the kept question. */
  discardPending(): void {
    this.#pending = undefined;
  }

  /** Reopens a kept conversation (picked from the history unless `id` names one). */
  async openRecent(id?: string): Promise<AskSession | undefined> {
    let chosen = id;
    if (chosen === undefined) {
      if (this.#history.length === 0) {
        void this.deps.ui().showInformationMessage('Tokenhub: no conversation yet. "Tokenhub: Ask…" starts one.');
        return undefined;
      }
      const items: ConversationPickItem[] = this.#history.map((c) => ({
        conversationId: c.id,
        label: c.title,
        description: `${c.turns.length} turn${c.turns.length === 1 ? '' : 's'}${c.context ? ` · ${c.context.fileName}` : ''}`,
        detail: new Date(c.updatedAt).toLocaleString(),
      }));
      chosen = (await this.deps.ui().showQuickPick(items, { title: 'Tokenhub: Open Recent Conversation', placeHolder: 'Newest first', matchOnDescription: true }))?.conversationId;
    }
    const conversation = this.#history.find((c) => c.id === chosen);
    if (!conversation) return undefined;
    const open = this.sessions.find((s) => s.conversation.id === conversation.id);
    if (open) {
      open.panel.reveal();
      return open;
    }
    return this.#open(conversation, undefined);
  }

  /** Reattaches a panel VS Code restored after a reload to its kept conversation. */
  restore(panel: vscode.WebviewPanel, state: unknown): AskSession | undefined {
    const conversation = isAskPanelState(state) ? this.#history.find((c) => c.id === state.conversationId) : undefined;
    if (!conversation) {
      this.deps.logger.log('warn', 'ask panel: nothing usable to restore');
      panel.dispose();
      return undefined;
    }
    return this.#adopt(panel, conversation, undefined);
  }

  dispose(): void {
    for (const session of this.sessions.splice(0)) session.dispose();
  }

  async #askWhenReady(question: PendingQuestion): Promise<AskOutcome> {
    const report = setupReport(await this.deps.service.setupState());
    if (report) {
      this.#pending = question;
      this.deps.logger.log('info', 'ask: kept the question until a provider can answer', { chars: question.question.length });
      void this.deps.reporter.show({ ...report, message: `${report.message} Your question is kept and asked once you are set up.` }, 'warning');
      return { status: 'waiting' };
    }
    const conversation = startConversation(randomUUID(), question.question, 'auto', Date.now(), question.context);
    const session = this.#open(conversation, question.target);
    this.#remember(conversation);
    return { status: await session.start(), session };
  }

  #open(conversation: Conversation, target: PendingQuestion['target']): AskSession {
    const panel = vscode.window.createWebviewPanel(askViewType, `Ask: ${conversation.title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { ...webviewOptions(this.deps.extensionUri), retainContextWhenHidden: false });
    return this.#adopt(panel, conversation, target);
  }

  #adopt(panel: vscode.WebviewPanel, conversation: Conversation, target: PendingQuestion['target']): AskSession {
    const session = new AskSession({ ...this.deps, remember: (c) => this.#remember(c) }, panel, conversation, target);
    this.sessions.push(session);
    panel.onDidDispose(() => this.sessions.splice(this.sessions.indexOf(session), 1));
    return session;
  }

  #remember(conversation: Conversation): void {
    this.#history = remember(this.#history, conversation);
    void this.deps.memento.update(HISTORY_KEY, this.#history);
  }
}

/** The selection, else the lines on screen, of an editor, as Ask's context. */
export function contextOf(editor: vscode.TextEditor): AskContext | undefined {
  const { document, selection } = editor;
  const fileName = path.basename(document.fileName);
  if (!selection.isEmpty) {
    const code = document.getText(selection);
    if (code.trim() !== '') return { fileName, language: document.languageId, kind: 'selection', startLine: selection.start.line + 1, endLine: lastLine(selection) + 1, code };
  }
  const visible = editor.visibleRanges[0];
  if (!visible || document.getText().trim() === '') return undefined;
  const range = new vscode.Range(visible.start.line, 0, visible.end.line, document.lineAt(visible.end.line).text.length);
  return { fileName, language: document.languageId, kind: 'visible', startLine: range.start.line + 1, endLine: range.end.line + 1, code: document.getText(range) };
}

/** The last line a selection covers: one ending at the start of a line (whole lines selected) ends on the line before. */
export function lastLine(selection: vscode.Selection): number {
  return selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
}

function lineWords(context: AskContext): string {
  return context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}–${context.endLine}`;
}

/** A restored panel's options. */
export const askPanelOptions = webviewOptions;
