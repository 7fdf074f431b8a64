// Shared pieces of the end-to-end fidelity tests (issue #11 "Tests"): one provider of each type
// behind a real Tokenhub API, the tools the clients run, and readers for what the fakes recorded.
import type { Capability } from '../../../src/core/model/request';
import type { Dialect } from '../../fixtures/fakeUpstream/types';
import type { ModelSpec, UpstreamSpec } from '../router/harness';
import { startApi, type ApiHarness, type ApiOptions } from '../server/apiHarness';

/** Everything a model can do (a request's needs are then always met). */
export const EVERY_CAPABILITY: Capability[] = ['chat', 'completion', 'tools', 'vision', 'json', 'reasoning'];

/** One provider of a type, with one model on it that can do everything. */
export interface Target {
  type: Dialect;
  upstream: UpstreamSpec;
  model: ModelSpec;
}

/**
 * The provider types the tests run against. Anthropic's model name reads as Claude Sonnet 4.5
 * (structured outputs, budget thinking: formats/anthropic/requestPlan.ts).
 */
export const TARGETS: Record<Dialect, Target> = {
  openai: {
    type: 'openai',
    upstream: { name: 'oa', dialect: 'openai', key: 'sk-oa-test' },
    model: { id: 'gpt', provider: 'oa', name: 'gpt-4o', weight: 80, capabilities: EVERY_CAPABILITY },
  },
  anthropic: {
    type: 'anthropic',
    upstream: { name: 'an', dialect: 'anthropic', key: 'sk-an-test' },
    model: { id: 'claude', provider: 'an', name: 'claude-sonnet-4-5', weight: 80, capabilities: EVERY_CAPABILITY },
  },
  vllm: {
    type: 'vllm',
    upstream: { name: 'vl', dialect: 'vllm' },
    model: { id: 'qwen', provider: 'vl', name: 'Qwen/Qwen3-8B', weight: 80, capabilities: EVERY_CAPABILITY },
  },
};

/** The two formats every test crosses: same-format pass-through and translation. */
export const BOTH: Target[] = [TARGETS.openai, TARGETS.anthropic];

/** A Tokenhub API with one provider of the target's type; `up` is that provider's fake. */
export async function startOne(target: Target, options: ApiOptions & { model?: Partial<ModelSpec> } = {}): Promise<ApiHarness & { fake: ApiHarness['up'][string] }> {
  const api = await startApi([target.upstream], [{ ...target.model, ...options.model }], options);
  return Object.assign(api, { fake: api.up[target.upstream.name]! });
}

type Json = Record<string, unknown>;

/** The recorded request body as an object. */
export function bodyOf(request: { body: unknown }): Json {
  return request.body as Json;
}

/** The messages of a recorded request. */
export function messagesOf(request: { body: unknown }): Json[] {
  return (bodyOf(request).messages as Json[] | undefined) ?? [];
}

/** The weather function the tool loops run, with what it was called with. */
export function weatherTool(calls: unknown[] = []) {
  return {
    type: 'function' as const,
    function: {
      name: 'get_weather',
      description: 'The weather in a city.',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      parse: (input: string) => JSON.parse(input) as { city: string },
      function: (args: { city: string }) => {
        calls.push(args);
        return `sunny in ${args.city}`;
      },
    },
  };
}

/** `count` tools named `tool_0`…, each with one string parameter. */
export function manyTools(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'function' as const,
    function: { name: `tool_${i}`, description: `Tool number ${i}.`, parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  }));
}

/** An SSE body split into its `data:` payloads (`[DONE]` included). */
export function sseData(body: string): string[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
}
