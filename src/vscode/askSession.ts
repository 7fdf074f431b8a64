// One Ask conversation in its panel: each turn is one routed, streamed chat request (the system
// prompt with the editor context, then the conversation so far), its text folded as it arrives and
// shown at most every 50 ms, its facts (model, provider, tokens, cost, time) once it ends. Logs
// shapes only (lengths, model, tokens), never questions or answers.
import * as vscode from 'vscode';
import { isCancellation } from '../core/base/errors';
import { askFollowUp, conversationMessages, finishTurn, updateLastTurn } from '../core/ask/conversation';
import type { Conversation, TurnStatus } from '../core/ask/conversation';
import { askRequestMessages } from '../core/ask/prompts';
import type { Logger } from '../core/ports';
import { AnswerFolder } from '../core/model/answer';
import { textOf } from '../core/model/content';
import { askProtocolVersion, parseAskWebviewMessage } from '../shared/askProtocol';
import type { AskModelOption, AskPanelState, AskWebviewMessage } from '../shared/askProtocol';
import { askPanelState, modelOptions } from './askState';
import type { FailureReporter } from './failures';
import { describeFailure } from './failures';
import type { FeatureUi } from './featureUi';
import type { InsertOutcome } from './insertAnswer';
import { insertAnswer } from './insertAnswer';
import type { EditTarget, ProposalHost } from './proposals';
import type { TokenhubService } from './tokenhubService';
import { SnapshotConnection } from './webviewChannel';
import type { PanelScript } from './webviewChannel';

export const askViewType = 'tokenhub.ask';
const SNAPSHOT_INTERVAL_MS = 50;

/** What a session needs from the extension. */
export interface AskSessionDeps {
  readonly service: TokenhubService;
  readonly ui: () => FeatureUi;
  readonly logger: Logger;
  readonly reporter: FailureReporter;
  readonly proposals: ProposalHost;
  readonly extensionUri: vscode.Uri;
  /** Called whenever the conversation changed (the history keeps it). */
  readonly remember: (conversation: Conversation) => void;
}

type AskRequest = Exclude<AskWebviewMessage, { type: 'ready' } | { type: 'rendered' }>;

const askScript: PanelScript<AskRequest> = { name: 'ask', title: 'Tokenhub: Ask', protocol: askProtocolVersion, parse: parseAskWebviewMessage };

