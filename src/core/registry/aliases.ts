/**
 * `model_aliases` (DESIGN.md "Configuration"): names that clients send, mapped to a registry id
 * or `auto`, so a tool that insists on its own model names (Claude Code sends `claude-…` names)
 * still gets the router. Patterns may hold `*` (any run of characters) and `?` (one character);
 * an exact name wins over a pattern, and among patterns the first in the config wins.
 */
export class ModelAliases {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { pattern: RegExp; target: string }[] = [];

  /** `aliases` in config order; targets are registry ids (checked by the config) or `auto`. */
  constructor(aliases: Readonly<Record<string, string>> = {}) {
    for (const [name, target] of Object.entries(aliases)) {
      if (isPattern(name)) this.patterns.push({ pattern: globToRegExp(name), target });
      else this.exact.set(name, target);
    }
  }

  /** The target of `name`, or undefined when no alias matches. */
  resolve(name: string): string | undefined {
    const exact = this.exact.get(name);
    if (exact !== undefined) return exact;
    for (const { pattern, target } of this.patterns) if (pattern.test(name)) return target;
    return undefined;
  }

  get size(): number {
    return this.exact.size + this.patterns.length;
  }
}

export function isPattern(name: string): boolean {
  return name.includes('*') || name.includes('?');
}

function globToRegExp(glob: string): RegExp {
  const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 's');
}
