import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * True for `localhost`, `127.x.x.x` and `[::1]`, each with or without a `:port`, and for the
 * `extra` names. Parsed strictly: an IPv6 literal is `[` address `]` with nothing after it but
 * an optional `:digits`, so `[::1].evil.com` and `[::1]evil.com` are not loopback.
 */
export function isLoopbackHost(host: string | undefined, extra: readonly string[] = []): boolean {
  const name = host === undefined ? undefined : hostName(host);
  if (name === undefined) return false;
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name) || extra.includes(name);
}

/** The lower-cased name of a Host header without its port, or undefined when malformed. */
function hostName(host: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^[\]:]+)(?::\d{1,5})?$/i.exec(host);
  return match ? match[1]!.toLowerCase() : undefined;
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
