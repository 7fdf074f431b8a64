import type { CancelSignal } from '../base/cancel';
import { TokenhubError, cancelledError, isTokenhubError } from '../base/errors';
import type { Answer } from '../model/answer';
import { AnswerFolder } from '../model/answer';
import type { EmbeddingAnswer } from '../model/embedding';
import type { StreamBatch } from '../model/events';
import { isContent } from '../model/events';
import type { FieldIssue } from '../model/fields';
import { applyFieldPolicy, describeRefused } from '../model/fields';
import type { Capability, ModelRequest, WireFormat } from '../model/request';
import { needs } from '../model/request';
import type { Usage } from '../model/usage';
import type { AttemptContext } from '../providers/adapter';
import type { ModelEntry } from '../registry/model';
import { usageCost } from '../usage/cost';
import { AttemptDeadline } from './deadline';
import { ProviderHealth, type ProviderState } from './health';
import { chatJob, embeddingJob, type Job } from './jobs';
import { exhaustedError } from './outcome';
import type { RouterContext, RouterProvider } from './ports';
import type { EmbedRequest, EmbedResult, Escalation, RouteOptions, RouteRequest, RouteResult, RouteStream, RouteTrace, StreamSummary } from './types';
import { formatEscalations } from './types';

/** One candidate about to be tried, with what the attempt needs. */
interface Slot {
  model: ModelEntry;
  provider: RouterProvider;
  key: string | undefined;
  deadline: AttemptDeadline;
  promptTokens: number;
  /** What this provider's format leaves out of the request. */
  dropped: FieldIssue[];
}

/** How a stream's relay settles its summary. */
interface Settle {
  resolve: (summary: StreamSummary) => void;
  reject: (error: unknown) => void;
}

/** A stream's first batches, up to the first content, and the iterator of the rest. */
interface StreamHead {
  iterator: AsyncIterator<StreamBatch>;
  head: StreamBatch[];
  ended: boolean;
}

interface Won<T> {
  value: T;
  slot: Slot;
  attempts: number;
  escalations: Escalation[];
}

/**
 * Picks the best model that fits and escalates by itself: to the next candidate when a provider
 * fails, rate-limits or hangs, and to a larger model when a prompt does not fit (predicted, or
 * reported by the provider). Streams escalate invisibly until their first token.
 */
export class Router {
  readonly health: ProviderHealth;

  constructor(private readonly context: RouterContext) {
    this.health = new ProviderHealth(context.clock, context.routing.cooldownMs);
  }

  /** Sends the request and waits for the whole answer. */
  async complete(route: RouteRequest): Promise<RouteResult> {
    const won = await this.run(route, chatJob(route.request, this.context.sizer), async (slot) => {
      const response = await slot.provider.adapter.send(slot.model.name, forSlot(route.request, slot), attemptContext(slot, 'whole'));
      slot.deadline.dispose();
      return response;
    });
    const { usage, costUsd } = this.account(won.slot, won.value);
    return { answer: won.value, usage, costUsd, ...this.trace(won, route) };
  }

