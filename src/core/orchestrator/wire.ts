import { TokenhubError } from '../base/errors';
import type { Escalation } from '../router/types';
import { apiError, errorBody, toApiError, type ApiError } from '../server/httpError';
import { encodeUsage } from '../formats/openai/usage';
import type { AdversarialEvent, AdversarialEventOf, AdversarialResult, Phase, PhaseResult } from './events';

/** A valid `POST /v1/adversarial` body (DESIGN.md "Local HTTP API"). */
export interface AdversarialBody {
  prompt: string;
  planner?: string;
  critic?: string;
  maxTokens?: number;
  stream: boolean;
}

/** The parsed body, or the 400 to answer. */
export type ParsedBody = { ok: true; value: AdversarialBody } | { ok: false; error: ApiError };

/** Checks the body's shape; unknown fields are ignored, as OpenAI's API does. */
export function parseAdversarialBody(body: unknown): ParsedBody {
  const refuse = (message: string, param: string | null): ParsedBody => ({ ok: false, error: apiError(400, message, 'invalid_request', param) });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('The body must be a JSON object.', null);
  const fields = body as Record<string, unknown>;
  const { prompt, planner, critic, max_tokens: maxTokens, stream } = fields;
  if (typeof prompt !== 'string' || prompt.trim() === '') return refuse('"prompt" must be a non-empty string.', 'prompt');
  for (const [name, value] of [['planner', planner], ['critic', critic]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      return refuse(`"${name}" must be a model id, a provider model name or "auto".`, name);
    }
  }
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isSafeInteger(maxTokens) || maxTokens < 1)) {
    return refuse('"max_tokens" must be a positive integer.', 'max_tokens');
  }
  if (stream !== undefined && typeof stream !== 'boolean') return refuse('"stream" must be true or false.', 'stream');
  return {
    ok: true,
    value: {
      prompt,
      stream: stream ?? false,
      ...(planner !== undefined ? { planner: planner as string } : {}),
      ...(critic !== undefined ? { critic: critic as string } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    },
  };
}

/** A phase in the JSON answer and in `phase_end` / `done` events. */
export interface WirePhase {
  phase: Phase;
  model: string;
  provider: string;
  content: string;
  usage: ReturnType<typeof encodeUsage>;
  cost_usd: number;
  duration_ms: number;
  attempts: number;
  /** As the router reports them; their field names are single words, the same in both cases. */
  escalations: Escalation[];
  fallback: boolean;
  note?: string;
}

export function wirePhase(result: PhaseResult): WirePhase {
  return {
    phase: result.phase,
    model: result.model,
    provider: result.provider,
    content: result.text,
    usage: encodeUsage(result.usage),
    cost_usd: result.costUsd,
    duration_ms: result.durationMs,
    attempts: result.attempts,
    escalations: result.escalations,
    fallback: result.fallback,
    ...(result.note ? { note: result.note } : {}),
  };
}

/** The non-streamed answer, which is also the `done` event's data (plus its `phase`). */
export function resultObject(id: string, result: AdversarialResult): object {
  return {
    id,
    object: 'adversarial.result',
    phases: result.phases.map(wirePhase),
    final: result.final,
    usage: encodeUsage(result.usage),
    cost_usd: result.costUsd,
  };
}

/**
 * The error an `error` event stands for, in the API's terms; the same mapping as any other route
 * (a shutdown, unknown model, exhausted candidates keep their status and code).
 */
export function eventApiError(event: AdversarialEventOf<'error'>): ApiError {
  return toApiError(new TokenhubError(event.code, event.message, { status: event.status, retryAfterMs: event.retryAfterMs }));
}

/**
 * One server-sent event: `event: <type>` and a JSON `data:` line that names its `phase`. `done`
 * names `refine`, the phase whose content is `final`, and carries the whole JSON answer; an
 * `error` carries the OpenAI-shaped error object and the phase that failed (null when it failed
 * before the first phase).
 */
export function sseFrame(id: string, event: AdversarialEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(wireData(id, event))}\n\n`;
}

function wireData(id: string, event: AdversarialEvent): object {
  switch (event.type) {
    case 'phase_start':
      return {
        phase: event.phase,
        model: event.model,
        provider: event.provider,
        escalations: event.escalations,
        fallback: event.fallback,
        ...(event.note ? { note: event.note } : {}),
      };
    case 'delta':
      return { phase: event.phase, text: event.text };
    case 'phase_end': {
      const { type: _type, ...result } = event;
      return wirePhase(result);
    }
    case 'done':
      return { phase: 'refine', ...resultObject(id, event) };
    case 'error':
      return { phase: event.phase ?? null, ...(JSON.parse(errorBody(eventApiError(event))) as object) };
  }
}
