// Set/Remove API Key, Export/Import Vault: prompts in, the VaultHost (and so the core) decides, the
// core's messages out as they are (they never hold a key). Cancelling any prompt changes nothing.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { assertPassphrase } from '../core/vault/kdf';
import { assertKeyName, assertKeyValue } from '../core/vault/names';
import { writeFileAtomic } from '../core/vault/fileStorage';
import type { ImportResult } from '../core/vault/vault';
import type { CommandContext, Handler } from './commands';
import type { VaultHost } from './vaultHost';

/** The four vault commands. */
export type VaultCommandId = 'tokenhub.setApiKey' | 'tokenhub.removeApiKey' | 'tokenhub.exportVault' | 'tokenhub.importVault';

interface ProviderItem extends vscode.QuickPickItem {
  /** Undefined for "Other…". */
  name: string | undefined;
}

/** Set/Remove API Key, Export/Import Vault. */
export function vaultHandlers(context: Pick<CommandContext, 'vault' | 'logger'>): Record<VaultCommandId, Handler> {
  const vault = context.vault;
  const guarded = (id: VaultCommandId, run: () => Promise<void>): Handler => async () => {
    try {
      await run();
    } catch (error) {
      // Vault and file errors name records and paths, never keys.
      const message = error instanceof Error ? error.message : String(error);
      context.logger.log('warn', `${id} failed`, { reason: message });
      await vault.ui.showErrorMessage(message);
    }
  };
  return {
    'tokenhub.setApiKey': guarded('tokenhub.setApiKey', () => setApiKey(vault)),
    'tokenhub.removeApiKey': guarded('tokenhub.removeApiKey', () => removeApiKey(vault)),
    'tokenhub.exportVault': guarded('tokenhub.exportVault', () => exportVault(vault)),
    'tokenhub.importVault': guarded('tokenhub.importVault', () => importVault(vault)),
  };
}

