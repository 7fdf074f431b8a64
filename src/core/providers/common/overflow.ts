/**
 * Recognises "the prompt does not fit this model" in any provider's words (WIRE.md "Context
 * overflow"), and reads the limit and the requested size out of the text when they are there.
 *
 * Designed for the family, not for a list of strings: OpenAI-compatible servers each phrase
 * overflow their own way, so the matcher looks for the shape of such a sentence (a context /
 * maximum / model-length noun near an exceeds / too-long / must-be-≤ verb) and the numbers are
 * read by a few shape patterns with a fallback (the first token count above the limit).
 */

/** What an overflow message said, when it said it. */
export interface OverflowFacts {
  /** The model's context window in tokens. */
  contextLimit?: number;
  /** What the request needed in tokens: the prompt, or prompt + completion when both are given. */
  requestedTokens?: number;
}

/** Error codes/types that mean overflow whatever the text says. */
const OVERFLOW_CODES = new Set([
  'context_length_exceeded',
  'context_window_exceeded',
  'exceed_context_size_error', // llama.cpp server
  'model_context_window_exceeded',
]);

/** Phrasings, all case-insensitive; a message matching any one is overflow. */
const OVERFLOW_PATTERNS: readonly RegExp[] = [
  // "maximum context length is N", "max context window", "context length of only N"
  /\bmax(?:imum)?\b[^.]{0,40}?\bcontext\b[^.]{0,12}?\b(?:length|window|size|limit)\b/i,
  // "context length exceeded", "context window exceeds", "context size ... too small", "context overflows"
  /\bcontext\b[^.]{0,24}?\b(?:length|window|size|limit|the)?\s*(?:exceed(?:s|ed|ing)?|overflow(?:s|ed)?|too (?:long|small|short))/i,
  // "exceeds the available context size", "is longer than the model's context length",
  // "exceeds max model len", "longer than the maximum model length", "exceeds the maximum number of tokens"
  /\b(?:exceed(?:s|ed|ing)?|longer than|greater than|larger than|more than|beyond)\b[^.]{0,60}?(?:\bcontext\b|\bmax(?:imum)?[ _](?:model|sequence|seq|input|prompt)[ _](?:len|length)\b|\bmax_model_len\b|\bmax(?:imum)? (?:number of )?(?:input )?tokens\b)/i,
  // "prompt is too long", "Input is too long for requested model", "messages are too long"
  /\b(?:prompt|input|inputs|messages?|request|conversation)\b[^.]{0,30}?\btoo long\b/i,
  // TGI: "`inputs` tokens + `max_new_tokens` must be <= 4096"
  /\b(?:inputs?|prompt)\b[^.]{0,40}?\btokens?\b[^.]{0,60}?\bmust be\s*(?:<=|≤|less than(?: or equal to)?|at most|no (?:more|greater) than)\s*\d/i,
];

/**
 * Rate-limit messages talk about tokens and limits too ("Request too large for gpt-4 … on tokens
 * per min"): they are not overflow, and a bigger context would not help.
 */
const NOT_OVERFLOW = /\bper (?:min(?:ute)?|day|hour)\b|\b(?:TPM|RPM|TPD)\b|rate limit/i;

/** True when the code/type or the message says the prompt does not fit. */
export function isContextOverflow(message: string | undefined, code?: string, type?: string): boolean {
  if ((code && OVERFLOW_CODES.has(code)) || (type && OVERFLOW_CODES.has(type))) return true;
  if (!message || NOT_OVERFLOW.test(message)) return false;
  return OVERFLOW_PATTERNS.some((pattern) => pattern.test(message));
}

const NUMBER = String.raw`(\d[\d,_]*)`;
const num = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text.replace(/[,_]/g, ''));
  return Number.isFinite(value) ? value : undefined;
};

