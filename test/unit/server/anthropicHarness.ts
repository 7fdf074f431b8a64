// The official @anthropic-ai/sdk against Tokenhub's `POST /v1/messages` over fake upstreams of
// either format: one provider of each kind, and the model to name to reach each.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import type { Capability } from '../../../src/core/model/request';
import { startApi, type ApiHarness, type ApiOptions } from './apiHarness';

/** Which kind of provider a test goes through. */
export type ProviderKind = 'anthropic' | 'openai';

export const KINDS: readonly ProviderKind[] = ['anthropic', 'openai'];

const CAPABILITIES: Capability[] = ['chat', 'tools', 'vision', 'reasoning'];

/** The registry id that reaches each kind (`claude` on the Anthropic fake, `gpt` on the OpenAI one). */
export const MODEL_FOR: Readonly<Record<ProviderKind, string>> = { anthropic: 'claude', openai: 'gpt' };

/** The fake upstream's name for each kind. */
export const UPSTREAM_FOR: Readonly<Record<ProviderKind, string>> = { anthropic: 'ant', openai: 'oai' };

/**
 * An API over an Anthropic fake (`claude`, weight 90: `auto` tries it first) and an OpenAI one
 * (`gpt`, a reasoning model by its name, so the fake takes `reasoning_effort`), or over `only`
 * one of them.
 */
export function startAnthropicApi(options: ApiOptions & { only?: ProviderKind } = {}): Promise<ApiHarness> {
  const { only, ...rest } = options;
  const upstreams = [
    { name: 'ant', dialect: 'anthropic' as const, key: 'sk-ant-upstream' },
    { name: 'oai', dialect: 'openai' as const, key: 'sk-oai-upstream' },
  ].filter((u) => only === undefined || u.name === UPSTREAM_FOR[only]);
  const models = [
    { id: 'claude', provider: 'ant', name: 'claude-sonnet-4-5', weight: 90, capabilities: CAPABILITIES },
    { id: 'gpt', provider: 'oai', name: 'gpt-5-mini', weight: 50, capabilities: CAPABILITIES },
  ].filter((m) => only === undefined || m.provider === UPSTREAM_FOR[only]);
  return startApi(upstreams, models, rest);
}

/** The official client, pointed at Tokenhub with the local token (the SDK sends it as a bearer token). */
export function anthropicClient(api: Pick<ApiHarness, 'url' | 'token'>, options: ConstructorParameters<typeof Anthropic>[0] = {}): Anthropic {
  return new Anthropic({ apiKey: api.token, baseURL: api.url, maxRetries: 0, ...options });
}

/** A real PNG from the fixtures, base64-encoded (the fakes check the bytes match the media type). */
export const RED_PNG = readFileSync(join(__dirname, '../../fixtures/images/red.png')).toString('base64');

/** Two tools for the parallel-call loop. */
export const FILE_TOOLS: Anthropic.Tool[] = [
  { name: 'read_file', description: 'Read a file.', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  { name: 'list_dir', description: 'List a folder.', input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
];

/** SSE text → its events, each `{ event, data }` with `data` parsed. */
export function sseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
