import type { JsonObject } from '../model/content';
import type { FieldIssue } from '../model/fields';

/**
 * What every wire format's codec (src/core/formats/<format>/) returns. Codecs are pure: parsed
 * JSON in, model values out, and back; no I/O, no clock, no randomness (ids and timestamps come
 * in as arguments).
 */

/** A request body for a provider, with what the target format could not carry. */
export interface EncodedRequest {
  body: JsonObject;
  /** Fields left out (`drop`, to be named in `x-tokenhub-dropped`) or that make the target unfit (`refuse`). */
  issues: FieldIssue[];
  /**
   * Set when a JSON answer was asked of a format that has no JSON mode and the codec forced a
   * tool instead (Anthropic without native structured output): the answer decoder turns that
   * tool's call back into text.
   */
  jsonTool?: string;
}

/** A client's request that cannot be served as sent: the field and what is wrong with it. */
export interface RequestProblem {
  /** The field's path in the client's body (`messages[2].content[0].image_url`), '' for the body. */
  param: string;
  message: string;
  /** The error's `code` when it has one of its own (`previous_response_not_found`); else `invalid_request`. */
  code?: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: RequestProblem };

export const decoded = <T>(value: T): Decoded<T> => ({ ok: true, value });
export const problem = <T = never>(param: string, message: string): Decoded<T> => ({ ok: false, problem: { param, message } });

/** True for a parsed JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A key's value when `key` is the object's own property: wire tables are looked up by names that
 * come from outside, and `toString` or `__proto__` must not find the prototype's.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * A copy of a client's body with `set`'s members in place of its own (or added after them) and
 * the `omit` names left out, in the body's own order: what a pass-through request sends. Written
 * out rather than `{ ...body, … }` and `delete`: on Node 20 (V8 11) a member added to a spread
 * copy costs ~1 µs and gives the copy a shape of its own, and a delete turns it into a
 * dictionary, which `JSON.stringify` then walks slowly (bench/RESULTS.md, "where the time goes").
 * A `__proto__` member of the body stays an own member, as it came.
 */
export function withMembers(body: Readonly<JsonObject>, set: Readonly<JsonObject>, omit: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  for (const name of Object.keys(body)) {
    if (!omit.includes(name)) define(out, name, Object.hasOwn(set, name) ? set[name] : body[name]);
  }
  for (const name of Object.keys(set)) {
    if (!Object.hasOwn(body, name) && !omit.includes(name)) define(out, name, set[name]);
  }
  return out;
}

function define(target: JsonObject, name: string, value: JsonObject[string]): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
