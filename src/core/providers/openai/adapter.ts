import type { EncodedRequest } from '../../formats/codec';
import { decodeEmbeddingResponse, encodeEmbeddingRequest } from '../../formats/openai/embeddings';
import { isJsonObject } from '../../formats/codec';
import { checkChatRequest, encodeChatRequest } from '../../formats/openai/chatEncoding';
import { checkCompletionRequest, encodeCompletionRequest } from '../../formats/openai/completionRequest';
import { decodeChatResponse, decodeCompletionResponse } from '../../formats/openai/response';
import { checkResponsesRequest } from '../../formats/responses/encodeRequest';
import type { OpenAIDialectName } from '../../formats/openai/sampling';
import { OpenAIStreamDecoder } from '../../formats/openai/streamDecoder';
import type { Answer } from '../../model/answer';
import type { EmbeddingAnswer, EmbeddingRequest } from '../../model/embedding';
import { answerEvents } from '../../model/answer';
import type { RawEvent, StreamBatch, StreamEvent } from '../../model/events';
import type { FieldIssue } from '../../model/fields';
import type { ModelRequest, WireFormat } from '../../model/request';
import type { ProviderType } from '../adapter';
import type { AttemptContext, ProviderAdapter } from '../adapter';
import type { ClassifyContext } from '../common/classify';
import { parseErrorBody, protocolError, upstreamError } from '../common/classify';
import type { TransportOptions, UpstreamCall } from '../common/http';
import { HttpTransport } from '../common/http';
import { parseJson } from '../common/json';
import { sendResponses, streamResponses } from './responsesCall';

/**
 * The I/O for OpenAI and every OpenAI-compatible server (vLLM among them), over the OpenAI codec
 * (src/core/formats/openai/). The differences between those servers are data (a dialect), not
 * subclasses: the shapes are the same, and the error classifier already reads every dialect.
 */

/** What distinguishes one OpenAI-compatible server family from another. */
export interface OpenAIDialect {
  type: Extract<ProviderType, 'openai' | 'vllm'>;
  /** Includes `/v1`, per the OpenAI convention (WIRE.md). */
  defaultBaseUrl: string;
}

/** OpenAI itself. */
export const OPENAI_DIALECT: OpenAIDialect = { type: 'openai', defaultBaseUrl: 'https://api.openai.com/v1' };

/** Connection settings, and whether the server has OpenAI's Responses API. */
export interface OpenAIAdapterOptions extends TransportOptions {
  /**
   * `openai` providers only: false sends Responses clients' requests to chat completions, for
   * OpenAI-compatible servers without `/responses` (provider option `responses: false`).
   */
  responses?: boolean;
}

/**
 * An adapter for one configured OpenAI-compatible provider. Chat and completion requests go to
 * chat completions and completions; a request that came in as Responses goes natively to
 * `/responses` on OpenAI itself (responsesCall.ts), and to chat completions, translated, on vLLM
 * and on `openai` providers configured with `responses: false`.
 */
export class OpenAICompatibleAdapter implements ProviderAdapter {
  readonly type: ProviderType;
  private readonly transport: HttpTransport;
  private readonly dialectName: OpenAIDialectName;
  private readonly responses: boolean;

  constructor(
    readonly name: string,
    dialect: OpenAIDialect,
    baseUrl: string | undefined,
    options: OpenAIAdapterOptions = {},
  ) {
    this.type = dialect.type;
    this.dialectName = dialect.type;
    this.responses = dialect.type === 'openai' && options.responses !== false;
    this.transport = new HttpTransport(baseUrl ?? dialect.defaultBaseUrl, options);
  }

  format(request: ModelRequest): WireFormat {
    if (request.kind !== 'chat') return 'openai-completions';
    return this.responses && request.origin?.format === 'openai-responses' ? 'openai-responses' : 'openai-chat';
  }

  check(_model: string, request: ModelRequest): readonly FieldIssue[] {
    if (request.kind !== 'chat') return checkCompletionRequest(request, this.dialectName);
    return this.format(request) === 'openai-responses' ? checkResponsesRequest(request) : checkChatRequest(request, this.dialectName);
  }

