import type { CancelSignal } from '../base/cancel';
import type { Answer } from '../model/answer';
import type { EmbeddingAnswer, EmbeddingRequest } from '../model/embedding';
import type { StreamBatch } from '../model/events';
import type { FieldIssue } from '../model/fields';
import type { ModelRequest, WireFormat } from '../model/request';

/** The provider types Tokenhub speaks to (DESIGN.md "Configuration" `providers[].type`). */
export type ProviderType = 'openai' | 'anthropic' | 'vllm';

/** A provider as configured (DESIGN.md "Configuration"), after validation and `${ENV}` expansion. */
export interface ProviderConfig {
  /** Unique name, referenced by models and by the vault's `stored_keys`. */
  name: string;
  type: ProviderType;
  /** Optional; each type has its own default and convention (WIRE.md). */
  baseUrl?: string;
  /** Name of the environment variable holding the key (the vault wins when both exist). */
  apiKeyEnv?: string;
  /**
   * `openai` only: false when the server has no Responses API (`/responses`), so Responses
   * clients' requests are translated to chat completions, as for vLLM. Default true.
   */
  responses?: boolean;
}

/** What one attempt needs beyond the request: cancellation, the key, and liveness callbacks. */
export interface AttemptContext {
  /**
   * Aborts the upstream request at once. When the router aborts for a timeout, the reason is a
   * `TokenhubError('timeout')`, which the adapter rethrows as is (see `abortReason`).
   */
  signal: CancelSignal;
  /** The key to send, or undefined when none is configured (vLLM usually needs none). */
  apiKey: string | undefined;
  /** Called once when the response status and headers have arrived. */
  onResponseStart?: () => void;
  /** Called whenever body bytes arrive (pings included): resets the router's idle timer. */
  onActivity?: () => void;
}

/**
 * One provider's I/O over its wire format's codec (src/core/formats/). Encodes model requests,
 * sends them with undici, decodes answers into the model, and classifies every failure into a
 * `TokenhubError` with a code (never lets a raw error out).
 */
export interface ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  /**
   * The wire format a request is sent in. A request whose `origin` has this format passes
   * through: its body is forwarded with only Tokenhub's own fields replaced, and the answer's
   * upstream form is kept (`Answer.raw`, `StreamBatch.raw`) for a surface of the same format.
   */
  format(request: ModelRequest): WireFormat;
  /**
   * What of `request` this provider's format cannot carry for `model` (the provider's model
   * name: some features depend on the model): fields it leaves out (`drop`) and fields that make
   * it unfit (`refuse`). Pure and cheap: the router asks it of every candidate before any call.
   */
  check(model: string, request: ModelRequest): readonly FieldIssue[];
  /** Sends a request and waits for the whole answer. */
  send(model: string, request: ModelRequest, context: AttemptContext): Promise<Answer>;
  /**
   * Streams an answer in batches: the events of one network read together (never an empty
   * batch), so the layers above pay their per-item costs once per read. Errors before the first
   * batch and mid-stream (including an `event: error` after a 200) are thrown from the iterator
   * as `TokenhubError`s, after the batch of events that preceded them in the same read. Breaking
   * out of the loop aborts the upstream request.
   */
  stream(model: string, request: ModelRequest, context: AttemptContext): AsyncIterable<StreamBatch>;
  /**
   * Embeds the request's inputs (`POST {base}/embeddings`), for providers that have an
   * embeddings API (OpenAI and OpenAI-compatible servers; Anthropic has none, and no `embed`).
   */
  embed?(model: string, request: EmbeddingRequest, context: AttemptContext): Promise<EmbeddingAnswer>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}
