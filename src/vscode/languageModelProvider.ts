// Tokenhub as a Language Model provider (vendor `tokenhub`): its models in Copilot Chat's picker and
// for every extension that calls `vscode.lm`. Registered only where VS Code has the API (1.104+),
// found at run time. The models, the request, the answer's parts and the failure messages are the
// core's (src/core/surfaces/languageModels/); this file connects them to the API and the service.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { TokenhubError, isCancellation } from '../core/base/errors';
import type { Logger } from '../core/ports';
import { LanguageModelAnswer, languageModelFailure } from '../core/surfaces/languageModels/answer';
import type { LanguageModelOffer, OfferList } from '../core/surfaces/languageModels/offers';
import { AUTO_MODEL_ID, AUTO_MODEL_NAME, findOffer, languageModelOffers } from '../core/surfaces/languageModels/offers';
import { languageModelRequest } from '../core/surfaces/languageModels/request';
import { languageModelTokenCount } from '../core/surfaces/languageModels/tokenCount';
import type { Tokenhub } from '../core/tokenhub';
import { coreMessage, coreMessages, coreOptions, usagePart, vscodePart } from './languageModelParts';
import type {
  LanguageModelChatInformation,
  LanguageModelChatProvider,
  LanguageModelChatRequestMessage,
  LanguageModelProviderRegistry,
  LanguageModelResponsePart,
  PrepareLanguageModelChatModelOptions,
  ProvideLanguageModelChatResponseOptions,
} from './languageModelProviderApi';
import { readSettings } from './settings';
import type { TokenhubService } from './tokenhubService';

/** The vendor in `contributes.languageModelChatProviders` and in `selectChatModels({ vendor })`. */
export const LANGUAGE_MODEL_VENDOR = 'tokenhub';

/** What the provider needs from activation. */
export interface LanguageModelDeps {
  readonly service: TokenhubService;
  readonly logger: Logger;
}

/**
 * Registers the provider when this VS Code has `vscode.lm.registerLanguageModelChatProvider`;
 * undefined (and a line in the log) on 1.100–1.103, where the rest of Tokenhub works as before.
 */
export function registerLanguageModelProvider(deps: LanguageModelDeps): vscode.Disposable | undefined {
  const registry = vscode.lm as unknown as Partial<LanguageModelProviderRegistry> | undefined;
  if (typeof registry?.registerLanguageModelChatProvider !== 'function') {
    deps.logger.log('info', 'language models: this VS Code has no Language Model provider API (1.104 and later); Tokenhub is not in the model picker', { vscode: vscode.version });
    return undefined;
  }
  const provider = new TokenhubChatProvider(deps);
  const registration = registry.registerLanguageModelChatProvider(LANGUAGE_MODEL_VENDOR, provider);
  deps.logger.log('info', 'language models: registered', { vendor: LANGUAGE_MODEL_VENDOR });
  return vscode.Disposable.from(registration, provider);
}

/** The offers as of one Tokenhub, kept until it is rebuilt or a provider's state changes. */
interface Offered {
  readonly tokenhub: Tokenhub;
  readonly list: OfferList;
}

class TokenhubChatProvider implements LanguageModelChatProvider, vscode.Disposable {
  readonly #deps: LanguageModelDeps;
  readonly #changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.#changed.event;
  readonly #disposables: vscode.Disposable[] = [];
  #offered: Promise<Offered> | undefined;
  #health: { tokenhub: Tokenhub; listener: { dispose(): void } } | undefined;

