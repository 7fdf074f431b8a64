import { TokenhubError, isTokenhubError } from '../base/errors';
import type { ErrorCode } from '../base/errors';
import { textMessage } from '../model/content';
import type { ProviderConfig } from './adapter';
import { checkBaseUrl } from './baseUrl';
import type { TransportOptions } from './common/http';
import { createProviderAdapter } from './factory';
import type { ListedModel } from './modelListing';
import { isMissingRoute, listModels } from './modelListing';

/**
 * Whether a provider answers with a key, by the cheapest real call it allows: its model list
 * (authenticated by every provider type, and free), else, on a server without one, a chat request
 * for one token to the model the user picked. Never retried, never routed: the answer is about
 * this provider and this key only.
 */

/** What the check found, in the words the user needs. */
export type KeyCheck =
  /** The provider answered with this key; `models` when it listed them. */
  | { verdict: 'works'; via: 'models' | 'chat'; models?: ListedModel[]; baseUrl: string }
  /** The provider refused the key (401/403). */
  | { verdict: 'wrong_key'; message: string }
  /** Nothing answered at the base URL (DNS, refused, TLS, timeout). */
  | { verdict: 'not_reachable'; message: string }
  /** It answered, but with another failure (no quota, a 5xx, no model list and no model to try…). */
  | { verdict: 'failed'; code: ErrorCode; message: string };

/** What a check needs besides the provider. */
export interface KeyCheckOptions {
  apiKey: string | undefined;
  /** A model name for the one-token chat, used only when the provider has no model list. */
  model?: string;
  signal?: AbortSignal;
  /** Gives up after this long (default 15 s): a first-run check must not hang. */
  timeoutMs?: number;
  transport?: TransportOptions;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Checks the provider as configured (its `baseUrl` as it is). */
export async function checkKey(provider: ProviderConfig, options: KeyCheckOptions): Promise<KeyCheck> {
  return withDeadline(provider, options, async (signal) => {
    const baseUrl = provider.baseUrl ?? checkedDefault(provider);
    try {
      const models = await listModels(provider, { apiKey: options.apiKey, signal, transport: options.transport });
      return { verdict: 'works', via: 'models', models, baseUrl };
    } catch (error) {
      if (!isMissingRoute(error) || options.model === undefined) return verdictOf(error);
    }
    return chatCheck(provider, options.model, options.apiKey, signal, baseUrl, options.transport);
  });
}

/** What discovery found: the base URL that answered, and the models it lists when it could. */
export interface Discovery {
  /** The base URL to configure: the one typed, or its conventional form when only that answered. */
  readonly baseUrl: string;
  readonly check: KeyCheck;
}

/**
 * Lists the models at the typed base URL, and when nothing is there (a 404, or a body that is not
 * a model list) at its conventional form (`…/v1` added for an OpenAI-compatible server, say):
 * the convention is checked by what the server says, not guessed.
 */
export async function discoverModels(provider: ProviderConfig, options: Omit<KeyCheckOptions, 'model'>): Promise<Discovery> {
  const typed = checkBaseUrl(provider.type, provider.baseUrl ?? '');
  if (!typed.ok) return { baseUrl: provider.baseUrl ?? '', check: { verdict: 'failed', code: 'invalid_input', message: typed.problem } };
  const first = await withDeadline(provider, options, (signal) => listAt(provider, typed.url, options.apiKey, signal, options.transport));
  if (first.verdict === 'works' || typed.alternative === undefined || !(first.verdict === 'failed' && (first.code === 'bad_request' || first.code === 'server'))) {
    return { baseUrl: typed.url, check: first };
  }
  const second = await withDeadline(provider, options, (signal) => listAt(provider, typed.alternative!, options.apiKey, signal, options.transport));
  return second.verdict === 'works' ? { baseUrl: typed.alternative, check: second } : { baseUrl: typed.url, check: first };
}

async function listAt(provider: ProviderConfig, baseUrl: string, apiKey: string | undefined, signal: AbortSignal, transport?: TransportOptions): Promise<KeyCheck> {
  try {
    const models = await listModels(provider, { apiKey, signal, baseUrl, transport });
    return { verdict: 'works', via: 'models', models, baseUrl };
  } catch (error) {
    return verdictOf(error);
  }
}

async function chatCheck(provider: ProviderConfig, model: string, apiKey: string | undefined, signal: AbortSignal, baseUrl: string, transport?: TransportOptions): Promise<KeyCheck> {
  const adapter = createProviderAdapter(provider, { connections: 1, ...transport });
  try {
    await adapter.send(model, { kind: 'chat', messages: [textMessage('user', 'Reply with OK.')], maxTokens: 1 }, { signal, apiKey });
    return { verdict: 'works', via: 'chat', baseUrl };
  } catch (error) {
    return verdictOf(error);
  } finally {
    await adapter.close();
  }
}

function verdictOf(error: unknown): KeyCheck {
  if (!isTokenhubError(error)) return { verdict: 'failed', code: 'server', message: 'The check failed unexpectedly.' };
  if (error.code === 'cancelled') throw error;
  if (error.code === 'unauthorized') return { verdict: 'wrong_key', message: error.message };
  if (error.code === 'network' || error.code === 'timeout') return { verdict: 'not_reachable', message: error.message };
  return { verdict: 'failed', code: error.code, message: error.message };
}

/** Runs `work` under the caller's signal and a deadline whose expiry reads as a timeout, not a cancel. */
async function withDeadline(provider: ProviderConfig, options: KeyCheckOptions, work: (signal: AbortSignal) => Promise<KeyCheck>): Promise<KeyCheck> {
  const controller = new AbortController();
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(new TokenhubError('timeout', `${provider.name} did not answer within ${Math.round(ms / 1000)} s.`, { provider: provider.name })), ms);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function checkedDefault(provider: ProviderConfig): string {
  const check = checkBaseUrl(provider.type, '');
  return check.ok ? check.url : '';
}
