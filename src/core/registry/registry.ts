import { TokenhubError } from '../base/errors';
import { CAPABILITIES } from '../model/request';
import type { CanonicalRequest, Capability } from '../types';
import type { ModelEntry } from './model';
import { modelScore } from './model';

/** What the registry needs from a token estimator (TokenEstimator fits it). */
export interface FitChecker {
  fits(request: CanonicalRequest, model: ModelEntry, completionTokens: number): { fits: boolean; promptTokens: number; exact?: boolean };
}

/** Filters for a candidate listing; all optional. */
export interface CandidateOptions {
  /** Needed capability; defaults to the request kind (`chat` or `completion`). */
  capability?: Capability;
  /** Completion tokens to reserve; defaults to the request's `maxTokens`, else 0. */
  completionTokens?: number;
  /** Only models of these providers. */
  providers?: readonly string[];
  /** Model ids to leave out. */
  exclude?: readonly string[];
}

/** A model with the prompt size it was judged by. */
export interface Candidate {
  model: ModelEntry;
  promptTokens: number;
  /** True when the size came from the model's real tokenizer. */
  exact: boolean;
}

/** The routing decision's input: who can take the request, best first, and who is too small. */
export interface CandidateList {
  /** Models with the capability whose context holds prompt + completion, best score first. */
  fitting: Candidate[];
  /** Models with the capability that are too small, in rank order, with the estimated size. */
  tooSmall: Candidate[];
}

/**
 * Orders by score (`weight − costPer1k × 10`), then larger context, then id ascending (plain
 * code-unit order, so the ranking never depends on the locale).
 */
export function compareModels(a: ModelEntry, b: ModelEntry): number {
  const score = modelScore(b) - modelScore(a);
  if (score !== 0) return score;
  if (a.contextSize !== b.contextSize) return b.contextSize - a.contextSize;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The model registry. Rankings are computed once, at construction, per capability and per
 * provider, so a routing decision only walks a ready list; the registry is immutable (build a
 * new one when the config changes).
 */
export class ModelRegistry {
  /** Every model, best first. */
  readonly models: readonly ModelEntry[];
  private readonly byId = new Map<string, ModelEntry>();
  private readonly byName = new Map<string, ModelEntry[]>();
  private readonly byCapability = new Map<Capability, readonly ModelEntry[]>();
  private readonly byProvider = new Map<string, readonly ModelEntry[]>();

  constructor(models: readonly ModelEntry[]) {
    const ranked = [...models].sort(compareModels);
    this.models = Object.freeze(ranked);
    for (const model of ranked) {
      if (this.byId.has(model.id)) {
        throw new TokenhubError('invalid_input', `Two models have the id "${model.id}"; registry ids must be unique.`);
      }
      this.byId.set(model.id, model);
      const named = this.byName.get(model.name);
      if (named) named.push(model);
      else this.byName.set(model.name, [model]);
      const own = this.byProvider.get(model.provider) as ModelEntry[] | undefined;
      if (own) own.push(model);
      else this.byProvider.set(model.provider, [model]);
    }
    for (const capability of CAPABILITIES) {
      this.byCapability.set(capability, Object.freeze(ranked.filter((m) => m.capabilities.includes(capability))));
    }
  }

  /** Number of models. */
  get size(): number {
    return this.models.length;
  }

  /** A model by registry id. */
  get(id: string): ModelEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * A model by registry id, else by provider model name. When several providers serve the same
   * name, the best-ranked of them wins (the one `auto` would try first); ask for a registry id,
   * or use `findByName`, to choose another.
   */
  find(idOrName: string): ModelEntry | undefined {
    return this.byId.get(idOrName) ?? this.byName.get(idOrName)?.[0];
  }

  /** Every model served under a provider model name, best first. */
  findByName(name: string): readonly ModelEntry[] {
    return this.byName.get(name) ?? [];
  }

  /** Models with a capability (every model when absent), best first. Precomputed; do not mutate. */
  ranked(capability?: Capability): readonly ModelEntry[] {
    if (capability === undefined) return this.models;
    return this.byCapability.get(capability) ?? [];
  }

  /** One provider's models, best first. */
  ofProvider(provider: string): readonly ModelEntry[] {
    return this.byProvider.get(provider) ?? [];
  }

  /** The distinct provider names the models refer to. */
  providers(): string[] {
    return [...this.byProvider.keys()];
  }

  /**
   * The routing decision without I/O: models with the capability, filtered by provider and
   * exclusions, split into those whose context holds the prompt plus the completion (ranked)
   * and those too small. Each fit check is the estimator's: cheap bounds first, a real count
   * only near a model's limit, and the request measured once for all of them.
   */
  candidates(request: CanonicalRequest, sizer: FitChecker, options: CandidateOptions = {}): CandidateList {
    const ranked = this.ranked(options.capability ?? request.kind);
    const completionTokens = options.completionTokens ?? request.maxTokens ?? 0;
    const { providers, exclude } = options;
    const fitting: Candidate[] = [];
    const tooSmall: Candidate[] = [];
    for (const model of ranked) {
      if (providers && !providers.includes(model.provider)) continue;
      if (exclude && exclude.includes(model.id)) continue;
      const fit = sizer.fits(request, model, completionTokens);
      (fit.fits ? fitting : tooSmall).push({ model, promptTokens: fit.promptTokens, exact: fit.exact ?? false });
    }
    return { fitting, tooSmall };
  }
}
