import { DEFAULT_ROUTING, DEFAULT_SERVER, DEFAULT_VAULT, type RoutingConfig, type TokenhubConfig } from '../../../src/core/config/types';
import { textMessage } from '../../../src/core/model/content';
import type { ModelEntry } from '../../../src/core/registry/model';
import type { UsageRecord } from '../../../src/core/router/ports';
import { Tokenhub } from '../../../src/core/tokenhub';
import { startFakeUpstream, type FakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect } from '../../fixtures/fakeUpstream/types';

/** A provider backed by a fake upstream on loopback. */
export interface UpstreamSpec {
  name: string;
  dialect: Dialect;
  /** The key the fake accepts and the key source hands out; omit for none. */
  key?: string;
}

export type ModelSpec = Pick<ModelEntry, 'id' | 'provider'> & Partial<ModelEntry>;

/** A real Tokenhub (registry, estimator, undici adapters, router) over fake upstreams. */
export interface Harness {
  tokenhub: Tokenhub;
  up: Record<string, FakeUpstream>;
  keys: Map<string, string>;
  usage: UsageRecord[];
  close(): Promise<void>;
}

export function model(spec: ModelSpec): ModelEntry {
  return {
    name: spec.id,
    weight: 50,
    costPer1k: 0.001,
    contextSize: 128_000,
    capabilities: ['chat', 'completion'],
    ...spec,
  };
}

export async function harness(upstreams: UpstreamSpec[], models: ModelSpec[], routing: Partial<RoutingConfig> = {}): Promise<Harness> {
  const up: Record<string, FakeUpstream> = {};
  const keys = new Map<string, string>();
  for (const spec of upstreams) {
    up[spec.name] = await startFakeUpstream({ dialect: spec.dialect, ...(spec.key ? { apiKey: spec.key } : {}) });
    if (spec.key) keys.set(spec.name, spec.key);
  }
  const config: TokenhubConfig = {
    server: { ...DEFAULT_SERVER },
    vault: { ...DEFAULT_VAULT },
    routing: { ...DEFAULT_ROUTING, ...routing },
    providers: upstreams.map((u) => ({ name: u.name, type: u.dialect, baseUrl: up[u.name]!.url })),
    models: models.map(model),
    modelAliases: {},
    fieldPolicy: {},
  };
  const usage: UsageRecord[] = [];
  const tokenhub = new Tokenhub(config, {
    keys: { get: async (name) => keys.get(name) },
    usage: { record: (entry) => usage.push(entry) },
  });
  return {
    tokenhub,
    up,
    keys,
    usage,
    async close() {
      await tokenhub.close();
      await Promise.all(Object.values(up).map((u) => u.close()));
    },
  };
}

export const ask = (text = 'Say hello', maxTokens = 50) => ({
  request: { kind: 'chat' as const, messages: [textMessage('user', text)], maxTokens },
});
