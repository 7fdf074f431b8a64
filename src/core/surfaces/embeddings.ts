import type { Decoded } from '../formats/codec';
import { decoded, isJsonObject } from '../formats/codec';
import { decodeEmbeddingRequest, encodeEmbeddingAnswer } from '../formats/openai/embeddings';
import type { JsonObject } from '../model/content';
import type { EmbeddingRequest } from '../model/embedding';
import type { EmbedResult } from '../router/types';

/** Tokenhub's own request field, never forwarded: `{ "escalate": false }` asks for the named model only. */
const OWN_FIELD = 'x_tokenhub';

/** A parsed embeddings call. */
export interface EmbeddingsCall {
  request: EmbeddingRequest;
  /** The model the client named (`auto` or absent lets the router choose). */
  model: string | undefined;
  escalate: boolean;
}

/**
 * `POST /v1/embeddings` (DESIGN.md "Local HTTP API"): OpenAI's embeddings format, routed among
 * models with `embedding` (Router.embed). The body goes to the provider as it came, but for
 * `model` and Tokenhub's own `x_tokenhub`; the provider's answer comes back as it came, with the
 * registry id as `model`. Errors are OpenAI's shape (the server's default).
 */
export class EmbeddingsSurface {
  parse(body: unknown): Decoded<EmbeddingsCall> {
    const result = decodeEmbeddingRequest(body);
    if (!result.ok) return result;
    const raw = body as JsonObject;
    const request = result.value;
    const own = raw[OWN_FIELD];
    if (Object.hasOwn(raw, OWN_FIELD)) {
      const { [OWN_FIELD]: _own, ...forwarded } = raw;
      request.body = forwarded;
    }
    return decoded({ request, model: typeof raw.model === 'string' ? raw.model : undefined, escalate: !(isJsonObject(own) && own.escalate === false) });
  }

  answer(result: EmbedResult, call: EmbeddingsCall): string {
    return JSON.stringify(encodeEmbeddingAnswer(result.answer, call.request, result.model.id));
  }
}
