import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ModelFieldRewriter } from '../../../src/core/surfaces/modelField';

const chunk = (extra: Record<string, unknown>) => JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_1', ...extra });

describe('pass-through model field', () => {
  it('swaps the model of every chunk and keeps every other byte', () => {
    const rewriter = new ModelFieldRewriter('best');
    for (const extra of [{ choices: [{ index: 0, delta: { content: 'Hi' } }] }, { choices: [], usage: { prompt_tokens: 1 } }, { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] } }] }]) {
      const out = rewriter.rewrite(chunk(extra));
      assert.deepEqual(JSON.parse(out), { ...JSON.parse(chunk(extra)), model: 'best' });
      assert.equal(out.length, chunk(extra).length - 'gpt-4o-2024-08-06'.length + 'best'.length);
    }
  });

  it('is right for any chunk, learnt or not (a model name with quotes, members in another order, a model inside content)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.boolean(), (upstream, id, content, modelFirst) => {
        const rewriter = new ModelFieldRewriter('reg/id"x');
        const body = modelFirst
          ? { model: upstream, id, choices: [{ delta: { content } }] }
          : { id, choices: [{ delta: { content: `"model":"${content}` } }], model: upstream };
        for (let i = 0; i < 2; i++) {
          const out = rewriter.rewrite(JSON.stringify(body));
          assert.deepEqual(JSON.parse(out), { ...body, model: 'reg/id"x' });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leaves chunks without a model, and text that is not JSON, as they are', () => {
    const rewriter = new ModelFieldRewriter('best');
    assert.equal(rewriter.rewrite('{"choices":[]}'), '{"choices":[]}');
    assert.equal(rewriter.rewrite('not json'), 'not json');
  });
});
