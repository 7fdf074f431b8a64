// "Ask…": one routed chat request whose answer streams into a new untitled markdown document, under
// a cancellable notification. Logs shapes only (prompt length, model, tokens), never text.
import * as vscode from 'vscode';
import { isCancellation } from '../core/base/errors';
import { textMessage } from '../core/model/content';
import type { Logger } from '../core/ports';
import { describeFailure, noKeyReport, showFailure } from './failures';
import type { FeatureUi } from './featureUi';
import { formatUsd } from './statusBar';
import type { TokenhubService } from './tokenhubService';

const FLUSH_INTERVAL_MS = 40;

/** What Ask needs from the extension. */
export interface AskDeps {
  readonly service: TokenhubService;
  readonly ui: () => FeatureUi;
  readonly logger: Logger;
}

/** How an Ask ended, for the tests: the document it wrote and whether it finished. */
export interface AskOutcome {
  readonly document?: vscode.TextDocument;
  readonly status: 'done' | 'cancelled' | 'failed' | 'dismissed';
}

/** Asks for a prompt (unless given) and streams the answer into a new markdown editor. */
export async function ask(deps: AskDeps, given?: string): Promise<AskOutcome> {
  const ui = deps.ui();
  const prompt = given ?? (await ui.showInputBox({ title: 'Tokenhub: Ask', prompt: 'Ask any model; Tokenhub picks one and escalates on failure.', placeHolder: 'Explain…', ignoreFocusOut: true }));
  if (prompt === undefined || prompt.trim() === '') return { status: 'dismissed' };
  try {
    return await deps.service.use(async (tokenhub) => {
      const noKey = await noKeyReport(tokenhub);
      if (noKey) {
        void showFailure(ui, noKey);
        return { status: 'failed' };
      }
      return ui.withProgress('Tokenhub: asking…', async (progress, token) => {
        const controller = new AbortController();
        const cancelled = token.onCancellationRequested(() => controller.abort());
        let document: vscode.TextDocument | undefined;
        try {
          deps.logger.log('info', 'ask: started', { chars: prompt.length });
          const started = Date.now();
          const stream = await tokenhub.router.stream({ request: { kind: 'chat', messages: [textMessage('user', prompt)] }, signal: controller.signal });
          progress.report({ message: `${stream.model.id} (${stream.model.provider})` });
          document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
          await vscode.window.showTextDocument(document, { preview: false });
          const writer = new DocumentAppender(document);
          for await (const batch of stream.batches) for (const event of batch.events) if (event.type === 'text') writer.append(event.text);
          const summary = await stream.summary;
          const ms = Date.now() - started;
          const escalated = stream.escalations.length > 0 ? ` · escalated past ${stream.escalations.map((e) => `${e.model} (${e.reason})`).join(', ')}` : '';
          writer.append(`\n\n---\n*${stream.model.id} · ${stream.model.provider} · ${summary.usage.totalTokens} tokens · ${formatUsd(summary.costUsd)} · ${(ms / 1000).toFixed(1)} s${escalated}*\n`);
          await writer.close();
          deps.logger.log('info', 'ask: answered', { model: stream.model.id, tokens: summary.usage.totalTokens, costUsd: summary.costUsd.toFixed(6), ms });
          return { document, status: 'done' } as const;
        } catch (error) {
          if (isCancellation(error) || controller.signal.aborted) {
            deps.logger.log('info', 'ask: cancelled');
            return { document, status: 'cancelled' } as const;
          }
          throw error;
        } finally {
          cancelled.dispose();
        }
      });
    });
  } catch (error) {
    deps.logger.log('warn', 'ask: failed', { code: (error as { code?: string }).code });
    void showFailure(ui, describeFailure(error));
    return { status: 'failed' };
  }
}

/** Appends streamed text at the end of a document, batching edits so a fast stream stays smooth. */
class DocumentAppender {
  #pending = '';
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly document: vscode.TextDocument) {}

  append(text: string): void {
    this.#pending += text;
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_INTERVAL_MS);
  }

  async close(): Promise<void> {
    this.#flush();
    await this.#chain;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const text = this.#pending;
    this.#pending = '';
    if (text === '') return;
    this.#chain = this.#chain.then(async () => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(this.document.uri, this.document.lineAt(this.document.lineCount - 1).range.end, text);
      await vscode.workspace.applyEdit(edit);
    });
  }
}
