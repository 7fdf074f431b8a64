import type { ClassifyContext } from './classify';
import { protocolError } from './classify';

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses JSON, or throws the `server` error a malformed body deserves. The SyntaxError is not
 * kept as the cause: V8 quotes the offending text in it, and the body may echo the key.
 */
export function parseJson(text: string, what: string, who: ClassifyContext, status = 200): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw protocolError(`malformed JSON in ${what}`, who, status, { kind: 'malformed_json', length: text.length });
  }
}
