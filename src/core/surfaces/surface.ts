import type { IncomingHttpHeaders } from 'node:http';
import type { Decoded } from '../formats/codec';
import type { StreamBatch } from '../model/events';
import type { ModelRequest, WireFormat } from '../model/request';
import type { RouteResult, RouteStream, StreamSummary } from '../router/types';
import type { ApiError } from '../server/httpError';

/**
 * What a client speaks (STYLE.md "surfaces"): one per API format, over the one message model.
 * A surface parses a client's body into a routed call and renders the router's answers, streams
 * and errors back in its format; the server (server/serveCall.ts) does the I/O for all of them.
 * A new API surface is one file implementing this.
 */
export interface Surface extends ErrorShape {
  readonly format: WireFormat;
  /** A client's body as a call to route, or the problem to refuse it with (a 400 in this format). */
  parse(body: unknown, headers: IncomingHttpHeaders): Decoded<SurfaceCall>;
  /** The whole answer's body. */
  answer(result: RouteResult, call: SurfaceCall): string;
  /** A renderer for one streamed answer. */
  stream(routed: RouteStream, call: SurfaceCall): SurfaceStream;
}

/** How a format answers errors: every route's errors take the shape of the format it speaks. */
export interface ErrorShape {
  /** An error's body in this format (its status is `error.status`, or `errorStatus`'s). */
  error(error: ApiError): string;
  /** The status this format gives the error, when it differs from `error.status` (Anthropic's 529 for overload). */
  errorStatus?(error: ApiError): number;
}

/**
 * A POST route that Tokenhub answers itself, without calling a provider
 * (`/v1/messages/count_tokens`). Its errors take its format's shape, like a Surface's.
 */
export interface LocalSurface extends ErrorShape {
  readonly format: WireFormat;
  readonly local: true;
  /**
   * The answer to a client's body, or the problem to refuse it with (a 400); a TokenhubError
   * thrown (an unknown model) is answered like a routed call's.
   */
  answer(body: unknown, headers: IncomingHttpHeaders): Decoded<{ body: string; headers: Record<string, string> }>;
}

/** A parsed call: the model request and how the client wants it answered. */
export interface SurfaceCall {
  request: ModelRequest;
  /** The model the client named (`auto` or absent lets the router choose). */
  model: string | undefined;
  stream: boolean;
  /** False: only the named model is tried (Tokenhub's own `x_tokenhub.escalate: false`). */
  escalate: boolean;
  /** The client asked for usage at the end of the stream (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean;
}

/** Renders one streamed answer as SSE text, batch by batch. */
export interface SurfaceStream {
  /** The frames for one batch of the router's stream ('' when it has nothing for the client). */
  batch(batch: StreamBatch): string;
  /** What ends a clean stream (usage, `[DONE]`, `message_stop`…), given the stream's summary. */
  end(summary: StreamSummary): string;
  /** What ends a failed stream: an explicit error, never a clean-looking end. */
  error(error: ApiError): string;
  /**
   * What to write after `everyMs` without a write while the stream waits (Anthropic's `ping`),
   * so clients and proxies see a live stream; '' when there is nothing to send any more.
   */
  keepAlive?: { everyMs: number; frame(): string };
}

/** True for a route Tokenhub answers itself. */
export function isLocalSurface(surface: Surface | LocalSurface): surface is LocalSurface {
  return 'local' in surface && surface.local;
}

/**
 * Whether a stream passes through: the provider spoke the client's format and the adapter kept
 * the upstream events (it does so from the first batch on, or never).
 */
export function passesThrough(routed: RouteStream, format: WireFormat, batch: StreamBatch): boolean {
  return routed.format === format && batch.raw !== undefined;
}
