// "Add Provider…": a guided flow instead of settings.json. Type, name, base URL (with the type's
// default and its convention checked), the key into the vault, the models (listed by the provider
// itself where it can, else the catalogue's), then the settings written for the user and the key
// checked by the cheapest real call, with what was found said plainly. The core decides each step
// (providers/baseUrl.ts, keyCheck.ts, setup/modelChoices.ts, setup/providerSettings.ts); this only asks.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import type { ProviderConfig, ProviderType } from '../core/providers/adapter';
import { checkBaseUrl, defaultBaseUrl } from '../core/providers/baseUrl';
import type { KeyCheck } from '../core/providers/keyCheck';
import { checkKey, discoverModels } from '../core/providers/keyCheck';
import type { ModelChoice } from '../core/setup/modelChoices';
import { ASSUMED_CONTEXT, modelChoices } from '../core/setup/modelChoices';
import type { EffectiveRegistry } from '../core/setup/providerSettings';
import { planProviderSettings } from '../core/setup/providerSettings';
import { assertKeyName, assertKeyValue } from '../core/vault/names';
import { ADD_PROVIDER, SET_API_KEY, SHOW_DETAILS } from './failures';
import type { FailureReporter } from './failures';
import type { FeatureUi } from './featureUi';
import { formatUsd } from './statusBar';
import { readSettings } from './settings';
import type { TokenhubService } from './tokenhubService';
import type { VaultHost } from './vaultHost';

/** What the flow needs. */
export interface AddProviderDeps {
  readonly ui: () => FeatureUi;
  readonly vault: VaultHost;
  readonly service: TokenhubService;
  readonly reporter: FailureReporter;
  readonly logger: Logger;
  /** Called once the provider works (offers the question typed before setup). */
  readonly onWorks: () => Promise<unknown>;
}

/** A provider type in the first pick. */
export interface TypePickItem extends vscode.QuickPickItem {
  readonly type: ProviderType;
}

/** A model in the models pick. */
export interface ModelPickItem extends vscode.QuickPickItem {
  readonly choice: ModelChoice;
}

/** What the flow did, for the tests. */
export interface AddProviderOutcome {
  readonly provider: ProviderConfig;
  readonly models: readonly string[];
  readonly check: KeyCheck;
}

const TITLE = 'Tokenhub: Add Provider';
/** Providers known by name get the usual variable as a fallback key source. */
const USUAL_ENV: Partial<Record<ProviderType, string>> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };
const DEFAULT_NAMES: Record<ProviderType, string> = { openai: 'openai', anthropic: 'anthropic', vllm: 'local' };

const TYPES: readonly TypePickItem[] = [
  { type: 'openai', label: 'OpenAI', detail: 'api.openai.com, with your OpenAI API key' },
  { type: 'anthropic', label: 'Anthropic', detail: 'api.anthropic.com, with your Anthropic API key' },
  { type: 'vllm', label: 'OpenAI-compatible server', detail: 'vLLM, Ollama, LM Studio, llama.cpp, LiteLLM, OpenRouter…: a base URL, and a key if it needs one' },
];

