// Insert as a diff: the code of an answer is shown against the file it would change (`vscode.diff`,
// the proposal on the right as a read-only virtual document), then applied or discarded, from the
// notification or the diff editor's title buttons. The file changes only on Apply, and only while
// the text the answer was asked about is still where it was.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { FeatureUi } from './featureUi';

export const PROPOSAL_SCHEME = 'tokenhub-proposal';
/** Context key: a proposal's diff is open (the editor title shows Apply and Discard). */
export const PROPOSAL_CONTEXT = 'tokenhub.proposalOpen';
export const APPLY = 'Apply';
export const DISCARD = 'Discard';

/** The text an answer would replace: where it is and what it was. */
export interface EditTarget {
  readonly uri: vscode.Uri;
  /** An empty range inserts at that position. */
  readonly range: vscode.Range;
  /** The text in `range` when the question was asked. */
  readonly original: string;
  readonly label: string;
}

/** How a proposal ended. */
export type ProposalOutcome = 'applied' | 'discarded' | 'stale';

interface Pending {
  readonly target: EditTarget;
  readonly code: string;
  readonly proposalUri: vscode.Uri;
  readonly resolve: (outcome: ProposalOutcome) => void;
}

/** The open proposals, their virtual documents and the Apply/Discard commands. */
export class ProposalHost implements vscode.Disposable {
  readonly #documents = new Map<string, string>();
  readonly #pending = new Map<string, Pending>();
  readonly #disposables: vscode.Disposable[] = [];
  #next = 0;

  constructor(
    private readonly ui: () => FeatureUi,
    private readonly logger: Logger,
  ) {
    const changed = new vscode.EventEmitter<vscode.Uri>();
    this.#disposables.push(
      changed,
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
        onDidChange: changed.event,
        provideTextDocumentContent: (uri) => this.#documents.get(uri.toString()) ?? '',
      }),
      // Closing the diff by hand discards the proposal.
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          const input = tab.input;
          if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME) void this.#finish(input.modified.toString(), 'discarded', false);
        }
      }),
    );
  }

  /** The proposal whose diff is active or most recent (what the title buttons act on). */
  get current(): string | undefined {
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (active instanceof vscode.TabInputTextDiff && this.#pending.has(active.modified.toString())) return active.modified.toString();
    return [...this.#pending.keys()].at(-1);
  }

  /** Shows `code` in place of the target's text as a diff, and resolves with what the user chose. */
  async propose(target: EditTarget, code: string): Promise<ProposalOutcome> {
    const document = await vscode.workspace.openTextDocument(target.uri);
    const proposed = document.getText(new vscode.Range(document.positionAt(0), target.range.start)) + code + document.getText(new vscode.Range(target.range.end, document.positionAt(document.getText().length)));
    this.#next += 1;
    // The proposal's path ends in the file's name, so it gets the file's language.
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.#next}/${path.basename(target.uri.path) || 'proposal'}` });
    this.#documents.set(proposalUri.toString(), proposed);
    const outcome = new Promise<ProposalOutcome>((resolve) => this.#pending.set(proposalUri.toString(), { target, code, proposalUri, resolve }));
    // In the file's own column: the panel that asked stays in view beside it.
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.uri.toString())?.viewColumn;
    await vscode.commands.executeCommand('vscode.diff', target.uri, proposalUri, `${target.label} ↔ Tokenhub's proposal`, { preview: false, ...(column ? { viewColumn: column } : {}) });
    // The tab model reaches the extension host a moment after the command: Apply and Discard close the tab, so wait for it.
    await tabShown(proposalUri.toString());
    await this.#syncContext();
    this.logger.log('info', 'insert: proposal shown', { chars: code.length });
    void this.ui()
      .showInformationMessage(`Tokenhub: apply the proposed change to ${target.label}? The diff shows it.`, APPLY, DISCARD)
      .then((picked) => {
        if (picked === APPLY) void this.apply(proposalUri.toString());
        else if (picked === DISCARD) void this.discard(proposalUri.toString());
      });
    return outcome;
  }

  /** Applies a proposal (the current one by default). */
  async apply(key = this.current): Promise<ProposalOutcome | undefined> {
    const pending = key === undefined ? undefined : this.#pending.get(key);
    if (!pending) return undefined;
    const document = await vscode.workspace.openTextDocument(pending.target.uri);
    if (document.getText(pending.target.range) !== pending.target.original) {
      void this.ui().showWarningMessage(`Tokenhub: ${pending.target.label} changed where the answer would go, so nothing was applied. Select the code again and insert once more.`);
      return this.#finish(key!, 'stale', true);
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(pending.target.uri, pending.target.range, pending.code);
    const applied = await vscode.workspace.applyEdit(edit);
    this.logger.log('info', 'insert: proposal applied', { applied, chars: pending.code.length });
    return this.#finish(key!, applied ? 'applied' : 'stale', true);
  }

  /** Discards a proposal (the current one by default). */
  async discard(key = this.current): Promise<ProposalOutcome | undefined> {
    if (key === undefined || !this.#pending.has(key)) return undefined;
    return this.#finish(key, 'discarded', true);
  }

  dispose(): void {
    for (const key of [...this.#pending.keys()]) void this.#finish(key, 'discarded', false);
    for (const disposable of this.#disposables.splice(0)) disposable.dispose();
  }

  async #finish(key: string, outcome: ProposalOutcome, closeTab: boolean): Promise<ProposalOutcome> {
    const pending = this.#pending.get(key);
    if (!pending) return outcome;
    this.#pending.delete(key);
    pending.resolve(outcome);
    if (closeTab) {
      const tabs = diffTabs(key);
      if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    }
    this.#documents.delete(key);
    if (outcome !== 'applied') this.logger.log('info', `insert: proposal ${outcome}`);
    await this.#syncContext();
    return outcome;
  }

  async #syncContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', PROPOSAL_CONTEXT, this.#pending.size > 0);
  }
}

function diffTabs(key: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === key);
}

/** Resolves once the proposal's diff tab is known here (or after 5 s, when the editor never showed it). */
function tabShown(key: string): Promise<void> {
  if (diffTabs(key).length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const listener = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (diffTabs(key).length > 0) done();
    });
    const timer = setTimeout(done, 5000);
  });
}