/** One conversation, its panel and its running turn. */
export class AskSession implements vscode.Disposable {
  readonly connection: SnapshotConnection<AskPanelState, AskRequest>;
  #conversation: Conversation;
  #models: readonly AskModelOption[] = [{ id: 'auto', label: 'Auto (Tokenhub picks)' }];
  #nextModel = 'auto';
  #controller: AbortController | undefined;
  #turn: Promise<TurnStatus> = Promise.resolve('done');
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(
    private readonly deps: AskSessionDeps,
    readonly panel: vscode.WebviewPanel,
    conversation: Conversation,
    /** Where Insert offers its diff: the text the question was about, when there was an editor. */
    readonly target: (EditTarget & { readonly languageId: string }) | undefined,
  ) {
    this.#conversation = conversation;
    this.#nextModel = conversation.turns.at(-1)?.asked ?? 'auto';
    this.connection = new SnapshotConnection(panel, deps.extensionUri, deps.logger, this.#state(), askScript, (message) => this.#receive(message));
    panel.onDidDispose(() => {
      this.#disposed = true;
      this.#controller?.abort();
    });
    void this.#loadModels();
  }

  get conversation(): Conversation {
    return this.#conversation;
  }

  /** Settles when the turn that runs (or ran last) ended. */
  get turn(): Promise<TurnStatus> {
    return this.#turn;
  }

  /** The model the next turn asks for. */
  get nextModel(): string {
    return this.#nextModel;
  }

  /** Answers the conversation's last turn (a new conversation's first question). */
  start(): Promise<TurnStatus> {
    this.#turn = this.#run();
    return this.#turn;
  }

  /** Asks a follow-up question (ignored while a turn runs: the panel's box waits). */
  followUp(question: string): Promise<TurnStatus> {
    if (this.#controller) return this.#turn;
    this.#update(askFollowUp(this.#conversation, question, this.#nextModel, Date.now()));
    return this.start();
  }

  /** Stops the running turn (aborts the upstream request). */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Picks the model for the next turn; only `auto` and the registry's models are taken. */
  pickModel(model: string): void {
    if (!this.#models.some((m) => m.id === model)) {
      this.deps.logger.log('warn', 'ask: the panel picked an unknown model; kept the previous choice');
      return;
    }
    this.#nextModel = model;
    this.#show();
  }

  /** Offers the code of a turn's answer as a diff against the target. */
  async insert(turn: number): Promise<InsertOutcome | undefined> {
    const text = this.#conversation.turns[turn]?.text;
    if (text === undefined) return undefined;
    return insertAnswer(this.deps.ui(), this.deps.proposals, text, this.target);
  }

  /** A turn's answer to the clipboard. */
  async copy(turn: number): Promise<void> {
    const text = this.#conversation.turns[turn]?.text;
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('Tokenhub: answer copied', 2500);
  }

  dispose(): void {
    this.panel.dispose();
  }

  #receive(message: AskRequest): void {
    switch (message.type) {
      case 'ask':
        void this.followUp(message.question);
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'pickModel':
        this.pickModel(message.model);
        return;
      case 'insert':
        void this.insert(message.turn);
        return;
      case 'copy':
        void this.copy(message.turn);
        return;
      case 'newConversation':
        void vscode.commands.executeCommand('tokenhub.ask');
        return;
      case 'history':
        void vscode.commands.executeCommand('tokenhub.openConversation');
        return;
    }
  }

  /** The picker's models, before the first turn (a restored conversation). */
  async #loadModels(): Promise<void> {
    try {
      this.#models = await this.deps.service.use(async (tokenhub) => modelOptions(tokenhub));
      if (!this.#disposed) this.#show();
    } catch {
      // An invalid config: the picker offers Auto until a turn reports the problem.
    }
  }

  async #run(): Promise<TurnStatus> {
    const controller = new AbortController();
    this.#controller = controller;
    const started = Date.now();
    const last = this.#conversation.turns.at(-1);
    const asked = last?.asked ?? 'auto';
    this.deps.logger.log('info', 'ask: started', { turn: this.#conversation.turns.length, chars: last ? textOf(last.question.content).length : 0, context: this.#conversation.context?.kind, model: asked });
    try {
      await this.deps.service.use(async (tokenhub) => {
        this.#models = modelOptions(tokenhub);
        const messages = askRequestMessages(conversationMessages(this.#conversation), this.#conversation.context);
        const stream = await tokenhub.router.stream({ request: { kind: 'chat', messages }, ...(asked === 'auto' ? {} : { model: asked }), signal: controller.signal });
        const escalations = stream.escalations.map((e) => ({ model: e.model, provider: e.provider, reason: e.reason }));
        this.#change((turn) => ({ ...turn, facts: { model: stream.model.id, provider: stream.model.provider, escalations } }));
        const folder = new AnswerFolder();
        for await (const batch of stream.batches) {
          folder.addAll(batch.events);
          this.#change((turn) => ({ ...turn, text: folder.text }), false);
          this.#timer ??= setTimeout(() => this.#flush(), SNAPSHOT_INTERVAL_MS);
        }
        const summary = await stream.summary;
        const facts = {
          model: stream.model.id,
          provider: stream.model.provider,
          promptTokens: summary.usage.promptTokens,
          completionTokens: summary.usage.completionTokens,
          estimated: summary.usage.estimated === true,
          costUsd: summary.costUsd,
          durationMs: Date.now() - started,
          escalations,
        };
        this.#change((turn) => finishTurn(turn, summary.answer, facts));
        this.deps.logger.log('info', 'ask: answered', { model: facts.model, tokens: summary.usage.totalTokens, costUsd: summary.costUsd.toFixed(6), ms: facts.durationMs });
      });
      return 'done';
    } catch (error) {
      if (isCancellation(error) || controller.signal.aborted) {
        this.#change((turn) => ({ ...turn, status: 'cancelled' }));
        this.deps.logger.log('info', 'ask: cancelled');
        return 'cancelled';
      }
      const report = describeFailure(error);
      this.#change((turn) => ({ ...turn, status: 'failed', error: report?.message ?? String(error) }));
      this.deps.reporter.logTrail('ask', error);
      if (!this.#disposed) void this.deps.reporter.show(report);
      return 'failed';
    } finally {
      this.#controller = undefined;
      this.#flush();
      this.deps.remember(this.#conversation);
    }
  }

  /** Changes the last turn; `show` false leaves the snapshot to the throttled flush. */
  #change(change: Parameters<typeof updateLastTurn>[1], show = true): void {
    this.#conversation = updateLastTurn(this.#conversation, change, Date.now());
    if (show) this.#flush();
  }

  #update(conversation: Conversation): void {
    this.#conversation = conversation;
    this.#flush();
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#show();
  }

  #show(): void {
    this.connection.show(this.#state());
    this.panel.title = `Ask: ${shortTitle(this.#conversation.title)}`;
  }

  #state(): AskPanelState {
    return askPanelState(this.#conversation, {
      models: this.#models,
      nextModel: this.#nextModel,
      ...(this.target ? { insertTarget: this.target.label, languageId: this.target.languageId } : {}),
    });
  }
}

function shortTitle(title: string): string {
  return title.length > 32 ? `${title.slice(0, 31)}…` : title;
}
