// How long one vault export and one import take with the default scrypt parameters on this
// machine: the cost a user waits for, and the figure to watch when raising N.
// Run: npx tsx bench/vault.ts [runs]
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SCRYPT } from '../src/core/vault/kdf';
import { Vault } from '../src/core/vault/vault';
import type { SealedRecords, VaultStorage } from '../src/core/vault/vault';

class MemoryStorage implements VaultStorage {
  #records: SealedRecords = {};
  async load(): Promise<SealedRecords> {
    return this.#records;
  }
  async update(change: (current: SealedRecords) => SealedRecords | undefined): Promise<SealedRecords> {
    this.#records = change(this.#records) ?? this.#records;
    return this.#records;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 7);
  const passphrase = 'a benchmark passphrase';
  const source = await Vault.load(randomBytes(32), new MemoryStorage());
  for (const name of ['openai', 'anthropic', 'local', 'mistral', 'groq']) await source.set(name, `sk-${randomBytes(24).toString('hex')}`);

  const exports: number[] = [];
  const imports: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const text = await source.export(passphrase);
    exports.push(performance.now() - started);
    const target = await Vault.load(randomBytes(32), new MemoryStorage());
    started = performance.now();
    await target.import(text, passphrase);
    imports.push(performance.now() - started);
  }

  const { N, r, p, maxmem } = DEFAULT_SCRYPT;
  const format = (values: number[]): string =>
    `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
  console.log(`vault export/import, scrypt N=2^${Math.log2(N)} r=${r} p=${p} maxmem=${(maxmem ?? 0) / 2 ** 20} MiB, 5 keys, ${runs} runs`);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`);
  console.log(`export: ${format(exports)}`);
  console.log(`import: ${format(imports)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
