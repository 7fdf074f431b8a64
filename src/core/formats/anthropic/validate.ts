import type { CacheBreakpoint, JsonObject } from '../../model/content';
import type { FieldAction, FieldIssue } from '../../model/fields';
import { isJsonObject } from '../codec';

/**
 * Validation helpers for the request decoder. A problem deep inside a body is thrown as
 * `InvalidField` (the decoder's only exception) and caught once at the top, which turns it into
 * a `RequestProblem`: the alternative, threading a result through every nested reader, would
 * triple the decoder's size for no gain in safety.
 */

/** A field of the client's body that cannot be served as sent. */
export class InvalidField extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws the problem for `param`. */
export function fail(param: string, message: string): never {
  throw new InvalidField(param, message);
}

/** `value` as an object, or a problem naming what was expected there. */
export function objectAt(value: unknown, param: string, expected: string): JsonObject {
  if (!isJsonObject(value)) fail(param, `must be ${expected}`);
  return value;
}

/** `value` as a string, or a problem. */
export function stringAt(value: unknown, param: string): string {
  if (typeof value !== 'string') fail(param, 'must be a string');
  return value;
}

/** A string, or undefined when absent (or null). */
export function optionalString(value: unknown, param: string): string | undefined {
  return value === undefined || value === null ? undefined : stringAt(value, param);
}

/** A boolean, or undefined when absent (or null). */
export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(param, 'must be true or false');
  return value;
}

/** A finite number in [min, max], or undefined when absent. */
export function optionalNumber(value: unknown, param: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(param, 'must be a number');
  if (value < min || value > max) fail(param, `must be between ${min} and ${max}`);
  return value;
}

/** A whole number ≥ min, or undefined when absent. */
export function optionalInteger(value: unknown, param: string, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(param, 'must be a whole number');
  if (value < min) fail(param, `must be at least ${min}`);
  return value;
}

/** `cache_control` → a cache breakpoint (`type` must be `ephemeral`; `ttl` is kept as given). */
export function cacheAt(value: unknown, param: string): CacheBreakpoint | undefined {
  if (value === undefined || value === null) return undefined;
  const cache = objectAt(value, param, 'an object ({type: "ephemeral", ttl?})');
  if (cache.type !== 'ephemeral') fail(`${param}.type`, 'must be "ephemeral"');
  const ttl = optionalString(cache.ttl, `${param}.ttl`);
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
}

/** The fields the model cannot carry, each named once (by field and action). */
export class IssueList {
  readonly items: FieldIssue[] = [];

  add(field: string, action: FieldAction, reason?: string): void {
    if (this.items.some((issue) => issue.field === field && issue.action === action)) return;
    this.items.push(reason === undefined ? { field, action } : { field, action, reason });
  }

  addAll(issues: readonly FieldIssue[]): void {
    for (const issue of issues) this.add(issue.field, issue.action, issue.reason);
  }
}
