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
  const given = createHash('sha256').update(header.slice(7).trim()).digest();
  return timingSafeEqual(given, expected);
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
