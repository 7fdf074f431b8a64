import { TokenhubError } from '../base/errors';
import type { ProviderConfig, ProviderType } from './adapter';
import { ANTHROPIC_VERSION } from './anthropic/adapter';
import { defaultBaseUrl } from './baseUrl';
import type { ClassifyContext } from './common/classify';
import { protocolError } from './common/classify';
import type { TransportOptions } from './common/http';
import { HttpTransport } from './common/http';
import { isJsonObject, parseJson } from './common/json';

/**
 * `GET …/models`, the provider's own list of what it serves, per provider type (WIRE.md
 * "Requests"): OpenAI and OpenAI-compatible servers `GET {base}/models` with a bearer key,
 * Anthropic `GET {base}/v1/models` with `x-api-key` and `anthropic-version`, paged. Every provider
 * type authenticates it and it costs nothing, so it is also the cheapest real call that proves a
 * key (keyCheck.ts). Bounded: at most MAX_LISTING_BYTES per page and MAX_PAGES pages.
 */

/** A model as the provider lists it. */
export interface ListedModel {
  /** The name to send as `model`. */
  id: string;
  /** The context window, when the provider says it (vLLM's `max_model_len`). */
  contextSize?: number;
  /** Anthropic's `display_name`. */
  displayName?: string;
}

/** What a listing needs besides the provider. */
export interface ListingOptions {
  apiKey: string | undefined;
  signal: AbortSignal;
  /** Overrides the provider's base URL (a convention probe tries another form). */
  baseUrl?: string;
  transport?: TransportOptions;
}

const MAX_LISTING_BYTES = 4 * 1024 * 1024;
const MAX_PAGES = 10;
const ANTHROPIC_PAGE = 1000;

/**
 * The provider's models, in its order. Failures are classified like every upstream failure
 * (`unauthorized` for a refused key, `network`, `timeout`, `bad_request` with status 404 for a
 * server without the route), their messages free of the key.
 */
export async function listModels(provider: ProviderConfig, options: ListingOptions): Promise<ListedModel[]> {
  const base = (options.baseUrl ?? provider.baseUrl ?? defaultBaseUrl(provider.type)).replace(/\/+$/, '');
  // A model list is small: one larger than MAX_LISTING_BYTES fails as `server` (http.ts bounds every read).
  const transport = new HttpTransport(base, { connections: 1, ...options.transport, maxResponseBytes: MAX_LISTING_BYTES });
  const who: ClassifyContext = { provider: provider.name, apiKey: options.apiKey };
  try {
    if (provider.type !== 'anthropic') return readOpenAIList(await page(transport, '/models', headersFor(provider.type, options.apiKey), options, who), who);
    // A base configured with `/v1` (the OpenAI habit) would otherwise ask for `/v1/v1/models`.
    const path = base.endsWith('/v1') ? '/models' : '/v1/models';
    const models: ListedModel[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const query = `?limit=${ANTHROPIC_PAGE}${after === undefined ? '' : `&after_id=${encodeURIComponent(after)}`}`;
      const body = await page(transport, path + query, headersFor('anthropic', options.apiKey), options, who);
      const { listed, hasMore, lastId } = readAnthropicPage(body, who);
      models.push(...listed);
      if (!hasMore || lastId === undefined) break;
      after = lastId;
    }
    return models;
  } finally {
    await transport.close();
  }
}

function headersFor(type: ProviderType, apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (type === 'anthropic') {
    headers['anthropic-version'] = ANTHROPIC_VERSION;
    if (apiKey) headers['x-api-key'] = apiKey;
  } else if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

async function page(transport: HttpTransport, path: string, headers: Record<string, string>, options: ListingOptions, who: ClassifyContext): Promise<unknown> {
  const context = { signal: options.signal, apiKey: options.apiKey };
  const call = await transport.get(path, headers, context, who);
  try {
    if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
    const text = await call.text();
    return parseJson(text, 'the model list', who, call.status);
  } catch (error) {
    throw call.fail(error);
  } finally {
    call.release();
  }
}

/** `{object: "list", data: [{id, …}]}`; vLLM adds `max_model_len`. Entries without an id are skipped. */
function readOpenAIList(body: unknown, who: ClassifyContext): ListedModel[] {
  const data = isJsonObject(body) ? body.data : undefined;
  if (!Array.isArray(data)) throw protocolError('a model list without a `data` array', who);
  const out: ListedModel[] = [];
  for (const entry of data) {
    if (!isJsonObject(entry) || typeof entry.id !== 'string' || entry.id === '') continue;
    const model: ListedModel = { id: entry.id };
    const length = entry.max_model_len;
    if (typeof length === 'number' && Number.isSafeInteger(length) && length > 0) model.contextSize = length;
    out.push(model);
  }
  return out;
}

function readAnthropicPage(body: unknown, who: ClassifyContext): { listed: ListedModel[]; hasMore: boolean; lastId?: string } {
  if (!isJsonObject(body) || !Array.isArray(body.data)) throw protocolError('a model list without a `data` array', who);
  const listed: ListedModel[] = [];
  for (const entry of body.data) {
    if (!isJsonObject(entry) || typeof entry.id !== 'string' || entry.id === '') continue;
    listed.push(typeof entry.display_name === 'string' ? { id: entry.id, displayName: entry.display_name } : { id: entry.id });
  }
  const lastId = typeof body.last_id === 'string' ? body.last_id : listed.at(-1)?.id;
  return { listed, hasMore: body.has_more === true, ...(lastId !== undefined ? { lastId } : {}) };
}

/** True when an error means "this server has no model list here" (a 404 or 405), not a failure. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof TokenhubError && (error.status === 404 || error.status === 405);
}
