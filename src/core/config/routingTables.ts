import type { FieldAction, FieldPolicy } from '../model/fields';
import type { ConfigChecker } from './checker';
import { join } from './checker';

const ACTIONS: readonly FieldAction[] = ['drop', 'refuse'];

/**
 * `model_aliases`: client model names (globs with `*` and `?` allowed) → a registry id or `auto`.
 * Targets are checked against the registry's ids, so a typo is a problem at start, not a 404 on
 * the first request. Order is kept (the first matching pattern wins).
 */
export function readModelAliases(check: ConfigChecker, raw: unknown, modelIds: ReadonlySet<string>): Record<string, string> {
  const aliases: Record<string, string> = {};
  if (raw === undefined || raw === null) return aliases;
  const o = check.object(raw, 'model_aliases');
  if (!o) return aliases;
  for (const name of Object.keys(o)) {
    const path = join('model_aliases', name);
    if (name.trim() === '') {
      check.problem(path, 'a model name or pattern', name);
      continue;
    }
    const target = check.string(o, name, 'model_aliases', { nonEmpty: true });
    if (target === undefined) continue;
    if (target !== 'auto' && !modelIds.has(target)) {
      const known = [...modelIds].slice(0, 12).join(', ');
      check.problem(path, `"auto" or the id of a configured model (${known}${modelIds.size > 12 ? ', …' : ''})`, target);
      continue;
    }
    aliases[name] = target;
  }
  return aliases;
}

/**
 * `field_policy`: a field name → `drop` (leave it out, named in `x-tokenhub-dropped`) or
 * `refuse` (do not send the request to a provider that cannot honour it), overriding the
 * defaults of README's table of fields per provider.
 */
export function readFieldPolicy(check: ConfigChecker, raw: unknown): FieldPolicy {
  const policy: Record<string, FieldAction> = {};
  if (raw === undefined || raw === null) return policy;
  const o = check.object(raw, 'field_policy');
  if (!o) return policy;
  for (const field of Object.keys(o)) {
    const action = check.oneOf(o[field], join('field_policy', field), ACTIONS);
    if (action !== undefined) policy[field] = action;
  }
  return policy;
}
