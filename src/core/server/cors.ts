import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for the browser origins in `server.allowed_origins` (DESIGN.md "Local HTTP API"): exact
 * `scheme://host[:port]` origins, and `vscode-webview://*` for any VS Code webview. An allowed
 * origin gets its preflight answered without a token (a browser never sends one there) and
 * every answer carries `Access-Control-Allow-Origin` with that origin (never `*`), `Vary:
 * Origin` and the `x-tokenhub-*` headers exposed; every request but the preflight still needs
 * the token. Credentials (cookies) are not allowed: the token travels in a header. Any other
 * origin gets 403 from the server before this is reached.
 */

/** The `server.allowed_origins` entry that allows every VS Code webview. */
export const ANY_VSCODE_WEBVIEW = 'vscode-webview://*';

/** Request headers a browser client may send: the token's two forms, JSON, and Anthropic's. */
const ALLOWED_HEADERS = ['authorization', 'x-api-key', 'content-type', 'anthropic-version', 'anthropic-beta'];

/** Tokenhub's answers say who answered and how: a page may read these. */
const EXPOSED_HEADERS = 'x-tokenhub-model, x-tokenhub-provider, x-tokenhub-attempts, x-tokenhub-escalations, x-tokenhub-dropped, retry-after';

/** How long a browser may cache a preflight (Chromium caps it at 2 hours). */
const MAX_AGE_SECONDS = 600;

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const MAX_REQUESTED = 64;

/** True when `origin` is in the allow-list, or is a VS Code webview and every webview is allowed. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  return origin.startsWith('vscode-webview://') && origin.length > 'vscode-webview://'.length && allowed.includes(ANY_VSCODE_WEBVIEW);
}

/** The headers every answer to an allowed origin carries (set before the handler writes its head). */
export function setCorsHeaders(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
}

/** True for a CORS preflight: `OPTIONS` with an origin and the method the page means to send. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers.origin !== undefined && req.headers['access-control-request-method'] !== undefined;
}

/**
 * Answers a preflight for a route: 204 with its method, the headers a client may send (the
 * usual ones and those the page asked for, when they are header names), and how long to cache
 * the answer. A page of a public origin asking for the private network (Chromium's Private
 * Network Access) is allowed it: its origin is in the allow-list.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, method: string): void {
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && TOKEN.test(name))
    .slice(0, MAX_REQUESTED);
  const headers: Record<string, string> = {
    'access-control-allow-methods': `${method}, OPTIONS`,
    'access-control-allow-headers': [...new Set([...ALLOWED_HEADERS, ...requested])].join(', '),
    'access-control-max-age': String(MAX_AGE_SECONDS),
    'content-length': '0',
  };
  if (req.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
  res.writeHead(204, headers);
  res.end();
}
