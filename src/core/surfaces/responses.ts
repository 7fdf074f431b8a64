import type { IncomingHttpHeaders } from 'node:http';
import type { Decoded } from '../formats/codec';
import { decoded, isJsonObject, problem } from '../formats/codec';
import { decodeResponsesRequest } from '../formats/responses/decodeRequest';
import { encodeResponsesResponse, responsesEcho, type ResponsesEcho, type ResponsesMeta } from '../formats/responses/encodeResponse';
import type { JsonObject } from '../model/content';
import type { ChatRequest, WireFormat } from '../model/request';
import type { RouteResult, RouteStream } from '../router/types';
import type { ApiError } from '../server/httpError';
import { errorBody } from '../server/httpError';
import { responseId } from './ids';
import type { ReasoningMemory } from './reasoningMemory';
import type { ResponseStore } from './responseStore';
import { ResponsesStream } from './responsesStream';
import { inputItems, replayable } from './responsesInput';
import type { Surface, SurfaceCall } from './surface';

/** Tokenhub's own request field, never forwarded: `{ "escalate": false }` asks for the named model only. */
const OWN_FIELD = 'x_tokenhub';

/** A parsed Responses call: what its answer echoes, and what is kept of it for `previous_response_id`. */
export interface ResponsesCall extends SurfaceCall {
  request: ChatRequest;
  /** The settings of the client's body that the response repeats (`previous_response_id` included). */
  echo: ResponsesEcho;
  /** The client's `previous_response_id`, when it gave one. */
  previousId: string | undefined;
  /** The conversation sent: the stored one in front of the client's input, as replayable items. */
  input: readonly JsonObject[];
  /** Keep the response for `previous_response_id` (the client did not say `store: false`). */
  store: boolean;
}

/**
 * `POST /v1/responses` (DESIGN.md "Local HTTP API"): OpenAI's Responses API over any provider.
 * `previous_response_id` is Tokenhub's own: the conversation that response ended (ResponseStore)
 * goes in front of `input` and the field is removed, so the conversation can continue on any
 * provider; an id not in the store is a 400 naming the field. Item ids OpenAI would refuse are
 * taken out of the input (responsesInput.ts). To an OpenAI provider with the Responses API the
 * client's body passes through and the upstream's answer and events come back as they were,
 * with the registry id as `model`; to any other provider the codecs translate through the
 * message model. Anthropic's signed reasoning, which this format has no place for, survives
 * tool-use turns through the ReasoningMemory.
 */
export class ResponsesSurface implements Surface {
  readonly format: WireFormat = 'openai-responses';

  constructor(
    private readonly memory: ReasoningMemory,
    private readonly store: ResponseStore,
  ) {}

  parse(body: unknown, _headers: IncomingHttpHeaders): Decoded<ResponsesCall> {
    // The client's body as it came, first: its problems are reported at its own paths.
    const own = decodeResponsesRequest(body);
    if (!own.ok) return own;
    const raw = body as JsonObject;
    if (raw.model !== undefined && raw.model !== null && typeof raw.model !== 'string') return problem('model', '"model" must be a string (a model id, or "auto").');
    if (raw.stream !== undefined && raw.stream !== null && typeof raw.stream !== 'boolean') return problem('stream', '"stream" must be a boolean.');
    const previous = raw.previous_response_id;
    if (previous !== undefined && previous !== null && (typeof previous !== 'string' || previous === '')) return problem('previous_response_id', '"previous_response_id" must be the id of an earlier response.');
    const history = typeof previous === 'string' ? this.store.conversation(previous) : [];
    if (!history) {
      const message = `Previous response with id '${String(previous)}' not found. Tokenhub keeps the responses it served in memory (not those sent with store: false), forgets the oldest past its limit and all of them when it restarts; send the whole conversation as input instead.`;
      return { ok: false, problem: { param: 'previous_response_id', message, code: 'previous_response_not_found' } };
    }
    const store = raw.store !== false;
    const given = inputItems(raw.input) ?? [];
    const { items, changed } = replayable([...history, ...given], store);
    const { [OWN_FIELD]: tokenhub, previous_response_id: _previous, ...rest } = raw;
    // A string input stays a string unless a stored conversation goes in front of it.
    const forwarded: JsonObject = { ...rest, input: history.length > 0 || changed ? items : raw.input };
    let request = own.value;
    if (history.length > 0 || changed || tokenhub !== undefined || _previous !== undefined) {
      const again = decodeResponsesRequest(forwarded);
      if (!again.ok) return again;
      request = again.value;
    }
    request.messages = this.memory.restore(request.messages);
    return decoded({
      request,
      model: typeof raw.model === 'string' ? raw.model : undefined,
      stream: raw.stream === true,
      escalate: !(isJsonObject(tokenhub) && tokenhub.escalate === false),
      includeUsage: false,
      echo: responsesEcho(raw),
      previousId: typeof previous === 'string' ? previous : undefined,
      input: items.filter(isJsonObject),
      store,
    });
  }

  answer(result: RouteResult, call: ResponsesCall): string {
    if (result.answer.content.length > 0) this.memory.remember(result.answer);
    const raw = result.answer.raw;
    const response =
      result.format === this.format && raw
        ? // Pass-through: OpenAI's response as it came, with the registry id and the client's previous id.
          { ...raw, model: result.model.id, previous_response_id: call.previousId ?? null }
        : encodeResponsesResponse(result.answer, this.meta(call, result.model.id), result.usage);
    this.keep(call, response);
    return JSON.stringify(response);
  }

  stream(routed: RouteStream, call: ResponsesCall): ResponsesStream {
    return new ResponsesStream(routed, call, this.meta(call, routed.model.id), {
      remember: (answer) => this.memory.remember(answer),
      keep: (response) => this.keep(call, response),
    });
  }

  error(error: ApiError): string {
    return errorBody(error);
  }

  private meta(call: ResponsesCall, model: string): ResponsesMeta {
    const now = Math.floor(Date.now() / 1000);
    return { id: responseId('response'), model, createdAt: now, completedAt: now, request: call.echo };
  }

  /** Stores a finished response as the conversation it ends, unless the client said `store: false`. */
  private keep(call: ResponsesCall, response: JsonObject): void {
    if (!call.store || typeof response.id !== 'string' || !Array.isArray(response.output)) return;
    if (response.status !== 'completed' && response.status !== 'incomplete') return;
    this.store.remember(response.id, [...call.input, ...response.output.filter(isJsonObject)]);
  }
}
