import assert from 'node:assert/strict';
import { isContextOverflow, parseOverflow } from '../../../src/core/providers/common/overflow';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect, OverflowDialect } from '../../fixtures/fakeUpstream/types';
import { adapterFor, attempt, chat, collect, rejectsWith } from './helpers';

/** Each dialect the fakes speak, the upstream that sends it, and what the message states. */
const DIALECTS: { overflow: OverflowDialect; via: Dialect; limit?: boolean; requested?: number; status: number }[] = [
  { overflow: 'openai', via: 'openai', limit: true, requested: 9000, status: 400 },
  { overflow: 'openai_requested', via: 'openai', limit: true, requested: 9000, status: 400 },
  { overflow: 'openai_invalid_request', via: 'openai', limit: true, requested: 9000, status: 400 },
  { overflow: 'anthropic_prompt', via: 'anthropic', limit: true, requested: 9000, status: 400 },
  { overflow: 'anthropic_max_tokens', via: 'anthropic', limit: true, requested: 9000, status: 400 },
  { overflow: 'anthropic_413', via: 'anthropic', limit: false, status: 413 },
  { overflow: 'vllm_legacy', via: 'vllm', limit: true, requested: 9000, status: 400 },
  { overflow: 'vllm_current', via: 'vllm', limit: true, requested: 9000, status: 400 },
  { overflow: 'tgi', via: 'vllm', limit: true, requested: 9000, status: 422 },
  { overflow: 'llamacpp', via: 'vllm', limit: true, requested: 9000, status: 400 },
  { overflow: 'unknown_longer', via: 'vllm', limit: true, requested: 9000, status: 400 },
  { overflow: 'unknown_exceeds', via: 'openai', limit: true, requested: 9000, status: 400 },
];

describe('context overflow through the adapters', () => {
  for (const { overflow, via, limit, requested, status } of DIALECTS) {
    it(`${overflow} (from a ${via} upstream) → context_length${limit ? ' with limit and size' : ''}`, async () => {
      const up = await startFakeUpstream({ dialect: via });
      const adapter = adapterFor(up);
      try {
        up.fail('overflow', { overflow, limit: 8192, requested: 9000 }).fail('overflow', { overflow, limit: 8192, requested: 9000 });
        const error = await rejectsWith(adapter.send('m', chat(), attempt().context), 'context_length');
        assert.equal(error.status, status);
        assert.equal(error.contextLimit, limit ? 8192 : undefined);
        assert.equal(error.requestedTokens, requested);
        // The same before a stream starts.
        const streamed = await rejectsWith(collect(adapter.stream('m', chat(), attempt().context)), 'context_length');
        assert.equal(streamed.contextLimit, error.contextLimit);
      } finally {
        await adapter.close();
        await up.close();
      }
    });
  }
});

describe('overflow matcher (pure), phrasings never seen by the fakes', () => {
  const unseen: [string, number | undefined, number | undefined][] = [
    ['The input (12000 tokens) is longer than the model\'s context length (8192 tokens).', 8192, 12000],
    ['prompt length 9000 exceeds max model len 8192', 8192, 9000],
    ['Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 500 `max_new_tokens`', 4096, 4500],
    ['the request exceeds the available context size, try increasing it', undefined, undefined],
    ['The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure that `max_model_len` is no smaller than the number of text tokens.', 8192, 9000],
    ['Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length', 32768, 40000],
    ['The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).', 1048576, 1200000],
    ['Trying to keep the first 5000 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.', 4096, 5000],
    ["'max_tokens' or 'max_completion_tokens' is too large: 5000. This model's maximum context length is 4096 tokens and your request has 100 input tokens (5000 > 4096 - 100).", 4096, 5100],
    ['Requested token count exceeds the model\'s maximum context length of 131072 tokens. You requested a total of 140000 tokens.', 131072, 140000],
    ['Input is too long for requested model.', undefined, undefined],
    ['This request would exceed the context window of 200,000 tokens (prompt: 210,512 tokens).', 200000, 210512],
    ['Context length exceeded: 33000 > 32768', 32768, 33000],
    ['input length exceeds maximum context length', undefined, undefined],
  ];
  for (const [message, limit, requested] of unseen) {
    it(`recognises “${message.slice(0, 60)}…”`, () => {
      assert.equal(isContextOverflow(message), true);
      const facts = parseOverflow(message);
      assert.equal(facts.contextLimit, limit, 'limit');
      assert.equal(facts.requestedTokens, requested, 'requested');
    });
  }

  const notOverflow = [
    'max_tokens is too large: 10000. This model supports at most 4096 completion tokens, whereas you provided 10000.',
    'Rate limit reached for gpt-4 in organization org-x on tokens per min (TPM): Limit 10000, Used 9000, Requested 2000.',
    'Request too large for gpt-4-turbo in organization org-x on tokens per min (TPM): Limit 30000, Requested 36014. The input or output tokens must be reduced in order to run successfully.',
    "Invalid value for 'temperature': must be between 0 and 2.",
    'max_tokens: 300000 > 64000, which is the maximum allowed number of output tokens for claude-x',
    'max_tokens must be less than or equal to 4096',
    'messages: roles must alternate between "user" and "assistant"',
    'The model `gpt-9` does not exist or you do not have access to it.',
  ];
  for (const message of notOverflow) {
    it(`does not take “${message.slice(0, 60)}…” for overflow`, () => {
      assert.equal(isContextOverflow(message), false);
    });
  }

  it('trusts the codes whatever the text', () => {
    assert.equal(isContextOverflow('whatever', 'context_length_exceeded'), true);
    assert.equal(isContextOverflow(undefined, undefined, 'exceed_context_size_error'), true);
  });
});
