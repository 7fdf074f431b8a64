import type { ModelRequest } from '../../model/request';
import type { ModelEntry } from '../../registry/model';
import type { TokenEstimator } from '../../tokens/estimator';
import type { LanguageModelMessage } from './request';
import { languageModelRequest } from './request';

/**
 * `provideTokenCount`: the tokens of a text, or of one message with its framing, by the same
 * estimator the router sizes prompts with, for `model`'s family: exact with OpenAI's encodings, the
 * calibrated proxy count for Anthropic and open models, images by each family's own rule. A
 * message's count includes what the router adds per request (its framing and the reply's priming),
 * so counts summed over a conversation err on the side of a prompt that fits.
 */
export function languageModelTokenCount(estimator: TokenEstimator, model: ModelEntry, input: string | LanguageModelMessage): number {
  const request: ModelRequest = typeof input === 'string' ? { kind: 'completion', prompt: input } : languageModelRequest([input], {}).request;
  return estimator.count(request, model).tokens;
}
