import type { ClassifyContext } from './classify';
import { protocolError } from './classify';

/** A parsed JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON, or throws the `server` error a malformed body deserves (cause: the SyntaxError). */
export function parseJson(text: string, what: string, who: ClassifyContext, status = 200): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw protocolError(`malformed JSON in ${what}`, who, status, error);
  }
}
