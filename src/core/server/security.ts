import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** True for `localhost`, `127.x.x.x` and `[::1]`, with or without a port. */
export function isLoopbackHost(host: string | undefined, extra: readonly string[] = []): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  const lower = name.toLowerCase();
  return lower === 'localhost' || lower === '[::1]' || /^127(\.\d{1,3}){3}$/.test(lower) || extra.includes(lower);
}

/**
 * Bearer token check in constant time: both sides are hashed first so neither the comparison
 * nor a length mismatch tells an attacker how much of a guess was right.
 */
export function hasBearer(req: IncomingMessage, expected: Buffer): boolean {
  const header = req.headers.authorization;
  if (!header || !/^bearer /i.test(header)) return false;
  return matches(header.slice(7).trim(), expected);
}

/**
 * The local token as `Authorization: Bearer TOKEN` or, as Anthropic-format clients send it
 * (Claude Code with `ANTHROPIC_API_KEY`), `x-api-key: TOKEN`: either one right is enough.
 */
export function hasToken(req: IncomingMessage, expected: Buffer): boolean {
  if (hasBearer(req, expected)) return true;
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key !== '' && matches(key.trim(), expected);
}

function matches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
