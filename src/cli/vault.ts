// `tokenhub vault …`: manage sealed provider keys from a shell. Secrets come from stdin or the
// environment, never from argv; nothing written to stdout or stderr ever holds a key.
import { access, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { isTokenhubError, TokenhubError } from '../core/base/errors';
import { assertKeyName, quoteName } from '../core/vault/names';
import { Vault } from '../core/vault/vault';
import type { ImportConflict } from '../core/vault/vault';
import { EnvMasterKeyStore } from './masterKey';
import { isInteractive, readSecret } from './secretInput';
import type { TextSink } from './secretInput';
import { FileVaultStorage, writeFileAtomic } from '../core/vault/fileStorage';
import { VAULT_FILE_NAME, readVaultConfig } from './vaultFile';

/** The process around a CLI command, injectable so tests run it in-process. */
export interface CliIo {
  /** A string stands for piped input (tests); a stream may be a pipe or a terminal. */
  stdin: Readable | string;
  stdout: TextSink;
  stderr: TextSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths resolve; defaults to process.cwd(). */
  cwd?: string;
}

/** The env var an export or import reads its passphrase from before falling back to stdin. */
export const PASSPHRASE_ENV = 'TOKENHUB_EXPORT_PASSPHRASE';

export const VAULT_HELP = `Usage: tokenhub vault COMMAND [options]

Commands:
  set NAME              store the key for provider NAME, read from stdin (never from arguments)
  list                  print the key names, one per line (no master key needed)
  remove NAME           remove the key for NAME
  export FILE [--names] [--force]
                        write every key to FILE sealed with a passphrase; --names also writes
                        the key names in clear; --force replaces an existing FILE
  import FILE [--overwrite | --skip-existing]
                        add the keys from FILE; by default nothing is imported if a name exists

Options:
  --vault FILE          the vault file; default: ${VAULT_FILE_NAME} beside the --config file,
                        else ./${VAULT_FILE_NAME}
  --config FILE         a Tokenhub config: its vault.encryption_key_env names the master key's
                        variable, and its vault.stored_keys are read as further keys (read-only:
                        change them in the config file)

The master key is base64 of 32 bytes in TOKENHUB_ENCRYPTION_KEY (or the config's variable). Make one:
  openssl rand -base64 32
Keep it: without it the vault cannot be opened. To move keys to another machine, export here and
import there; the export is sealed with a passphrase (scrypt, AES-256-GCM), not the master key.

Secrets: the key for "set" is read from stdin ("printf %s \\"$KEY\\" | tokenhub vault set openai");
a terminal is asked without echo. The passphrase comes from ${PASSPHRASE_ENV}, else stdin.

Exit codes: 0 done, 1 error, 2 usage.
`;

class UsageError extends Error {}

interface Parsed {
  command: string | undefined;
  positional: string[];
  vault?: string;
  config?: string;
  flags: Set<string>;
}

const FLAGS = new Set(['--names', '--force', '--overwrite', '--skip-existing', '--help']);

function parse(args: string[]): Parsed {
  const parsed: Parsed = { command: undefined, positional: [], flags: new Set() };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--vault' || flag === '--config') {
      const value = inline ?? args[++index];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a file.`);
      parsed[flag === '--vault' ? 'vault' : 'config'] = value;
    } else if (flag === '-h') parsed.flags.add('--help');
    else if (FLAGS.has(flag) && inline === undefined) parsed.flags.add(flag);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${flag}".`);
    else if (parsed.command === undefined) parsed.command = arg;
    else parsed.positional.push(arg);
  }
  return parsed;
}

function expect(parsed: Parsed, what: string[], flags: string[]): void {
  const usage = `tokenhub vault ${[parsed.command, ...what].join(' ')}`;
  if (parsed.command === 'set' && parsed.positional.length > 1) {
    throw new UsageError('the key is read from stdin, never from the command line (where shell history and ps would keep it).');
  }
  if (parsed.positional.length !== what.length) throw new UsageError(`expected: ${usage}`);
  const stray = [...parsed.flags].find((flag) => !flags.includes(flag));
  if (stray !== undefined) throw new UsageError(`${stray} does not apply to "vault ${parsed.command}".`);
}

