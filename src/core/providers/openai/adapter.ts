import type { CanonicalChunk, CanonicalRequest, CanonicalResponse, ProviderType } from '../../types';
import type { AttemptContext, ProviderAdapter } from '../adapter';
import type { ClassifyContext } from '../common/classify';
import { parseErrorBody, protocolError, upstreamError } from '../common/classify';
import type { TransportOptions, UpstreamCall } from '../common/http';
import { HttpTransport } from '../common/http';
import { isJsonObject as isObject, parseJson } from '../common/json';
import type { MaxTokensField } from './transform';
import { PlainDeltaReader } from './plainDelta';
import { addOpenAIChunk, fromOpenAIResponse, toOpenAIBody } from './transform';

/**
 * The I/O for OpenAI and every OpenAI-compatible server (vLLM among them). The differences
 * between those servers are data (a dialect), not subclasses: the shapes are the same, and the
 * error classifier already reads every error dialect.
 */

/** What distinguishes one OpenAI-compatible server family from another. */
export interface OpenAIDialect {
  type: Extract<ProviderType, 'openai' | 'vllm'>;
  /** Includes `/v1`, per the OpenAI convention (WIRE.md). */
  defaultBaseUrl: string;
  maxTokensField: MaxTokensField;
}

/** OpenAI itself: newer models refuse `max_tokens` on chat, so send `max_completion_tokens`. */
export const OPENAI_DIALECT: OpenAIDialect = {
  type: 'openai',
  defaultBaseUrl: 'https://api.openai.com/v1',
  maxTokensField: 'max_completion_tokens',
};

/** An adapter for one configured OpenAI-compatible provider. */
export class OpenAICompatibleAdapter implements ProviderAdapter {
  readonly type: ProviderType;
  private readonly transport: HttpTransport;

  constructor(
    readonly name: string,
    private readonly dialect: OpenAIDialect,
    baseUrl: string | undefined,
    options: TransportOptions = {},
  ) {
    this.type = dialect.type;
    this.transport = new HttpTransport(baseUrl ?? dialect.defaultBaseUrl, options);
  }

  async send(model: string, request: CanonicalRequest, context: AttemptContext): Promise<CanonicalResponse> {
    const who = this.who(model, context);
    const call = await this.open(model, request, false, context, who);
    try {
      if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
      const body = parseJson(await call.text(), 'the response', who, call.status);
      if (isObject(body) && body.error !== undefined) throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
      const response = fromOpenAIResponse(request.kind, body);
      if (!response) throw protocolError(`an answer that is not a ${request.kind} completion`, who, call.status);
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
      if (String(call.headers['content-type'] ?? '').includes('application/json')) {
        // A server that ignored `stream: true` answered in one piece: still an answer.
        yield await this.wholeAsStream(call, request, who);
        return;
      }
      // The batch loop is written out here and in the Anthropic adapter rather than shared behind
      // a per-event callback: it runs for every event, and the shared form measured slower.
      let done = false;
      const plain = new PlainDeltaReader();
      for await (const events of call.events()) {
        // Read on after [DONE] so the socket ends cleanly and goes back to the pool.
        if (done) continue;
        const out: CanonicalChunk[] = [];
        let failed: unknown;
        try {
          for (const event of events) {
            if (event.data === '[DONE]') {
              done = true;
              break;
            }
            if (event.event === undefined) {
              // The common case, a chunk carrying only text, is read without building the object.
              const text = plain.read(event.data);
              if (text !== undefined) {
                if (text !== '') out.push({ type: 'delta', text });
                continue;
              }
            }
            const chunk = parseJson(event.data, 'a stream chunk', who);
            if (event.event === 'error' || (isObject(chunk) && chunk.error !== undefined)) {
              throw upstreamError(call.status, call.headers, parseErrorBody(chunk), who);
            }
            if (!addOpenAIChunk(chunk, out)) throw protocolError('a stream chunk that is not an object', who);
          }
        } catch (error) {
          failed = error;
        }
        // What came before a failure in the same read is delivered first, as it would have been.
        if (out.length > 0) yield out;
        if (failed !== undefined) throw failed;
      }
      if (!done) throw protocolError('a stream that ended before [DONE]', who);
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.release();
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async wholeAsStream(call: UpstreamCall, request: CanonicalRequest, who: ClassifyContext): Promise<CanonicalChunk[]> {
    const body = parseJson(await call.text(), 'the response', who);
    if (isObject(body) && body.error !== undefined) throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
    const response = fromOpenAIResponse(request.kind, body);
    if (!response) throw protocolError(`an answer that is not a ${request.kind} completion`, who);
    const out: CanonicalChunk[] = [];
    if (response.text) out.push({ type: 'delta', text: response.text });
    out.push({ type: 'finish', finishReason: response.finishReason });
    if (response.usage) out.push({ type: 'usage', usage: response.usage });
    return out;
  }

  private open(model: string, request: CanonicalRequest, stream: boolean, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
    const path = request.kind === 'chat' ? '/chat/completions' : '/completions';
    const headers: Record<string, string> = { accept: stream ? 'text/event-stream' : 'application/json' };
    if (context.apiKey) headers.authorization = `Bearer ${context.apiKey}`;
    return this.transport.post(path, toOpenAIBody(model, request, stream, this.dialect.maxTokensField), headers, context, who);
  }

  private who(model: string, context: AttemptContext): ClassifyContext {
    return { provider: this.name, model, apiKey: context.apiKey };
  }
}
