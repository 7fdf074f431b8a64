import type { Escalation, EscalationReason } from './types';

/**
 * A failed route in words a person reads in a notification: per provider one or two short lines
 * (its first real failure with the cause, then how many of its other models were passed over and
 * why), the fixes that apply, and the whole trail for the log and a details view. The trail of a
 * `RouteError` can list dozens of models; the notification must not.
 */

/** A fix to offer as a button. */
export type FailureFix = 'set_key' | 'add_provider' | 'show_details';

/** What to show. */
export interface FailureSummary {
  /** The first line: what happened, overall. */
  readonly headline: string;
  /** One short line per provider, in the order the router met them. */
  readonly lines: readonly string[];
  readonly fixes: readonly FailureFix[];
  /** Providers whose key is missing or was refused (Set API Key… offers them first). */
  readonly keyProviders: readonly string[];
}

/** What a failure says about itself (a `RouteError`, an orchestrator error event). */
export interface FailureFacts {
  readonly code?: string;
  readonly message: string;
  readonly escalations?: readonly Escalation[];
}

const MAX_CAUSE = 110;

const WORDS: Partial<Record<EscalationReason, string>> = {
  unauthorized: 'refused the API key',
  quota: 'has no quota left',
  rate_limited: 'is rate limiting',
  overloaded: 'is overloaded',
  context_length: 'says the prompt is too long',
  server: 'failed',
  network: 'is not reachable',
  timeout: 'timed out',
  no_key: 'has no API key',
  disabled: 'refused its key earlier',
  cooling_down: 'is cooling down after an earlier failure',
  too_small: 'has no model large enough for the prompt',
  unsupported: 'cannot take this request',
};

const SKIP_WORDS: Partial<Record<EscalationReason, string>> = {
  cooling_down: 'skipped while it cools down',
  disabled: 'skipped: its key was refused',
  no_key: 'skipped: no API key',
  too_small: 'skipped: too small for the prompt',
  unsupported: 'skipped: they cannot take this request',
};

/** The summary of a failure; `lines` empty when it carries no trail (then `headline` is its message). */
export function summarizeFailure(facts: FailureFacts): FailureSummary {
  const escalations = facts.escalations ?? [];
  if (escalations.length === 0) {
    return { headline: shorten(facts.message, 200), lines: [], fixes: fixesFor([], facts.code), keyProviders: [] };
  }
  const byProvider = new Map<string, Escalation[]>();
  for (const e of escalations) {
    const list = byProvider.get(e.provider);
    if (list) list.push(e);
    else byProvider.set(e.provider, [e]);
  }
  const lines = [...byProvider].map(([provider, list]) => providerLine(provider, list));
  const attempted = escalations.filter((e) => e.attempted);
  const headline =
    facts.code === 'context_length'
      ? "Tokenhub: the prompt does not fit any configured model's context; shorten it or add a larger model."
      : attempted.length > 0 && attempted.every((e) => e.reason === 'rate_limited')
        ? 'Tokenhub: every provider tried is rate limiting.'
        : attempted.length === 0
          ? 'Tokenhub: no model could be tried.'
          : `Tokenhub: no model answered (${attempted.length} tried).`;
  const keyProviders = [...byProvider].filter(([, list]) => list.some((e) => e.reason === 'no_key' || e.reason === 'unauthorized' || e.reason === 'disabled')).map(([p]) => p);
  return { headline, lines, fixes: fixesFor(escalations, facts.code), keyProviders };
}

/** The notification's text: the headline and the lines, each line a sentence. */
export function failureMessage(summary: FailureSummary): string {
  return [summary.headline, ...summary.lines].join(' ');
}

/** The whole trail, one model per line, for the log and the details view (never a key: details are secret-free). */
export function failureDetails(facts: FailureFacts): string {
  const lines = [`# Tokenhub: what happened`, '', facts.message, ''];
  const escalations = facts.escalations ?? [];
  if (escalations.length > 0) {
    lines.push('| # | model | provider | what | tried |', '|---|---|---|---|---|');
    escalations.forEach((e, i) => lines.push(`| ${i + 1} | ${cell(e.model)} | ${cell(e.provider)} | ${cell(`${e.reason}${e.detail ? `: ${e.detail}` : ''}`)} | ${e.attempted ? 'yes' : 'no (skipped)'} |`));
  }
  return `${lines.join('\n')}\n`;
}

function providerLine(provider: string, list: readonly Escalation[]): string {
  const first = list.find((e) => e.attempted) ?? list[0]!;
  // A skip's detail restates its reason; only these say more (what the request needs).
  const cause = first.attempted || first.reason === 'unsupported' || first.reason === 'too_small' ? causeOf(first) : '';
  const head = `${provider} ${WORDS[first.reason] ?? first.reason}${cause ? ` (${first.model}: ${cause})` : ` (${first.model})`}.`;
  const rest = list.filter((e) => e !== first);
  if (rest.length === 0) return head;
  const failedAlso = rest.filter((e) => e.attempted).length;
  const parts: string[] = [];
  if (failedAlso > 0) parts.push(`${failedAlso} more ${provider} model${failedAlso === 1 ? '' : 's'} failed too`);
  const skipped = new Map<EscalationReason, number>();
  for (const e of rest) if (!e.attempted) skipped.set(e.reason, (skipped.get(e.reason) ?? 0) + 1);
  for (const [reason, count] of skipped) {
    // The same reason as the head line (every model of a provider without a key): a count says it.
    const words = reason === first.reason && !first.attempted ? 'skipped for the same reason' : (SKIP_WORDS[reason] ?? `skipped: ${reason}`);
    parts.push(`${count} more ${provider} model${count === 1 ? '' : 's'} ${words}`);
  }
  return `${head} ${capitalise(parts.join('; '))}.`;
}

/** The cause without the provider's name in front (its message starts with it), cut at a word. */
function causeOf(e: Escalation): string {
  if (!e.detail) return '';
  let text = e.detail.trim();
  if (text.toLowerCase().startsWith(`${e.provider.toLowerCase()} `)) text = text.slice(e.provider.length + 1);
  // Adapter messages read "<what> (<label>): <cause>"; the line already says what, so keep the cause.
  const parts = /^([a-z][a-z' ]*?)(?: \(([^)]*)\))?: (.+)$/i.exec(text);
  if (parts) {
    const label = parts[2]?.startsWith('HTTP ') ? parts[2].split(' ').slice(0, 2).join(' ') : parts[2];
    const cause = parts[3]!;
    text = label && !cause.includes(label) ? `${label}: ${cause}` : cause;
  }
  return shorten(text.replace(/\.$/, ''), MAX_CAUSE);
}

/** At most `max` characters, cut at the last word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  const cut = oneLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const atWord = oneLine[max - 1] === ' ' || space <= max / 2;
  return `${(atWord ? cut : cut.slice(0, space)).replace(/[\s,;:(–-]+$/, '')}…`;
}

function fixesFor(escalations: readonly Escalation[], code: string | undefined): FailureFix[] {
  const fixes: FailureFix[] = [];
  const reasons = new Set<string>(escalations.map((e) => e.reason));
  if (code !== undefined) reasons.add(code);
  if (reasons.has('no_key') || reasons.has('unauthorized') || reasons.has('disabled')) fixes.push('set_key');
  // A provider that cannot be reached or has no key or quota: another provider (or a fixed base URL) helps.
  if (reasons.has('no_key') || reasons.has('network') || reasons.has('quota') || (escalations.length === 0 && code === 'unavailable')) fixes.push('add_provider');
  if (escalations.length > 0) fixes.push('show_details');
  return fixes;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