  /** Resolves once the first token has arrived; escalation is over from then on. */
  async stream(route: RouteRequest): Promise<RouteStream> {
    const won = await this.run(route, chatJob(route.request, this.context.sizer), async (slot): Promise<StreamHead> => {
      const iterator = slot.provider.adapter
        .stream(slot.model.name, forSlot(route.request, slot), attemptContext(slot, 'stream'))
        [Symbol.asyncIterator]();
      // Everything up to and including the batch with the first content: after it, no escalation.
      const head: StreamBatch[] = [];
      let ended = false;
      let started = false;
      while (!started) {
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          break;
        }
        head.push(next.value);
        started = next.value.events.some(isContent);
      }
      slot.deadline.started();
      return { iterator, head, ended };
    });
    return this.continueStream(won, route);
  }

  /**
   * Embeds the inputs with the best model that has `embedding` and a provider that embeds,
   * escalating on failure as chat does (same health and cool-downs), but only to models that
   * make the same vectors (router/jobs.ts): the same model name, the same length.
   */
  async embed(route: EmbedRequest): Promise<EmbedResult> {
    const won = await this.run(route, embeddingJob(route.request, this.context.sizer), async (slot) => {
      const embed = slot.provider.adapter.embed!.bind(slot.provider.adapter);
      const answer = await embed(slot.model.name, route.request, attemptContext(slot, 'whole'));
      slot.deadline.dispose();
      return answer;
    });
    const { usage, costUsd } = this.accountEmbedding(won.slot, won.value);
    return { answer: won.value, usage, costUsd, model: won.slot.model, attempts: won.attempts, escalations: won.escalations, dropped: won.slot.dropped, promptTokens: won.slot.promptTokens };
  }

  /**
   * The model a request would be tried on first, without sending anything (for counting its
   * tokens): the named model (a registry id, a provider model name, or an alias), else the best
   * ranked model with what the request needs, else the best of its kind; undefined when the
   * registry has none. Throws like `complete` for an unknown model name.
   */
  firstCandidate(route: RouteRequest): ModelEntry | undefined {
    const required = needs(route.request);
    return this.candidates(route, required).models[0] ?? this.candidates(route, required.slice(0, 1)).models[0];
  }

  /** A provider's state for `/health` and "Show Models". */
  async providerState(name: string): Promise<ProviderState> {
    const provider = this.context.providers.get(name);
    if (!provider) return 'disabled';
    return this.health.state(name, await this.context.keys.get(name), needsKey(provider));
  }

  private async run<T>(route: RouteOptions, job: Job, attempt: (slot: Slot) => Promise<T>): Promise<Won<T>> {
    const { routing, keys, providers, logger, fieldPolicy } = this.context;
    const escalations: Escalation[] = [];
    const { completionTokens, required } = job;
    let attempts = 0;
    // The smallest context a later candidate needs, from the sizes providers reported.
    let needContext = 0;
    // What each candidate's format cannot carry (asked once per provider model name).
    const issuesOf = new Map<string, FieldIssue[]>();
    const { models, named } = this.candidates(route, required);
    // Where only some models may follow another (embeddings): the named model, else the first tried.
    let anchor = named ? models[0] : undefined;
    for (const model of models) {
      if (attempts >= routing.maxAttempts) break;
      if (route.signal?.aborted) throw cancelledError();
      if (job.follows && anchor && model !== anchor && !job.follows(anchor, model)) continue;
      const skip = (reason: Escalation['reason'], detail: string) =>
        escalations.push({ model: model.id, provider: model.provider, reason, attempted: false, detail });
      const provider = providers.get(model.provider);
      if (!provider) {
        skip('disabled', `provider "${model.provider}" is not configured`);
        continue;
      }
      const checked = `${model.provider}\u0000${model.name}`;
      let issues = issuesOf.get(checked);
      if (!issues) {
        issues = applyFieldPolicy(job.issues(provider, model), fieldPolicy);
        issuesOf.set(checked, issues);
      }
      if (issues.some((issue) => issue.action === 'refuse')) {
        skip('unsupported', `${model.provider} (${provider.type}) cannot honour ${describeRefused(issues)}`);
        continue;
      }
      const key = await keys.get(model.provider);
      const state = this.health.state(model.provider, key, needsKey(provider));
      if (state !== 'ready') {
        skip(state, describeState(state, model.provider, this.health.coolingFor(model.provider)));
        continue;
      }
      if (model.contextSize < needContext) {
        skip('too_small', `${model.contextSize}-token context; a provider reported ${needContext} needed`);
        continue;
      }
      const fit = job.fits(model);
      if (!fit.fits) {
        skip('too_small', `~${fit.promptTokens} prompt + ${completionTokens} completion tokens exceed its ${model.contextSize}-token context`);
        continue;
      }
      attempts++;
      anchor ??= model;
      const deadline = new AttemptDeadline(
        { firstTokenMs: routing.firstTokenTimeoutMs, idleMs: routing.idleTimeoutMs, totalMs: routing.requestTimeoutMs },
        model.provider,
        route.signal,
      );
      const dropped = issues.filter((issue) => issue.action === 'drop');
      const slot: Slot = { model, provider, key, deadline, promptTokens: fit.promptTokens, dropped };
      try {
        const value = await attempt(slot);
        this.health.recordSuccess(model.provider);
        logger.log('info', 'routed', {
          model: model.id,
          provider: model.provider,
          attempts,
          escalations: formatEscalations(escalations),
          ...(dropped.length > 0 && { dropped: dropped.map((issue) => issue.field).join(', ') }),
        });
        return { value, slot, attempts, escalations };
      } catch (caught) {
        deadline.abort();
        deadline.dispose();
        if (route.signal?.aborted) throw cancelledError(model.provider);
        const error = asTokenhubError(caught, model.provider);
        logger.log('warn', 'attempt failed', { model: model.id, provider: model.provider, code: error.code, status: error.status });
        if (error.code === 'cancelled' || error.code === 'bad_request' || error.code === 'invalid_input') throw error;
        escalations.push({ model: model.id, provider: model.provider, reason: error.code, attempted: true, detail: error.message });
        if (error.code === 'context_length') {
          needContext = Math.max(needContext, error.requestedTokens ?? 0, model.contextSize + 1);
        } else {
          this.health.recordFailure(model.provider, error.code, error.retryAfterMs, key);
        }
        if (route.escalate === false) break;
      }
    }
    throw exhaustedError(escalations, required, this.health);
  }

  /**
   * The named model first (when given; an alias may name a model or `auto`), then the ranking,
   * filtered by the route's limits and the capabilities the request needs.
   */
  private candidates(route: RouteOptions, required: readonly Capability[]): { models: ModelEntry[]; named: boolean } {
    const { catalog, aliases } = this.context;
    const capable = (m: ModelEntry) => required.every((c) => m.capabilities.includes(c));
    const allowed = (m: ModelEntry) =>
      capable(m) && (!route.providers || route.providers.includes(m.provider)) && !route.excludeModels?.includes(m.id);
    const ranked = catalog.ranked(required[0]!);
    let named: ModelEntry | undefined;
    if (route.model !== undefined && route.model !== 'auto') {
      // A registry id or provider model name first; else an alias, which may name `auto`.
      named = catalog.find(route.model);
      const target = named ? undefined : aliases?.resolve(route.model);
      if (target !== undefined && target !== 'auto') named = catalog.find(target);
      if (!named && target !== 'auto') {
        throw new TokenhubError('bad_request', `Unknown model "${route.model}". GET /v1/models lists the models, or use "auto".`, {
          status: 404,
        });
      }
    }
    if (!named) return { models: ranked.filter(allowed), named: false };
    const missing = required.filter((c) => !named.capabilities.includes(c));
    if (missing.length > 0) {
      throw new TokenhubError(
        'bad_request',
        `Model "${named.id}" does not offer ${missing.map((c) => `"${c}"`).join(' or ')}, which the request uses. Use a model that has it, or "auto".`,
        { status: 400 },
      );
    }
    if (route.escalate === false) return { models: [named], named: true };
    return { models: [named, ...ranked.filter((m) => m.id !== named.id && allowed(m))], named: true };
  }

  /** Who answered, how, and what their format left out. */
  private trace(won: Won<unknown>, route: RouteRequest): RouteTrace {
    const { slot } = won;
    const format: WireFormat = slot.provider.adapter.format(route.request);
    return { model: slot.model, attempts: won.attempts, escalations: won.escalations, format, dropped: slot.dropped, promptTokens: slot.promptTokens };
  }

  private continueStream(won: Won<StreamHead>, route: RouteRequest): RouteStream {
    let settle!: Settle;
    const summary = new Promise<StreamSummary>((resolve, reject) => (settle = { resolve, reject }));
    summary.catch(() => undefined); // A consumer need not await the summary.
    // Members added to the trace, not `{ ...trace, … }`: on Node 20 a spread followed by new
    // members costs ~1 µs and gives every stream an object shape of its own (bench/RESULTS.md).
    return Object.assign(this.trace(won, route), { batches: this.relay(won.slot, won.value, route.signal, settle), summary });
  }

  /**
   * The rest of a won stream, its head first, folded on the way to settle the summary. A method,
   * not a generator declared inside `continueStream`: each inner generator function has a
   * prototype of its own, so its generators never share a shape and every `next` misses V8's
   * caches (~0.6 µs to make one, and slower to drive).
   */
  private async *relay(slot: Slot, head: StreamHead, signal: CancelSignal | undefined, settle: Settle): AsyncGenerator<StreamBatch> {
    const { iterator } = head;
    const folder = new AnswerFolder();
    let ended = head.ended;
    try {
      for (const batch of head.head) {
        folder.addAll(batch.events);
        yield batch;
      }
      while (!ended) {
        const next = await iterator.next();
        if (next.done) {
          ended = true;
          break;
        }
        folder.addAll(next.value.events);
        yield next.value;
      }
      const answer = folder.answer();
      settle.resolve({ answer, text: folder.text, finishReason: answer.finishReason, ...this.account(slot, answer) });
    } catch (caught) {
      const error = asTokenhubError(caught, slot.model.provider);
      if (error.code !== 'cancelled' && !signal?.aborted) this.health.recordFailure(slot.model.provider, error.code, error.retryAfterMs, slot.key);
      settle.reject(error);
      throw error;
    } finally {
      if (!ended) {
        slot.deadline.abort();
        settle.reject(cancelledError(slot.model.provider));
        await iterator.return?.();
      }
      slot.deadline.dispose();
    }
  }

  /** An embedding's usage as reported (or the estimate, marked so), its cost, and the ledger. */
  private accountEmbedding(slot: Slot, answer: EmbeddingAnswer): { usage: Usage; costUsd: number } {
    const usage: Usage = answer.usage ?? { promptTokens: slot.promptTokens, completionTokens: 0, totalTokens: slot.promptTokens, estimated: true };
    const costUsd = usageCost(slot.model, usage);
    this.context.usage?.record({ model: slot.model, usage, costUsd });
    return { usage, costUsd };
  }

  /** Usage as reported (or estimated and marked so), the cost, calibration and the ledger. */
  private account(slot: Slot, answer: Answer): { usage: Usage; costUsd: number } {
    const { sizer, usage: sink } = this.context;
    const reported = answer.usage;
    let usage: Usage;
    if (reported) {
      usage = reported;
      sizer.observe(slot.model.id, slot.promptTokens, reported.promptTokens);
    } else {
      const generated = answer.content.map((part) => (part.type === 'tool_call' ? `${part.name}${part.arguments}` : part.text)).join('');
      const completionTokens = sizer.estimate({ kind: 'completion', prompt: generated }, slot.model);
      usage = { promptTokens: slot.promptTokens, completionTokens, totalTokens: slot.promptTokens + completionTokens, estimated: true };
    }
    const costUsd = usageCost(slot.model, usage);
    sink?.record({ model: slot.model, usage, costUsd });
    return { usage, costUsd };
  }
}