  async send(model: string, request: ModelRequest, context: AttemptContext): Promise<Answer> {
    const who = this.who(model, context);
    if (request.kind === 'chat' && this.format(request) === 'openai-responses') return sendResponses(this.transport, model, request, context, who);
    const call = await this.open(model, request, false, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      return await this.whole(call, request, who);
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  async *stream(model: string, request: ModelRequest, context: AttemptContext): AsyncGenerator<StreamBatch> {
    const who = this.who(model, context);
    if (request.kind === 'chat' && this.format(request) === 'openai-responses') {
      yield* streamResponses(this.transport, model, request, context, who);
      return;
    }
    const call = await this.open(model, request, true, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      if (String(call.headers['content-type'] ?? '').includes('application/json')) {
        // A server that ignored `stream: true` answered in one piece: still an answer.
        yield { events: answerEvents(await this.whole(call, request, who)) };
        return;
      }
      // The client's own format: keep the upstream's events for the surface to forward.
      const passthrough = request.origin?.format === this.format(request);
      // The batch loop is written out here and in the Anthropic adapter rather than shared behind
      // a per-event callback: it runs for every event, and the shared form measured slower.
      let done = false;
      const decoder = new OpenAIStreamDecoder({ kind: request.kind });
      for await (const events of call.events()) {
        // Read on after [DONE] so the socket ends cleanly and goes back to the pool.
        if (done) continue;
        const out: StreamEvent[] = [];
        // Pass-through forwards the decoder's own SSE events (no copies); a batch that holds
        // [DONE], the usage chunk or a failure gets a list of its own.
        let raw: RawEvent[] | undefined = passthrough ? events : undefined;
        let failed: unknown;
        let i = 0;
        try {
          for (; i < events.length; i++) {
            const event = events[i]!;
            if (event.data === '[DONE]') {
              decoder.finish(out);
              done = true;
              if (raw === events) raw = events.slice(0, i);
              break;
            }
            const outcome = decoder.push(event.data, out);
            if (outcome.kind === 'error' || event.event === 'error') {
              throw upstreamError(call.status, call.headers, parseErrorBody(outcome.kind === 'error' ? outcome.body : parseJson(event.data, 'a stream error', who)), who);
            }
            if (outcome.kind === 'malformed') throw protocolError('malformed JSON in a stream chunk', who, 200, { kind: 'malformed_json', length: event.data.length });
            if (outcome.kind === 'not_object') throw protocolError('a stream chunk that is not an object', who);
            if (outcome.usageOnly && raw !== undefined) {
              if (raw === events) raw = events.slice(0, i);
              raw.push({ data: event.data, usageOnly: true });
            } else if (raw !== undefined && raw !== events) raw.push(event);
          }
        } catch (error) {
          failed = error;
          // Only what came before the failure is forwarded.
          if (raw === events) raw = events.slice(0, i);
        }
        // What came before a failure in the same read is delivered first, as it would have been.
        if (out.length > 0 || (raw !== undefined && raw.length > 0)) yield raw ? { events: out, raw } : { events: out };
        if (failed !== undefined) throw failed;
      }
      if (!done) throw protocolError('a stream that ended before [DONE]', who);
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  async embed(model: string, request: EmbeddingRequest, context: AttemptContext): Promise<EmbeddingAnswer> {
    const who = this.who(model, context);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (context.apiKey) headers.authorization = `Bearer ${context.apiKey}`;
    const call = await this.transport.post('/embeddings', encodeEmbeddingRequest(request, model), headers, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      const body = parseJson(await call.text(), 'the embeddings', who, call.status);
      if (isJsonObject(body) && (body.error !== undefined || body.object === 'error')) throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
      const answer = decodeEmbeddingResponse(body, request);
      if (!answer) throw protocolError(`an answer that is not ${request.inputs.length} embeddings`, who, call.status);
      return answer;
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** A whole answer's body, decoded (an error object in a 200 is still the upstream's error). */
  private async whole(call: UpstreamCall, request: ModelRequest, who: ClassifyContext): Promise<Answer> {
    const body = parseJson(await call.text(), 'the response', who, call.status);
    if (isJsonObject(body) && (body.error !== undefined || body.object === 'error')) throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
    const answer = request.kind === 'chat' ? decodeChatResponse(body) : decodeCompletionResponse(body);
    if (!answer) throw protocolError(`an answer that is not a ${request.kind} completion`, who, call.status);
    return answer;
  }

  private open(model: string, request: ModelRequest, stream: boolean, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
    const target = { model, stream, dialect: this.dialectName };
    const encoded: EncodedRequest = request.kind === 'chat' ? encodeChatRequest(request, target) : encodeCompletionRequest(request, target);
    const path = request.kind === 'chat' ? '/chat/completions' : '/completions';
    const headers: Record<string, string> = { accept: stream ? 'text/event-stream' : 'application/json' };
    if (context.apiKey) headers.authorization = `Bearer ${context.apiKey}`;
    return this.transport.post(path, encoded.body, headers, context, who);
  }

  private who(model: string, context: AttemptContext): ClassifyContext {
    return { provider: this.name, model, apiKey: context.apiKey };
  }
}
