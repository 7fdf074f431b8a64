// `tokenhub serve`: the OpenAI-compatible API headless (DESIGN.md "Local HTTP API"). Prints where
// it listens (the real port, so `--port 0` works) and a generated token once; stops cleanly on
// SIGINT/SIGTERM: in-flight streams get an error event, connections close.
import { randomBytes } from 'node:crypto';
import { isTokenhubError } from '../core/base/errors';
import type { LogLevel, Logger } from '../core/ports';
import type { ApiServer } from '../core/server/apiServer';
import { Tokenhub } from '../core/tokenhub';
import { loadSetup } from './keys';
import type { TextSink } from './secretInput';
import { own } from '../core/formats/codec';

/** The process around `serve`, injectable so tests run it in-process. */
export interface ServeIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

/** `serve`'s command-line options. */
export interface ServeArgs {
  config?: string;
  vault?: string;
  host?: string;
  port?: number;
  logLevel: LogLevel;
  help: boolean;
}

/** A running server: where it listens, and how to stop it. */
export interface RunningServer {
  url: string;
  token: string;
  /** True when the token was generated here (and printed once). */
  generatedToken: boolean;
  stop(): Promise<void>;
}

export const SERVE_HELP = `Usage: tokenhub serve [--config FILE] [--host H] [--port N] [--vault FILE] [--log-level LEVEL]

Runs the OpenAI-compatible API (POST /v1/chat/completions, POST /v1/completions, GET /v1/models,
GET /health) until SIGINT or SIGTERM.

  --config FILE      a Tokenhub JSON config; default: the built-in catalogue with the providers
                     whose keys are set (OPENAI_API_KEY, ANTHROPIC_API_KEY, or the vault)
  --host H           bind address (default server.host, 127.0.0.1)
  --port N           port (default server.port, 8080; 0 picks a free one and prints it)
  --vault FILE       the vault file (default tokenhub-vault.json beside the config, else here)
  --log-level LEVEL  error | warn | info | debug (default warn; info logs every request)

Clients send "Authorization: Bearer TOKEN". The token is read from TOKENHUB_API_TOKEN (or the
variable named by server.api_token_env); when it is unset, one is generated and printed once.
`;

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Thrown for a command line that cannot be understood (exit code 2). */
export class ServeUsageError extends Error {}

export function parseServeArgs(args: readonly string[]): ServeArgs {
  const parsed: ServeArgs = { logLevel: 'warn', help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const given = eq > 0 ? arg.slice(eq + 1) : args[++index];
      if (given === undefined || given === '') throw new ServeUsageError(`${flag} needs a value.`);
      return given;
    };
    if (flag === '--help' || flag === '-h') parsed.help = true;
    else if (flag === '--config') parsed.config = value();
    else if (flag === '--vault') parsed.vault = value();
    else if (flag === '--host') parsed.host = value();
    else if (flag === '--port') {
      const text = value();
      const port = Number(text);
      if (!/^\d+$/.test(text) || port > 65535) throw new ServeUsageError(`--port must be a number from 0 to 65535, found "${text}".`);
      parsed.port = port;
    } else if (flag === '--log-level') {
      const level = value() as LogLevel;
      if (!LEVELS.includes(level)) throw new ServeUsageError(`--log-level must be one of ${LEVELS.join(', ')}.`);
      parsed.logLevel = level;
    } else throw new ServeUsageError(`unknown option "${arg}".`);
  }
  return parsed;
}

/** One line per record on stderr: `time level message key=value …`, at `level` and above. */
export function cliLogger(sink: TextSink, level: LogLevel): Logger {
  const floor = LEVELS.indexOf(level);
  return {
    log(at, message, fields) {
      if (LEVELS.indexOf(at) < floor) return;
      let line = `${new Date().toISOString()} ${at} ${message}`;
      for (const [key, value] of Object.entries(fields ?? {})) if (value !== undefined) line += ` ${key}=${JSON.stringify(value)}`;
      sink.write(`${line}\n`);
    },
  };
}

/** Loads the config and keys, listens, and prints where; the caller decides when to stop. */
export async function startServe(args: ServeArgs, io: ServeIo): Promise<RunningServer> {
  const setup = await loadSetup(args.config, args.vault, io.env, io.cwd ?? process.cwd());
  for (const warning of setup.warnings) io.stderr.write(`tokenhub: warning: ${warning.path ? `${warning.path}: ` : ''}${warning.message}\n`);
  const server = { ...setup.config.server, ...(args.host !== undefined ? { host: args.host } : {}), ...(args.port !== undefined ? { port: args.port } : {}) };
  const config = { ...setup.config, server };
  if (config.models.length === 0) {
    io.stderr.write('tokenhub: warning: no models are configured: set OPENAI_API_KEY or ANTHROPIC_API_KEY, store a key with "tokenhub vault set", or pass --config FILE.\n');
  }
  const fromEnv = own(io.env, server.apiTokenEnv);
  const generatedToken = fromEnv === undefined || fromEnv === '';
  const token = generatedToken ? randomBytes(32).toString('base64url') : fromEnv;

  const logger = cliLogger(io.stderr, args.logLevel);
  const tokenhub = new Tokenhub(config, { keys: setup.keys, logger });
  const api: ApiServer = tokenhub.createApiServer(token);
  let address;
  try {
    address = await api.listen(server.host, server.port);
  } catch (error) {
    await tokenhub.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot listen on ${server.host}:${server.port}${code ? ` (${code})` : ''}.`);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (generatedToken) {
    io.stdout.write(`API token (generated; shown once; set ${server.apiTokenEnv} to choose your own): ${token}\n`);
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(server.host)) {
    io.stderr.write(`tokenhub: warning: listening on ${server.host}, not loopback: other machines can reach this port (the token still applies).\n`);
  }
  const providers = (await tokenhub.providerViews()).map((p) => `${p.name} ${p.state}`).join(', ') || 'none';
  io.stdout.write(`Models: ${config.models.length}; providers: ${providers}; config: ${setup.configPath ?? 'built-in default'}\n`);
  io.stdout.write(`Tokenhub listening on ${url} (OpenAI base URL ${url}/v1)\n`);

  let stopping: Promise<void> | undefined;
  return {
    url,
    token,
    generatedToken,
    stop: () =>
      (stopping ??= (async () => {
        await api.close();
        await tokenhub.close();
      })()),
  };
}

/** Runs `tokenhub serve ARGS` until SIGINT/SIGTERM; resolves to the exit code. */
export async function runServe(args: readonly string[], io: ServeIo): Promise<number> {
  let parsed: ServeArgs;
  try {
    parsed = parseServeArgs(args);
  } catch (error) {
    io.stderr.write(`tokenhub serve: ${(error as Error).message}\nRun "tokenhub serve --help" for the options.\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  let running: RunningServer;
  try {
    running = await startServe(parsed, io);
  } catch (error) {
    // Config and vault messages are written never to hold a key.
    io.stderr.write(`tokenhub: ${isTokenhubError(error) || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A second signal while stopping ends the process at once.
  const force = (): never => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  io.stderr.write(`tokenhub: ${signal}: stopping; in-flight requests end with an error.\n`);
  await running.stop();
  io.stderr.write('tokenhub: stopped.\n');
  return 0;
}
