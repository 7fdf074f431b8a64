import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CancelSignal } from '../base/cancel';
import { TokenhubError } from '../base/errors';
import { droppedHeader } from '../model/fields';
import type { Router } from '../router/router';
import { formatEscalations, type RouteTrace } from '../router/types';
import type { EmbeddingsSurface } from '../surfaces/embeddings';
import type { LocalSurface, Surface, SurfaceStream } from '../surfaces/surface';
import { apiError, sendError, toApiError } from './httpError';
import { corkForTurn, drained } from './write';

/**
 * Serves one call on any chat surface: parse, route, and write the whole answer or the stream with
 * back-pressure. Errors before the answer starts are thrown (the server answers them in the
 * surface's shape); after a stream started, a failure ends it with the surface's error frame.
 */
export async function serveCall(
  surface: Surface,
  body: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  signal: CancelSignal,
  router: Router,
): Promise<void> {
  const parsed = surface.parse(body, req.headers);
  if (!parsed.ok) return sendError(res, apiError(400, parsed.problem.message, parsed.problem.code ?? 'invalid_request', parsed.problem.param), {}, surface.error);
  const call = parsed.value;
  const route = { request: call.request, model: call.model, escalate: call.escalate, signal };
  if (!call.stream) {
    const result = await router.complete(route);
    const payload = surface.answer(result, call);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...traceHeaders(result) });
    res.end(payload);
    return;
  }
  const routed = await router.stream(route);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...traceHeaders(routed) });
  const renderer = surface.stream(routed, call);
  const keepAlive = keepAliveTimer(res, renderer);
  try {
    // One write per upstream read: the batch's events go out together, as they arrived.
    for await (const batch of routed.batches) {
      const frames = renderer.batch(batch);
      if (frames === '') continue;
      corkForTurn(res);
      keepAlive?.refresh();
      if (!res.write(frames)) await drained(res);
    }
    res.end(renderer.end(await routed.summary));
  } catch (error) {
    // A client that went away gets nothing more; a shutdown or a failure ends with an error frame.
    if (signal.aborted && !(signal.reason instanceof TokenhubError)) return;
    if (!res.destroyed) res.end(renderer.error(toApiError(signal.reason instanceof TokenhubError ? signal.reason : error)));
  } finally {
    clearTimeout(keepAlive);
  }
}

/**
 * Writes the renderer's keep-alive frame after each `everyMs` without a write, while the
 * client keeps up (a client that reads nothing needs no more bytes). `refresh` restarts it.
 */
function keepAliveTimer(res: ServerResponse, renderer: SurfaceStream): NodeJS.Timeout | undefined {
  const keepAlive = renderer.keepAlive;
  if (!keepAlive) return undefined;
  const timer: NodeJS.Timeout = setTimeout(function ping() {
    if (res.writableEnded || res.destroyed) return;
    const frame = res.writableNeedDrain ? '' : keepAlive.frame();
    if (frame !== '') res.write(frame);
    timer.refresh();
  }, keepAlive.everyMs);
  timer.unref();
  return timer;
}

/** Serves a route Tokenhub answers itself (LocalSurface), with the route's trace headers. */
export function serveLocal(surface: LocalSurface, body: unknown, req: IncomingMessage, res: ServerResponse): void {
  const answered = surface.answer(body, req.headers);
  if (!answered.ok) return sendError(res, apiError(400, answered.problem.message, 'invalid_request', answered.problem.param), {}, surface.error);
  const { body: payload, headers } = answered.value;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** DESIGN.md "Routing": every answer says who answered, how, and what was left out. */
export function traceHeaders(trace: Omit<RouteTrace, 'format'>): Record<string, string> {
  const headers: Record<string, string> = {
    'x-tokenhub-model': trace.model.id,
    'x-tokenhub-provider': trace.model.provider,
    'x-tokenhub-attempts': String(trace.attempts),
    'x-tokenhub-escalations': formatEscalations(trace.escalations),
  };
  const dropped = droppedHeader(trace.dropped);
  if (dropped !== '') headers['x-tokenhub-dropped'] = dropped;
  return headers;
}

/** Serves one embeddings call: parse, route, and write the whole answer with the trace headers. */
export async function serveEmbeddings(surface: EmbeddingsSurface, body: unknown, res: ServerResponse, signal: CancelSignal, router: Router): Promise<void> {
  const parsed = surface.parse(body);
  if (!parsed.ok) return sendError(res, apiError(400, parsed.problem.message, parsed.problem.code ?? 'invalid_request', parsed.problem.param));
  const call = parsed.value;
  const result = await router.embed({ request: call.request, model: call.model, escalate: call.escalate, signal });
  const payload = surface.answer(result, call);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...traceHeaders(result) });
  res.end(payload);
}
