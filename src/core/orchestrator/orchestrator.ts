import type { CancelSignal } from '../base/cancel';
import { TokenhubError, abortReason, isTokenhubError } from '../base/errors';
import type { Clock, Logger } from '../ports';
import type { ModelEntry } from '../registry/model';
import type { RouterCatalog } from '../router/ports';
import { RouteError, formatEscalations, type Escalation, type RouteRequest, type RouteStream } from '../router/types';
import type { ChatRequest } from '../model/request';
import { addUsage, ZERO_USAGE } from '../model/usage';
import { type AdversarialEvent, type AdversarialEventOf, type AdversarialResult, type Phase, type PhaseResult, type PhaseRoute } from './events';
import { phaseMessages, type AdversarialTask, type PhaseInputs } from './prompts';
import { criticTiers, planTiers, refineTiers, type PhaseTier } from './tiers';

/** The part of the router the orchestrator uses (Router fits it). */
export interface PhaseRouter {
  stream(route: RouteRequest): Promise<RouteStream>;
}

/** What the orchestrator works with, grouped so its constructor stays short. */
export interface OrchestratorContext {
  router: PhaseRouter;
  /** To check named models before spending anything, and to find the critic's providers. */
  catalog: RouterCatalog;
  clock: Clock;
  logger: Logger;
}

/** Completion tokens per phase: one number for all three, or per phase (absent: the provider's default). */
export type PhaseTokenLimits = number | Partial<Record<Phase, number>>;

/** One orchestration to run. */
export interface AdversarialRequest {
  task: AdversarialTask;
  /** Model A: a registry id or provider model name; absent or `auto`: the best candidate. */
  planner?: string;
  /** Model B: likewise; absent or `auto`: the best model of another provider than A's. */
  critic?: string;
  maxTokens?: PhaseTokenLimits;
  /** Aborting cancels at once, whatever the phase, aborting the upstream request. */
  signal?: CancelSignal;
}

/** Where the run is, so a failure can name its phase. */
interface Cursor {
  phase?: Phase;
}

/**
 * Plan (model A) → critique (model B) → refine (model A, given the plan and the critique). Each
 * phase is one routed stream, so escalation works inside a phase and is reported on it; see
 * `tiers.ts` for how A and B are kept apart when models fail.
 */
export class Orchestrator {
  constructor(private readonly context: OrchestratorContext) {}

  /**
   * The run as events, pulled by the consumer (a slow consumer slows the upstream read). Never
   * throws: it ends with `done` or `error`. Leaving the loop early cancels the run and aborts
   * the upstream request.
   */
  async *run(request: AdversarialRequest): AsyncGenerator<AdversarialEvent, void, undefined> {
    const cursor: Cursor = {};
    const { signal, release } = linkedSignal(request.signal);
    try {
      yield* this.phases(request, signal, cursor);
    } catch (caught) {
      yield this.errorEvent(caught, cursor.phase, signal);
    } finally {
      release();
    }
  }

  /** Runs to the end; `onEvent` sees every event but the error, which rejects as a TokenhubError. */
  async complete(request: AdversarialRequest, onEvent?: (event: AdversarialEvent) => void): Promise<AdversarialResult> {
    const { signal, release } = linkedSignal(request.signal);
    try {
      for await (const event of this.phases(request, signal, {})) {
        onEvent?.(event);
        if (event.type === 'done') return { phases: event.phases, final: event.final, usage: event.usage, costUsd: event.costUsd };
      }
      throw new TokenhubError('server', 'The orchestration ended without a result.');
    } catch (caught) {
      if (signal.aborted) throw abortReason(signal);
      throw caught;
    } finally {
      release();
    }
  }

  private async *phases(request: AdversarialRequest, signal: AbortSignal, cursor: Cursor): AsyncGenerator<AdversarialEvent, void, undefined> {
    const planner = this.named(request.planner, 'planner');
    const critic = this.named(request.critic, 'critic');
    if (critic === undefined && this.context.catalog.ranked('chat').length < 2) {
      throw new TokenhubError('unavailable', 'Adversarial orchestration needs at least two chat models, so that the critic is not the planner. Add a second model.', {
        status: 503,
      });
    }
    const inputs: PhaseInputs = {};
    const run = (phase: Phase, tiers: PhaseTier[]) => {
      cursor.phase = phase;
      const chat: ChatRequest = { kind: 'chat', messages: phaseMessages(phase, request.task, inputs), maxTokens: phaseLimit(request.maxTokens, phase) };
      return this.phase(phase, tiers, chat, signal);
    };
    const plan = yield* run('plan', planTiers(planner));
    inputs.plan = plan.text;
    const planModel = this.model(plan.model);
    const tiers = criticTiers(this.context.catalog, planModel, critic);
    if (tiers.length === 0) throw new TokenhubError('unavailable', "No model but the planner's can critique; add a second model.", { status: 503 });
    const critique = yield* run('critique', tiers);
    inputs.critique = critique.text;
    const refine = yield* run('refine', refineTiers(planModel, this.model(critique.model)));
    const results = [plan, critique, refine];
    cursor.phase = undefined;
    const usage = results.reduce((sum, r) => addUsage(sum, r.usage), ZERO_USAGE);
    const costUsd = results.reduce((sum, r) => sum + r.costUsd, 0);
    yield { type: 'done', phases: results, final: refine.text, usage, costUsd };
  }

