// Issue #11 "Tests": cached reads and writes and reasoning tokens reach an OpenAI-format client
// in OpenAI's own fields, from either provider type, whole and streamed, and the usage sink
// prices each kind of token at its own rate.
import assert from 'node:assert/strict';
import type { UsageRecord } from '../../../src/core/router/ports';
import type { FakeUsage } from '../../fixtures/fakeUpstream/types';
import { TARGETS, startOne, type Target } from './helpers';

/** Prices per 1k tokens: input, output, cache read, cache write (all different, so a mix-up shows). */
const PRICES = { inputCostPer1k: 0.01, outputCostPer1k: 0.03, cacheReadCostPer1k: 0.001, cacheWriteCostPer1k: 0.0125 };

interface Case {
  target: Target;
  reported: FakeUsage;
  /** What the client reads: OpenAI's fields. */
  wire: { prompt_tokens: number; completion_tokens: number; cached_tokens: number; cache_write_tokens?: number; reasoning_tokens: number };
  /** The sink's record. */
  usage: UsageRecord['usage'];
  /** By hand: uncached × input + reads × read price + writes × write price + completion × output. */
  costUsd: number;
}

const CASES: Case[] = [
  {
    target: TARGETS.openai,
    reported: { prompt: 1000, completion: 200, cacheRead: 600, reasoning: 50 },
    wire: { prompt_tokens: 1000, completion_tokens: 200, cached_tokens: 600, reasoning_tokens: 50 },
    usage: { promptTokens: 1000, completionTokens: 200, totalTokens: 1200, cacheReadTokens: 600, reasoningTokens: 50 },
    costUsd: (400 * 0.01 + 600 * 0.001 + 200 * 0.03) / 1000,
  },
  {
    target: TARGETS.anthropic,
    // Anthropic's input_tokens leaves the cache out (100 here); Tokenhub's prompt counts it all.
    reported: { prompt: 1000, completion: 200, cacheRead: 600, cacheWrite: 300, reasoning: 50 },
    wire: { prompt_tokens: 1000, completion_tokens: 200, cached_tokens: 600, cache_write_tokens: 300, reasoning_tokens: 50 },
    usage: { promptTokens: 1000, completionTokens: 200, totalTokens: 1200, cacheReadTokens: 600, cacheWriteTokens: 300, reasoningTokens: 50 },
    costUsd: (100 * 0.01 + 600 * 0.001 + 300 * 0.0125 + 200 * 0.03) / 1000,
  },
];

describe('fidelity: usage and cost', () => {
  for (const { target, reported, wire, usage, costUsd } of CASES) {
    for (const stream of [false, true]) {
      it(`from ${target.type}, ${stream ? 'streamed' : 'whole'}: cache and reasoning tokens in OpenAI's fields, each priced at its rate`, async () => {
        const records: UsageRecord[] = [];
        const api = await startOne(target, { model: PRICES, usage: { record: (entry) => records.push(entry) } });
        try {
          api.fake.reply({ text: 'Cached hello.', usage: reported, ...(target.type === 'anthropic' && { reasoning: { text: 'Short thought.' } }) });
          const messages = [{ role: 'user' as const, content: 'Say hello' }];
          let seen;
          if (stream) {
            const chunks = await api.client.chat.completions.create({ model: 'auto', messages, stream: true, stream_options: { include_usage: true } });
            for await (const chunk of chunks) if (chunk.usage) seen = chunk.usage;
          } else {
            seen = (await api.client.chat.completions.create({ model: 'auto', messages })).usage;
          }
          assert.ok(seen);
          assert.equal(seen.prompt_tokens, wire.prompt_tokens);
          assert.equal(seen.completion_tokens, wire.completion_tokens);
          assert.equal(seen.total_tokens, wire.prompt_tokens + wire.completion_tokens);
          assert.equal(seen.prompt_tokens_details?.cached_tokens, wire.cached_tokens);
          assert.equal((seen.prompt_tokens_details as { cache_write_tokens?: number } | undefined)?.cache_write_tokens, wire.cache_write_tokens);
          assert.equal(seen.completion_tokens_details?.reasoning_tokens, wire.reasoning_tokens);

          assert.equal(records.length, 1);
          assert.deepEqual(records[0]!.usage, usage);
          assert.equal(records[0]!.model.id, target.model.id);
          assert.ok(Math.abs(records[0]!.costUsd - costUsd) < 1e-12, `${records[0]!.costUsd} ≠ ${costUsd}`);
        } finally {
          await api.close();
        }
      });
    }
  }

  it('a cache read costs less than the same tokens uncached: the sink prices by kind, not by total', async () => {
    const records: UsageRecord[] = [];
    const api = await startOne(TARGETS.anthropic, { model: PRICES, usage: { record: (entry) => records.push(entry) } });
    try {
      api.fake.reply({ text: 'a', usage: { prompt: 1000, completion: 10 } }).reply({ text: 'b', usage: { prompt: 1000, completion: 10, cacheRead: 900 } });
      for (let i = 0; i < 2; i++) await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] });
      const [cold, warm] = records;
      assert.equal(cold!.usage.promptTokens, warm!.usage.promptTokens);
      assert.ok(Math.abs(cold!.costUsd - (1000 * 0.01 + 10 * 0.03) / 1000) < 1e-12);
      assert.ok(Math.abs(warm!.costUsd - (100 * 0.01 + 900 * 0.001 + 10 * 0.03) / 1000) < 1e-12);
    } finally {
      await api.close();
    }
  });
});
