import { seededRandom } from '../base/random';
import type { CharCounts } from './charClasses';
import { charCounts } from './charClasses';
import type { TokenCounter } from './encoders';
import type { Coefficients } from './families';
import type { TokenBounds } from './promptMeasure';
import { linearEstimate } from './families';

/*
 * The middle tier of token estimation, between the cheap bounds (character classes, worst-case
 * margins of −40 %/+35 %) and the exact count (the real tokenizer over the whole prompt, ~13 MB/s
 * here, so ~30 ms for 400 KB). A long prompt whose cheap bounds straddle a limit is sampled: the
 * real tokenizer counts 32 short windows, one at a random place in each of 32 equal
 * strata of the prompt, and the ratio of their real counts to their cheap estimates corrects the
 * cheap estimate of the whole (a ratio estimator). The cheap estimate already accounts for the
 * whole prompt's character mix; the sample only measures how far the linear model is off for
 * this particular text, which is what the worst-case margins had to allow for blind.
 *
 * Stratification means any stretch of text longer than a stratum holds a window, so nothing
 * large goes unseen; random offsets inside strata avoid aliasing with repetitive text (a file
 * pasted twice, logs). The band around the estimate is Z standard errors of the ratio plus a
 * fixed allowance for window-edge effects; when the limit is inside that band the caller counts
 * exactly. Offsets come from a generator seeded by the prompt's length, so the same prompt gets
 * the same decision every time.
 */

/** Windows per sample. */
const WINDOWS = 32;
/**
 * Tokens per window, roughly: a window is sized from the prompt's cheap density (≈ 120 chars of
 * English, ≈ 35 of Chinese), so the tokenizer's work per sample, ~1,000 tokens, does not depend
 * on the script.
 */
const WINDOW_TOKENS = 32;
const MIN_WINDOW_CHARS = 16;
const MAX_WINDOW_CHARS = 256;
/** Standard errors of the ratio allowed on either side. */
const Z = 3;
/** Allowance for what the standard error does not see: window edges, the odd unsampled stretch. */
const EDGE_ALLOWANCE = 0.02;
/** How far a window's edge may move to reach a line or word boundary. */
const ALIGN_REACH = 48;

/** The windows of a prompt, with their character counts: drawn once, shared by every encoding. */
export interface Sample {
  windows: string[];
  counts: CharCounts[];
}

/**
 * Draws the windows of a prompt made of `texts` (a chat's message contents, or one prompt);
 * `tokensPerChar` is the cheap estimate's density, to size the windows.
 */
export function drawSample(texts: readonly string[], tokensPerChar: number): Sample {
  let total = 0;
  for (const text of texts) total += text.length;
  const windowChars = Math.round(Math.min(MAX_WINDOW_CHARS, Math.max(MIN_WINDOW_CHARS, WINDOW_TOKENS / Math.max(tokensPerChar, 1e-3))));
  const random = seededRandom(total);
  const stratum = total / WINDOWS;
  const windows: string[] = [];
  let textIndex = 0;
  let textStart = 0; // offset of texts[textIndex] in the virtual concatenation
  for (let k = 0; k < WINDOWS; k++) {
    const at = Math.floor(k * stratum + random() * Math.max(0, stratum - windowChars));
    while (textIndex < texts.length - 1 && at >= textStart + texts[textIndex].length) textStart += texts[textIndex++].length;
    const text = texts[textIndex];
    const start = boundaryAtOrAfter(text, at - textStart);
    const end = boundaryAtOrAfter(text, start + windowChars);
    if (end > start) windows.push(text.slice(start, end));
  }
  return { windows, counts: windows.map(charCounts) };
}

/**
 * The sampled estimate of a prompt's content tokens for one encoding (message overhead not
 * included): `totalCheap` is the cheap (linear) estimate of the whole prompt's content with
 * `coefficients`, `count` the encoding's real counter. The band is Z standard errors of the
 * ratio plus the allowance, either side of the ratio's estimate.
 */
export function sampledCount(sample: Sample, totalCheap: number, coefficients: Coefficients, count: TokenCounter): TokenBounds {
  const n = sample.windows.length;
  const real = new Float64Array(n);
  const cheap = new Float64Array(n);
  let sumReal = 0;
  let sumCheap = 0;
  for (let i = 0; i < n; i++) {
    real[i] = count(sample.windows[i]);
    cheap[i] = linearEstimate(sample.counts[i], coefficients);
    sumReal += real[i];
    sumCheap += cheap[i];
  }
  if (n < 2 || sumCheap <= 0 || sumReal <= 0) return { estimate: totalCheap, lower: 0, upper: Infinity };
  const ratio = sumReal / sumCheap;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (real[i] - ratio * cheap[i]) ** 2;
  const meanCheap = sumCheap / n;
  const standardError = Math.sqrt(squares / (n - 1) / n) / meanCheap;
  const band = (Z * standardError) / ratio + EDGE_ALLOWANCE;
  const centre = ratio * totalCheap;
  const lower = centre * (1 - band);
  const upper = centre * (1 + band);
  /*
   * The bounds are the sample's; the point estimate is the cheap one when the sample agrees with
   * it (it has seen every character, and on ordinary text it is within ~1 % where the centre of
   * 32 short windows wanders by a few percent), else the sample's centre.
   */
  const estimate = totalCheap >= lower && totalCheap <= upper ? totalCheap : centre;
  return { estimate, lower, upper };
}

/**
 * The first position at or after `from` where a window may start or end without cutting a token
 * the pre-tokenizer would have kept whole: after a newline that starts a non-blank line, else
 * before a space, else `from` itself (CJK text has neither; a cut there costs about one token).
 */
function boundaryAtOrAfter(text: string, from: number): number {
  const n = text.length;
  if (from >= n) return n;
  if (from <= 0) return 0;
  const reach = Math.min(n, from + ALIGN_REACH);
  let space = -1;
  for (let i = from; i < reach; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (next !== 0x0a && next !== 0x0d && next !== 0x20 && next !== 0x09) return i + 1;
    } else if (c === 0x20 && space < 0) space = i;
  }
  return space >= 0 ? space : from;
}
