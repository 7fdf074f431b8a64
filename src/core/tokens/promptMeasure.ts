import type { ImagePart } from '../model/content';
import type { ModelRequest } from '../model/request';
import type { CharCounts } from './charClasses';
import { addCharCounts, emptyCharCounts } from './charClasses';
import { exactCounter } from './encoders';
import type { ExactEncoding, FamilyProfile, TokenFamily } from './families';
import { encodingProfile, linearEstimate } from './families';
import type { ImageSize } from './images';
import { imageSize, imageTokens } from './images';
import type { Sample } from './sampler';
import { drawSample, sampledCount } from './sampler';

/*
 * OpenAI's chat format (the cookbook's count_tokens_for_messages): every message costs 3 tokens
 * of framing plus its role (1 token for system/user/assistant), and the reply is primed with 3
 * more. A completion prompt is sent as is. Tools are sent as their JSON schema plus framing
 * (the cookbook's function-calling count: about 10 tokens a tool around its text); each tool call
 * costs a few tokens around its name and arguments.
 */
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMING = 3;
const TOKENS_PER_TOOL = 10;
const TOKENS_PER_TOOL_CALL = 4;
/** A PDF's text and page images: about one token per 3 bytes of the file (a rough, generous rule). */
const PDF_BYTES_PER_TOKEN = 3;

/** The texts and images of a request, pulled out once. */
interface PromptParts {
  texts: string[];
  images: { size: ImageSize; detail: ImagePart['detail'] }[];
  /** Framing tokens that do not depend on the family: messages, tools, tool calls, documents. */
  framing: number;
}

function promptParts(request: ModelRequest): PromptParts {
  if (request.kind === 'completion') return { texts: [request.prompt], images: [], framing: 0 };
  const texts: string[] = [];
  const images: PromptParts['images'] = [];
  let framing = request.messages.length * TOKENS_PER_MESSAGE + REPLY_PRIMING;
  const media = (part: ImagePart | { type: 'document'; source: { kind: string; data?: string } } | { type: 'text'; text: string }) => {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'image') images.push({ size: imageSize(part), detail: part.detail });
    else if (part.source.kind === 'text') texts.push(part.source.data ?? '');
    else framing += Math.ceil(((part.source.data?.length ?? 0) * 3) / 4 / PDF_BYTES_PER_TOKEN);
  };
  for (const message of request.messages) {
    for (const part of message.content) {
      switch (part.type) {
        case 'tool_call':
          texts.push(part.name, part.arguments);
          framing += TOKENS_PER_TOOL_CALL;
          break;
        case 'tool_result':
          for (const inner of part.content) media(inner);
          break;
        case 'reasoning':
          texts.push(part.text);
          break;
        default:
          media(part);
      }
    }
  }
  for (const tool of request.tools ?? []) {
    texts.push(tool.name, tool.description ?? '', JSON.stringify(tool.parameters));
    framing += TOKENS_PER_TOOL;
  }
  if (request.responseFormat?.type === 'json_schema') texts.push(JSON.stringify(request.responseFormat.schema));
  return { texts, images, framing };
}

/** A cheap estimate with conservative bounds, in tokens, message overhead included. */
export interface TokenBounds {
  estimate: number;
  /** The real count is at least this (never wrongly "obviously does not fit"). */
  lower: number;
  /** The real count is at most this (never wrongly "obviously fits"). */
  upper: number;
}

/**
 * One request's prompt, measured once and shared by every candidate model: the texts (messages,
 * tool calls and results, tool definitions) are pulled out of the request once, their character
 * classes counted in one pass, and each encoding's exact count (the expensive part) computed at
 * most once, only when some model asks for it. Images are counted by each family's own rule
 * (images.ts), never from their bytes.
 */
export class PromptMeasure {
  /** Summed character-class counts of every text in the prompt. */
  readonly counts: CharCounts;
  /** Fixed framing tokens (messages, tools, documents) added to every count. */
  readonly overhead: number;
  private readonly texts: readonly string[];
  private readonly images: PromptParts['images'];
  private readonly imageCounts = new Map<TokenFamily, number>();
  private readonly exact = new Map<ExactEncoding, number>();
  private readonly bounds = new Map<TokenFamily, TokenBounds>();
  private readonly sampled = new Map<ExactEncoding, TokenBounds>();
  private sample: Sample | undefined;

  constructor(request: ModelRequest) {
    const parts = promptParts(request);
    this.texts = parts.texts;
    this.images = parts.images;
    const counts = emptyCharCounts();
    for (const text of this.texts) addCharCounts(text, counts);
    this.counts = counts;
    this.overhead = parts.framing;
  }

  /** The images' tokens for a family (0 without images); already in `cheapBounds`, not in the token counts. */
  imageTokens(family: TokenFamily): number {
    if (this.images.length === 0) return 0;
    let total = this.imageCounts.get(family);
    if (total === undefined) {
      total = 0;
      for (const image of this.images) total += imageTokens(image.size, family, image.detail);
      this.imageCounts.set(family, total);
    }
    return total;
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
      const fixed = this.overhead + this.imageTokens(profile.family);
      bounds = {
        estimate: Math.ceil(content) + fixed,
        lower: Math.max(0, Math.floor(content * profile.lowerFactor - profile.slack)) + fixed,
        upper: Math.ceil(content * profile.upperFactor + profile.slack) + fixed,
      };
      this.bounds.set(profile.family, bounds);
    }
    return bounds;
  }

  /**
   * The real token count of the texts with an encoding, framing included, images not (add
   * `imageTokens` of the model's family). Tokenizes once per encoding.
   */
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
   * near a limit, where an exact count would cost tens of milliseconds. Framing included, images
   * not (as `exactTokens`).
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