/** The limit, most specific shapes first. */
const LIMIT_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\d\s*\+\s*\d[\d,_]*\s*>\s*${NUMBER}`), // "A + B > M"
  new RegExp(String.raw`\d\s*(?:tokens?\s*)?>\s*${NUMBER}`), // "N tokens > M", "N > M"
  new RegExp(String.raw`maximum context length (?:is|of)\s*${NUMBER}`, 'i'),
  new RegExp(String.raw`context (?:length|window|size|limit)\b[^\d.]{0,24}?${NUMBER}\s*(?:tokens)?`, 'i'),
  new RegExp(String.raw`${NUMBER}\s*(?:tokens?\s*)?(?:maximum|max)\b(?! new)`, 'i'), // "> 200000 maximum"
  new RegExp(String.raw`must be\s*(?:<=|≤|less than(?: or equal to)?|at most|no (?:more|greater) than)\s*${NUMBER}`, 'i'),
  new RegExp(String.raw`max(?:imum)?[ _](?:model|sequence|seq)[ _](?:len|length)\b[^\d.]{0,12}?${NUMBER}`, 'i'),
  new RegExp(String.raw`max_model_len\b[^\d.]{0,12}?${NUMBER}`, 'i'),
  new RegExp(String.raw`maximum[^.\d]{0,40}?\(?${NUMBER}\)?`, 'i'),
];

/** The requested size, most specific shapes first; sums where the provider gave parts. */
const REQUESTED_RULES: readonly ((text: string) => number | undefined)[] = [
  (t) => num(new RegExp(String.raw`for a total of (?:at least )?${NUMBER} tokens`, 'i').exec(t)?.[1]),
  (t) => num(new RegExp(String.raw`you requested ${NUMBER} tokens`, 'i').exec(t)?.[1]),
  (t) => num(new RegExp(String.raw`resulted in ${NUMBER} tokens`, 'i').exec(t)?.[1]),
  (t) => sum(new RegExp(String.raw`${NUMBER}\s*\+\s*${NUMBER}\s*>`).exec(t)),
  (t) => sum(new RegExp(String.raw`${NUMBER}\s*>\s*\d[\d,_]*\s*-\s*${NUMBER}`).exec(t)), // vLLM "(K > M - N)"
  (t) => sum(new RegExp(String.raw`Given:\s*${NUMBER}\D[^.]*?\band\s+${NUMBER}`, 'i').exec(t)),
  (t) => num(new RegExp(String.raw`${NUMBER}\s*(?:tokens?\s*)?>\s*\d`, 'i').exec(t)?.[1]),
  (t) => num(new RegExp(String.raw`(?:prompt|input)[^.\d]{0,40}?(?:contains|has|of|length|count|is)\s*(?:at least\s*)?\(?(?:length\s*)?${NUMBER}`, 'i').exec(t)?.[1]),
  (t) => num(new RegExp(String.raw`(?:prompt|input)\s*\(${NUMBER}\s*tokens?\)`, 'i').exec(t)?.[1]),
];

function sum(match: RegExpExecArray | null): number | undefined {
  if (!match) return undefined;
  const a = num(match[1]);
  const b = num(match[2]);
  return a !== undefined && b !== undefined ? a + b : undefined;
}

/** Reads the limit and requested size from an overflow message (either may be absent). */
export function parseOverflow(message: string): OverflowFacts {
  let contextLimit: number | undefined;
  for (const pattern of LIMIT_PATTERNS) {
    contextLimit = num(pattern.exec(message)?.[1]);
    if (contextLimit !== undefined) break;
  }
  let requestedTokens: number | undefined;
  for (const rule of REQUESTED_RULES) {
    const value = rule(message);
    // A "requested" figure equal to the limit came from the limit's own sentence: keep looking.
    if (value !== undefined && value !== contextLimit) {
      requestedTokens = value;
      break;
    }
  }
  if (requestedTokens === undefined && contextLimit !== undefined) {
    // Fallback for unseen phrasings: the first token count that is larger than the limit.
    for (const match of message.matchAll(/(\d[\d,_]*)\s*(?:`?\w*`?\s*)?tokens?\b/gi)) {
      const value = num(match[1]);
      if (value !== undefined && value > contextLimit) {
        requestedTokens = value;
        break;
      }
    }
  }
  const facts: OverflowFacts = {};
  if (contextLimit !== undefined) facts.contextLimit = contextLimit;
  if (requestedTokens !== undefined) facts.requestedTokens = requestedTokens;
  return facts;
}
