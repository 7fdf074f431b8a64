// Builds the Tokenhub config the way DESIGN.md "Configuration" says, from VS Code's side: the file
// named by `tokenhub.configFile` as the base, the `tokenhub.providers/models/routing` settings over
// its sections, else those settings alone, else the built-in default. The core parser checks it all.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { ConfigError } from '../core/config/errors';
import { parseConfig } from '../core/config/parse';
import { parseConfigText, syntaxProblem } from '../core/config/file';
import type { Env, ParsedConfig } from '../core/config/types';
import { readSettings } from './settings';
import { expandPath } from './vaultProviders';

/** Where the config came from, for messages and the log. */
export type ConfigOrigin = 'file' | 'settings' | 'default';

/** A parsed config and where it came from. */
export interface LoadedConfig extends ParsedConfig {
  origin: ConfigOrigin;
  /** The expanded config file path when `origin` is `file`. */
  path?: string;
}

/** True when the user set `tokenhub.<key>` anywhere (not just its default). */
function explicitlySet(key: string): boolean {
  const inspected = vscode.workspace.getConfiguration('tokenhub').inspect(key);
  return inspected !== undefined && [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].some((v) => v !== undefined);
}

/**
 * Reads and checks the effective config. Throws the core's `ConfigError` (every problem listed,
 * naming the file or "settings") when anything is wrong; nothing is half-applied.
 */
export async function loadVsCodeConfig(env: Env, storedKeyNames: readonly string[]): Promise<LoadedConfig> {
  const settings = readSettings();
  const overrides: Record<string, unknown> = {};
  if (settings.providers.length > 0) overrides.providers = settings.providers;
  if (settings.models.length > 0) overrides.models = settings.models;
  const options = { storedKeyNames };

  if (settings.configFile.trim() !== '') {
    const path = expandPath(settings.configFile.trim());
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException | null)?.code ?? String(cause);
      throw new ConfigError([{ path: '', expected: 'a readable JSON file (setting tokenhub.configFile)', found: code }], path);
    }
    if (explicitlySet('routing')) overrides.routing = settings.routing;
    if (Object.keys(overrides).length === 0) return { ...parseConfigText(text, env, options, path), origin: 'file', path };
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch (cause) {
      throw new ConfigError([syntaxProblem(body, cause)], path);
    }
    const base = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
    try {
      return { ...parseConfig({ ...base, ...overrides }, env, options), origin: 'file', path };
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(error.problems, `${path} (with the tokenhub.* settings over it)`);
      throw error;
    }
  }

  const origin: ConfigOrigin = Object.keys(overrides).length > 0 ? 'settings' : 'default';
  try {
    return { ...parseConfig({ ...overrides, routing: settings.routing }, env, options), origin };
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(error.problems, 'in the tokenhub.* settings');
    throw error;
  }
}
