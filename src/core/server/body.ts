import type { IncomingMessage } from 'node:http';
import { apiError, type ApiError } from './httpError';

/** Outcome of reading a JSON body: the value, or the answer to give. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

/**
 * Reads a JSON body within `limit` bytes: refused from `Content-Length` before reading, and
 * enforced while reading for chunked bodies, so an oversized upload never fills memory.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge = (): BodyResult => ({
    ok: false,
    error: apiError(413, `The request body is larger than the limit of ${limit} bytes (server.max_body_bytes).`, 'body_too_large'),
  });
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return tooLarge();
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, error: apiError(415, `Expected a JSON body (content-type application/json), found "${type}".`, 'unsupported_media_type') };
  }
  // Events rather than an async iterator: a small body then costs no extra promise turns.
  const read = await new Promise<{ chunks: Buffer[]; size: number } | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ chunks, size }));
    req.once('error', reject);
    req.once('close', () => resolve({ chunks, size: -1 }));
  });
  if (read === undefined) return tooLarge();
  const { chunks, size } = read;
  if (size < 0) return { ok: false, error: apiError(400, 'The request body ended early.', 'invalid_json') };
  if (size === 0) return { ok: false, error: apiError(400, 'The request body is empty; expected a JSON object.', 'invalid_json') };
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8's message quotes the start of the body, which may hold a secret: keep only the position.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (at byte ${position})`;
    return { ok: false, error: apiError(400, `The request body is not valid JSON${where}.`, 'invalid_json') };
  }
}
