import type { AdversarialEvent } from '../../../src/core/orchestrator/events';
import type { RecordedRequest } from '../../fixtures/fakeUpstream/types';
import { harness, type Harness, type ModelSpec, type UpstreamSpec } from '../router/harness';

export const KEY_A = 'sk-test-alpha-0123456789';
export const KEY_B = 'sk-ant-test-bravo-0123456789';

const A: UpstreamSpec = { name: 'a', dialect: 'openai', key: KEY_A };
const B: UpstreamSpec = { name: 'b', dialect: 'anthropic', key: KEY_B };
const C: UpstreamSpec = { name: 'c', dialect: 'vllm' };

const alpha: ModelSpec = { id: 'alpha', provider: 'a', name: 'gpt-4o', weight: 90 };
const alpha2: ModelSpec = { id: 'alpha2', provider: 'a', name: 'gpt-4o-mini', weight: 85 };
const bravo: ModelSpec = { id: 'bravo', provider: 'b', name: 'claude-sonnet-4-5', weight: 80 };
const charlie: ModelSpec = { id: 'charlie', provider: 'c', name: 'qwen3-coder', weight: 70 };

/**
 * Two providers; provider a has two models that both outrank b's, so a critic chosen by rank
 * alone would land on the planner's provider.
 */
export const duo = (): Promise<Harness> => harness([A, B], [alpha, alpha2, bravo]);

/** One provider with two models. */
export const solo = (): Promise<Harness> => harness([A], [alpha, alpha2]);

/** Three providers, one model each, ranked a > b > c. */
export const trio = (): Promise<Harness> => harness([A, B, C], [alpha, bravo, charlie]);

/** Two providers, one model each. */
export const pair = (): Promise<Harness> => harness([A, B], [alpha, bravo]);

/** Everything the run yields, in order. */
export async function collect(events: AsyncIterable<AdversarialEvent>): Promise<AdversarialEvent[]> {
  const seen: AdversarialEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** `phase_start:plan`-style labels, deltas folded into one per phase, for order assertions. */
export function outline(events: readonly AdversarialEvent[]): string[] {
  const labels: string[] = [];
  for (const event of events) {
    const label = 'phase' in event && event.phase ? `${event.type}:${event.phase}` : event.type;
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  return labels;
}

/** Every piece of text a recorded request sent to the model (system and messages, any dialect). */
export function sentText(request: RecordedRequest): string {
  const body = request.body as { system?: unknown; messages?: Array<{ content: unknown }> };
  const parts = [typeof body.system === 'string' ? body.system : JSON.stringify(body.system ?? '')];
  for (const message of body.messages ?? []) parts.push(typeof message.content === 'string' ? message.content : JSON.stringify(message.content));
  return parts.join('\n');
}

/** The completion limit a recorded request asked for, whatever the field's name. */
export function sentMaxTokens(request: RecordedRequest): number | undefined {
  const body = request.body as { max_tokens?: number; max_completion_tokens?: number };
  return body.max_tokens ?? body.max_completion_tokens;
}
