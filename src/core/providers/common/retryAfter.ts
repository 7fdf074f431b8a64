/**
 * When may we come back? Read from every place providers put it (WIRE.md "Rate limits and
 * overload"): `retry-after-ms`, `retry-after` (seconds or an HTTP date), OpenAI's
 * `x-ratelimit-reset-*` durations, Anthropic's `anthropic-ratelimit-*-reset` timestamps, and
 * OpenAI's "Please try again in 3.89s" sentence.
 */

/** Response headers as undici gives them: lower-case names, a string or several. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** One header value (the first when repeated). */
export function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses Go-style durations as OpenAI sends them: `12ms`, `1m3s`, `6m0s`, `1.5s`, `2h`. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const pattern = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * (UNIT_MS[match[2]] ?? 0);
    consumed += match[0].length;
  }
  if (consumed === 0 || consumed !== trimmed.length) return undefined;
  return Math.ceil(total);
}

/** "Please try again in 3.89s." / "in 20ms" / "in 1m2s" / "in 5 seconds" inside a message. */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  if (!message) return undefined;
  const match = /try again in\s+((?:\d+(?:\.\d+)?(?:ms|s|m|h))+|\d+(?:\.\d+)?\s*(?:seconds?|secs?|milliseconds?|minutes?))/i.exec(message);
  if (!match) return undefined;
  const words = /^(\d+(?:\.\d+)?)\s*(second|sec|millisecond|minute)/i.exec(match[1]);
  if (words) {
    const unit = words[2].toLowerCase();
    const factor = unit.startsWith('milli') ? 1 : unit.startsWith('min') ? 60_000 : 1000;
    return Math.ceil(Number(words[1]) * factor);
  }
  return parseDuration(match[1]);
}

/** The kinds of limit both providers report on: each has a `remaining` and a `reset` header. */
const LIMIT_KINDS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * Reset headers of the limits that are actually exhausted (`remaining: 0`) are the useful ones;
 * when no `remaining` header says which, every reset counts. Of the useful waits, the soonest
 * in the future wins: a past timestamp is no help.
 */
function resetHeaderWait(headers: HeaderMap, now: number): number | undefined {
  const exhausted: number[] = [];
  const all: number[] = [];
  for (const kind of LIMIT_KINDS) {
    const openai = header(headers, `x-ratelimit-reset-${kind}`);
    const anthropic = header(headers, `anthropic-ratelimit-${kind}-reset`);
    const wait = openai !== undefined ? parseDuration(openai) : anthropic !== undefined ? untilTimestamp(anthropic, now) : undefined;
    if (wait === undefined || wait <= 0) continue;
    all.push(wait);
    const remaining = header(headers, `x-ratelimit-remaining-${kind}`) ?? header(headers, `anthropic-ratelimit-${kind}-remaining`);
    if (remaining !== undefined && Number(remaining) <= 0) exhausted.push(wait);
  }
  const useful = exhausted.length > 0 ? exhausted : all;
  return useful.length > 0 ? Math.min(...useful) : undefined;
}

function untilTimestamp(text: string, now: number): number | undefined {
  const at = Date.parse(text);
  return Number.isFinite(at) ? at - now : undefined;
}

/**
 * The wait a failed response asks for, in ms, or undefined when it does not say. Explicit
 * `retry-after-ms` / `retry-after` win over the message, which wins over the reset headers
 * (those describe the window, not this refusal).
 */
export function retryAfterMs(headers: HeaderMap, message: string | undefined, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const seconds = header(headers, 'retry-after');
  if (seconds !== undefined) {
    const trimmed = seconds.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
    const wait = untilTimestamp(trimmed, now);
    if (wait !== undefined) return Math.max(0, wait);
  }
  return retryAfterFromMessage(message) ?? resetHeaderWait(headers, now);
}