/** The core's objection to `run`, as text for an input box, or undefined when it has none. */
function problem(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const describeOrigin = { vault: 'key in the vault', env: 'key from the environment', none: 'no key yet' } as const;

async function setApiKey(vault: VaultHost): Promise<void> {
  const stored = await vault.names();
  const names = [...new Set([...vault.providerNames(), ...stored])];
  const items: ProviderItem[] = await Promise.all(names.map(async (name) => ({ name, label: name, description: describeOrigin[await vault.originOf(name)] })));
  items.push({ name: undefined, label: 'Other…', description: 'type a provider name' });
  const picked = await vault.ui.showQuickPick(items, { title: 'Tokenhub: Set API Key', placeHolder: 'The provider whose key to store' });
  if (!picked) return;
  let name = picked.name;
  if (name === undefined) {
    name = (await vault.ui.showInputBox({
      title: 'Tokenhub: Set API Key',
      prompt: 'Provider name, as in tokenhub.providers (e.g. "openai")',
      ignoreFocusOut: true,
      validateInput: (value) => problem(() => assertKeyName(value.trim())),
    }))?.trim();
    if (name === undefined) return;
  }
  const chosen = name;
  const key = (
    await askSecret(
      vault,
      `Tokenhub: API key for "${chosen}"`,
      `Stored encrypted in the Tokenhub vault${stored.includes(chosen) ? ', replacing the key there' : ''}.`,
      (value) => problem(() => assertKeyValue(chosen, value.trim())),
    )
  )?.trim();
  if (key === undefined) return;
  await vault.set(chosen, key);
  await vault.ui.showInformationMessage(`Stored the key for "${chosen}" in the Tokenhub vault.`);
}

async function removeApiKey(vault: VaultHost): Promise<void> {
  const names = await vault.names();
  if (names.length === 0) {
    await vault.ui.showInformationMessage('The Tokenhub vault holds no keys.');
    return;
  }
  const picked = await vault.ui.showQuickPick(names.map((label) => ({ label })), { title: 'Tokenhub: Remove API Key', placeHolder: 'The key to remove' });
  if (!picked) return;
  const name = picked.label;
  const answer = await vault.ui.showWarningMessage(`Remove the key for "${name}" from the Tokenhub vault?`, { modal: true, detail: 'This cannot be undone.' }, 'Remove');
  if (answer !== 'Remove') return;
  const removed = await vault.remove(name);
  await vault.ui.showInformationMessage(removed ? `Removed the key for "${name}" from the Tokenhub vault.` : `There was no key for "${name}" in the Tokenhub vault.`);
}

async function exportVault(vault: VaultHost): Promise<void> {
  const held = await vault.names();
  if (held.length === 0) {
    await vault.ui.showInformationMessage('The Tokenhub vault holds no keys to export.');
    return;
  }
  const title = 'Tokenhub: Export Vault';
  const passphrase = await askSecret(vault, title, 'A passphrase to seal the export with (at least 8 characters). You will need it to import the file.', (value) =>
    problem(() => assertPassphrase(value, true)),
  );
  if (passphrase === undefined) return;
  const again = await askSecret(vault, title, 'The same passphrase again', (value) => (value === passphrase ? undefined : 'The two passphrases differ.'));
  if (again === undefined) return;
  const target = await vault.ui.showSaveDialog({
    title,
    saveLabel: 'Export',
    defaultUri: vscode.Uri.file(join(homedir(), 'tokenhub-vault-export.json')),
    filters: { 'Tokenhub vault export': ['json'] },
  });
  if (!target) return;
  const names = await vault.ui.showQuickPick(
    [
      { label: 'Keep the names sealed', includeNames: false, detail: 'The file shows nothing until the passphrase opens it.' },
      { label: 'Include the names in clear', includeNames: true, detail: 'Anyone can see which providers the file holds keys for (never the keys).' },
    ],
    { title, placeHolder: 'Write the key names in clear in the export file?' },
  );
  if (!names) return;
  const { text, count } = await vault.ui.withProgress(`Sealing ${plural(held)}…`, () => vault.export(passphrase, names.includeNames));
  if (target.scheme === 'file') await writeFileAtomic(target.fsPath, text);
  else await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  const shown = target.scheme === 'file' ? target.fsPath : target.toString();
  await vault.ui.showInformationMessage(`Exported ${count} key${count === 1 ? '' : 's'} to ${shown}${names.includeNames ? ', names in clear' : ''}.`);
}

async function importVault(vault: VaultHost): Promise<void> {
  const title = 'Tokenhub: Import Vault';
  const files = await vault.ui.showOpenDialog({ title, openLabel: 'Import', canSelectMany: false, filters: { 'Tokenhub vault export': ['json'] } });
  const source = files?.[0];
  if (!source) return;
  const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
  const passphrase = await askSecret(vault, title, 'The passphrase the export was sealed with', (value) => problem(() => assertPassphrase(value, false)));
  if (passphrase === undefined) return;
  const pending = await vault.ui.withProgress('Opening the export…', () => vault.openImport(text, passphrase));
  if (pending.names.length === 0) {
    await vault.ui.showInformationMessage('The export file holds no keys; nothing was imported.');
    return;
  }
  let onExisting: 'fail' | 'overwrite' | 'skip' = 'fail';
  if (pending.existing.length > 0) {
    const answer = await vault.ui.showWarningMessage(
      `${pending.existing.length === 1 ? 'This key is' : 'These keys are'} already in the Tokenhub vault: ${pending.existing.join(', ')}.`,
      { modal: true, detail: 'Overwrite them with the imported keys, or skip them and import only the others. Cancel imports nothing.' },
      'Overwrite',
      'Skip existing',
    );
    if (answer === undefined) return;
    onExisting = answer === 'Overwrite' ? 'overwrite' : 'skip';
  }
  const result = await pending.apply(onExisting);
  await vault.ui.showInformationMessage(summary(result));
}

/** A masked input that stays open when focus moves away (keys and passphrases are often pasted). */
function askSecret(vault: VaultHost, title: string, prompt: string, validateInput: (value: string) => string | undefined): Thenable<string | undefined> {
  return vault.ui.showInputBox({ title, prompt, password: true, ignoreFocusOut: true, validateInput });
}

function plural(names: readonly string[]): string {
  return `${names.length} key${names.length === 1 ? '' : 's'}`;
}

function summary(result: ImportResult): string {
  const parts: [string, string[]][] = [['added', result.added], ['overwritten', result.overwritten], ['skipped (already there)', result.skipped]];
  return `Imported into the Tokenhub vault: ${parts.map(([label, names]) => `${label} ${names.length === 0 ? 'none' : names.join(', ')}`).join('; ')}.`;
}
