import type { ProviderType } from './adapter';
import { ANTHROPIC_DEFAULT_BASE_URL } from './anthropic/adapter';
import { OPENAI_DIALECT } from './openai/adapter';
import { VLLM_DIALECT } from './vllm/adapter';

/**
 * Base URLs by each provider type's convention (WIRE.md): OpenAI and every OpenAI-compatible
 * server include `/v1` (`http://localhost:8000/v1`), Anthropic does not (`https://api.anthropic.com`).
 * A URL that breaks the convention may still be right (Gemini's OpenAI layer serves under
 * `/v1beta/openai`), so the check proposes an alternative rather than refusing.
 */

/** The base URL a provider type uses when none is configured. */
export function defaultBaseUrl(type: ProviderType): string {
  switch (type) {
    case 'openai':
      return OPENAI_DIALECT.defaultBaseUrl;
    case 'anthropic':
      return ANTHROPIC_DEFAULT_BASE_URL;
    case 'vllm':
      return VLLM_DIALECT.defaultBaseUrl;
  }
}

/** What a typed base URL is: unusable (with why), or usable with what else it may have meant. */
export type BaseUrlCheck =
  /** Not a URL Tokenhub can send to. */
  | { ok: false; problem: string }
  /**
   * `url` (trailing slashes removed) can be used. `alternative` is the conventional form when `url`
   * breaks the convention, with `note` saying why; a probe tries `url` first, then `alternative`.
   */
  | { ok: true; url: string; alternative?: string; note?: string };

/** Routes people paste by mistake: the base is what comes before them. */
const ROUTE_SUFFIXES = ['/chat/completions', '/completions', '/messages', '/models'];

/** Checks a base URL typed for a provider of `type` ('' means the type's default). */
export function checkBaseUrl(type: ProviderType, text: string): BaseUrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, url: defaultBaseUrl(type) };
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { ok: false, problem: `"${trimmed}" is not a URL; type one such as ${example(type)}.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, problem: `The URL must start with http:// or https:// (it starts with ${parsed.protocol}//).` };
  if (parsed.hostname === '') return { ok: false, problem: 'The URL has no host name.' };
  if (parsed.search !== '' || parsed.hash !== '') return { ok: false, problem: 'A base URL has no query (?…) or fragment (#…); leave them out.' };
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, problem: 'Put no user name or password in the URL; the key goes into the vault in the next step.' };
  const url = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  const route = ROUTE_SUFFIXES.find((suffix) => parsed.pathname.replace(/\/+$/, '').endsWith(suffix));
  if (route) {
    const base = url.slice(0, url.length - route.length);
    return { ok: true, url, alternative: base, note: `${route} is a route, not part of the base URL: Tokenhub adds it. ${base} is probably meant.` };
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (type === 'anthropic') {
    if (path.endsWith('/v1')) return { ok: true, url, alternative: url.slice(0, -3), note: "Anthropic's base URL has no /v1 (Tokenhub adds /v1/messages); it works either way." };
    return { ok: true, url };
  }
  if (!path.endsWith('/v1')) {
    return { ok: true, url, alternative: `${url}/v1`, note: `OpenAI-compatible servers usually serve under /v1: ${url}/v1 is probably meant (Tokenhub tries it if ${url} answers nothing).` };
  }
  return { ok: true, url };
}

function example(type: ProviderType): string {
  return type === 'vllm' ? 'http://127.0.0.1:8000/v1' : defaultBaseUrl(type);
}
