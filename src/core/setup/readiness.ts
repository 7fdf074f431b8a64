import type { ProviderConfig } from '../providers/adapter';
import type { ModelEntry } from '../registry/model';
import type { ProviderState } from '../router/health';

/**
 * Whether anything can answer a chat yet: the first-run question behind the status bar's warning,
 * the walkthrough's first step and the message Ask shows instead of failing.
 */
export type Readiness =
  /** At least one provider with a chat model can be tried now (or once it has cooled down). */
  | { kind: 'ready'; providers: string[] }
  /** No provider is configured and none has a key in the vault or the environment. */
  | { kind: 'no_provider' }
  /** Providers are configured, and every one needs a key it does not have. */
  | { kind: 'no_key'; providers: string[] }
  /** Every provider with a key had it refused. */
  | { kind: 'key_refused'; providers: string[] }
  /** Providers can be reached, but none has a chat model in the registry. */
  | { kind: 'no_model'; providers: string[] };

/** A provider's state as the router reports it. */
export interface ProviderStateView {
  readonly name: string;
  readonly state: ProviderState | string;
}

/** The readiness of a config, from each provider's state (`Tokenhub.providerViews`). */
export function readiness(providers: readonly ProviderConfig[], states: readonly ProviderStateView[], models: readonly ModelEntry[]): Readiness {
  if (providers.length === 0) return { kind: 'no_provider' };
  const stateOf = new Map(states.map((s) => [s.name, s.state]));
  const usable = providers.filter((p) => {
    const state = stateOf.get(p.name);
    return state === 'ready' || state === 'cooling_down';
  });
  const chatting = usable.filter((p) => models.some((m) => m.provider === p.name && m.capabilities.includes('chat')));
  if (chatting.length > 0) return { kind: 'ready', providers: chatting.map((p) => p.name) };
  if (usable.length > 0) return { kind: 'no_model', providers: usable.map((p) => p.name) };
  const refused = providers.filter((p) => stateOf.get(p.name) === 'disabled').map((p) => p.name);
  if (refused.length > 0) return { kind: 'key_refused', providers: refused };
  return { kind: 'no_key', providers: providers.map((p) => p.name) };
}

/** One sentence for a state that is not ready (a notification, the status bar's tooltip). */
export function describeReadiness(state: Readiness): string {
  switch (state.kind) {
    case 'ready':
      return `Ready: ${state.providers.join(', ')}.`;
    case 'no_provider':
      return 'No provider is set up yet: add one (OpenAI, Anthropic or a local OpenAI-compatible server) to ask anything.';
    case 'no_key':
      return `No provider has an API key yet (${state.providers.join(', ')}): set one, or add a provider.`;
    case 'key_refused':
      return `The API key of ${state.providers.join(', ')} was refused: set a new one.`;
    case 'no_model':
      return `${state.providers.join(', ')} has no chat model in tokenhub.models: add one.`;
  }
}
