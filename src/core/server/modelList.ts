import type { ModelEntry } from '../registry/model';
import { apiError, type ApiError } from './httpError';

/**
 * `GET /v1/models` and `GET /v1/models/{id}` (DESIGN.md "Local HTTP API"): the registry plus
 * `auto`, in OpenAI's list format, or in Anthropic's (with its `limit`, `after_id` and
 * `before_id` pages) when the request carries `anthropic-version`, as the Anthropic SDKs send.
 */

/** The registry as the model routes see it. */
export interface ModelView {
  /** Every model, best first. */
  models: readonly ModelEntry[];
  /** A name a client may send (registry id, provider model name, alias) → its model, `auto`, or undefined. */
  resolve(name: string): ModelEntry | 'auto' | undefined;
}

/** Which list format to answer in. */
export type ModelListStyle = 'openai' | 'anthropic';

/** A model route's answer: the JSON value, or the error to send. */
export type ModelAnswer = { ok: true; value: unknown } | { ok: false; error: ApiError };

/** Anthropic's page size when none is asked, and its largest. */
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** Release dates are unknown to Tokenhub; Anthropic's reference allows the epoch for those. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

/** `GET /v1/models`. */
export function listModels(view: ModelView, style: ModelListStyle, query: URLSearchParams): ModelAnswer {
  const ids = ['auto', ...view.models.map((m) => m.id)];
  const entry = (id: string) => (id === 'auto' ? 'auto' : view.models.find((m) => m.id === id)!);
  if (style === 'openai') return { ok: true, value: { object: 'list', data: ids.map((id) => openAIModel(id, entry(id))) } };
  const limit = query.get('limit') === null ? DEFAULT_LIMIT : Number(query.get('limit'));
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return refuse('limit', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  const after = query.get('after_id');
  const before = query.get('before_id');
  let start = 0;
  let end = ids.length;
  if (after !== null) {
    const at = ids.indexOf(after);
    if (at < 0) return refuse('after_id', `after_id "${after}" is not a model in the list.`);
    start = at + 1;
  }
  if (before !== null) {
    const at = ids.indexOf(before);
    if (at < 0) return refuse('before_id', `before_id "${before}" is not a model in the list.`);
    end = at;
  }
  // Paging back (before_id) gives the models just before the cursor; forward, those just after.
  const page = before !== null && after === null ? ids.slice(Math.max(start, end - limit), end) : ids.slice(start, Math.min(end, start + limit));
  const more = before !== null && after === null ? end - page.length > start : start + page.length < end;
  const data = page.map((id) => anthropicModel(id, entry(id)));
  return { ok: true, value: { data, has_more: more, first_id: page[0] ?? null, last_id: page.at(-1) ?? null } };
}

/** `GET /v1/models/{name}`: any name a client may send answers, under the name it was asked by. */
export function retrieveModel(view: ModelView, style: ModelListStyle, name: string): ModelAnswer {
  const target = name === 'auto' ? 'auto' : view.resolve(name);
  if (target === undefined) {
    return { ok: false, error: apiError(404, `Unknown model "${name}". GET /v1/models lists the models, or use "auto".`, 'model_not_found') };
  }
  return { ok: true, value: style === 'openai' ? openAIModel(name, target) : anthropicModel(name, target) };
}

function openAIModel(id: string, target: ModelEntry | 'auto'): Record<string, unknown> {
  if (target === 'auto') return { id, object: 'model', created: 0, owned_by: 'tokenhub' };
  return { id, object: 'model', created: 0, owned_by: target.provider, context_window: target.contextSize };
}

function anthropicModel(id: string, target: ModelEntry | 'auto'): Record<string, unknown> {
  const routed = target === 'auto';
  const same = !routed && target.id === id;
  const display = routed ? (id === 'auto' ? 'Tokenhub router (auto)' : `${id} (routed by Tokenhub)`) : same ? `${id} (${target.provider})` : `${id} (${target.id} on ${target.provider})`;
  return {
    type: 'model',
    id,
    display_name: display,
    created_at: UNKNOWN_DATE,
    max_input_tokens: routed ? null : target.contextSize,
    max_tokens: routed ? null : (target.maxOutputTokens ?? null),
    capabilities: null,
    lifecycle: 'active',
    deprecated_at: null,
    retires_at: null,
    line: null,
  };
}

function refuse(param: string, message: string): ModelAnswer {
  return { ok: false, error: apiError(400, message, 'invalid_request', param) };
}
