import type { IncomingHttpHeaders } from 'node:http';
import type { Decoded } from '../formats/codec';
import { decoded } from '../formats/codec';
import { decodeMessagesRequest } from '../formats/anthropic/decodeRequest';
import { encodeMessagesResponse } from '../formats/anthropic/response';
import { AnthropicStreamEncoder } from '../formats/anthropic/streamEncoder';
import type { JsonObject } from '../model/content';
import type { RawEvent, StreamBatch } from '../model/events';
import type { WireFormat } from '../model/request';
import type { RouteResult, RouteStream, StreamSummary } from '../router/types';
import type { ApiError } from '../server/httpError';
import { anthropicError, anthropicErrorBody, anthropicErrorObject, anthropicErrorStatus } from './anthropicErrors';
import { responseId } from './ids';
import type { Surface, SurfaceCall, SurfaceStream } from './surface';
import { passesThrough } from './surface';

/** Client headers the Anthropic codec reads (forwarded to an Anthropic provider on pass-through). */
const CLIENT_HEADERS = ['anthropic-version', 'anthropic-beta'];

/** Silence after which a stream gets a `ping`: well inside the idle limits of clients and proxies. */
export const DEFAULT_PING_MS = 10_000;

/** Options of the Anthropic surface. */
export interface AnthropicSurfaceOptions {
  /** A `ping` after this long without a write (default 10 s). */
  pingMs?: number;
}

/**
 * `POST /v1/messages` (DESIGN.md "Local HTTP API"): Anthropic's Messages format in full, over
 * any provider. To an `anthropic` provider the client's body, its `anthropic-version` and
 * `anthropic-beta` headers and the upstream's answer or events pass through; to an `openai` or
 * `vllm` provider the codecs translate through the message model, and what has no translation
 * is named in `x-tokenhub-dropped` or refused. Either way the answer's `model` is the registry id
 * of the model that answered (also in `x-tokenhub-model`), so the client sees who answered.
 */
export class AnthropicSurface implements Surface {
  readonly format: WireFormat = 'anthropic-messages';
  private readonly pingMs: number;

  constructor(options: AnthropicSurfaceOptions = {}) {
    this.pingMs = options.pingMs ?? DEFAULT_PING_MS;
  }

  parse(body: unknown, headers: IncomingHttpHeaders): Decoded<SurfaceCall> {
    const result = decodeMessagesRequest(body, clientHeaders(headers));
    if (!result.ok) return result;
    const raw = body as JsonObject;
    return decoded({ request: result.value, model: raw.model as string, stream: raw.stream === true, escalate: true, includeUsage: false });
  }

  answer(result: RouteResult): string {
    if (result.format === this.format && result.answer.raw) {
      // Pass-through: the upstream's message as it came, with the registry id as `model`.
      return JSON.stringify({ ...result.answer.raw, model: result.model.id });
    }
    return JSON.stringify(encodeMessagesResponse(result.answer, { id: responseId('message'), model: result.model.id }, result.usage));
  }

  stream(routed: RouteStream): SurfaceStream {
    return new AnthropicStream(this.format, routed, this.pingMs);
  }

  error(error: ApiError): string {
    return anthropicErrorBody(error);
  }

  errorStatus(error: ApiError): number {
    return anthropicErrorStatus(error);
  }
}

/**
 * One streamed answer: the upstream's events as they came (pass-through: `ping`s, every field,
 * the upstream's own `message_start` usage), or Anthropic's events encoded from the model's
 * (message_start stating the router's prompt estimate, since the provider reports later).
 */
class AnthropicStream implements SurfaceStream {
  private mode: 'raw' | 'encoded' | undefined;
  private readonly encoder: AnthropicStreamEncoder;
  private readonly model: string;
  private ended = false;
  readonly keepAlive: SurfaceStream['keepAlive'];

  constructor(
    private readonly format: WireFormat,
    private readonly routed: RouteStream,
    pingMs: number,
  ) {
    this.model = routed.model.id;
    this.encoder = new AnthropicStreamEncoder({ id: responseId('message'), model: this.model, inputTokens: routed.promptTokens });
    this.keepAlive = { everyMs: pingMs, frame: () => (this.ended ? '' : PING) };
  }

  batch(batch: StreamBatch): string {
    this.mode ??= passesThrough(this.routed, this.format, batch) ? 'raw' : 'encoded';
    return this.mode === 'raw' ? this.raw(batch.raw ?? []) : this.encoder.pushAll(batch.events);
  }

  end(summary: StreamSummary): string {
    this.ended = true;
    // A pass-through stream already forwarded the upstream's message_delta and message_stop.
    return this.mode === 'raw' ? '' : this.encoder.end(summary.usage);
  }

  error(error: ApiError): string {
    this.ended = true;
    if (this.mode !== 'raw') {
      const { type, message } = anthropicError(error);
      return this.encoder.error(type, message);
    }
    return `event: error\ndata: ${JSON.stringify(anthropicErrorObject(error))}\n\n`;
  }

  private raw(events: readonly RawEvent[]): string {
    let out = '';
    for (const event of events) {
      const data = event.event === 'message_start' ? withModel(event.data, this.model) : event.data;
      out += event.event === undefined ? `data: ${data}\n\n` : `event: ${event.event}\ndata: ${data}\n\n`;
    }
    return out;
  }
}

/** Anthropic's keep-alive event, as Anthropic writes it. */
const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

/** `message_start` with the registry id as the message's model (parsed: it comes once per stream). */
function withModel(data: string, model: string): string {
  try {
    const event = JSON.parse(data) as { message?: unknown };
    if (typeof event.message !== 'object' || event.message === null) return data;
    return JSON.stringify({ ...event, message: { ...event.message, model } });
  } catch {
    return data;
  }
}

/** The Anthropic headers of a request, a repeated header joined as one list. */
export function clientHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CLIENT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}
