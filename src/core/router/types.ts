import type { CancelSignal } from '../base/cancel';
import type { ErrorCode, TokenhubErrorOptions } from '../base/errors';
import { TokenhubError } from '../base/errors';
import type { Answer } from '../model/answer';
import type { EmbeddingAnswer, EmbeddingRequest } from '../model/embedding';
import type { FinishReason, StreamBatch } from '../model/events';
import type { FieldIssue } from '../model/fields';
import type { ModelRequest, WireFormat } from '../model/request';
import type { Usage } from '../model/usage';
import type { ModelEntry } from '../registry/model';

/** Why a candidate was passed over or left behind. */
export type EscalationReason =
  /** The attempt failed with this code. */
  | ErrorCode
  /** Predicted not to fit (estimate), or smaller than the size a provider reported. */
  | 'too_small'
  /** Its provider is cooling down after a failure. */
  | 'cooling_down'
  /** Its provider refused the key; disabled until the key changes. */
  | 'disabled'
  /** Its provider needs a key and none is configured. */
  | 'no_key'
  /** Its provider's format cannot honour a field of the request (see `detail`). */
  | 'unsupported';

/** One model skipped or failed on the way to an answer. */
export interface Escalation {
  model: string;
  provider: string;
  reason: EscalationReason;
  /** True when a request was sent (counts towards `max_attempts`); false for skips. */
  attempted: boolean;
  /** A short, secret-free explanation for logs and error messages. */
  detail?: string;
}

/** What the caller asks of the router. */
export interface RouteRequest extends RouteOptions {
  request: ModelRequest;
}

/** How a request of any kind is routed: which model first, whether to escalate, among whom. */
export interface RouteOptions {
  /**
   * `auto`/absent lets the router choose; a registry id, a provider model name or an alias
   * (`model_aliases`) is tried first. Only models with every capability the request needs
   * (`needs`) are candidates.
   */
  model?: string;
  /** False: only the named model is tried. Defaults to true. */
  escalate?: boolean;
  /** Only these providers (the orchestrator uses it to keep planner and critic apart). */
  providers?: readonly string[];
  /** Models not to try. */
  excludeModels?: readonly string[];
  signal?: CancelSignal;
}

/** An embeddings request to route (`Router.embed`). */
export interface EmbedRequest extends RouteOptions {
  request: EmbeddingRequest;
}

/** The vectors with who made them, how, and what they cost. */
export interface EmbedResult extends Omit<RouteTrace, 'format'> {
  answer: EmbeddingAnswer;
  usage: Usage;
  costUsd: number;
}

/** Facts common to every answer: who answered and what happened on the way. */
export interface RouteTrace {
  model: ModelEntry;
  /** Requests sent, including the one that answered. */
  attempts: number;
  escalations: Escalation[];
  /** The wire format the answering provider was spoken to in (pass-through when it is the client's). */
  format: WireFormat;
  /** What the answering provider's format could not carry and left out (`x-tokenhub-dropped`). */
  dropped: FieldIssue[];
  /**
   * The prompt's estimated tokens for the answering model, known before any provider report (an
   * Anthropic stream's `message_start` must state its input tokens before the provider has).
   */
  promptTokens: number;
}

/** A whole answer with its trace, usage and cost. */
export interface RouteResult extends RouteTrace {
  answer: Answer;
  usage: Usage;
  costUsd: number;
}

/** Final figures of a stream, known once it ended cleanly. */
export interface StreamSummary {
  /** The whole answer, folded from the stream's events. */
  answer: Answer;
  /** The answer's text. */
  text: string;
  usage: Usage;
  costUsd: number;
  finishReason: FinishReason | null;
}

/**
 * A stream whose first content has arrived (so no further escalation will happen). Iterate
 * `batches` once: each is the events of one upstream read, never empty, and the first holds the
 * first content (text, reasoning or a tool call). A failure after this point is thrown from the
 * iterator. Breaking out of the loop aborts the upstream request.
 */
export interface RouteStream extends RouteTrace {
  batches: AsyncIterable<StreamBatch>;
  /** Resolves when the stream ended cleanly; rejects with the error that ended it. */
  summary: Promise<StreamSummary>;
}

/** Every candidate failed or none could be tried; carries the whole trail. */
export class RouteError extends TokenhubError {
  readonly escalations: Escalation[];

  constructor(code: ErrorCode, message: string, escalations: Escalation[], options: TokenhubErrorOptions = {}) {
    super(code, message, options);
    this.escalations = escalations;
  }
}

/** `gpt-4o:rate_limited` items, as in the `x-tokenhub-escalations` header. */
export function formatEscalations(escalations: readonly Escalation[]): string {
  return escalations.map((e) => `${e.model}:${e.reason}`).join(', ');
}
