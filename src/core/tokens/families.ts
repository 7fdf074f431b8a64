import type { CharCounts } from './charClasses';

/** A real tokenizer Tokenhub carries offline (gpt-tokenizer's encodings). */
export type ExactEncoding = 'o200k_base' | 'cl100k_base';

/**
 * How a model counts tokens. `o200k`/`cl100k` are OpenAI's encodings, counted exactly near a
 * limit; `anthropic` and `generic` (vLLM and unknown models) have no offline tokenizer and are
 * estimated, then corrected by what providers report (TokenCalibrator).
 */
export type TokenFamily = 'o200k' | 'cl100k' | 'anthropic' | 'generic';

/** Tokens per character class (per letter run, per digit run…): a linear model of BPE output. */
export type Coefficients = Readonly<Omit<CharCounts, 'length'>>;

/** Everything the estimator needs to know about one family. */
export interface FamilyProfile {
  family: TokenFamily;
  coefficients: Coefficients;
  /** The real tokenizer; absent for families estimated only. */
  encoding?: ExactEncoding;
  /** For families without one: the encoding whose exact count, times `proxyScale`, refines the estimate near a limit. */
  proxy?: { encoding: ExactEncoding; scale: number };
  /** Bounds: lower = estimate × lowerFactor − slack, upper = estimate × upperFactor + slack. */
  lowerFactor: number;
  upperFactor: number;
  slack: number;
}

/*
 * Coefficients: least-squares fit (relative-error weighted) of the real encoders' counts on
 * 1,500 random windows (100–3,100 chars) of the four corpora in test/fixtures/corpora plus
 * base64 (which defeats a words-only model), rounded; the classes the corpora barely exercise
 * (other BMP, astral) are set by hand from spot checks (accented Latin and Cyrillic ≈ 0.3–0.7
 * tokens/char, emoji 1–3).
 *
 * Bounds: on those windows the worst real/estimate ratios were 0.87…1.24 (o200k) and
 * 0.87…1.19 (cl100k). The upper factor 1.35 leaves ≥ 0.11 of margin above the worst case,
 * the lower factor 0.6 is looser because spot checks found hex dumps at 0.54–0.66 and a wrong
 * "obviously does not fit" would skip a model that fits; the slack covers tiny texts where one
 * token is a large fraction. Adversarial text can still beat the upper bound (the estimator is
 * a linear model); the providers' overflow errors and escalation are the backstop there.
 * Anthropic and generic models get wider bounds: their tokenizers are unknown offline, and
 * their estimate is a cl100k-shaped guess until calibration corrects it.
 */
const O200K: Coefficients = {
  letters: 0.055,
  letterRuns: 0.75,
  caseBreaks: 1.7,
  digits: 0.54,
  digitRuns: 0.94,
  spaces: 0.12,
  newlines: 0.51,
  punctuation: 0.45,
  cjk: 0.82,
  otherBmp: 0.35,
  astral: 1.5,
};

const CL100K: Coefficients = {
  letters: 0.07,
  letterRuns: 0.67,
  caseBreaks: 2.0,
  digits: 0.76,
  digitRuns: 0.53,
  spaces: 0.16,
  newlines: 0.27,
  punctuation: 0.42,
  cjk: 1.2,
  otherBmp: 0.55,
  astral: 2.0,
};

function scaled(base: Coefficients, factor: number): Coefficients {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(base)) out[key] = value * factor;
  return out as unknown as Coefficients;
}

/** Anthropic's tokenizers count ~10–30% more than cl100k on English; 1.15 is the uncalibrated middle. */
const ANTHROPIC_SCALE = 1.15;
/** Open models on vLLM (Llama 3, Qwen, Mistral…) sit near cl100k; a little above to stay on the safe side. */
const GENERIC_SCALE = 1.1;

const PROFILES: Record<TokenFamily, FamilyProfile> = {
  o200k: { family: 'o200k', coefficients: O200K, encoding: 'o200k_base', lowerFactor: 0.6, upperFactor: 1.35, slack: 8 },
  cl100k: { family: 'cl100k', coefficients: CL100K, encoding: 'cl100k_base', lowerFactor: 0.6, upperFactor: 1.35, slack: 8 },
  anthropic: {
    family: 'anthropic',
    coefficients: scaled(CL100K, ANTHROPIC_SCALE),
    proxy: { encoding: 'cl100k_base', scale: ANTHROPIC_SCALE },
    lowerFactor: 0.5,
    upperFactor: 1.6,
    slack: 16,
  },
  generic: {
    family: 'generic',
    coefficients: scaled(CL100K, GENERIC_SCALE),
    proxy: { encoding: 'cl100k_base', scale: GENERIC_SCALE },
    lowerFactor: 0.5,
    upperFactor: 1.6,
    slack: 16,
  },
};

/** The profile of a family. */
export function familyProfile(family: TokenFamily): FamilyProfile {
  return PROFILES[family];
}

/** The profile of the family that counts with a real encoding (its coefficients model that encoding). */
export function encodingProfile(encoding: ExactEncoding): FamilyProfile {
  return PROFILES[encoding === 'o200k_base' ? 'o200k' : 'cl100k'];
}

/**
 * The family of a provider model name. Decided by name, not provider type, because an
 * OpenAI-compatible server (vLLM, a proxy) serving `gpt-4o` still counts with OpenAI's encoding;
 * a prefix such as `openai/` (OpenRouter style) is ignored.
 */
export function familyOfModelName(name: string): TokenFamily {
  const slash = name.lastIndexOf('/');
  const base = (slash >= 0 ? name.slice(slash + 1) : name).toLowerCase();
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|chatgpt-4o|o1|o3|o4|codex-)/.test(base)) return 'o200k';
  if (/^(gpt-4|gpt-3\.5|text-embedding-)/.test(base)) return 'cl100k';
  if (base.startsWith('claude')) return 'anthropic';
  return 'generic';
}

/** Estimate from counts: the linear model, plus the request's message overhead. */
export function linearEstimate(counts: CharCounts, c: Coefficients): number {
  return (
    counts.letters * c.letters +
    counts.letterRuns * c.letterRuns +
    counts.caseBreaks * c.caseBreaks +
    counts.digits * c.digits +
    counts.digitRuns * c.digitRuns +
    counts.spaces * c.spaces +
    counts.newlines * c.newlines +
    counts.punctuation * c.punctuation +
    counts.cjk * c.cjk +
    counts.otherBmp * c.otherBmp +
    counts.astral * c.astral
  );
}
