import type { JsonObject } from '../../model/content';
import type { EmbeddingAnswer, EmbeddingRequest } from '../../model/embedding';
import type { Usage } from '../../model/usage';
import { decoded, isJsonObject, problem, type Decoded } from '../codec';

/**
 * OpenAI's embeddings format, both ways (checked against OpenAI's API reference, the openai SDK
 * 7.55 types and vLLM's protocol): `input` a string, an array of strings, an array of token ids or
 * an array of such arrays (at most 2,048 inputs, none empty); `dimensions`; `encoding_format`
 * `float` (numbers) or `base64` (little-endian float32 bytes); `user`. The body goes to the
 * provider as it came with only `model` replaced, and its answer comes back as it came with the
 * registry id as `model`; vectors are converted only when the provider ignored a base64
 * `encoding_format` and sent numbers.
 */

/** OpenAI's limit on inputs per request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const isTokens = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((n) => Number.isInteger(n) && n >= 0);

/** A client's body → the request, or the problem with the field that is wrong. */
export function decodeEmbeddingRequest(body: unknown): Decoded<EmbeddingRequest> {
  if (!isJsonObject(body)) return problem('', 'The request body must be a JSON object.');
  const input = body.input;
  let inputs: (string | number[])[];
  if (typeof input === 'string') inputs = [input];
  else if (isTokens(input)) inputs = [input];
  else if (Array.isArray(input) && input.length > 0 && (input.every((item) => typeof item === 'string') || input.every(isTokens))) inputs = input as string[] | number[][];
  else return problem('input', '"input" must be a string, an array of strings, an array of token ids, or an array of token-id arrays, and not empty.');
  if (inputs.length > MAX_EMBEDDING_INPUTS) return problem('input', `"input" holds ${inputs.length} inputs; at most ${MAX_EMBEDDING_INPUTS} go in one request.`);
  const empty = inputs.findIndex((item) => item.length === 0);
  if (empty !== -1) return problem(Array.isArray(input) && inputs.length > 1 ? `input[${empty}]` : 'input', 'An input to embed must not be empty.');
  if (body.model !== undefined && body.model !== null && typeof body.model !== 'string') return problem('model', '"model" must be a string (a model id, or "auto").');
  const request: EmbeddingRequest = { inputs, encoding: 'float', body };
  if (body.dimensions !== undefined && body.dimensions !== null) {
    if (!Number.isInteger(body.dimensions) || (body.dimensions as number) < 1) return problem('dimensions', '"dimensions" must be a positive integer.');
    request.dimensions = body.dimensions as number;
  }
  const format = body.encoding_format;
  if (format !== undefined && format !== null) {
    if (format !== 'float' && format !== 'base64') return problem('encoding_format', '"encoding_format" must be "float" or "base64".');
    request.encoding = format;
  }
  if (body.user !== undefined && body.user !== null && typeof body.user !== 'string') return problem('user', '"user" must be a string.');
  return decoded(request);
}

/** The provider's body: the client's with the provider's model name. */
export function encodeEmbeddingRequest(request: EmbeddingRequest, model: string): JsonObject {
  return { ...request.body, model };
}

/** A provider's answer → what Tokenhub reads of it; undefined when it is not an embeddings list for these inputs. */
export function decodeEmbeddingResponse(body: unknown, request: EmbeddingRequest): EmbeddingAnswer | undefined {
  if (!isJsonObject(body) || !Array.isArray(body.data) || body.data.length !== request.inputs.length) return undefined;
  let length = -1;
  for (const item of body.data) {
    if (!isJsonObject(item)) return undefined;
    const size = vectorLength(item.embedding);
    if (size === undefined || (length !== -1 && size !== length)) return undefined;
    length = size;
  }
  const answer: EmbeddingAnswer = { body, count: body.data.length, length };
  const usage = embeddingUsage(body.usage);
  if (usage) answer.usage = usage;
  return answer;
}

function vectorLength(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.every((value) => typeof value === 'number') ? embedding.length : undefined;
  if (typeof embedding !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(embedding)) return undefined;
  const bytes = Buffer.byteLength(embedding, 'base64');
  return bytes % 4 === 0 ? bytes / 4 : undefined;
}

/** `usage`: prompt tokens only (OpenAI sends no completion count; vLLM sends 0). */
function embeddingUsage(value: unknown): Usage | undefined {
  if (!isJsonObject(value) || typeof value.prompt_tokens !== 'number' || value.prompt_tokens < 0) return undefined;
  return { promptTokens: value.prompt_tokens, completionTokens: 0, totalTokens: value.prompt_tokens };
}

/** The body for the client: the provider's, with the registry id as `model` and vectors in the encoding asked for. */
export function encodeEmbeddingAnswer(answer: EmbeddingAnswer, request: EmbeddingRequest, model: string): JsonObject {
  const data = (answer.body.data as JsonObject[]).map((item) => {
    const embedding = item.embedding;
    if (request.encoding === 'base64' && Array.isArray(embedding)) return { ...item, embedding: toBase64(embedding as number[]) };
    if (request.encoding === 'float' && typeof embedding === 'string') return { ...item, embedding: fromBase64(embedding) };
    return item;
  });
  return { ...answer.body, data, model };
}

/** Little-endian float32 bytes, base64 (OpenAI's `encoding_format: "base64"`). */
export function toBase64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** The numbers of a base64 vector. */
export function fromBase64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const out: number[] = [];
  for (let at = 0; at + 4 <= bytes.length; at += 4) out.push(bytes.readFloatLE(at));
  return out;
}
