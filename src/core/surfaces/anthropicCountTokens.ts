import type { IncomingHttpHeaders } from 'node:http';
import { TokenhubError } from '../base/errors';
import type { Decoded } from '../formats/codec';
import { decoded } from '../formats/codec';
import { decodeCountTokensRequest } from '../formats/anthropic/decodeRequest';
import { encodeCountTokensResponse } from '../formats/anthropic/response';
import type { ModelRequest, WireFormat } from '../model/request';
import type { ModelEntry } from '../registry/model';
import type { RouteRequest } from '../router/types';
import type { ApiError } from '../server/httpError';
import { anthropicErrorBody, anthropicErrorStatus } from './anthropicErrors';
import { clientHeaders } from './anthropicMessages';
import type { LocalSurface } from './surface';

/** What counting needs: the model a request would go to first, and the estimator's count for it. */
export interface TokenCountingPorts {
  router: { firstCandidate(route: RouteRequest): ModelEntry | undefined };
  estimator: { count(request: ModelRequest, model: ModelEntry): { tokens: number; exact: boolean } };
}

/**
 * `POST /v1/messages/count_tokens`: the prompt's tokens for the model the request would be
 * tried on first (the named model, an alias's target, or the router's first choice for `auto`),
 * counted by Tokenhub without calling a provider. Exact where Tokenhub has the model's tokenizer
 * (OpenAI's model families); elsewhere (Claude, open models on vLLM) an estimate, corrected by
 * the usage providers have reported. The header `x-tokenhub-count` says which (`exact` or
 * `estimate`), and `x-tokenhub-model` for which model.
 */
export class AnthropicCountTokensSurface implements LocalSurface {
  readonly format: WireFormat = 'anthropic-messages';
  readonly local = true as const;

  constructor(private readonly ports: TokenCountingPorts) {}

  answer(body: unknown, headers: IncomingHttpHeaders): Decoded<{ body: string; headers: Record<string, string> }> {
    const result = decodeCountTokensRequest(body, clientHeaders(headers));
    if (!result.ok) return result;
    const request = result.value;
    const model = this.ports.router.firstCandidate({ request, model: (body as { model: string }).model });
    if (!model) throw new TokenhubError('unavailable', 'No configured model takes a chat: add one to the models list.', { status: 503 });
    const { tokens, exact } = this.ports.estimator.count(request, model);
    return decoded({
      body: JSON.stringify(encodeCountTokensResponse(tokens)),
      headers: { 'x-tokenhub-model': model.id, 'x-tokenhub-count': exact ? 'exact' : 'estimate' },
    });
  }

  error(error: ApiError): string {
    return anthropicErrorBody(error);
  }

  errorStatus(error: ApiError): number {
    return anthropicErrorStatus(error);
  }
}
