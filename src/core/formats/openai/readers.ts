import type { JsonObject } from '../../model/content';
import type { Decoded } from '../codec';
import { decoded, isJsonObject, problem } from '../codec';

/**
 * Small checked readers for the request decoders. A decoder walks deep (messages, parts, tools);
 * the first problem found ends the walk, so readers throw a FieldProblem and `decodeWith` turns
 * it into the codec's `problem` result at the module's edge. Nothing else is thrown past it.
 */

/** The first problem of a body: the JSON path of the field and what was expected there. */
export class FieldProblem {
  constructor(
    readonly param: string,
    readonly message: string,
  ) {}
}

/** Ends the decoding with a problem at `param`. */
export function fail(param: string, message: string): never {
  throw new FieldProblem(param, message);
}

/** Runs a decoder, turning a FieldProblem into a `problem` result. */
export function decodeWith<T>(run: () => T): Decoded<T> {
  try {
    return decoded(run());
  } catch (error) {
    if (error instanceof FieldProblem) return problem(error.param, error.message);
    throw error;
  }
}

/** A member's path: `messages[2]` + `content` → `messages[2].content`; '' + `model` → `model`. */
export const at = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

/** Null and absent are the same in OpenAI's API. */
const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** A string, or undefined when absent or null. */
export function optionalString(value: unknown, param: string, what = 'a string'): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'string') fail(param, `"${param}" must be ${what}.`);
  return value;
}

/** A non-empty string. */
export function requiredString(value: unknown, param: string, what = 'a non-empty string'): string {
  if (typeof value !== 'string' || value === '') fail(param, `"${param}" must be ${what}.`);
  return value;
}

/** A boolean, or undefined when absent or null. */
export function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') fail(param, `"${param}" must be true or false.`);
  return value;
}

/** An object, or undefined when absent or null. */
export function optionalObject(value: unknown, param: string, what = 'an object'): JsonObject | undefined {
  if (absent(value)) return undefined;
  if (!isJsonObject(value)) fail(param, `"${param}" must be ${what}.`);
  return value;
}

/** An object. */
export function requiredObject(value: unknown, param: string, what = 'an object'): JsonObject {
  if (!isJsonObject(value)) fail(param, `"${param}" must be ${what}.`);
  return value;
}

/** A number within [min, max]; an integer when `integer`. */
export function optionalNumber(value: unknown, param: string, range: { min?: number; max?: number; integer?: boolean }): number | undefined {
  if (absent(value)) return undefined;
  const { min, max, integer } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max);
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    const expected =
      min !== undefined && max !== undefined ? `${kind} from ${min} to ${max}` : min === 1 && integer ? 'a positive integer' : min !== undefined ? `${kind} of at least ${min}` : kind;
    fail(param, `"${param}" must be ${expected}.`);
  }
  return value as number;
}

/** `stop`: a string or an array of up to `limit` strings. */
export function optionalStops(value: unknown, param: string, limit: number): string[] | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length <= limit && value.every((item) => typeof item === 'string')) return value as string[];
  return fail(param, `"${param}" must be a string or an array of up to ${limit} strings.`);
}

/** `logit_bias`: token ids (as strings) to numbers from -100 to 100. */
export function optionalLogitBias(value: unknown, param: string): Record<string, number> | undefined {
  const object = optionalObject(value, param, 'an object of token ids to numbers from -100 to 100');
  if (!object) return undefined;
  const out: Record<string, number> = {};
  for (const [key, bias] of Object.entries(object)) {
    if (!/^\d+$/.test(key)) fail(at(param, key), `"${param}" keys must be token ids (digits).`);
    out[key] = optionalNumber(bias, at(param, key), { min: -100, max: 100 }) ?? fail(at(param, key), `"${at(param, key)}" must be a number from -100 to 100.`);
  }
  return out;
}

/** An array, or a problem naming what it should hold. */
export function requiredArray(value: unknown, param: string, what: string): unknown[] {
  if (!Array.isArray(value)) fail(param, `"${param}" must be ${what}.`);
  return value;
}
