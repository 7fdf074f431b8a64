import type { IncomingHttpHeaders } from 'node:http';
import type { Decoded } from '../formats/codec';
import { decoded, isJsonObject } from '../formats/codec';
import { decodeChatRequest } from '../formats/openai/chatRequest';
import { decodeCompletionRequest } from '../formats/openai/completionRequest';
import { encodeChatResponse, encodeCompletionResponse } from '../formats/openai/response';
import { OpenAIStreamEncoder } from '../formats/openai/streamEncoder';
import type { JsonObject } from '../model/content';
import type { StreamBatch } from '../model/events';
import type { ModelRequest, WireFormat } from '../model/request';
import type { RouteResult, RouteStream, StreamSummary } from '../router/types';
import type { ApiError } from '../server/httpError';
import { errorBody } from '../server/httpError';
import { EmptyArgumentsFiller, fillEmptyArguments } from './emptyArguments';
import { ModelFieldRewriter } from './modelField';
import type { ReasoningMemory } from './reasoningMemory';
import type { Surface, SurfaceCall, SurfaceStream } from './surface';
import { passesThrough } from './surface';
import { responseId } from './ids';

const DONE = 'data: [DONE]\n\n';

/** Tokenhub's own request field, never forwarded: `{ "escalate": false }` asks for the named model only. */
const OWN_FIELD = 'x_tokenhub';

/**
 * `POST /v1/chat/completions` and `POST /v1/completions` (DESIGN.md "Local HTTP API"): OpenAI's
 * chat and legacy completion formats in full, over any provider. To an `openai` or `vllm`
 * provider the client's body and the upstream's answer pass through (only `model` is Tokenhub's);
 * to another format, the codecs translate through the message model.
 */
export class OpenAISurface implements Surface {
  readonly format: WireFormat;

  constructor(
    private readonly kind: 'chat' | 'completion',
    private readonly memory: ReasoningMemory,
  ) {
    this.format = kind === 'chat' ? 'openai-chat' : 'openai-completions';
  }

  parse(body: unknown, _headers: IncomingHttpHeaders): Decoded<SurfaceCall> {
    const result: Decoded<ModelRequest> = this.kind === 'chat' ? decodeChatRequest(body) : decodeCompletionRequest(body);
    if (!result.ok) return result;
    const raw = body as JsonObject;
    const request = result.value;
    if (request.kind === 'chat') request.messages = this.memory.restore(request.messages);
    if (request.origin && Object.hasOwn(raw, OWN_FIELD)) {
      const { [OWN_FIELD]: _own, ...forwarded } = request.origin.body;
      request.origin = { ...request.origin, body: forwarded };
    }
    const own = raw[OWN_FIELD];
    const options = raw.stream_options;
    return decoded({
      request,
      model: typeof raw.model === 'string' ? raw.model : undefined,
      stream: raw.stream === true,
      escalate: !(isJsonObject(own) && own.escalate === false),
      includeUsage: isJsonObject(options) && options.include_usage === true,
    });
  }

  answer(result: RouteResult): string {
    if (result.answer.content.length > 0) this.memory.remember(result.answer);
    if (result.format === this.format && result.answer.raw) {
      // Pass-through: the upstream's body as it came, every field it sent, with the registry id as `model`.
      const body = this.kind === 'chat' ? fillEmptyArguments(result.answer.raw) : result.answer.raw;
      return JSON.stringify({ ...body, model: result.model.id });
    }
    const meta = { id: responseId(this.kind), model: result.model.id, created: Math.floor(Date.now() / 1000) };
    const body = this.kind === 'chat' ? encodeChatResponse(result.answer, meta, result.usage) : encodeCompletionResponse(result.answer, meta, result.usage);
    return JSON.stringify(body);
  }

  stream(routed: RouteStream, call: SurfaceCall): SurfaceStream {
    return new OpenAIStream(this.kind, this.format, routed, call, this.memory);
  }

  error(error: ApiError): string {
    return errorBody(error);
  }
}

/** One streamed answer: the upstream's chunks as they came (pass-through), or encoded from the events. */
class OpenAIStream implements SurfaceStream {
  private mode: 'raw' | 'encoded' | undefined;
  private encoderMade: OpenAIStreamEncoder | undefined;
  private rewriterMade: ModelFieldRewriter | undefined;
  private readonly filler = new EmptyArgumentsFiller();

  constructor(
    private readonly kind: 'chat' | 'completion',
    private readonly format: WireFormat,
    private readonly routed: RouteStream,
    private readonly call: SurfaceCall,
    private readonly memory: ReasoningMemory,
  ) {}

  /** Made on first use: a pass-through stream needs only the rewriter (and the encoder's `[DONE]`). */
  private get encoder(): OpenAIStreamEncoder {
    return (this.encoderMade ??= new OpenAIStreamEncoder({ kind: this.kind, id: responseId(this.kind), model: this.routed.model.id, created: Math.floor(Date.now() / 1000) }));
  }

  private get rewriter(): ModelFieldRewriter {
    return (this.rewriterMade ??= new ModelFieldRewriter(this.routed.model.id));
  }

  batch(batch: StreamBatch): string {
    if (this.mode === undefined) {
      this.mode = passesThrough(this.routed, this.format, batch) ? 'raw' : 'encoded';
      if (this.mode === 'encoded') return this.encoder.opening() + this.encoded(batch);
    }
    return this.mode === 'raw' ? this.raw(batch) : this.encoded(batch);
  }

  end(summary: StreamSummary): string {
    this.memory.remember(summary.answer);
    // A pass-through stream forwarded the upstream's usage chunk when the client asked for it.
    if (this.mode === 'raw') return DONE;
    return (this.call.includeUsage ? this.encoder.usage(summary.usage) : '') + this.encoder.done();
  }

  error(error: ApiError): string {
    return this.encoder.error(errorBody(error));
  }

  private raw(batch: StreamBatch): string {
    let out = '';
    for (const event of this.filler.fill(batch)) {
      // The usage chunk Tokenhub asked for itself reaches only the clients that asked too.
      if (event.usageOnly && !this.call.includeUsage) continue;
      out += `data: ${this.rewriter.rewrite(event.usageOnly ? usageChunk(event.data) : event.data)}\n\n`;
    }
    return out;
  }

  private encoded(batch: StreamBatch): string {
    return this.encoder.encodeAll(batch.events);
  }
}

/**
 * The usage chunk as OpenAI sends it, `choices: []`: vLLM sends `choices: null` (WIRE.md), which
 * clients that read `chunk.choices[0]` (Continue, Qwen Code, the openai SDK's own types) fail on.
 * One chunk per stream, so parsing it costs nothing that matters.
 */
function usageChunk(data: string): string {
  try {
    const chunk: unknown = JSON.parse(data);
    if (isJsonObject(chunk) && chunk.choices === null) return JSON.stringify({ ...chunk, choices: [] });
  } catch {
    // Not JSON: the decoder never marks such a chunk usage-only.
  }
  return data;
}
