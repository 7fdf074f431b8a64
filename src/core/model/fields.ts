/**
 * Fields that one wire format has and another has not (DESIGN.md "Messages: what passes
 * through"). A field is forwarded (same format), translated (the model carries it), or one of
 * the two kinds below; a field is never dropped without being named.
 */

/**
 * - `drop`: an optional feature of the client's vendor whose absence still leaves a valid answer
 *   (cache keys, client metadata, server-side context editing, a built-in tool the target lacks):
 *   left out, named in `x-tokenhub-dropped` and the log.
 * - `refuse`: a field that would change what the answer means (a strict schema, `n` > 1, log
 *   probabilities): a provider that cannot honour it is not tried; when none can, the request
 *   is refused with a 400 naming the field and the provider, before any call.
 */
export type FieldAction = 'drop' | 'refuse';

/** One field a provider's format cannot carry, by the name the client used. */
export interface FieldIssue {
  /** The client's name for it (`logprobs`, `top_k`, `tools[2].web_search`, `context_management`). */
  field: string;
  action: FieldAction;
  /** Why, for the error message or log (never a value: values may be secrets or prompts). */
  reason?: string;
}

/** The config's `field_policy`: a field name → the action that replaces the default one. */
export type FieldPolicy = Readonly<Record<string, FieldAction>>;

/**
 * Applies the config's overrides. A policy entry matches a field by its whole name or by its
 * first segment (`tools` matches `tools[2].web_search`).
 */
export function applyFieldPolicy(issues: readonly FieldIssue[], policy: FieldPolicy | undefined): FieldIssue[] {
  if (!policy || issues.length === 0) return [...issues];
  return issues.map((issue) => {
    const own = Object.hasOwn(policy, issue.field) ? policy[issue.field] : undefined;
    const head = issue.field.split(/[.[]/, 1)[0]!;
    const action = own ?? (Object.hasOwn(policy, head) ? policy[head] : undefined);
    return action && action !== issue.action ? { ...issue, action } : issue;
  });
}

/** The `x-tokenhub-dropped` header's value: the dropped fields' names, comma-separated, each once. */
export function droppedHeader(issues: readonly FieldIssue[]): string {
  const names: string[] = [];
  for (const issue of issues) if (issue.action === 'drop' && !names.includes(issue.field)) names.push(issue.field);
  return names.join(', ');
}

/** The refused fields, for an error message: `logprobs (anthropic cannot return log probabilities)`. */
export function describeRefused(issues: readonly FieldIssue[]): string {
  return issues
    .filter((issue) => issue.action === 'refuse')
    .map((issue) => (issue.reason ? `${issue.field} (${issue.reason})` : issue.field))
    .join(', ');
}
