import type { Capability } from '../model/request';
import type { ProviderHealth } from './health';
import type { Escalation } from './types';
import { RouteError } from './types';

/**
 * The error when no candidate answered, with the whole trail in its message. Status follows
 * DESIGN.md: 429 when every attempt hit a rate limit, 503 (code `overloaded`) when every attempt
 * found its provider overloaded, 400 when no model is large enough, has the capabilities the
 * request uses, or can honour its fields, 503 when nothing could be tried, 502 when providers
 * failed.
 */
export function exhaustedError(escalations: Escalation[], required: readonly Capability[], health: ProviderHealth): RouteError {
  if (escalations.length === 0) {
    const [kind, ...extra] = required;
    const what = required.map((c) => `"${c}"`).join(' + ');
    if (extra.length === 0) {
      return new RouteError('unavailable', `No configured model offers "${kind}". Add one to the models list.`, escalations, { status: 503 });
    }
    return new RouteError(
      'bad_request',
      `No configured model offers ${what}, which the request uses. Add a model with ${extra.length === 1 ? 'that capability' : 'those capabilities'} (models[].capabilities), or leave out what needs ${extra.length === 1 ? 'it' : 'them'}.`,
      escalations,
      { status: 400 },
    );
  }
  if (escalations.every((e) => e.reason === 'unsupported')) {
    const details = escalations.map((e) => e.detail).filter((d, i, all) => d && all.indexOf(d) === i);
    return new RouteError(
      'bad_request',
      `The request uses what no candidate provider can honour: ${details.join('; ')}. Send it without those fields, or set field_policy to drop them.`,
      escalations,
      { status: 400 },
    );
  }
  const trail = escalations.map((e) => `${e.model} (${e.provider}): ${e.reason}${e.detail ? ` — ${e.detail}` : ''}`).join('; ');
  const attempted = escalations.filter((e) => e.attempted);
  if (attempted.length > 0 && attempted.every((e) => e.reason === 'rate_limited')) {
    const retryAfterMs = Math.min(...attempted.map((e) => health.coolingFor(e.provider)));
    return new RouteError('rate_limited', `Every provider tried is rate limited. ${trail}`, escalations, { status: 429, retryAfterMs });
  }
  if (attempted.length > 0 && attempted.every((e) => e.reason === 'overloaded')) {
    // Overload is its own answer (Anthropic-format clients get 529 overloaded_error and back off).
    const retryAfterMs = Math.min(...attempted.map((e) => health.coolingFor(e.provider)));
    return new RouteError('overloaded', `Every provider tried is overloaded. ${trail}`, escalations, { status: 503, retryAfterMs });
  }
  if (escalations.every((e) => e.reason === 'too_small' || e.reason === 'context_length')) {
    return new RouteError(
      'context_length',
      `The prompt does not fit any configured model's context. Shorten it or add a larger model. ${trail}`,
      escalations,
      { status: 400 },
    );
  }
  if (attempted.length === 0) {
    const noKey = escalations.every((e) => e.reason === 'no_key');
    const hint = noKey ? 'No provider has an API key: set one (Tokenhub: Set API Key…, or the provider\'s api_key_env variable). ' : '';
    return new RouteError('unavailable', `${hint}No model could be tried. ${trail}`, escalations, { status: 503 });
  }
  return new RouteError('unavailable', `Every candidate failed. ${trail}`, escalations, { status: 502 });
}
