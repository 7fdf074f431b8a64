import type { MasterKeyStore } from '../core/ports';
import type { TokenhubSettings } from './settings';
import type { FeatureTestingHooks } from './features';
import type { VaultTestingHooks } from './vaultTesting';

/** What `activate` returns to other extensions. */
export interface TokenhubApi {
  readonly version: string;
  /** Present only when VS Code runs Tokenhub's own in-host tests (ExtensionMode.Test). */
  readonly testing?: TestingHooks;
}

/**
 * Hooks for the in-host tests. They exist only in ExtensionMode.Test, which VS Code sets only when
 * launched with `extensionTestsPath`; an installed extension never exposes them.
 */
export interface TestingHooks {
  readSettings(): TokenhubSettings;
  /** SecretStorage, limited to keys under `tokenhub.test.`. */
  readonly secrets: {
    store(key: string, value: string): Promise<void>;
    get(key: string): Promise<string | undefined>;
    delete(key: string): Promise<void>;
  };
  readonly masterKeyStore: MasterKeyStore;
  /** The Tokenhub service, scripted prompts for the feature commands, their panels, the status bar. */
  readonly features: FeatureTestingHooks;
  /** The vault host, its prompts, and a simulated reload. */
  readonly vault: VaultTestingHooks;
  /** Whether the Language Model provider was registered (VS Code 1.104 and later). */
  readonly languageModels: { readonly registered: boolean };
}