  constructor(deps: LanguageModelDeps) {
    this.#deps = deps;
    // Settings and keys: the service has dropped its Tokenhub; VS Code asks again.
    this.#disposables.push(
      deps.service.onDidReset(() => {
        this.#offered = undefined;
        this.#changed.fire();
      }),
    );
  }

  async provideLanguageModelChatInformation(_options: PrepareLanguageModelChatModelOptions): Promise<LanguageModelChatInformation[]> {
    try {
      const { list } = await this.#deps.service.use((tokenhub) => this.#offers(tokenhub));
      return list.offers.map(information);
    } catch (error) {
      // A config with problems: no models, and the reason in the log (the commands show it too).
      this.#deps.logger.log('warn', 'language models: none offered', { reason: error instanceof Error ? error.message : String(error) });
      return [];
    }
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    // VS Code hands over a token cancelled before the request as is: honour it before any I/O.
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => controller.abort());
    const name = model.id === AUTO_MODEL_ID ? AUTO_MODEL_NAME : model.id;
    let answer: LanguageModelAnswer | undefined;
    let auto = model.id === AUTO_MODEL_ID;
    try {
      await this.#deps.service.use(async (tokenhub) => {
        const offer = await this.#offer(tokenhub, model.id);
        auto = offer.route.escalate;
        const { request, dropped } = languageModelRequest(coreMessages(messages), coreOptions(options), tokenhub.reasoning);
        if (dropped.length > 0) this.#deps.logger.log('info', 'language models: left out of the request', { model: offer.id, dropped: dropped.join(', ') });
        const stream = await tokenhub.router.stream({ request, model: offer.route.model, escalate: offer.route.escalate, signal: controller.signal });
        answer = new LanguageModelAnswer(`${stream.model.id} (${stream.model.provider})`, `thinking_${randomBytes(6).toString('base64url')}_`);
        for await (const batch of stream.batches) report(progress, answer.add(batch.events));
        report(progress, answer.end());
        const summary = await stream.summary;
        tokenhub.reasoning.remember(summary.answer);
        const usage = usagePart(summary.usage);
        if (usage) progress.report(usage);
        this.#deps.logger.log('info', 'language models: answered', {
          model: offer.id,
          answeredBy: stream.model.id,
          attempts: stream.attempts,
          tokens: summary.usage.totalTokens,
          costUsd: summary.costUsd.toFixed(6),
        });
      });
    } catch (error) {
      if (controller.signal.aborted || isCancellation(error)) throw new vscode.CancellationError();
      this.#deps.logger.log('warn', 'language models: failed', { model: model.id, code: (error as { code?: string }).code, started: answer?.started ?? false });
      throw new Error(languageModelFailure(error, { model: name, auto, started: answer?.started ?? false }));
    } finally {
      cancelled.dispose();
    }
  }

  async provideTokenCount(model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage): Promise<number> {
    try {
      return await this.#deps.service.use(async (tokenhub) => {
        const offer = await this.#offer(tokenhub, model.id);
        return languageModelTokenCount(tokenhub.estimator, offer.counter, typeof text === 'string' ? text : coreMessage(text));
      });
    } catch (error) {
      throw new Error(`Tokenhub (${model.id === AUTO_MODEL_ID ? AUTO_MODEL_NAME : model.id}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    for (const disposable of this.#disposables.splice(0)) disposable.dispose();
    this.#health?.listener.dispose();
    this.#changed.dispose();
  }

  /** The offer behind an id, as of the current Tokenhub. */
  async #offer(tokenhub: Tokenhub, id: string): Promise<LanguageModelOffer> {
    const offer = findOffer((await this.#offers(tokenhub)).list, id);
    if (offer) return offer;
    throw new TokenhubError(
      'invalid_input',
      `The model "${id}" is no longer offered: its provider has no working key, or it left tokenhub.models or tokenhub.languageModels.offered. Pick another model, or add a key with "Tokenhub: Manage Providers…".`,
    );
  }

  /** The offers for this Tokenhub: computed once, again when a provider's state changed. */
  #offers(tokenhub: Tokenhub): Promise<Offered> {
    const cached = this.#offered;
    if (cached) {
      return cached.then((offered) => (offered.tokenhub === tokenhub ? offered : this.#compute(tokenhub)));
    }
    return this.#compute(tokenhub);
  }

  #compute(tokenhub: Tokenhub): Promise<Offered> {
    this.#watch(tokenhub);
    const computing = (async (): Promise<Offered> => {
      const states = new Map(await Promise.all(tokenhub.config.providers.map(async ({ name }) => [name, await tokenhub.router.providerState(name)] as const)));
      const settings = readSettings().languageModels;
      if (settings.unreadable) this.#deps.logger.log('warn', 'language models: tokenhub.languageModels.offered is neither "all" nor a list of model ids; offering all', { found: settings.unreadable });
      const list = languageModelOffers(tokenhub.registry.ranked('chat'), states, settings.offered);
      if (list.unknown.length > 0) this.#deps.logger.log('warn', 'language models: tokenhub.languageModels.offered names models the registry has no chat model for', { ids: list.unknown.join(', ') });
      return { tokenhub, list };
    })();
    this.#offered = computing;
    computing.catch(() => {
      if (this.#offered === computing) this.#offered = undefined;
    });
    return computing;
  }

  /** A provider's key refused (or working again) changes the offers: VS Code hears of it when the list differs. */
  #watch(tokenhub: Tokenhub): void {
    if (this.#health?.tokenhub === tokenhub) return;
    this.#health?.listener.dispose();
    const listener = tokenhub.router.health.onDidChange(() => {
      const before = this.#offered;
      void this.#compute(tokenhub).then(async (after) => {
        const previous = await before?.catch(() => undefined);
        if (previous?.tokenhub !== tokenhub || ids(previous.list) !== ids(after.list)) this.#changed.fire();
      }, () => undefined);
    });
    this.#health = { tokenhub, listener };
  }
}

function information(offer: LanguageModelOffer): LanguageModelChatInformation {
  return {
    id: offer.id,
    name: offer.name,
    family: offer.family,
    version: offer.version,
    detail: offer.detail,
    tooltip: offer.tooltip,
    maxInputTokens: offer.maxInputTokens,
    maxOutputTokens: offer.maxOutputTokens,
    capabilities: { toolCalling: offer.toolCalling, imageInput: offer.imageInput },
  };
}

function report(progress: vscode.Progress<LanguageModelResponsePart>, parts: ReturnType<LanguageModelAnswer['add']>): void {
  for (const part of parts) {
    const translated = vscodePart(part);
    if (translated) progress.report(translated);
  }
}

function ids(list: OfferList): string {
  return list.offers.map((offer) => offer.id).join('\n');
}
