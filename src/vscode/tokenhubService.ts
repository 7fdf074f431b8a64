// The VS Code side's owner of one Tokenhub: built from settings and keys on first use, rebuilt when
// either changes, with the usage ledger (kept in globalState) and the local API's lifecycle.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { ApiServer } from '../core/server/apiServer';
import { Tokenhub } from '../core/tokenhub';
import type { KeySource } from '../core/router/ports';
import { ConfigError } from '../core/config/errors';
import type { Readiness } from '../core/setup/readiness';
import { readiness } from '../core/setup/readiness';
import { UsageLedger } from '../core/usage/ledger';
import type { UsageSnapshot } from '../core/usage/ledger';
import { loadVsCodeConfig } from './configSource';
import type { LoadedConfig } from './configSource';
import { readSettings } from './settings';

const LEDGER_KEY = 'tokenhub.usage';
/** The local API's bearer token in SecretStorage; made on first use. */
export const API_TOKEN_SECRET = 'tokenhub.localApi.token';

/** What the service needs from activation. */
export interface TokenhubServiceOptions {
  readonly extension: vscode.ExtensionContext;
  readonly keys: KeySource;
  readonly onDidChangeKeys: vscode.Event<void>;
  /** Providers with a key in the vault (they join the default config). */
  readonly storedKeyNames: () => Promise<readonly string[]>;
  readonly logger: Logger;
}

/** Where the local API listens, when it does. */
export interface LocalApiState {
  readonly url: string;
  readonly port: number;
}

/** Whether anything can answer (the core's readiness), or why the config cannot even be read. */
export type SetupState = Readiness | { kind: 'invalid_config'; message: string };

interface Built {
  readonly tokenhub: Tokenhub;
  readonly loaded: LoadedConfig;
  users: number;
  retired: boolean;
}

/**
 * One Tokenhub for the window. `use` lends it to a command for the command's whole duration; a
 * rebuild (settings or keys changed) retires the old one, which closes once its last user is done.
 */
export class TokenhubService implements vscode.Disposable {
  readonly ledger: UsageLedger;
  readonly #options: TokenhubServiceOptions;
  readonly #changed = new vscode.EventEmitter<void>();
  /** Fires when the local API starts or stops, or today's spend changes. */
  readonly onDidChange = this.#changed.event;
  readonly #reset = new vscode.EventEmitter<void>();
  /** Fires after settings or keys changed: the next `use` builds a Tokenhub from them (even when none was built yet). */
  readonly onDidReset = this.#reset.event;
  readonly #disposables: vscode.Disposable[] = [];
  #current: Promise<Built> | undefined;
  #server: { api: ApiServer; state: LocalApiState; built: Built } | undefined;
  #saveTimer: NodeJS.Timeout | undefined;

  constructor(options: TokenhubServiceOptions) {
    this.#options = options;
    // fromJSON drops malformed parts rather than trusting them.
    const saved = options.extension.globalState.get<UsageSnapshot>(LEDGER_KEY);
    this.ledger = saved ? UsageLedger.fromJSON(saved) : new UsageLedger();
    this.onDidInvalidate = this.#invalidated.event;
    this.#disposables.push(
      { dispose: () => this.ledger.dispose() },
      toDisposable(this.ledger.onDidChange(() => this.#ledgerChanged())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tokenhub')) this.#invalidate('settings changed');
      }),
      options.onDidChangeKeys(() => this.#invalidate('keys changed')),
    );
  }

  /** The current Tokenhub, built if needed; rejects with a ConfigError listing every problem. */
  async use<T>(work: (tokenhub: Tokenhub, loaded: LoadedConfig) => Promise<T>): Promise<T> {
    const built = await this.#build();
    built.users += 1;
    try {
      return await work(built.tokenhub, built.loaded);
    } finally {
      built.users -= 1;
      if (built.retired && built.users === 0) await this.#close(built);
    }
  }

  /** Fires when settings or keys changed (the next `use` builds a new Tokenhub). */
  readonly onDidInvalidate: vscode.Event<void>;
  readonly #invalidated = new vscode.EventEmitter<void>();

  /** Whether anything can answer now: the status bar, the walkthrough and Ask ask it. */
  async setupState(): Promise<SetupState> {
    try {
      return await this.use(async (tokenhub) => readiness(tokenhub.config.providers, await tokenhub.providerViews(), tokenhub.registry.models));
    } catch (error) {
      if (error instanceof ConfigError) return { kind: 'invalid_config', message: error.message };
      throw error;
    }
  }

