import type { ModelEntry } from '../registry/model';
import type { ModelRequest } from '../model/request';
import { TokenCalibrator } from './calibrator';
import type { ExactEncoding, FamilyProfile, TokenFamily } from './families';
import { familyOfModelName, familyProfile } from './families';
import type { TokenBounds } from './promptMeasure';
import { PromptMeasure } from './promptMeasure';

/** The answer to "does this prompt fit this model?". */
export interface FitResult {
  fits: boolean;
  /** Best known prompt size: exact when `exact`, else the (calibrated) estimate. */
  promptTokens: number;
  /** True when counted with the model's real tokenizer. */
  exact: boolean;
  /** True when decided by a sampled count (a long prompt near, but clearly on one side of, the limit). */
  sampled?: boolean;
}

/**
 * Prompts at least this long (UTF-16 units) are sampled before they are counted exactly: below
 * it an exact count costs under ~1.5 ms and is simply done.
 */
export const SAMPLE_FROM_CHARS = 20_000;

/** Options of the estimator. */
export interface TokenEstimatorOptions {
  calibrator?: TokenCalibrator;
  /** Overrides the family chosen from the model name (e.g. a vLLM model known to use o200k). */
  familyOf?: (model: ModelEntry) => TokenFamily;
}

/**
 * Prompt sizes for routing. The rule: never tokenize a prompt that obviously fits or obviously
 * does not. Every request is measured once (character classes, one pass); each candidate's limit
 * is compared with conservative bounds from that measure, and only when the bounds straddle the
 * limit is the prompt counted for real: with the model's own encoding for OpenAI families (exact),
 * or a cl100k count scaled and calibrated for the others. A long prompt is first sampled (the
 * real tokenizer on ~1,000 tokens of windows, see sampler.ts), which settles all but the prompts
 * within a few percent of the limit for a fraction of the exact count's cost. Measures are
 * cached per request object, so the router can ask for every candidate without repeating work;
 * requests are not mutated after they reach the router.
 */
export class TokenEstimator {
  readonly calibrator: TokenCalibrator;
  private readonly measures = new WeakMap<ModelRequest, PromptMeasure>();
  private readonly familyOf: (model: ModelEntry) => TokenFamily;
  /** Family per model entry: names are matched once, not per request (entries are immutable). */
  private readonly profiles = new WeakMap<ModelEntry, FamilyProfile>();
  /** Models whose estimates are scaled by the calibrator (those without a real tokenizer). */
  private readonly calibrated = new Set<string>();

  constructor(options: TokenEstimatorOptions = {}) {
    this.calibrator = options.calibrator ?? new TokenCalibrator();
    this.familyOf = options.familyOf ?? ((model) => familyOfModelName(model.name));
  }

  /** The request's measure, made on first use. */
  measure(request: ModelRequest): PromptMeasure {
    let measure = this.measures.get(request);
    if (!measure) {
      measure = new PromptMeasure(request);
      this.measures.set(request, measure);
    }
    return measure;
  }

  /** The family a model counts with. */
  family(model: ModelEntry): TokenFamily {
    return this.familyOf(model);
  }

  /** Cheap bounds for a model, calibrated for families without a real tokenizer. */
  bounds(request: ModelRequest, model: ModelEntry): TokenBounds {
    const profile = this.profile(model);
    const raw = this.measure(request).cheapBounds(profile);
    const ratio = this.correction(profile, model);
    if (ratio === 1) return raw;
    return { estimate: Math.ceil(raw.estimate * ratio), lower: Math.floor(raw.lower * ratio), upper: Math.ceil(raw.upper * ratio) };
  }

  /** The cheap (calibrated) estimate of the prompt's tokens for a model. Never tokenizes. */
  estimate(request: ModelRequest, model: ModelEntry): number {
    return this.bounds(request, model).estimate;
  }

  /**
   * The best count available: the real tokenizer for OpenAI families, a calibrated proxy count
   * otherwise. Always tokenizes (once per encoding per request); use `fits` for routing.
   */
  count(request: ModelRequest, model: ModelEntry): { tokens: number; exact: boolean } {
    const profile = this.profile(model);
    return this.refined(this.measure(request), profile, model);
  }

