import type { ConfigChecker, RawObject } from './checker';
import { join } from './checker';
import type { RoutingConfig, ServerConfig, VaultConfig } from './types';
import { DEFAULT_ROUTING, DEFAULT_SERVER, DEFAULT_VAULT } from './types';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field that names an environment variable; `${…}` inside it is allowed to be unset. */
export function envName(check: ConfigChecker, object: RawObject, key: string, path: string): string | undefined {
  const value = check.string(object, key, path, { unset: 'absent' });
  if (value === undefined || value === '') return undefined;
  if (!ENV_NAME.test(value)) {
    check.problem(join(path, key), 'an environment variable name (letters, digits, _)', value);
    return undefined;
  }
  return value;
}

/** The `server` section, defaults filled in. */
export function readServer(check: ConfigChecker, raw: unknown): ServerConfig {
  const server: ServerConfig = { ...DEFAULT_SERVER, allowedOrigins: [] };
  if (raw === undefined) return server;
  const o = check.object(raw, 'server');
  if (!o) return server;
  check.known(o, 'server', ['host', 'port', 'api_token_env', 'max_body_bytes', 'max_inflight_body_bytes', 'allowed_origins']);
  server.host = check.string(o, 'host', 'server', { nonEmpty: true }) ?? server.host;
  server.port = check.number(o, 'port', 'server', { integer: true, min: 0, max: 65535 }) ?? server.port;
  server.apiTokenEnv = envName(check, o, 'api_token_env', 'server') ?? server.apiTokenEnv;
  server.maxBodyBytes = check.number(o, 'max_body_bytes', 'server', { integer: true, min: 1 }) ?? server.maxBodyBytes;
  // At least one whole body, or a request of the largest allowed size could never be served.
  server.maxInflightBodyBytes =
    check.number(o, 'max_inflight_body_bytes', 'server', { integer: true, min: server.maxBodyBytes }) ?? 4 * server.maxBodyBytes;
  const origins = check.array(o, 'allowed_origins', 'server') ?? [];
  origins.forEach((value, index) => {
    const path = `server.allowed_origins[${index}]`;
    const origin = typeof value === 'string' ? check.expand(value, path) : undefined;
    if (typeof value !== 'string') check.problem(path, ORIGIN_EXPECTED, value);
    else if (origin !== undefined) {
      const normal = normalOrigin(origin);
      if (normal !== undefined) server.allowedOrigins.push(normal);
      else check.problem(path, `${ORIGIN_EXPECTED} (scheme, host and port only)`, origin);
    }
  });
  return server;
}

const ORIGIN_EXPECTED = 'an origin such as "http://localhost:3000", or "vscode-webview://*" for any VS Code webview';

/**
 * An allowed origin as browsers send it (`Origin` has no path and a lowercase scheme and host),
 * or undefined: an http(s) origin, `vscode-webview://*` (any VS Code webview; cors.ts), or one
 * webview's own `vscode-webview://<id>`.
 */
function normalOrigin(value: string): string | undefined {
  if (value === 'vscode-webview://*') return value;
  if (/^vscode-webview:\/\/[a-z0-9-]+$/i.test(value)) return value.toLowerCase();
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    // A path, query or credentials would never match an Origin header: refused rather than ignored.
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    return bare ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The `vault` section, defaults filled in. */
export function readVault(check: ConfigChecker, raw: unknown): VaultConfig {
  const vault: VaultConfig = { ...DEFAULT_VAULT, storedKeys: {} };
  if (raw === undefined) return vault;
  const o = check.object(raw, 'vault');
  if (!o) return vault;
  check.known(o, 'vault', ['encryption_key_env', 'stored_keys']);
  vault.encryptionKeyEnv = envName(check, o, 'encryption_key_env', 'vault') ?? vault.encryptionKeyEnv;
  if (o.stored_keys !== undefined && o.stored_keys !== null) {
    const stored = check.object(o.stored_keys, 'vault.stored_keys');
    const entries: [string, string][] = [];
    for (const name of Object.keys(stored ?? {})) {
      // Sealed records, not secrets in clear: an unset ${VAR} just means "no stored key".
      const value = check.string(stored ?? {}, name, 'vault.stored_keys', { unset: 'absent' });
      if (value !== undefined && value !== '') entries.push([name, value]);
    }
    // fromEntries defines own properties: a name such as "__proto__" is kept as data.
    vault.storedKeys = Object.fromEntries(entries);
  }
  return vault;
}

/** The `routing` section, defaults filled in. */
export function readRouting(check: ConfigChecker, raw: unknown): RoutingConfig {
  const routing: RoutingConfig = { ...DEFAULT_ROUTING };
  if (raw === undefined) return routing;
  const o = check.object(raw, 'routing');
  if (!o) return routing;
  check.known(o, 'routing', ['max_attempts', 'request_timeout_ms', 'first_token_timeout_ms', 'idle_timeout_ms', 'cooldown_ms', 'max_response_bytes', 'max_event_bytes']);
  const positive = { integer: true, min: 1 };
  routing.maxAttempts = check.number(o, 'max_attempts', 'routing', positive) ?? routing.maxAttempts;
  routing.requestTimeoutMs = check.number(o, 'request_timeout_ms', 'routing', positive) ?? routing.requestTimeoutMs;
  routing.firstTokenTimeoutMs = check.number(o, 'first_token_timeout_ms', 'routing', positive) ?? routing.firstTokenTimeoutMs;
  routing.idleTimeoutMs = check.number(o, 'idle_timeout_ms', 'routing', positive) ?? routing.idleTimeoutMs;
  routing.cooldownMs = check.number(o, 'cooldown_ms', 'routing', { integer: true, min: 0 }) ?? routing.cooldownMs;
  // At least 1 KiB: a smaller limit would refuse every real answer and only look like an outage.
  const size = { integer: true, min: 1024 };
  routing.maxResponseBytes = check.number(o, 'max_response_bytes', 'routing', size) ?? routing.maxResponseBytes;
  routing.maxEventBytes = check.number(o, 'max_event_bytes', 'routing', size) ?? routing.maxEventBytes;
  return routing;
}
