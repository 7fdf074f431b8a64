import type { EmbeddingRequest } from '../model/embedding';
import type { FieldIssue } from '../model/fields';
import type { Capability, ModelRequest } from '../model/request';
import { needs } from '../model/request';
import type { ModelEntry } from '../registry/model';
import type { PromptSizer, RouterProvider } from './ports';

/**
 * What the router's one candidate loop (select → attempt → classify → escalate) needs to know of
 * a request, whatever its kind: a chat or completion request, or an embeddings request.
 */
export interface Job {
  /** The capabilities a candidate must have; the first orders the ranking. */
  required: readonly Capability[];
  /** Completion tokens to reserve in the context. */
  completionTokens: number;
  /** What the provider's format leaves out (`drop`) or cannot honour (`refuse`) for this model. */
  issues(provider: RouterProvider, model: ModelEntry): readonly FieldIssue[];
  /** Whether the prompt (and the completion) fit the model, and the prompt's size. */
  fits(model: ModelEntry): { fits: boolean; promptTokens: number };
  /**
   * Which candidates may follow the anchor (the model the client named, else the first one
   * tried) at all; absent: every one.
   */
  follows?(first: ModelEntry, next: ModelEntry): boolean;
}

/** A chat or completion request: the capabilities its content uses, its provider's format, its size. */
export function chatJob(request: ModelRequest, sizer: PromptSizer): Job {
  const completionTokens = request.maxTokens ?? 0;
  return {
    required: needs(request),
    completionTokens,
    issues: (provider, model) => provider.adapter.check(model.name, request),
    fits: (model) => sizer.fits(request, model, completionTokens),
  };
}

/**
 * An embeddings request. Candidates are models with `embedding` whose provider embeds (OpenAI
 * and OpenAI-compatible servers; Anthropic has no embeddings API) and whose vectors can be as
 * long as `dimensions` asks. Each input must fit the model's context on its own; the prompt size
 * is all of them. Escalation goes only to models that make the same vectors: vectors of two
 * models are never comparable, whatever their length (an index of text-embedding-3-small
 * vectors searched with text-embedding-ada-002 ones, both 1536 long, returns nonsense without an
 * error), and vectors of another length are refused by every vector store. So after the model
 * the client named (or, for `auto`, the first one tried) come only models of the same provider
 * model name and the same length: the same model at another provider (a second account, a
 * second server).
 */
export function embeddingJob(request: EmbeddingRequest, sizer: PromptSizer): Job {
  const texts = request.inputs.filter((input): input is string => typeof input === 'string');
  const tokenLists = request.inputs.filter((input): input is readonly number[] => typeof input !== 'string');
  const longest = texts.reduce((best, text) => (text.length > best.length ? text : best), '');
  // Requests for the sizer, made once: it caches its measure of each by identity.
  const longestText: ModelRequest = { kind: 'completion', prompt: longest };
  const allText: ModelRequest = { kind: 'completion', prompt: texts.join('\n') };
  const longestTokens = Math.max(0, ...tokenLists.map((list) => list.length));
  const tokens = tokenLists.reduce((sum, list) => sum + list.length, 0);
  return {
    required: ['embedding'],
    completionTokens: 0,
    issues: (provider, model) => {
      if (!provider.adapter.embed) return [{ field: 'embeddings', action: 'refuse', reason: `${provider.type} providers have no embeddings API` }];
      const most = model.embeddingDimensions;
      if (request.dimensions !== undefined && most !== undefined && request.dimensions > most) {
        return [{ field: 'dimensions', action: 'refuse', reason: `${model.id} makes vectors of at most ${most} dimensions` }];
      }
      return [];
    },
    fits: (model) => {
      const promptTokens = (texts.length > 0 ? sizer.estimate(allText, model) : 0) + tokens;
      const fits = longestTokens <= model.contextSize && (texts.length === 0 || sizer.fits(longestText, model, 0).fits);
      return { fits, promptTokens };
    },
    follows: (first, next) => next.name === first.name && vectorLength(next, request) === vectorLength(first, request),
  };
}

/** The length of the vectors a model makes for the request (unknown when neither says). */
function vectorLength(model: ModelEntry, request: EmbeddingRequest): number | undefined {
  return request.dimensions ?? model.embeddingDimensions;
}