  /** Whether prompt + `completionTokens` fit the model's context; tokenizes only near the limit. */
  fits(request: ModelRequest, model: ModelEntry, completionTokens: number): FitResult {
    const limit = model.contextSize - Math.max(0, completionTokens);
    const profile = this.profile(model);
    const measure = this.measure(request);
    const raw = measure.cheapBounds(profile);
    const ratio = this.correction(profile, model);
    if (raw.upper * ratio <= limit) return { fits: true, promptTokens: Math.ceil(raw.estimate * ratio), exact: false };
    if (raw.lower * ratio > limit) return { fits: false, promptTokens: Math.ceil(raw.estimate * ratio), exact: false };
    if (measure.length >= SAMPLE_FROM_CHARS) {
      if (!profile.encoding) {
        /*
         * Without the model's own tokenizer, an exact proxy count is still only a guess (scaled
         * cl100k is ±10–30 % off Claude's or Llama's tokenizer); the sampled proxy count is as
         * good a guess for a fraction of the cost, so it decides, as the exact one would have.
         */
        const tokens = this.sampledProxy(measure, profile, model);
        return { fits: tokens <= limit, promptTokens: tokens, exact: false, sampled: true };
      }
      const images = measure.imageTokens(profile.family);
      const sampled = measure.sampledTokens(profile.encoding);
      if (sampled.upper + images <= limit) return { fits: true, promptTokens: sampled.estimate + images, exact: false, sampled: true };
      if (sampled.lower + images > limit) return { fits: false, promptTokens: sampled.estimate + images, exact: false, sampled: true };
    }
    const { tokens, exact } = this.refined(measure, profile, model);
    return { fits: tokens <= limit, promptTokens: tokens, exact };
  }

  /**
   * Learns from a provider's report. `estimatedPromptTokens` is what `fits` returned, already
   * corrected by the current ratio for calibrated families, so that correction is undone before
   * the sample is recorded (otherwise the ratio would chase its own tail). For OpenAI families
   * the ratio is recorded but never applied: their count is exact.
   */
  observe(modelId: string, estimatedPromptTokens: number, reportedPromptTokens: number): void {
    const applied = this.calibrated.has(modelId) ? this.calibrator.ratio(modelId) : 1;
    this.calibrator.observe(modelId, estimatedPromptTokens / applied, reportedPromptTokens);
  }

  /** The proxy encoding's sampled count, scaled and calibrated, for a family without a tokenizer. */
  private sampledProxy(measure: PromptMeasure, profile: FamilyProfile, model: ModelEntry): number {
    const { encoding, factor } = this.proxy(profile, model);
    return Math.ceil(measure.sampledTokens(encoding).estimate * factor) + measure.imageTokens(profile.family);
  }

  /** The exact count (or the proxy's, scaled) of the texts, plus the images by the family's rule. */
  private refined(measure: PromptMeasure, profile: FamilyProfile, model: ModelEntry): { tokens: number; exact: boolean } {
    const images = measure.imageTokens(profile.family);
    if (profile.encoding) return { tokens: measure.exactTokens(profile.encoding) + images, exact: true };
    const { encoding, factor } = this.proxy(profile, model);
    return { tokens: Math.ceil(measure.exactTokens(encoding) * factor) + images, exact: false };
  }

  /** For a family without a tokenizer: the encoding that stands in, and its scale times the calibration. */
  private proxy(profile: FamilyProfile, model: ModelEntry): { encoding: ExactEncoding; factor: number } {
    const proxy = profile.proxy ?? { encoding: 'cl100k_base', scale: 1 };
    return { encoding: proxy.encoding, factor: proxy.scale * this.calibrator.ratio(model.id) };
  }

  private profile(model: ModelEntry): FamilyProfile {
    let profile = this.profiles.get(model);
    if (!profile) {
      profile = familyProfile(this.familyOf(model));
      this.profiles.set(model, profile);
      if (!profile.encoding) this.calibrated.add(model.id);
    }
    return profile;
  }

  /** Calibration applies only where there is no real tokenizer: an exact count needs none. */
  private correction(profile: FamilyProfile, model: ModelEntry): number {
    return profile.encoding ? 1 : this.calibrator.ratio(model.id);
  }
}