  /** Where the local API listens, or undefined when it is stopped. */
  get localApi(): LocalApiState | undefined {
    return this.#server?.state;
  }

  /** The local API's bearer token, made (32 random bytes) and kept in SecretStorage on first use. */
  async apiToken(): Promise<string> {
    const secrets = this.#options.extension.secrets;
    const existing = await secrets.get(API_TOKEN_SECRET);
    if (existing) return existing;
    const token = `thk-${randomBytes(32).toString('base64url')}`;
    await secrets.store(API_TOKEN_SECRET, token);
    return token;
  }

  /** Starts the local API on `port` (default `tokenhub.server.port`; 0 picks a free one); no-op when it runs. */
  async startLocalApi(port = readSettings().server.port): Promise<LocalApiState> {
    if (this.#server) return this.#server.state;
    const built = await this.#build();
    const token = await this.apiToken();
    const api = built.tokenhub.createApiServer(token);
    const host = built.loaded.config.server.host;
    const address = await api.listen(host, port);
    const state: LocalApiState = { port: address.port, url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}` };
    built.users += 1;
    this.#server = { api, state, built };
    this.#options.logger.log('info', 'local API: listening', { host, port: address.port });
    this.#changed.fire();
    return state;
  }

  /** Stops the local API; false when it was not running. */
  async stopLocalApi(): Promise<boolean> {
    const server = this.#server;
    if (!server) return false;
    this.#server = undefined;
    await server.api.close();
    server.built.users -= 1;
    if (server.built.retired && server.built.users === 0) await this.#close(server.built);
    this.#options.logger.log('info', 'local API: stopped', { port: server.state.port });
    this.#changed.fire();
    return true;
  }

  dispose(): void {
    for (const disposable of this.#disposables.splice(0)) disposable.dispose();
    if (this.#saveTimer) this.#save();
    void this.stopLocalApi();
    void this.#current?.then((built) => this.#close(built), () => undefined);
    this.#changed.dispose();
    this.#reset.dispose();
    this.#invalidated.dispose();
  }

  #build(): Promise<Built> {
    this.#current ??= (async () => {
      const names = await this.#options.storedKeyNames();
      const loaded = await loadVsCodeConfig(process.env, names);
      for (const warning of loaded.warnings) this.#options.logger.log('warn', `config: ${warning.path}: ${warning.message}`);
      const { logger } = this.#options;
      const tokenhub = new Tokenhub(loaded.config, { keys: this.#options.keys, logger, usage: { record: (entry) => this.ledger.record(entry) } });
      logger.log('info', 'config loaded', { origin: loaded.origin, providers: loaded.config.providers.length, models: loaded.config.models.length });
      return { tokenhub, loaded, users: 0, retired: false };
    })();
    const attempt = this.#current;
    // A failed build is not kept: the next command reads the (maybe fixed) settings again.
    attempt.catch(() => {
      if (this.#current === attempt) this.#current = undefined;
    });
    return attempt;
  }

  #invalidate(why: string): void {
    this.#invalidated.fire();
    const previous = this.#current;
    // After the old Tokenhub is dropped and every other listener of this change has run (the provider
    // list's cache among them), so whoever asks again reads the new settings and keys.
    queueMicrotask(() => this.#reset.fire());
    if (!previous) return;
    this.#current = undefined;
    this.#options.logger.log('info', `${why}: Tokenhub will be rebuilt`);
    void previous.then(async (built) => {
      built.retired = true;
      if (this.#server?.built === built) {
        // The local API keeps its port and token but serves the new config.
        await this.stopLocalApi();
        await this.startLocalApi().catch((error: unknown) => this.#options.logger.log('error', 'local API: could not restart', { reason: messageOf(error) }));
      }
      if (built.users === 0) await this.#close(built);
    }, () => undefined);
  }

  async #close(built: Built): Promise<void> {
    await built.tokenhub.close().catch(() => undefined);
  }

  #ledgerChanged(): void {
    this.#changed.fire();
    this.#saveTimer ??= setTimeout(() => this.#save(), 500);
  }

  #save(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    void this.#options.extension.globalState.update(LEDGER_KEY, this.ledger.toJSON());
  }
}

function toDisposable(disposable: { dispose(): void }): vscode.Disposable {
  return { dispose: () => disposable.dispose() };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
