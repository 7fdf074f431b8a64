// Insert, for Ask and the adversarial panel alike: the code blocks of an answer (the core finds and
// ranks them), the user's pick when there are several, then a diff against the text the question
// was about. Never the markdown around the code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeBlock } from '../core/ask/codeBlocks';
import { applicableBlocks, blockLabel, codeBlocks, fitToSelection } from '../core/ask/codeBlocks';
import type { FeatureUi } from './featureUi';
import type { EditTarget, ProposalHost, ProposalOutcome } from './proposals';

/** A code block in a quick pick. */
export interface BlockPickItem extends vscode.QuickPickItem {
  readonly block: CodeBlock;
}

/** How an Insert ended, for the tests. */
export type InsertOutcome = ProposalOutcome | 'no_code' | 'no_editor' | 'dismissed';

/** The target of an editor: its selection (or its cursor when nothing is selected). */
export function editorTarget(editor: vscode.TextEditor): EditTarget {
  const range = new vscode.Range(editor.selection.start, editor.selection.end);
  return { uri: editor.document.uri, range, original: editor.document.getText(range), label: path.basename(editor.document.fileName) };
}

/** Offers the code of `answer` as a diff against `target` (else the active editor's selection). */
export async function insertAnswer(ui: FeatureUi, proposals: ProposalHost, answer: string, target: EditTarget | undefined): Promise<InsertOutcome> {
  const chosen = target ?? (vscode.window.activeTextEditor ? editorTarget(vscode.window.activeTextEditor) : undefined);
  if (!chosen) {
    void ui.showWarningMessage('Tokenhub: open the file to insert the code into, select what it replaces, and try again.');
    return 'no_editor';
  }
  const document = await vscode.workspace.openTextDocument(chosen.uri);
  const blocks = applicableBlocks(codeBlocks(answer), document.languageId);
  if (blocks.length === 0) {
    const picked = await ui.showWarningMessage('Tokenhub: the answer holds no code block to insert. Copy it instead?', 'Copy Answer');
    if (picked === 'Copy Answer') await vscode.env.clipboard.writeText(answer);
    return 'no_code';
  }
  let block = blocks[0]!;
  if (blocks.length > 1) {
    const items: BlockPickItem[] = blocks.map((b, i) => ({ block: b, label: blockLabel(b), description: i === 0 ? 'best match' : `block ${b.index + 1}`, detail: preview(b.code) }));
    const picked = await ui.showQuickPick(items, { title: `Tokenhub: which code goes into ${chosen.label}?`, placeHolder: 'The answer has several code blocks; the diff shows the one you pick' });
    if (!picked) return 'dismissed';
    block = picked.block;
  }
  return proposals.propose(chosen, fitToSelection(block.code, chosen.original));
}

function preview(code: string): string {
  const lines = code.split('\n').slice(0, 3).map((line) => line.trim()).filter(Boolean);
  return lines.join(' ⏎ ').slice(0, 120);
}
