// `tokenhub models`: the registry as the router sees it, best score first, with each provider's
// state and where its key comes from (never the key).
import { isTokenhubError } from '../core/base/errors';
import { CATALOGUE_AS_OF, CATALOGUE_SOURCE } from '../core/registry/catalogue';
import { modelScore } from '../core/registry/model';
import { Tokenhub } from '../core/tokenhub';
import { loadSetup } from './keys';
import type { ServeIo } from './serve';

export const MODELS_HELP = `Usage: tokenhub models [--config FILE] [--vault FILE] [--json]

Lists the model registry (the config's models, or the built-in catalogue), best score first:
id, provider, the provider's model name, score (weight − cost_per_1k × 10), context size,
cost per 1k tokens, capabilities, and the provider's state (ready, cooling_down, disabled, no_key);
then the providers, and the built-in catalogue's source and date.
`;

/** Where the built-in catalogue's data comes from and how old its prices are. */
function catalogueLine(): string {
  return `Built-in catalogue (used when the config lists no models): ${CATALOGUE_SOURCE}, prices as of ${CATALOGUE_AS_OF}.`;
}

/** Formats rows as left-aligned columns separated by two spaces. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** Runs `tokenhub models ARGS`; resolves to the exit code (0, 1 error, 2 usage). */
export async function runModels(args: readonly string[], io: ServeIo): Promise<number> {
  let config: string | undefined;
  let vault: string | undefined;
  let json = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(MODELS_HELP);
      return 0;
    }
    if (arg === '--json') json = true;
    else if ((arg === '--config' || arg === '--vault') && args[index + 1] !== undefined) {
      if (arg === '--config') config = args[++index];
      else vault = args[++index];
    } else {
      io.stderr.write(`tokenhub models: unexpected "${arg}".\n${MODELS_HELP}`);
      return 2;
    }
  }
  try {
    const setup = await loadSetup(config, vault, io.env, io.cwd ?? process.cwd());
    for (const warning of setup.warnings) io.stderr.write(`tokenhub: warning: ${warning.path ? `${warning.path}: ` : ''}${warning.message}\n`);
    const tokenhub = new Tokenhub(setup.config, { keys: setup.keys });
    try {
      const states = new Map((await tokenhub.providerViews()).map((p) => [p.name, p.state]));
      const models = tokenhub.registry.ranked();
      if (json) {
        const providers = setup.config.providers.map((p) => ({ name: p.name, type: p.type, state: states.get(p.name), key: setup.keys.sourceOf(p.name) }));
        const list = models.map((m) => ({ ...m, score: modelScore(m), providerState: states.get(m.provider) }));
        const catalogue = { source: CATALOGUE_SOURCE, as_of: CATALOGUE_AS_OF };
        io.stdout.write(`${JSON.stringify({ providers, models: list, catalogue }, null, 2)}\n`);
        return 0;
      }
      const header = ['ID', 'PROVIDER', 'NAME', 'SCORE', 'CONTEXT', '$/1K', 'CAPABILITIES', 'STATE'];
      const rows = models.map((m) => [
        m.id,
        m.provider,
        m.name,
        String(Math.round(modelScore(m) * 1000) / 1000),
        String(m.contextSize),
        String(m.costPer1k),
        m.capabilities.join(','),
        states.get(m.provider) ?? 'unknown',
      ]);
      io.stdout.write(table([header, ...rows]));
      const providers = setup.config.providers.map((p) => [p.name, p.type, states.get(p.name) ?? 'unknown', `key: ${setup.keys.sourceOf(p.name)}`]);
      io.stdout.write(`\nProviders (${setup.configPath ?? 'built-in default'}):\n`);
      io.stdout.write(providers.length > 0 ? table(providers.map((row) => ['', ...row])) : '  none: set OPENAI_API_KEY or ANTHROPIC_API_KEY, or pass --config FILE\n');
      io.stdout.write(`\n${catalogueLine()}\n`);
      return 0;
    } finally {
      await tokenhub.close();
    }
  } catch (error) {
    io.stderr.write(`tokenhub: ${isTokenhubError(error) || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
