/**
 * What a host (the VS Code extension or the CLI) supplies to the core. The core knows its
 * host only through these small interfaces.
 */

/** Where the vault's 32-byte master key lives: SecretStorage in VS Code, an env var in the CLI. */
export interface MasterKeyStore {
  /** Returns the master key, creating and storing it on first use when the host can. */
  getOrCreate(): Promise<Buffer>;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Request shapes and decisions only: never prompt contents, never keys. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, string | number | boolean | undefined>): void;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export const silentLogger: Logger = { log: () => undefined };
