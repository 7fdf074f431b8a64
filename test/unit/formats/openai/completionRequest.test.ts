import assert from 'node:assert/strict';
import { checkCompletionRequest, decodeCompletionRequest, encodeCompletionRequest } from '../../../../src/core/formats/openai/completionRequest';
import type { CompletionRequest } from '../../../../src/core/model/request';

describe('formats/openai: legacy completions', () => {
  it('reads a prompt string or an array of one, the sampling fields, and logprobs as a count', () => {
    const result = decodeCompletionRequest({ model: 'gpt-3.5-turbo-instruct', prompt: ['Say this is a test'], max_tokens: 7, temperature: 0, logprobs: 2, stop: '\n' });
    assert.ok(result.ok);
    const { origin, ...request } = result.value;
    assert.deepEqual(request, { kind: 'completion', prompt: 'Say this is a test', maxTokens: 7, temperature: 0, logprobs: true, topLogprobs: 2, stop: ['\n'] });
    assert.equal(origin!.format, 'openai-completions');
    assert.deepEqual(origin!.untranslated, []);
  });

  it('names echo, suffix and best_of, each by what it would do elsewhere', () => {
    const result = decodeCompletionRequest({ prompt: 'x', echo: true, suffix: 'end', best_of: 3, stream_options: { include_usage: true } });
    assert.ok(result.ok);
    assert.deepEqual(result.value.origin!.untranslated.map((issue) => `${issue.field}:${issue.action}`), ['echo:refuse', 'suffix:refuse', 'best_of:drop']);
    const harmless = decodeCompletionRequest({ prompt: 'x', echo: false, suffix: null, best_of: 1 });
    assert.ok(harmless.ok);
    assert.deepEqual(harmless.value.origin!.untranslated, []);
  });

  const cases: [string, unknown, string][] = [
    ['a body that is not an object', 'x', ''],
    ['a missing prompt', { max_tokens: 3 }, 'prompt'],
    ['several prompts', { prompt: ['a', 'b'] }, 'prompt'],
    ['token prompts', { prompt: [1, 2] }, 'prompt'],
    ['logprobs over 5', { prompt: 'x', logprobs: 6 }, 'logprobs'],
    ['logprobs as a boolean', { prompt: 'x', logprobs: true }, 'logprobs'],
    ['a zero max_tokens', { prompt: 'x', max_tokens: 0 }, 'max_tokens'],
  ];
  for (const [name, body, param] of cases) {
    it(`refuses ${name}, naming "${param || 'the body'}"`, () => {
      const result = decodeCompletionRequest(body);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.problem.param, param);
    });
  }

  it('passes a completion body through with only model, stream and stream_options replaced', () => {
    const body = { model: 'auto', prompt: 'x', max_tokens: 5, echo: true, min_p: 0.1, x_tokenhub: { escalate: false } };
    const result = decodeCompletionRequest(body);
    assert.ok(result.ok);
    const target = { model: 'Qwen/Qwen3-8B', stream: true, dialect: 'vllm' as const };
    assert.deepEqual(encodeCompletionRequest(result.value, target), {
      body: { model: 'Qwen/Qwen3-8B', prompt: 'x', max_tokens: 5, echo: true, min_p: 0.1, stream: true, stream_options: { include_usage: true } },
      issues: [],
    });
  });

  it('encodes from the model: logprobs as a count, top_k for vLLM only', () => {
    const request: CompletionRequest = { kind: 'completion', prompt: 'x', maxTokens: 9, logprobs: true, topLogprobs: 3, topK: 5, n: 2 };
    const openai = encodeCompletionRequest(request, { model: 'gpt-3.5-turbo-instruct', stream: false, dialect: 'openai' });
    assert.deepEqual(openai.body, { model: 'gpt-3.5-turbo-instruct', prompt: 'x', max_tokens: 9, n: 2, logprobs: 3, stream: false });
    assert.deepEqual(openai.issues.map((issue) => issue.field), ['top_k']);
    assert.deepEqual(checkCompletionRequest(request, 'openai'), openai.issues);
    const vllm = encodeCompletionRequest(request, { model: 'm', stream: false, dialect: 'vllm' });
    assert.equal(vllm.body.top_k, 5);
    assert.deepEqual(vllm.issues, []);
  });
});
