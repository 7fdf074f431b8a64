import { isJsonObject } from '../formats/codec';
import type { ResponsesMeta } from '../formats/responses/encodeResponse';
import { ResponsesStreamEncoder, responsesSse } from '../formats/responses/streamEncoder';
import type { Answer } from '../model/answer';
import type { JsonObject } from '../model/content';
import type { StreamBatch } from '../model/events';
import type { RouteStream, StreamSummary } from '../router/types';
import type { ApiError } from '../server/httpError';
import type { ResponsesCall } from './responses';
import type { SurfaceStream } from './surface';
import { passesThrough } from './surface';

/** What the stream hands back to its surface once it knows the answer. */
export interface ResponsesStreamHooks {
  /** The folded answer, for the reasoning memory. */
  remember(answer: Answer): void;
  /** The finished response object, for the response store. */
  keep(response: JsonObject): void;
}

/** An event's `sequence_number` (the key can only occur unescaped as the event's own). */
const SEQUENCE = /"sequence_number":(\d+)/;
/** Events that carry the whole response object: the only ones a pass-through parses. */
const CARRIES_RESPONSE = '"response":{';

/**
 * One streamed Responses answer. Pass-through (the provider spoke Responses): the upstream's
 * events as they came, `event:` lines and sequence numbers included; only the events that carry
 * the response object are parsed, to put the registry id in `model` and the client's
 * `previous_response_id` back, and to keep the finished response. Otherwise the events are
 * encoded from the model (ResponsesStreamEncoder). A failure after the stream began ends it with
 * `response.failed` and `error`, numbered after the last event sent.
 */
export class ResponsesStream implements SurfaceStream {
  private mode: 'raw' | 'encoded' | undefined;
  private readonly encoder: ResponsesStreamEncoder;
  /** Pass-through: the last sequence number forwarded, the response as created, the finished one. */
  private sequence = -1;
  private snapshot: JsonObject | undefined;
  private finished: JsonObject | undefined;

  constructor(
    private readonly routed: RouteStream,
    private readonly call: ResponsesCall,
    meta: ResponsesMeta,
    private readonly hooks: ResponsesStreamHooks,
  ) {
    this.encoder = new ResponsesStreamEncoder(meta);
  }

  batch(batch: StreamBatch): string {
    this.mode ??= passesThrough(this.routed, 'openai-responses', batch) ? 'raw' : 'encoded';
    return this.mode === 'raw' ? this.raw(batch) : responsesSse(this.encoder.push(batch.events));
  }

  end(summary: StreamSummary): string {
    this.hooks.remember(summary.answer);
    if (this.mode === 'raw') {
      if (this.finished) this.hooks.keep(this.finished);
      return '';
    }
    const events = this.encoder.end(summary.usage);
    const terminal = events.at(-1)?.response;
    if (isJsonObject(terminal)) this.hooks.keep(terminal);
    return responsesSse(events);
  }

  error(error: ApiError): string {
    const failure = { code: error.code ?? 'server_error', message: error.message };
    if (this.mode !== 'raw') return responsesSse(this.encoder.failed(failure));
    const response = { ...this.snapshot, status: 'failed', error: failure };
    return responsesSse([
      { type: 'response.failed', response, sequence_number: ++this.sequence },
      { type: 'error', code: failure.code, message: failure.message, param: null, sequence_number: ++this.sequence },
    ]);
  }

  private raw(batch: StreamBatch): string {
    let out = '';
    for (const event of batch.raw ?? []) {
      const data = event.data.includes(CARRIES_RESPONSE) ? this.rewritten(event.data) : event.data;
      const sequence = SEQUENCE.exec(data);
      if (sequence) this.sequence = Number(sequence[1]);
      out += event.event === undefined ? `data: ${data}\n\n` : `event: ${event.event}\ndata: ${data}\n\n`;
    }
    return out;
  }

  /** A lifecycle event with the registry id as the model and the client's previous id; the response kept. */
  private rewritten(data: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return data;
    }
    if (!isJsonObject(parsed) || !isJsonObject(parsed.response)) return data;
    const response = parsed.response;
    response.model = this.routed.model.id;
    response.previous_response_id = this.call.previousId ?? null;
    if (parsed.type === 'response.created') this.snapshot = response;
    if (parsed.type === 'response.completed' || parsed.type === 'response.incomplete') this.finished = response;
    return JSON.stringify(parsed);
  }
}
