import type { JsonObject } from './content';
import type { Usage } from './usage';

/**
 * An embeddings request (OpenAI's `POST /v1/embeddings`, the format every provider that embeds
 * speaks: OpenAI and OpenAI-compatible servers such as vLLM). It never crosses formats, so the
 * client's body is kept and forwarded with only `model` replaced; the fields here are what
 * routing needs to know of it.
 */
export interface EmbeddingRequest {
  /** Each input is embedded on its own: texts, or token ids. */
  inputs: readonly (string | readonly number[])[];
  /** The vector length asked for (models that can shorten theirs: text-embedding-3, matryoshka models). */
  dimensions?: number;
  /** How the client wants the vectors: numbers, or little-endian float32 bytes in base64. */
  encoding: 'float' | 'base64';
  /** The client's body, forwarded as it came but for `model`. */
  body: Readonly<JsonObject>;
}

/** The vectors a provider sent, as its body (kept for the client) and what Tokenhub reads of it. */
export interface EmbeddingAnswer {
  /** The provider's body, every field it sent; `data[i].embedding` numbers or base64. */
  body: JsonObject;
  /** Number of vectors (one per input). */
  count: number;
  /** The length of the vectors. */
  length: number;
  /** Prompt tokens, as reported (embeddings have no completion). */
  usage?: Usage;
}
