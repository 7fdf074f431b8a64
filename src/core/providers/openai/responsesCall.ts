import { isJsonObject } from '../../formats/codec';
import { decodeResponsesResponse, responsesFailure, type ResponsesFailure } from '../../formats/responses/decodeResponse';
import { encodeResponsesRequest } from '../../formats/responses/encodeRequest';
import { ResponsesStreamDecoder } from '../../formats/responses/streamDecoder';
import type { Answer } from '../../model/answer';
import { answerEvents } from '../../model/answer';
import type { RawEvent, StreamBatch, StreamEvent } from '../../model/events';
import type { ChatRequest } from '../../model/request';
import type { AttemptContext } from '../adapter';
import type { ClassifyContext } from '../common/classify';
import { parseErrorBody, protocolError, upstreamError } from '../common/classify';
import type { HttpTransport, UpstreamCall } from '../common/http';
import { parseJson } from '../common/json';

/**
 * The OpenAI adapter's native Responses path: a request that came in as Responses goes to
 * `POST {base}/responses` as the client sent it (the Responses codec's pass-through), and the
 * answer comes back decoded into the model with the upstream's own form kept (`Answer.raw`, every
 * event in `StreamBatch.raw`), so the Responses surface forwards what OpenAI sent. A response that
 * failed (`status: "failed"`, `response.failed` or `error` in a stream, even after a 200) is
 * classified like an error answer.
 */

/** Sends a Responses request and waits for the whole answer. */
export async function sendResponses(transport: HttpTransport, model: string, request: ChatRequest, context: AttemptContext, who: ClassifyContext): Promise<Answer> {
  const call = await open(transport, model, request, false, context, who);
  try {
    if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
    return await whole(call, who);
  } catch (error) {
    throw call.fail(error);
  } finally {
    call.release();
  }
}

/** Streams a Responses request: each read's model events with the upstream events that gave them. */
export async function* streamResponses(transport: HttpTransport, model: string, request: ChatRequest, context: AttemptContext, who: ClassifyContext): AsyncGenerator<StreamBatch> {
  const call = await open(transport, model, request, true, context, who);
  try {
    if (call.status < 200 || call.status >= 300) throw await call.errorFromBody();
    if (String(call.headers['content-type'] ?? '').includes('application/json')) {
      // A server that ignored `stream: true` answered in one piece: still an answer.
      yield { events: answerEvents(await whole(call, who)) };
      return;
    }
    const decoder = new ResponsesStreamDecoder();
    for await (const events of call.events()) {
      if (decoder.finished) continue; // drain to the end so the socket returns to the pool
      const out: StreamEvent[] = [];
      const raw: RawEvent[] = [];
      let failed: unknown;
      try {
        for (const event of events) {
          if (decoder.finished) break;
          const data = parseJson(event.data, 'a stream event', who);
          if (!isJsonObject(data)) throw protocolError('a stream event that is not an object', who);
          decoder.push(data, out);
          if (decoder.failure) throw failureError(decoder.failure, call, who);
          raw.push(event.event === undefined ? { data: event.data } : { event: event.event, data: event.data });
        }
      } catch (error) {
        failed = error;
      }
      // What came before a failure in the same read is delivered first, as it would have been.
      if (out.length > 0 || raw.length > 0) yield { events: out, raw };
      if (failed !== undefined) throw failed;
    }
    if (!decoder.finished) throw protocolError('a stream that ended before response.completed', who);
  } catch (error) {
    throw call.fail(error);
  } finally {
    call.release();
  }
}

function open(transport: HttpTransport, model: string, request: ChatRequest, stream: boolean, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
  const { body } = encodeResponsesRequest(request, { model, stream });
  const headers: Record<string, string> = { accept: stream ? 'text/event-stream' : 'application/json' };
  if (context.apiKey) headers.authorization = `Bearer ${context.apiKey}`;
  return transport.post('/responses', body, headers, context, who);
}

/** A whole answer's body, decoded; an error object or a failed response is the upstream's error. */
async function whole(call: UpstreamCall, who: ClassifyContext): Promise<Answer> {
  const body = parseJson(await call.text(), 'the response', who, call.status);
  // A response object always has `error` (null unless it failed); an error answer has only that.
  if (isJsonObject(body) && body.object !== 'response' && isJsonObject(body.error)) throw upstreamError(call.status, call.headers, parseErrorBody(body), who);
  const failure = responsesFailure(body);
  if (failure) throw failureError(failure, call, who);
  const answer = decodeResponsesResponse(body);
  if (!answer) throw protocolError('an answer that is not a response', who, call.status);
  return answer;
}

/** A failed response (whole or streamed) classified like an error body that came with the call's status. */
function failureError(failure: ResponsesFailure, call: UpstreamCall, who: ClassifyContext) {
  return upstreamError(call.status, call.headers, { message: failure.message, code: failure.code, ...(failure.param !== undefined && { param: failure.param }) }, who);
}
