// Issue #11 "Tests": escalation inside a tool loop. The first provider fails before its first
// tool-call fragment, the next tools-capable model answers with the call, the loop completes;
// a model without `tools` is never tried, however it ranks.
import assert from 'node:assert/strict';
import { ChatCompletionStreamingRunner } from 'openai/lib/ChatCompletionStreamingRunner';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { lastToolResults } from '../../fixtures/fakeUpstream/inspect';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import type { FailureSpec } from '../../fixtures/fakeUpstream/types';
import { startApi, type ApiHarness } from '../server/apiHarness';
import { EVERY_CAPABILITY, TARGETS, bodyOf, messagesOf, sseData, weatherTool } from './helpers';

const ASK: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];

/** An OpenAI model first, Claude next, and above both a vLLM model that cannot call tools. */
function loopApi(): Promise<ApiHarness> {
  return startApi(
    [TARGETS.openai.upstream, TARGETS.anthropic.upstream, TARGETS.vllm.upstream],
    [
      { ...TARGETS.openai.model, weight: 90 },
      { ...TARGETS.anthropic.model, weight: 60 },
      { ...TARGETS.vllm.model, id: 'textonly', weight: 99, capabilities: EVERY_CAPABILITY.filter((c) => c !== 'tools') },
    ],
    { routing: { firstTokenTimeoutMs: 400, idleTimeoutMs: 400 } },
  );
}

const FAILURES: [string, Omit<FailureSpec, 'fail'> & { fail: FailureSpec['fail'] }, boolean[]][] = [
  ['a 500', { fail: 'server_error' }, [false, true]],
  ['a rate limit', { fail: 'rate_limit', retryAfter: 1 }, [false, true]],
  ['an error event before any content', { fail: 'stream_error', afterChunks: 0 }, [true]],
  ['a stream that stalls before any content (first-token timeout)', { fail: 'stall', afterChunks: 0 }, [true]],
  ['an upstream that never answers (first-token timeout)', { fail: 'hang' }, [false, true]],
];