/** Runs the flow; undefined when the user stopped it (nothing is written then). */
export async function addProvider(deps: AddProviderDeps): Promise<AddProviderOutcome | undefined> {
  const ui = deps.ui();
  const typed = await ui.showQuickPick(TYPES, { title: `${TITLE} (1/5)`, placeHolder: 'What kind of provider?', ignoreFocusOut: true });
  if (!typed) return undefined;
  const type = typed.type;
  const existing = await deps.service.use(async (t) => t.config.providers).catch(() => [] as ProviderConfig[]);

  const name = (
    await ui.showInputBox({
      title: `${TITLE} (2/5)`,
      prompt: 'A name for it: models and the vault refer to it.',
      value: DEFAULT_NAMES[type],
      ignoreFocusOut: true,
      validateInput: (value) => problemOf(() => assertKeyName(value.trim())) ?? (existing.some((p) => p.name === value.trim()) ? { message: `Replaces the provider "${value.trim()}" and its models.`, severity: vscode.InputBoxValidationSeverity.Warning } : undefined),
    })
  )?.trim();
  if (name === undefined) return undefined;

  const previous = existing.find((p) => p.name === name);
  const typedUrl = await ui.showInputBox({
    title: `${TITLE} (3/5)`,
    prompt: type === 'anthropic' ? 'Base URL (without /v1). Enter keeps the default.' : 'Base URL, usually ending in /v1. Enter keeps the default.',
    value: previous?.type === type && previous.baseUrl ? previous.baseUrl : defaultBaseUrl(type),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const check = checkBaseUrl(type, value);
      if (!check.ok) return { message: check.problem, severity: vscode.InputBoxValidationSeverity.Error };
      return check.note ? { message: check.note, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (typedUrl === undefined) return undefined;
  const urlCheck = checkBaseUrl(type, typedUrl);
  if (!urlCheck.ok) return undefined;

  const stored = (await deps.vault.names()).includes(name);
  const usualEnv = name === DEFAULT_NAMES[type] ? USUAL_ENV[type] : undefined;
  const fromEnv = usualEnv !== undefined && !!process.env[usualEnv];
  const optional = type === 'vllm' || stored || fromEnv;
  const typedKey = (
    await ui.showInputBox({
      title: `${TITLE} (4/5)`,
      prompt: stored
        ? `API key for "${name}". Empty keeps the key in the vault.`
        : fromEnv
          ? `API key for "${name}". Empty uses ${usualEnv} from the environment.`
          : type === 'vllm'
            ? `API key for "${name}", if the server needs one (vLLM --api-key, LiteLLM, OpenRouter). Empty: none.`
            : `API key for "${name}". It is stored encrypted in the Tokenhub vault.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' ? (optional ? undefined : 'The key is needed: paste it here.') : problemOf(() => assertKeyValue(name, value.trim()))),
    })
  )?.trim();
  if (typedKey === undefined) return undefined;
  if (typedKey !== '') await deps.vault.set(name, typedKey);
  const apiKey = typedKey !== '' ? typedKey : stored ? await deps.vault.keys.get(name) : fromEnv ? process.env[usualEnv!] : undefined;

  const probe: ProviderConfig = { name, type, baseUrl: urlCheck.url };
  const discovery = await ui.withProgress(`Tokenhub: asking ${name} for its models…`, () => discoverModels(probe, { apiKey }));
  const baseUrl = discovery.check.verdict === 'works' ? discovery.baseUrl : urlCheck.url;
  const listed = discovery.check.verdict === 'works' ? discovery.check.models : undefined;
  deps.logger.log('info', 'add provider: models listed', { type, verdict: discovery.check.verdict, models: listed?.length, movedUrl: baseUrl !== urlCheck.url });

  const picked = await pickModels(ui, type, name, listed);
  if (!picked) return undefined;

  const provider: ProviderConfig = { name, type, ...(baseUrl !== defaultBaseUrl(type) ? { baseUrl } : {}), ...(usualEnv ? { apiKeyEnv: usualEnv } : {}) };
  await writeSettings(deps, provider, picked);

  const check = discovery.check.verdict === 'works' ? await checkKey(provider, { apiKey, model: picked[0]?.name }) : discovery.check;
  await report(deps, provider, { baseUrl, typedUrl: urlCheck.url, models: picked.length, keyed: apiKey !== undefined }, check);
  return { provider, models: picked.map((c) => c.name), check };
}

async function pickModels(ui: FeatureUi, type: ProviderType, name: string, listed: readonly { id: string; contextSize?: number }[] | undefined): Promise<ModelChoice[] | undefined> {
  const choices = modelChoices(type, listed);
  if (choices.length === 0) {
    const typed = await ui.showInputBox({
      title: `${TITLE} (5/5)`,
      prompt: `${name} listed no models. The model names it serves, separated by commas (as in its "model" field).`,
      ignoreFocusOut: true,
      validateInput: (value) => (value.split(',').some((part) => part.trim() !== '') ? undefined : 'Type at least one model name.'),
    });
    if (typed === undefined) return undefined;
    return [...new Set(typed.split(',').map((part) => part.trim()).filter(Boolean))].map((model) => ({ name: model, contextSize: ASSUMED_CONTEXT, contextAssumed: true, recommended: true, chat: true }));
  }
  // A local server's few models are all picked; a vendor's long list starts with the catalogue's chat models.
  const pickAll = !choices.some((c) => c.recommended) && choices.length <= 10;
  const items: ModelPickItem[] = choices.map((choice) => ({
    choice,
    label: choice.name,
    picked: choice.recommended || pickAll,
    description: describeChoice(choice),
    ...(choice.contextAssumed ? { detail: `Not in Tokenhub's catalogue: context ${ASSUMED_CONTEXT.toLocaleString('en-US')} tokens assumed (change context_size in tokenhub.models).` } : {}),
  }));
  const picked = await ui.pickMany(items, { title: `${TITLE} (5/5)`, placeHolder: listed ? `The models ${name} lists; the checked ones join the registry` : `${name} did not list its models; these are the catalogue's`, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked || picked.length === 0) return undefined;
  return picked.map((item) => item.choice);
}

function describeChoice(choice: ModelChoice): string {
  const parts = [`${choice.contextSize.toLocaleString('en-US')} tokens`];
  const model = choice.catalogued;
  if (model) parts.push(`${formatUsd(model.input_cost_per_1k)} in / ${formatUsd(model.output_cost_per_1k ?? model.input_cost_per_1k)} out per 1k`, model.capabilities.filter((c) => c !== 'completion').join(', '));
  return parts.join(' · ');
}

async function writeSettings(deps: AddProviderDeps, provider: ProviderConfig, picked: readonly ModelChoice[]): Promise<void> {
  const settings = readSettings();
  const effective: EffectiveRegistry = await deps.service.use(async (t) => ({ providers: t.config.providers, models: t.registry.models })).catch(() => ({ providers: [], models: [] }));
  const plan = planProviderSettings({ providers: settings.providers, models: settings.models }, effective, provider, picked);
  const config = vscode.workspace.getConfiguration('tokenhub');
  // User settings: they apply in every window, local or remote (the settings are window-scoped).
  await config.update('providers', plan.providers, vscode.ConfigurationTarget.Global);
  if (plan.models !== undefined) await config.update('models', plan.models, vscode.ConfigurationTarget.Global);
  deps.logger.log('info', 'add provider: settings written', { provider: provider.name, type: provider.type, providers: plan.providers.length, models: plan.models?.length ?? 'catalogue', replaced: plan.replaced });
}

/** What the report says besides the check. */
interface Saved {
  readonly baseUrl: string;
  readonly typedUrl: string;
  /** Models written for the provider. */
  readonly models: number;
  /** A key was sent. */
  readonly keyed: boolean;
}

async function report(deps: AddProviderDeps, provider: ProviderConfig, { baseUrl, typedUrl, models, keyed }: Saved, check: KeyCheck): Promise<void> {
  const ui = deps.ui();
  const moved = baseUrl !== typedUrl ? ` (at ${baseUrl}: ${typedUrl} answered nothing)` : '';
  const saved = `${provider.name} is saved with ${models} model${models === 1 ? '' : 's'}`;
  deps.logger.log('info', 'add provider: checked', { provider: provider.name, verdict: check.verdict });
  switch (check.verdict) {
    case 'works': {
      const listed = `${check.models?.length ?? 0} model${check.models?.length === 1 ? '' : 's'}`;
      const how = check.via === 'models' ? (keyed ? `the key was accepted and ${listed} are listed` : `it lists ${listed}`) : 'a one-token request was answered';
      await ui.showInformationMessage(`Tokenhub: ${provider.name} works${moved}: ${how}. ${saved}.`);
      await deps.onWorks();
      return;
    }
    case 'wrong_key':
      return deps.reporter.show({ message: `Tokenhub: ${provider.name} refused the key. ${saved}; set the right key.`, actions: [SET_API_KEY, SHOW_DETAILS], details: detailsOf(provider, baseUrl, check.message) });
    case 'not_reachable':
      return deps.reporter.show({ message: `Tokenhub: nothing answered at ${baseUrl}. Is the server running, and is the URL right? ${saved}.`, actions: [ADD_PROVIDER, SHOW_DETAILS], details: detailsOf(provider, baseUrl, check.message) });
    case 'failed':
      return deps.reporter.show({ message: `Tokenhub: ${provider.name} answered with a failure: ${check.message} ${saved}.`, actions: [SHOW_DETAILS], details: detailsOf(provider, baseUrl, check.message) });
  }
}

function detailsOf(provider: ProviderConfig, baseUrl: string, message: string): string {
  return `# Tokenhub: checking ${provider.name}\n\n- type: ${provider.type}\n- base URL: ${baseUrl}\n\n${message}\n`;
}

function problemOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
