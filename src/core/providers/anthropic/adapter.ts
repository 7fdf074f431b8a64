import type { CanonicalChunk, CanonicalRequest, CanonicalResponse } from '../../types';
import type { AttemptContext, ProviderAdapter } from '../adapter';
import type { ClassifyContext } from '../common/classify';
import { parseErrorBody, protocolError, upstreamError } from '../common/classify';
import type { TransportOptions, UpstreamCall } from '../common/http';
import { HttpTransport } from '../common/http';
import { isJsonObject as isObject, parseJson } from '../common/json';
import { AnthropicStreamState, DEFAULT_ANTHROPIC_MAX_TOKENS, fromAnthropicResponse, toAnthropicBody } from './transform';
import type { AnthropicStreamEvent } from './wire';

/** Anthropic's base URL has no `/v1` (WIRE.md); the path adds it. */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic-only settings on top of the connection ones. */
export interface AnthropicOptions extends TransportOptions {
  /** `max_tokens` when the request names none (default 4096). */
  defaultMaxTokens?: number;
}

/** The I/O for the Anthropic Messages API. */
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

  async send(model: string, request: CanonicalRequest, context: AttemptContext): Promise<CanonicalResponse> {
    const who = this.who(model, context);
    const call = await this.open(model, request, false, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      const body = parseJson(await call.text(), 'the response', who, call.status);
      if (isObject(body) && body.type === 'error') throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
      const response = fromAnthropicResponse(body);
      if (!response) throw protocolError('an answer that is not a message', who, call.status);
      return response;
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  async *stream(model: string, request: CanonicalRequest, context: AttemptContext): AsyncGenerator<CanonicalChunk[]> {
    const who = this.who(model, context);
    const call = await this.open(model, request, true, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      const state = new AnthropicStreamState();
      for await (const events of call.events()) {
        if (state.done) continue; // drain to the end so the socket returns to the pool
        const out: CanonicalChunk[] = [];
        let failed: unknown;
        try {
          for (const event of events) {
            if (state.done) break;
            const data = parseJson(event.data, 'a stream event', who);
            if (!isObject(data)) throw protocolError('a stream event that is not an object', who);
            // An error after the 200 (typically `overloaded_error`): classified like an error response.
            if (event.event === 'error' || data.type === 'error') throw upstreamError(call.status, call.headers, parseErrorBody(data), who);
            for (const chunk of state.next(data as AnthropicStreamEvent)) out.push(chunk);
          }
        } catch (error) {
          failed = error;
        }
        // What came before a failure in the same read is delivered first, as it would have been.
        if (out.length > 0) yield out;
        if (failed !== undefined) throw failed;
      }
      if (!state.done) throw protocolError('a stream that ended before message_stop', who);
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private open(model: string, request: CanonicalRequest, stream: boolean, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
    const headers: Record<string, string> = {
      accept: stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': ANTHROPIC_VERSION,
    };
    if (context.apiKey) headers['x-api-key'] = context.apiKey;
    return this.transport.post(this.path, toAnthropicBody(model, request, stream, this.defaultMaxTokens), headers, context, who);
  }

  private who(model: string, context: AttemptContext): ClassifyContext {
    return { provider: this.name, model, apiKey: context.apiKey };
  }
}
