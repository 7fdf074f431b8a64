import type { PlanTarget } from '../../formats/anthropic/requestPlan';

/**
 * What a Claude model takes, read from its name (`claude-<tier>-<major>[-<minor>]…`), for the
 * Anthropic codec (formats/anthropic/requestPlan.ts):
 * - structured outputs (`output_config.format`) from 4.5 on; earlier models get the forced-tool
 *   fallback;
 * - adaptive thinking (`{type:"adaptive"}` with `output_config.effort`) from 4.6 on; earlier
 *   models take a `budget_tokens`;
 * - `temperature`, `top_p` and `top_k` are refused by Opus 4.7 and later and by every model of
 *   the 5 generation, so they are left out (named in `x-tokenhub-dropped`) rather than failed.
 * A name that does not read as a Claude model (a proxy's alias, an unknown server) gets the
 * codec's defaults: budget thinking, sampling, the forced-tool fallback.
 */
export function claudeTraits(name: string): Partial<PlanTarget> {
  const match = /claude-(?:(haiku|sonnet|opus|fable)-(\d+)(?:[-.](\d{1,2}))?|(\d+)(?:[-.](\d{1,2}))?-(haiku|sonnet|opus))(?!\d)/.exec(name);
  if (!match) return {};
  const tier = match[1] ?? match[6]!;
  const major = Number(match[2] ?? match[4]);
  const minor = Number(match[3] ?? match[5] ?? 0);
  const version = major + minor / 10;
  return {
    nativeJson: version >= 4.5,
    thinking: version >= 4.6 ? 'adaptive' : 'budget',
    sampling: !(major >= 5 || (tier === 'opus' && version >= 4.7)),
  };
}
