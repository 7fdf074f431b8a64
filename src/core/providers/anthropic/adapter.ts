import { isJsonObject } from '../../formats/codec';
import type { AnthropicTarget } from '../../formats/anthropic/encodeRequest';
import { checkMessagesRequest, encodeMessagesRequest } from '../../formats/anthropic/encodeRequest';
import { decodeMessagesResponse } from '../../formats/anthropic/response';
import { AnthropicStreamDecoder } from '../../formats/anthropic/streamDecoder';
import type { Answer } from '../../model/answer';
import type { RawEvent, StreamBatch, StreamEvent } from '../../model/events';
import type { FieldIssue } from '../../model/fields';
import type { ModelRequest, WireFormat } from '../../model/request';
import type { AttemptContext, ProviderAdapter } from '../adapter';
import type { ClassifyContext } from '../common/classify';
import { parseErrorBody, protocolError, upstreamError } from '../common/classify';
import type { TransportOptions, UpstreamCall } from '../common/http';
import { HttpTransport } from '../common/http';
import { parseJson } from '../common/json';
import { claudeTraits } from './models';

/** Anthropic's base URL has no `/v1` (WIRE.md); the path adds it. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

/** Used when the request names no `maxTokens`: Anthropic refuses a request without one. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Client headers a pass-through request carries on to Anthropic. */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'];

/** Anthropic-only settings on top of the connection ones. */
export interface AnthropicOptions extends TransportOptions {
  /** `max_tokens` when the request names none (default 4096). */
  defaultMaxTokens?: number;
}

/** The I/O for the Anthropic Messages API, over the Anthropic codec (src/core/formats/anthropic/). */
export class AnthropicAdapter implements ProviderAdapter {
  readonly type = 'anthropic' as const;
  private readonly transport: HttpTransport;
  private readonly path: string;
  private readonly defaultMaxTokens: number;

  constructor(
    readonly name: string,
    baseUrl: string | undefined,
    options: AnthropicOptions = {},
  ) {
    const base = (baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '');
    // A base configured with `/v1` (the OpenAI habit) would otherwise produce `/v1/v1/messages`.
    this.path = base.endsWith('/v1') ? '/messages' : '/v1/messages';
    this.transport = new HttpTransport(base, options);
    this.defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  }

  format(): WireFormat {
    return 'anthropic-messages';
  }

  check(model: string, request: ModelRequest): readonly FieldIssue[] {
    return checkMessagesRequest(request, this.target(model, false));
  }

  async send(model: string, request: ModelRequest, context: AttemptContext): Promise<Answer> {
    const who = this.who(model, context);
    const { call, jsonTool } = await this.open(model, request, false, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      const body = parseJson(await call.text(), 'the response', who, call.status);
      if (isJsonObject(body) && body.type === 'error') throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
      const answer = decodeMessagesResponse(body, { jsonTool });
      if (!answer) throw protocolError('an answer that is not a message', who, call.status);
      return answer;
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  async *stream(model: string, request: ModelRequest, context: AttemptContext): AsyncGenerator<StreamBatch> {
    const who = this.who(model, context);
    const { call, jsonTool } = await this.open(model, request, true, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      // The client's own format: keep the upstream's events for the surface to forward.
      const passthrough = request.origin?.format === 'anthropic-messages';
      const decoder = new AnthropicStreamDecoder({ jsonTool });
      for await (const events of call.events()) {
        if (decoder.done) continue; // drain to the end so the socket returns to the pool
        const out: StreamEvent[] = [];
        const raw: RawEvent[] | undefined = passthrough ? [] : undefined;
        let failed: unknown;
        try {
          for (const event of events) {
            if (decoder.done) break;
            const data = parseJson(event.data, 'a stream event', who);
            if (!isJsonObject(data)) throw protocolError('a stream event that is not an object', who);
            // An error after the 200 (typically `overloaded_error`): classified like an error response.
            if (event.event === 'error' || data.type === 'error') throw upstreamError(call.status, call.headers, parseErrorBody(data), who);
            decoder.push(event.event, data, out);
            raw?.push(event.event === undefined ? { data: event.data } : { event: event.event, data: event.data });
          }
        } catch (error) {
          failed = error;
        }
        // What came before a failure in the same read is delivered first, as it would have been.
        if (out.length > 0 || (raw !== undefined && raw.length > 0)) yield raw ? { events: out, raw } : { events: out };
        if (failed !== undefined) throw failed;
      }
      if (!decoder.done) throw protocolError('a stream that ended before message_stop', who);
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private target(model: string, stream: boolean): AnthropicTarget {
    return { model, stream, defaultMaxTokens: this.defaultMaxTokens, ...claudeTraits(model) };
  }

  private async open(model: string, request: ModelRequest, stream: boolean, context: AttemptContext, who: ClassifyContext): Promise<{ call: UpstreamCall; jsonTool?: string }> {
    const encoded = encodeMessagesRequest(request, this.target(model, stream));
    const headers: Record<string, string> = {
      accept: stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
    };
    const forwarded = request.origin?.format === 'anthropic-messages' ? request.origin.headers : undefined;
    for (const name of FORWARDED_HEADERS) {
      const value = forwarded?.[name];
      if (value !== undefined) headers[name] = value;
    }
    if (context.apiKey) headers['x-api-key'] = context.apiKey;
    const call = await this.transport.post(this.path, encoded.body, headers, context, who);
    return encoded.jsonTool === undefined ? { call } : { call, jsonTool: encoded.jsonTool };
  }

  private who(model: string, context: AttemptContext): ClassifyContext {
    // Anthropic's own error type and words are kept for Anthropic-format clients (surfaces/anthropicErrors.ts).
    return { provider: this.name, model, apiKey: context.apiKey, format: 'anthropic-messages' };
  }
}
