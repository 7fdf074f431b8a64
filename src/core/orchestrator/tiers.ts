import type { ModelEntry } from '../registry/model';
import type { RouterCatalog } from '../router/ports';

/**
 * One way of routing a phase. A phase has one or more tiers, tried in order: the next tier runs
 * only when every candidate of the previous one failed (a RouteError), and never retries a model
 * that already failed in this phase. Inside a tier the router escalates as usual.
 */
export interface PhaseTier {
  /** Tried first (the router puts a named model ahead of `providers`/`excludeModels`). */
  model?: string;
  /** False: only `model`. */
  escalate?: boolean;
  providers?: readonly string[];
  excludeModels?: readonly string[];
  /** Using this tier means leaving what the role prefers; reported on the phase. */
  fallback: boolean;
  /** Why this tier, for the user, when it is not the obvious one. */
  note?: string;
}

/** The plan: the named planner first (or the best model), escalating anywhere. */
export function planTiers(planner: string | undefined): PhaseTier[] {
  return [{ model: planner, fallback: false }];
}

/**
 * The critic must not share the planner's blind spots, so it is kept off the provider that wrote
 * the plan: first the named critic (even on the planner's provider: an explicit choice is
 * honoured) or the best model of another provider, escalating only among other providers. Only
 * when none of them can answer does it fall back to the planner's own provider, and then to a
 * different model. With a single provider that second tier is the plan, not a fallback.
 * An empty list means no model but the planner's exists.
 */
export function criticTiers(catalog: RouterCatalog, planner: ModelEntry, critic: string | undefined): PhaseTier[] {
  const chat = catalog.ranked('chat');
  const others = [...new Set(chat.filter((m) => m.provider !== planner.provider).map((m) => m.provider))];
  const siblings = chat.some((m) => m.provider === planner.provider && m.id !== planner.id);
  const tiers: PhaseTier[] = [];
  if (others.length > 0) tiers.push({ model: critic, providers: others, fallback: false });
  if (siblings) {
    const alone = others.length === 0;
    tiers.push({
      model: alone ? critic : undefined,
      providers: [planner.provider],
      excludeModels: [planner.id],
      fallback: !alone,
      note: alone
        ? `Only one provider (${planner.provider}) is configured; the critic is another of its models.`
        : `No other provider could critique; the critic runs on the planner's provider (${planner.provider}) with a different model.`,
    });
  }
  if (tiers.length === 0 && critic !== undefined) tiers.push({ model: critic, fallback: false });
  return tiers;
}

/**
 * Refine is the planner's answer to the critique, so the model that wrote the plan refines,
 * escalating anywhere but to the critic (who would be judging its own critique). Only when no
 * other model can answer does the critic's model refine, and the phase says so.
 */
export function refineTiers(planner: ModelEntry, critic: ModelEntry): PhaseTier[] {
  const tiers: PhaseTier[] = [{ model: planner.id, excludeModels: [critic.id], fallback: false }];
  if (critic.id !== planner.id) {
    tiers.push({
      model: critic.id,
      escalate: false,
      fallback: true,
      note: `No model but the critic's could refine; the critic's model (${critic.id}) refines.`,
    });
  }
  return tiers;
}
