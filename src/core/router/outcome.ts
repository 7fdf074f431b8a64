import type { ProviderHealth } from './health';
import type { Escalation, RouteRequest } from './types';
import { RouteError } from './types';

/**
 * The error when no candidate answered, with the whole trail in its message. Status follows
 * DESIGN.md: 429 when every attempt hit a rate limit, 400 when no model is large enough,
 * 503 when nothing could be tried, 502 when providers failed.
 */
export function exhaustedError(escalations: Escalation[], route: RouteRequest, health: ProviderHealth): RouteError {
  const capability = route.capability ?? route.request.kind;
  if (escalations.length === 0) {
    return new RouteError('unavailable', `No configured model offers "${capability}". Add one to the models list.`, escalations, {
      status: 503,
    });
  }
  const trail = escalations.map((e) => `${e.model} (${e.provider}): ${e.reason}${e.detail ? ` — ${e.detail}` : ''}`).join('; ');
  const attempted = escalations.filter((e) => e.attempted);
  if (attempted.length > 0 && attempted.every((e) => e.reason === 'rate_limited')) {
    const retryAfterMs = Math.min(...attempted.map((e) => health.coolingFor(e.provider)));
    return new RouteError('rate_limited', `Every provider tried is rate limited. ${trail}`, escalations, { status: 429, retryAfterMs });
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
