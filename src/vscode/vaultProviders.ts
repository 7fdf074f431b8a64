import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { parseConfigText } from '../core/config/file';
import { parseConfig, wellKnownProviders } from '../core/config/parse';
import type { Env } from '../core/config/types';
import type { Logger } from '../core/ports';
import type { ProviderConfig } from '../core/providers/adapter';
import { readSettings } from './settings';

/**
 * The providers the vault commands offer and whose `api_key_env` the KeySource falls back to:
 * `tokenhub.providers`, else the config file's `providers`, else the well-known ones. Read through
 * the core's config parser, cached until a `tokenhub.*` setting changes.
 */
export class SettingsProviders implements vscode.Disposable {
  #cached: readonly ProviderConfig[] | undefined;
  readonly #listener: vscode.Disposable;

  constructor(
    private readonly logger: Logger,
    private readonly env: Env = process.env,
  ) {
    this.#listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tokenhub')) this.#cached = undefined;
    });
  }

  /** The configured providers, in their order. */
  list(): readonly ProviderConfig[] {
    this.#cached ??= this.#load();
    return this.#cached;
  }

  /** The variable named by the provider's `api_key_env`, if it has one. */
  envOf(name: string): string | undefined {
    return this.list().find((provider) => provider.name === name)?.apiKeyEnv;
  }

  dispose(): void {
    this.#listener.dispose();
  }

  #load(): readonly ProviderConfig[] {
    const settings = readSettings();
    try {
      if (settings.providers.length > 0) return parseConfig({ providers: settings.providers }, this.env).config.providers;
      if (settings.configFile !== '') {
        const path = expandPath(settings.configFile);
        const text = readFileSync(path, 'utf8');
        const raw: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        const declared = typeof raw === 'object' && raw !== null && Array.isArray((raw as { providers?: unknown }).providers);
        if (declared && (raw as { providers: unknown[] }).providers.length > 0) return parseConfigText(text, this.env, {}, path).config.providers;
      }
    } catch (error) {
      // Config messages name paths and expectations, never keys.
      this.logger.log('warn', 'vault: could not read the configured providers; offering the well-known ones', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    return wellKnownProviders();
  }
}

/** Expands `~` and `${workspaceFolder}` in a configured path. */
export function expandPath(path: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return path.replace(/^~(?=$|[\\/])/, homedir()).replaceAll('${workspaceFolder}', folder);
}