async function passphrase(io: CliIo, confirm: boolean): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const first = await readSecret(io.stdin, io.stderr, 'Passphrase: ');
  if (confirm && isInteractive(io.stdin)) {
    const again = await readSecret(io.stdin, io.stderr, 'Passphrase again: ');
    if (again !== first) throw new TokenhubError('invalid_input', 'The two passphrases differ.');
  }
  return first;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function run(parsed: Parsed, io: CliIo): Promise<void> {
  const cwd = io.cwd ?? process.cwd();
  const configPath = parsed.config === undefined ? undefined : resolve(cwd, parsed.config);
  const vaultPath = resolve(cwd, parsed.vault ?? (configPath === undefined ? VAULT_FILE_NAME : resolve(dirname(configPath), VAULT_FILE_NAME)));
  const config = await readVaultConfig(configPath);
  const storage = new FileVaultStorage(vaultPath, { warn: (message) => io.stderr.write(`tokenhub vault: warning: ${message}\n`) });
  const keys = new EnvMasterKeyStore(io.env, config.keyEnv);
  const open = async (): Promise<Vault> => Vault.load(await keys.getOrCreate(), storage, { readOnlyRecords: config.storedKeys });
  const out = (line: string): unknown => io.stdout.write(`${line}\n`);
  const [name] = parsed.positional as [string];

  switch (parsed.command) {
    case 'list': {
      expect(parsed, [], []);
      // Names are stored in clear, so listing needs no master key.
      const names = [...new Set([...Object.keys(await storage.load()), ...Object.keys(config.storedKeys)])].sort();
      if (names.length === 0) io.stderr.write(`No keys in ${vaultPath}.\n`);
      for (const each of names) out(each);
      return;
    }
    case 'set': {
      expect(parsed, ['NAME'], []);
      assertKeyName(name);
      const vault = await open();
      const key = await readSecret(io.stdin, io.stderr, `Key for ${name}: `);
      await vault.set(name, key);
      out(`Stored the key for "${name}" in ${vaultPath}.`);
      return;
    }
    case 'remove': {
      expect(parsed, ['NAME'], []);
      if (!(await (await open()).remove(name))) throw new TokenhubError('invalid_input', `There is no key named ${quoteName(name)} in ${vaultPath}.`);
      out(`Removed the key for "${name}" from ${vaultPath}.`);
      return;
    }
    case 'export': {
      expect(parsed, ['FILE'], ['--names', '--force']);
      const file = resolve(cwd, name);
      if (!parsed.flags.has('--force') && (await exists(file))) throw new TokenhubError('invalid_input', `${file} exists; pass --force to replace it.`);
      const vault = await open();
      const text = await vault.export(await passphrase(io, true), { includeNames: parsed.flags.has('--names') });
      await writeFileAtomic(file, text);
      const count = vault.names().length;
      out(`Exported ${count} key${count === 1 ? '' : 's'} to ${file}${parsed.flags.has('--names') ? ', names in clear' : ''}.`);
      return;
    }
    case 'import': {
      expect(parsed, ['FILE'], ['--overwrite', '--skip-existing']);
      if (parsed.flags.has('--overwrite') && parsed.flags.has('--skip-existing')) throw new UsageError('choose --overwrite or --skip-existing, not both.');
      const onExisting: ImportConflict = parsed.flags.has('--overwrite') ? 'overwrite' : parsed.flags.has('--skip-existing') ? 'skip' : 'fail';
      const vault = await open();
      const text = await readFile(resolve(cwd, name), 'utf8');
      const result = await vault.import(text, await passphrase(io, false), { onExisting });
      const parts = [['added', result.added], ['overwritten', result.overwritten], ['skipped (already there)', result.skipped]] as const;
      out(`Imported into ${vaultPath}: ${parts.map(([label, names]) => `${label} ${names.length === 0 ? 'none' : names.join(', ')}`).join('; ')}.`);
      return;
    }
    default:
      throw new UsageError(parsed.command === undefined ? 'a command is needed.' : `unknown command "${parsed.command}".`);
  }
}

/** Runs `tokenhub vault ARGS`; resolves to the exit code (0 done, 1 error, 2 usage). */
export async function runVault(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parse(args);
    if (parsed.flags.has('--help') || parsed.command === 'help') {
      io.stdout.write(VAULT_HELP);
      return 0;
    }
    await run(parsed, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`tokenhub vault: ${error.message}\nRun "tokenhub vault --help" for the commands.\n`);
      return 2;
    }
    // Vault messages are written never to hold a key; file system errors name only paths.
    const message = isTokenhubError(error) || error instanceof Error ? error.message : String(error);
    io.stderr.write(`tokenhub vault: ${message}\n`);
    return 1;
  }
}
