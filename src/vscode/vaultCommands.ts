import type { CommandContext, Handler } from './commands';
import { notYet } from './commands';

type VaultCommandId = 'tokenhub.setApiKey' | 'tokenhub.removeApiKey' | 'tokenhub.exportVault' | 'tokenhub.importVault';

/** Set/Remove API Key, Export/Import Vault. */
export function vaultHandlers(_context: CommandContext): Record<VaultCommandId, Handler> {
  return {
    'tokenhub.setApiKey': notYet('tokenhub.setApiKey'),
    'tokenhub.removeApiKey': notYet('tokenhub.removeApiKey'),
    'tokenhub.exportVault': notYet('tokenhub.exportVault'),
    'tokenhub.importVault': notYet('tokenhub.importVault'),
  };
}