/**
 * The request as one attempt sends it. A pass-through request forwards the client's body, so a
 * field the policy says to drop (e.g. `field_policy: {"tools": "drop"}` against OpenAI's 128-tool
 * limit) is taken out of that body, as the `x-tokenhub-dropped` header says. Encoded requests
 * leave dropped fields out by themselves.
 */
function forSlot(request: ModelRequest, slot: Slot): ModelRequest {
  const origin = request.origin;
  if (!origin || slot.dropped.length === 0 || origin.format !== slot.provider.adapter.format(request)) return request;
  const names = new Set(slot.dropped.map((issue) => issue.field.split(/[.[]/, 1)[0]!));
  const body = Object.fromEntries(Object.entries(origin.body).filter(([name]) => !names.has(name)));
  return { ...request, origin: { ...origin, body } };
}

/**
 * What one attempt's adapter call gets: the slot's signal and key, each read restarting its idle
 * timer. A whole answer has started when its response does; a stream, at its first content (the
 * router marks it), so a stream's response headers do not end the first-token wait.
 */
function attemptContext(slot: Slot, kind: 'whole' | 'stream'): AttemptContext {
  const { deadline } = slot;
  const context: AttemptContext = { signal: deadline.signal, apiKey: slot.key, onActivity: () => deadline.activity() };
  if (kind === 'whole') context.onResponseStart = () => deadline.started();
  return context;
}

function needsKey(provider: RouterProvider): boolean {
  return provider.type !== 'vllm';
}

function asTokenhubError(error: unknown, provider: string): TokenhubError {
  if (isTokenhubError(error)) return error;
  return new TokenhubError('server', `${provider} failed unexpectedly.`, { provider, cause: error });
}

function describeState(state: ProviderState, provider: string, coolingMs: number): string {
  switch (state) {
    case 'cooling_down':
      return `${provider} is cooling down for ${Math.ceil(coolingMs / 1000)} s after a failure`;
    case 'disabled':
      return `${provider} refused its key; set a new key to enable it again`;
    case 'no_key':
      return `${provider} has no API key configured`;
    default:
      return state;
  }
}
