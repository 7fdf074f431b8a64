import * as vscode from 'vscode';

/** Escalation and timeouts, as in the config file's `routing` section. */
export interface RoutingSettings {
  max_attempts: number;
  request_timeout_ms: number;
  first_token_timeout_ms: number;
  idle_timeout_ms: number;
  cooldown_ms: number;
  /** Read limits of upstream answers; absent means the core's defaults. */
  max_response_bytes?: number;
  max_event_bytes?: number;
}

/**
 * The `tokenhub.*` settings, read as plain data. Providers and models stay unvalidated here: the
 * core's config loader checks them and reports every problem, the same way for settings and files.
 */
export interface TokenhubSettings {
  configFile: string;
  providers: unknown[];
  models: unknown[];
  routing: RoutingSettings;
  server: { enabled: boolean; port: number };
  adversarial: { planner: string; critic: string };
  /** Which registry models VS Code's Language Model API offers besides Auto: `all`, or these ids. */
  languageModels: {
    offered: 'all' | string[];
    /** Set when the setting holds neither `all` nor a list of ids (read as `all`): what it holds, for the log. */
    unreadable?: string;
  };
}

/**
 * The local API's default port in VS Code (package.json says the same): a port few programs take,
 * unlike 8080. The CLI keeps its config default (DESIGN.md).
 */
export const DEFAULT_PORT = 8741;

const defaultRouting: RoutingSettings = {
  max_attempts: 4,
  request_timeout_ms: 120_000,
  first_token_timeout_ms: 30_000,
  idle_timeout_ms: 30_000,
  cooldown_ms: 30_000,
};

/** Reads the effective settings (user, workspace and folder merged by VS Code) for `scope`. */
export function readSettings(scope?: vscode.ConfigurationScope): TokenhubSettings {
  const config = vscode.workspace.getConfiguration('tokenhub', scope);
  return {
    configFile: config.get<string>('configFile', ''),
    providers: arrayOrEmpty(config.get('providers')),
    models: arrayOrEmpty(config.get('models')),
    routing: { ...defaultRouting, ...config.get<Partial<RoutingSettings>>('routing', {}) },
    server: { enabled: config.get<boolean>('server.enabled', false), port: config.get<number>('server.port', DEFAULT_PORT) },
    adversarial: {
      planner: config.get<string>('adversarial.planner', 'auto'),
      critic: config.get<string>('adversarial.critic', 'auto'),
    },
    languageModels: offeredModels(config.get('languageModels.offered')),
  };
}

/** `all`, or the list of ids; VS Code checks the schema only in its editor, so anything else reads as `all` and is reported. */
function offeredModels(value: unknown): TokenhubSettings['languageModels'] {
  if (value === undefined || value === 'all') return { offered: 'all' };
  if (Array.isArray(value) && value.every((id) => typeof id === 'string')) return { offered: value.filter((id) => id !== '') };
  return { offered: 'all', unreadable: Array.isArray(value) ? 'a list with entries that are not strings' : typeof value === 'string' ? `the string "${value}"` : typeof value };
}

function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