  /** One phase: route through its tiers, then stream it to the end. */
  private async *phase(phase: Phase, tiers: readonly PhaseTier[], request: ChatRequest, signal: AbortSignal): AsyncGenerator<AdversarialEvent, PhaseResult, undefined> {
    const { clock, logger, router } = this.context;
    const started = clock.now();
    const trail: Escalation[] = [];
    let routed: RouteStream | undefined;
    let tier: PhaseTier | undefined;
    for (const [index, candidate] of tiers.entries()) {
      tier = candidate;
      const failed = trail.filter((e) => e.attempted).map((e) => e.model);
      const route: RouteRequest = {
        request,
        model: tier.model,
        escalate: tier.escalate,
        providers: tier.providers,
        excludeModels: [...(tier.excludeModels ?? []), ...failed],
        signal,
      };
      try {
        routed = await router.stream(route);
        break;
      } catch (caught) {
        if (!(caught instanceof RouteError) || signal.aborted) throw caught;
        if (index === tiers.length - 1) throw withEarlierTrail(caught, trail);
        trail.push(...caught.escalations);
        logger.log('info', 'adversarial tier exhausted', { phase, tier: index, escalations: formatEscalations(caught.escalations) });
      }
    }
    if (!routed || !tier) throw new TokenhubError('unavailable', `No model could be tried for the ${phase} phase.`, { status: 503 });
    const route: PhaseRoute = {
      phase,
      model: routed.model.id,
      provider: routed.model.provider,
      escalations: [...trail, ...routed.escalations],
      fallback: tier.fallback,
      ...(tier.note ? { note: tier.note } : {}),
    };
    const attempts = trail.filter((e) => e.attempted).length + routed.attempts;
    yield { type: 'phase_start', ...route };
    for await (const batch of routed.batches) {
      let text = '';
      for (const event of batch.events) if (event.type === 'text') text += event.text;
      if (text !== '') yield { type: 'delta', phase, text };
    }
    const summary = await routed.summary;
    const result: PhaseResult = { ...route, text: summary.text, usage: summary.usage, costUsd: summary.costUsd, durationMs: clock.now() - started, attempts };
    logger.log('info', 'adversarial phase', { phase, model: result.model, provider: result.provider, attempts, fallback: result.fallback, ms: result.durationMs });
    yield { type: 'phase_end', ...result };
    return result;
  }

  /** Checks a named model before anything is spent, so a typo in the critic costs no plan. */
  private named(name: string | undefined, role: 'planner' | 'critic'): string | undefined {
    if (name === undefined || name === 'auto') return undefined;
    const model = this.context.catalog.find(name);
    if (!model) {
      throw new TokenhubError('bad_request', `Unknown ${role} model "${name}". GET /v1/models lists the models, or use "auto".`, { status: 404 });
    }
    if (!model.capabilities.includes('chat')) {
      throw new TokenhubError('bad_request', `The ${role} model "${model.id}" does not offer "chat", which every phase needs.`, { status: 400 });
    }
    return name;
  }

  private model(id: string): ModelEntry {
    const found = this.context.catalog.find(id);
    if (!found) throw new TokenhubError('server', `Model "${id}" answered but is not in the registry.`);
    return found;
  }

  private errorEvent(caught: unknown, phase: Phase | undefined, signal: AbortSignal): AdversarialEventOf<'error'> {
    let error: TokenhubError;
    if (signal.aborted) error = abortReason(signal);
    else if (isTokenhubError(caught)) error = caught;
    else {
      // Not a classified failure: a bug. Its text stays out of the event (and the log) in case it quotes content.
      this.context.logger.log('error', 'adversarial run failed unexpectedly', { phase, error: caught instanceof Error ? caught.name : typeof caught });
      error = new TokenhubError('server', 'The orchestration failed unexpectedly; see the log.', { cause: caught });
    }
    const event: AdversarialEventOf<'error'> = { type: 'error', code: error.code, message: error.message };
    if (phase) event.phase = phase;
    if (error.status !== undefined) event.status = error.status;
    if (error.retryAfterMs !== undefined) event.retryAfterMs = error.retryAfterMs;
    if (error instanceof RouteError) event.escalations = error.escalations;
    return event;
  }
}

function phaseLimit(limits: PhaseTokenLimits | undefined, phase: Phase): number | undefined {
  return typeof limits === 'number' ? limits : limits?.[phase];
}

/** The last tier's error, carrying the whole phase's trail (earlier tiers first). */
function withEarlierTrail(error: RouteError, earlier: readonly Escalation[]): RouteError {
  if (earlier.length === 0) return error;
  const message = `${error.message} Before that, outside the fallback: ${formatEscalations(earlier)}.`;
  return new RouteError(error.code, message, [...earlier, ...error.escalations], { status: error.status, retryAfterMs: error.retryAfterMs, cause: error });
}

/**
 * A signal of our own that follows the caller's, so the run can also be ended from inside
 * (a consumer leaving the loop) without aborting the caller's controller.
 */
function linkedSignal(outer: CancelSignal | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const follow = () => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      outer?.removeEventListener('abort', follow);
      controller.abort();
    },
  };
}
