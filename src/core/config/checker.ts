import { own } from '../formats/codec';
import type { ConfigProblem, ConfigWarning, Env } from './types';

/** A JSON object being read. */
export type RawObject = Record<string, unknown>;

/** How to treat an unset `${VAR}` in a string field. */
export type UnsetPolicy =
  /** A problem listed at the field's path. */
  | 'problem'
  /** Allowed: the field is treated as absent, with a warning (fields that only say where a key is). */
  | 'absent';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Reads raw JSON while collecting every problem and warning with its path, so a config is
 * checked in one pass and refused with the complete list. Readers return `undefined` for a
 * missing or invalid value (after recording the problem) and never throw.
 */
export class ConfigChecker {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: ConfigWarning[] = [];
  /**
   * The fields whose value came from `${VAR}` expansion, with the text as written: a value from
   * the environment may be a secret (a key put in the wrong variable), so a problem shows it by
   * its reference, never by its text.
   */
  private readonly expanded = new Map<string, string>();

  constructor(private readonly env: Env) {}

  /** Records a problem at `path`; `found` is shown by its reference when it came from the environment. */
  problem(path: string, expected: string, found: unknown): void {
    this.problems.push({ path, expected, found: this.shown(path, found) });
  }

  /** How the value read at `path` may be shown: `the value of ${VAR}` when it came from the environment. */
  shown(path: string, value: unknown): string {
    const written = this.expanded.get(path);
    if (written === undefined) return describe(value);
    return /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(written) ? `the value of ${written}` : `the expansion of ${describe(written)}`;
  }

  /** True when the value read at `path` came from `${VAR}` expansion. */
  fromEnv(path: string): boolean {
    return this.expanded.has(path);
  }

  /** `${VAR}` expanded with no problem, warning or record: for names used only to cross-check. */
  resolve(value: string): string | undefined {
    let unset = false;
    const expanded = value.replace(REFERENCE, (_, name: string) => {
      const found = own(this.env, name);
      if (found === undefined) unset = true;
      return found ?? '';
    });
    return unset ? undefined : expanded;
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** An object, or a problem when it is something else. */
  object(value: unknown, path: string): RawObject | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as RawObject;
    this.problem(path, 'an object', value);
    return undefined;
  }

  /** Warns about fields outside `known`: a typo must not go unnoticed, nor refuse the file. */
  known(object: RawObject, path: string, known: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (!known.includes(key)) this.warn(join(path, key), `unknown field "${key}" is ignored (known: ${known.join(', ')})`);
    }
  }

  /** Expands `${VAR}` references; an unset variable follows `unset`. Undefined means "treat as absent". */
  expand(value: string, path: string, unset: UnsetPolicy = 'problem'): string | undefined {
    if (!value.includes('${')) return value;
    const missing: string[] = [];
    const expanded = value.replace(REFERENCE, (_, name: string) => {
      const found = own(this.env, name);
      if (found === undefined) missing.push(name);
      return found ?? '';
    });
    if (missing.length === 0) {
      if (expanded !== value) this.expanded.set(path, value);
      return expanded;
    }
    if (unset === 'absent') {
      this.warn(path, `environment variable ${missing.join(', ')} is not set; the field is treated as absent`);
      return undefined;
    }
    this.problem(path, `environment variable ${missing.join(', ')} to be set (referenced as \${${missing[0]}})`, value);
    return undefined;
  }

  /** A string field, expanded. `nonEmpty` refuses "". */
  string(object: RawObject, key: string, path: string, options: { required?: boolean; nonEmpty?: boolean; unset?: UnsetPolicy } = {}): string | undefined {
    const at = join(path, key);
    const value = object[key];
    if (value === undefined || value === null) {
      if (options.required) this.problem(at, 'a string', undefined);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(at, 'a string', value);
      return undefined;
    }
    const expanded = this.expand(value, at, options.unset);
    if (expanded !== undefined && options.nonEmpty && expanded.trim() === '') {
      this.problem(at, 'a non-empty string', expanded);
      return undefined;
    }
    return expanded;
  }

  /**
   * A number field within [min, max]. A string is accepted when, once expanded, it is a plain
   * decimal number: `"port": "${PORT}"` is the usual way to take a number from the environment.
   */
  number(object: RawObject, key: string, path: string, options: { required?: boolean; integer?: boolean; min?: number; max?: number; minExclusive?: boolean } = {}): number | undefined {
    const at = join(path, key);
    let value = object[key];
    const expected = describeRange(options);
    if (value === undefined || value === null) {
      if (options.required) this.problem(at, expected, undefined);
      return undefined;
    }
    if (typeof value === 'string') {
      const expanded = this.expand(value, at);
      if (expanded === undefined) return undefined;
      value = /^\s*-?\d+(\.\d+)?\s*$/.test(expanded) ? Number(expanded) : expanded;
    }
    const { integer, min, max, minExclusive } = options;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      (min === undefined || (minExclusive ? value > min : value >= min)) &&
      (max === undefined || value <= max);
    if (!ok) {
      this.problem(at, expected, value);
      return undefined;
    }
    return value as number;
  }

  /** An array field (undefined when absent). */
  array(object: RawObject, key: string, path: string): unknown[] | undefined {
    const value = object[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.problem(join(path, key), 'an array', value);
    return undefined;
  }

  /** A string that must be one of `allowed`. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    const expected = `one of ${allowed.join(', ')}`;
    if (typeof value === 'string') {
      const expanded = this.expand(value, path);
      if (expanded === undefined) return undefined;
      if ((allowed as readonly string[]).includes(expanded)) return expanded as T;
      this.problem(path, expected, expanded);
      return undefined;
    }
    this.problem(path, expected, value);
    return undefined;
  }
}

/** `a.b`, `a[1]` and the root's own keys without a leading dot. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function describeRange(options: { integer?: boolean; min?: number; max?: number; minExclusive?: boolean }): string {
  const kind = options.integer ? 'an integer' : 'a number';
  const { min, max, minExclusive } = options;
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return minExclusive ? `${kind} greater than ${min}` : `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

/** How a found value is shown: JSON, shortened; "nothing" for a missing one. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
