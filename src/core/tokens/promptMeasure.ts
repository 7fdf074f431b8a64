import type { CanonicalRequest } from '../types';
import type { CharCounts } from './charClasses';
import { addCharCounts, emptyCharCounts } from './charClasses';
import { exactCounter } from './encoders';
import type { ExactEncoding, FamilyProfile, TokenFamily } from './families';
import { encodingProfile, linearEstimate } from './families';
import type { Sample } from './sampler';
import { drawSample, sampledCount } from './sampler';

/*
 * OpenAI's chat format (the cookbook's count_tokens_for_messages): every message costs 3 tokens
 * of framing plus its role (1 token for system/user/assistant), and the reply is primed with 3
 * more. A completion prompt is sent as is.
 */
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

/** A cheap estimate with conservative bounds, in tokens, message overhead included. */
export interface TokenBounds {
  estimate: number;
  /** The real count is at least this (never wrongly "obviously does not fit"). */
  lower: number;
  /** The real count is at most this (never wrongly "obviously fits"). */
  upper: number;
}

/**
 * One request's prompt, measured once and shared by every candidate model: the texts are pulled
 * out of the request once, their character classes counted in one pass, and each encoding's
 * exact count (the expensive part) computed at most once, only when some model asks for it.
 */
export class PromptMeasure {
  /** Summed character-class counts of every text in the prompt. */
  readonly counts: CharCounts;
  /** Fixed framing tokens (message overhead) added to every count. */
  readonly overhead: number;
  private readonly texts: readonly string[];
  private readonly exact = new Map<ExactEncoding, number>();
  private readonly bounds = new Map<TokenFamily, TokenBounds>();
  private readonly sampled = new Map<ExactEncoding, TokenBounds>();
  private sample: Sample | undefined;

  constructor(request: CanonicalRequest) {
    this.texts = request.kind === 'chat' ? request.messages.map((m) => m.content) : [request.prompt];
    const counts = emptyCharCounts();
    for (const text of this.texts) addCharCounts(text, counts);
    this.counts = counts;
    this.overhead = request.kind === 'chat' ? request.messages.length * TOKENS_PER_MESSAGE + REPLY_PRIMING : 0;
  }

  /** UTF-16 length of the prompt's texts. */
  get length(): number {
    return this.counts.length;
  }

  /** The cheap estimate and bounds for a family (cached per family). */
  cheapBounds(profile: FamilyProfile): TokenBounds {
    let bounds = this.bounds.get(profile.family);
    if (!bounds) {
      const content = linearEstimate(this.counts, profile.coefficients);
      bounds = {
        estimate: Math.ceil(content) + this.overhead,
        lower: Math.max(0, Math.floor(content * profile.lowerFactor - profile.slack)) + this.overhead,
        upper: Math.ceil(content * profile.upperFactor + profile.slack) + this.overhead,
      };
      this.bounds.set(profile.family, bounds);
    }
    return bounds;
  }

  /** The real token count with an encoding, message overhead included (tokenizes once per encoding). */
  exactTokens(encoding: ExactEncoding): number {
    let total = this.exact.get(encoding);
    if (total === undefined) {
      const count = exactCounter(encoding);
      total = this.overhead;
      for (const text of this.texts) total += count(text);
      this.exact.set(encoding, total);
    }
    return total;
  }

  /**
   * A sampled count with an encoding (see sampler.ts): the real tokenizer on ~1,000 tokens' worth
   * of windows corrects the cheap estimate, with a band the real count lies in. For long prompts
   * near a limit, where an exact count would cost tens of milliseconds. Message overhead included.
   */
  sampledTokens(encoding: ExactEncoding): TokenBounds {
    let bounds = this.sampled.get(encoding);
    if (!bounds) {
      const coefficients = encodingProfile(encoding).coefficients;
      const cheap = linearEstimate(this.counts, coefficients);
      this.sample ??= drawSample(this.texts, cheap / Math.max(1, this.counts.length));
      const counted = sampledCount(this.sample, cheap, coefficients, exactCounter(encoding));
      bounds = {
        estimate: Math.ceil(counted.estimate) + this.overhead,
        lower: Math.floor(counted.lower) + this.overhead,
        upper: Math.ceil(counted.upper) + this.overhead,
      };
      this.sampled.set(encoding, bounds);
    }
    return bounds;
  }

  /** Whether an encoding's sampled count has been computed. */
  hasSample(encoding: ExactEncoding): boolean {
    return this.sampled.has(encoding);
  }

  /** Whether an encoding's exact count has been computed (to check that obvious cases skip it). */
  hasExact(encoding: ExactEncoding): boolean {
    return this.exact.has(encoding);
  }
}
