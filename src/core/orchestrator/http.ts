import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CancelSignal } from '../base/cancel';
import { TokenhubError } from '../base/errors';
import { sendError } from '../server/httpError';
import { drained } from '../server/write';
import type { AdversarialEvent } from './events';
import type { AdversarialRequest, Orchestrator } from './orchestrator';
import { eventApiError, parseAdversarialBody, resultObject, sseFrame } from './wire';

/** The shape `ApiServerOptions.adversarial` takes: body parsed, auth, host and origin already checked. */
export type AdversarialHandler = (body: unknown, req: IncomingMessage, res: ServerResponse, signal: CancelSignal) => Promise<void>;

/**
 * `POST /v1/adversarial` (DESIGN.md "Local HTTP API"). A refused body costs no upstream request.
 * JSON: the whole result, or an error thrown for the server to answer. `stream: true`: the events
 * as SSE; a failure before the first event is a plain HTTP error, after it an `event: error`. The
 * server aborts `signal` when the client goes away, which cancels the run and its upstream request.
 */
export function createAdversarialHandler(orchestrator: Orchestrator): AdversarialHandler {
  return async (body, _req, res, signal) => {
    const parsed = parseAdversarialBody(body);
    if (!parsed.ok) return sendError(res, parsed.error);
    const { prompt, planner, critic, maxTokens, stream } = parsed.value;
    const request: AdversarialRequest = { task: { kind: 'general', prompt }, planner, critic, maxTokens, signal };
    const id = `adv-${randomBytes(12).toString('base64url')}`;
    if (!stream) {
      const payload = JSON.stringify(resultObject(id, await orchestrator.complete(request)));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
      return;
    }
    await streamEvents(id, orchestrator.run(request), res, signal);
  };
}

async function streamEvents(id: string, events: AsyncIterable<AdversarialEvent>, res: ServerResponse, signal: CancelSignal): Promise<void> {
  for await (const event of events) {
    if (event.type === 'error') {
      // A client that went away gets nothing; a shutdown (a TokenhubError reason) is said.
      if (signal.aborted && !(signal.reason instanceof TokenhubError)) return;
      if (!res.headersSent) return sendError(res, eventApiError(event));
      if (!res.destroyed) res.end(sseFrame(id, event));
      return;
    }
    // No `connection` header: Node honours the client's keep-alive or close.
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (!res.write(sseFrame(id, event))) await drained(res);
  }
  res.end();
}