describe('fidelity: escalation inside a tool loop', () => {
  for (const [what, failure, modes] of FAILURES) {
    for (const stream of modes) {
      it(`after ${what} before the first tool-call fragment, Claude answers with the call and the loop completes (${stream ? 'streamed' : 'whole'})`, async () => {
        const api = await loopApi();
        try {
          const { fail, ...spec } = failure;
          api.up.oa!.fail(fail, spec).setDefault(callThenAnswer());
          api.up.an!.setDefault(callThenAnswer());
          const calls: unknown[] = [];
          const runner = stream
            ? api.client.chat.completions.runTools({ model: 'auto', messages: ASK, tools: [weatherTool(calls)], stream: true })
            : api.client.chat.completions.runTools({ model: 'auto', messages: ASK, tools: [weatherTool(calls)] });
          if (runner instanceof ChatCompletionStreamingRunner) runner.on('chunk', () => undefined);
          assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
          assert.deepEqual(calls, [{ city: 'Paris' }]);
          // Turn 1: OpenAI failed, Claude called the tool; turn 2 went back to OpenAI (no cool-down
          // here, or to Claude after a rate limit), carrying Claude's call id and the result.
          assert.equal(lastToolResults(api.up.an!.requests[0]!).length, 0, 'Claude got turn 1');
          const answering = [...api.up.oa!.requests.slice(1), ...api.up.an!.requests.slice(1)];
          assert.equal(answering.length, 1);
          const results = lastToolResults(answering[0]!);
          assert.equal(results[0]!.text, 'sunny in Paris');
          assert.match(results[0]!.callId, /^toolu_/);
          assert.equal(api.up.vl!.requests.length, 0, 'the model without tools was never tried');
        } finally {
          await api.close();
        }
      });
    }
  }

  it('says so in the headers: the failed model in x-tokenhub-escalations, the model without tools nowhere', async () => {
    const api = await loopApi();
    try {
      api.up.oa!.fail('server_error');
      api.up.an!.setDefault(callThenAnswer());
      const { response, data } = await api.client.chat.completions.create({ model: 'auto', messages: ASK, tools: [weatherTool()] }).withResponse();
      assert.equal(response.headers.get('x-tokenhub-model'), 'claude');
      assert.equal(response.headers.get('x-tokenhub-attempts'), '2');
      assert.equal(response.headers.get('x-tokenhub-escalations'), 'gpt:server');
      assert.equal(data.choices[0]!.finish_reason, 'tool_calls');
      // A plain question may still go to the text-only model, which ranks first.
      const plain = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
      assert.equal(plain.response.headers.get('x-tokenhub-model'), 'textonly');
    } finally {
      await api.close();
    }
  });

  it('when every tools-capable provider fails, the client gets the trail, and the text-only model is still not tried', async () => {
    const api = await loopApi();
    try {
      api.up.oa!.setDefault({ fail: 'server_error' });
      api.up.an!.setDefault({ fail: 'overloaded' });
      await assert.rejects(api.client.chat.completions.create({ model: 'auto', messages: ASK, tools: [weatherTool()] }), (error: { status?: number; message?: string }) => {
        assert.equal(error.status, 502);
        assert.match(error.message ?? '', /gpt \(oa\): server/);
        assert.match(error.message ?? '', /claude \(an\): overloaded/);
        assert.doesNotMatch(error.message ?? '', /textonly/);
        return true;
      });
      assert.equal(api.up.vl!.requests.length, 0);
    } finally {
      await api.close();
    }
  });

  it('a tool loop that moves from OpenAI to Claude with reasoning asked leaves thinking out (no signed turn to continue) and names it', async () => {
    const api = await loopApi();
    try {
      api.up.an!.setDefault(callThenAnswer());
      // Turn 1 was answered by OpenAI (its call id); Claude now continues a loop it holds no
      // thinking for (named here: gpt-4o would refuse reasoning_effort before failing over).
      const messages: ChatCompletionMessageParam[] = [
        ...ASK,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_8WbkQ2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_8WbkQ2', content: 'sunny in Paris' },
      ];
      for (const stream of [false, true]) {
        const answer = await fetch(`${api.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude', messages, tools: [weatherTool()], reasoning_effort: 'low', stream }),
        });
        const text = await answer.text();
        assert.equal(answer.status, 200, text);
        assert.equal(answer.headers.get('x-tokenhub-model'), 'claude');
        assert.equal(answer.headers.get('x-tokenhub-dropped'), 'thinking');
        type Choice = { message?: { content: string }; delta?: { content?: string } };
        const content = stream
          ? sseData(text)
              .filter((data) => data !== '[DONE]')
              .map((data) => (JSON.parse(data) as { choices: Choice[] }).choices[0]?.delta?.content ?? '')
              .join('')
          : (JSON.parse(text) as { choices: Choice[] }).choices[0]!.message!.content;
        assert.equal(content, 'The tool said: sunny in Paris.');
        const body = bodyOf(api.up.an!.last);
        assert.equal(body.thinking, undefined, 'Anthropic would refuse thinking here');
        const assistant = messagesOf(api.up.an!.last).find((m) => m.role === 'assistant')!;
        assert.deepEqual((assistant.content as { type: string }[]).map((b) => b.type), ['tool_use']);
      }
    } finally {
      await api.close();
    }
  });

  it('signed thinking from Claude is not sent to OpenAI when the loop moves there', async () => {
    const api = await loopApi();
    try {
      // Turn 1: OpenAI fails, Claude thinks and calls; turn 2 goes back to OpenAI.
      api.up.oa!.fail('server_error').setDefault(callThenAnswer());
      api.up.an!.setDefault(callThenAnswer({ onCall: { reasoning: { text: 'Weather needs the tool.' } } }));
      const runner = api.client.chat.completions.runTools({ model: 'auto', messages: ASK, tools: [weatherTool()], stream: true });
      assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
      assert.equal(api.up.an!.requests.length, 1);
      const sent = api.up.oa!.last.rawBody;
      assert.doesNotMatch(sent, /Weather needs the tool|signature|thinking/);
      assert.equal(lastToolResults(api.up.oa!.last)[0]!.text, 'sunny in Paris');
    } finally {
      await api.close();
    }
  });
});
