import assert from 'node:assert/strict';
import { TokenhubError, isTokenhubError } from '../../../../src/core/base/errors';
import type { StreamEvent } from '../../../../src/core/model/events';
import { RouteError } from '../../../../src/core/router/types';
import { LanguageModelAnswer, MAX_TOOL_ARGUMENT_CHARS, languageModelFailure, usagePayload } from '../../../../src/core/surfaces/languageModels/answer';

const answer = () => new LanguageModelAnswer('gpt (openai)', 'th_');

describe('Language Model API: the answer\'s parts', () => {
  it('reports text as it arrives and reasoning as thinking parts, with the opaque state in metadata', () => {
    const parts = answer();
    assert.equal(parts.started, false);
    assert.deepEqual(parts.add([{ type: 'start', id: 'msg_1', model: 'm' }, { type: 'usage', usage: { promptTokens: 3, completionTokens: 0, totalTokens: 3 } }]), []);
    assert.equal(parts.started, false, 'no content yet');
    assert.deepEqual(
      parts.add([
        { type: 'reasoning', index: 0, text: 'Think' },
        { type: 'reasoning_state', index: 0, state: { signature: 'sig' } },
        { type: 'block_end', index: 0 },
        { type: 'text', index: 1, text: '' },
        { type: 'text', index: 1, text: 'Hel' },
        { type: 'text', index: 1, text: 'lo' },
      ]),
      [
        { type: 'thinking', id: 'th_0', text: 'Think' },
        { type: 'thinking', id: 'th_0', text: '', metadata: { tokenhub: { signature: 'sig' } } },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
      ],
    );
    assert.equal(parts.started, true);
  });

  it('holds each tool call until its block ends, then reports it whole, calls interleaved by index', () => {
    const parts = answer();
    const events: StreamEvent[] = [
      { type: 'tool_call', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call', index: 1, id: 'call_b', name: 'now' },
      { type: 'tool_arguments', index: 0, fragment: '{"ci' },
      { type: 'tool_arguments', index: 1, fragment: '' },
      { type: 'tool_arguments', index: 0, fragment: 'ty": "Par' },
    ];
    assert.deepEqual(parts.add(events), [], 'nothing until a call is complete');
    assert.equal(parts.started, false);
    assert.deepEqual(parts.add([{ type: 'tool_arguments', index: 0, fragment: 'is"}' }, { type: 'block_end', index: 1 }]), [{ type: 'tool_call', callId: 'call_b', name: 'now', input: {} }]);
    assert.deepEqual(parts.add([{ type: 'block_end', index: 0 }]), [{ type: 'tool_call', callId: 'call_a', name: 'get_weather', input: { city: 'Paris' } }]);
  });

  it('reports the calls a stream left open when it ends, in index order', () => {
    const parts = answer();
    parts.add([
      { type: 'tool_call', index: 3, id: 'b', name: 'second' },
      { type: 'tool_arguments', index: 3, fragment: '{"n": 2}' },
      { type: 'tool_call', index: 1, id: 'a', name: 'first' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    assert.deepEqual(parts.end(), [
      { type: 'tool_call', callId: 'a', name: 'first', input: {} },
      { type: 'tool_call', callId: 'b', name: 'second', input: { n: 2 } },
    ]);
    assert.deepEqual(parts.end(), []);
  });

  it('refuses a call whose arguments never parse, or are not an object, or run away, instead of half a call', () => {
    const failing = (fragment: string, end: boolean) => () => {
      const parts = answer();
      parts.add([{ type: 'tool_call', index: 0, id: 'c', name: 'get_weather' }, { type: 'tool_arguments', index: 0, fragment }]);
      if (end) parts.end();
      else parts.add([{ type: 'block_end', index: 0 }]);
    };
    const unparsed = (error: unknown) => isTokenhubError(error, 'server') && /^gpt \(openai\) called the tool "get_weather" with arguments that are not a JSON object \(.+\); the call was not passed on\. Send the request again\.$/.test(error.message);
    assert.throws(failing('{"city": "Par', false), unparsed);
    assert.throws(failing('{"city": "Par', true), unparsed);
    assert.throws(failing('["Paris"]', false), (error: unknown) => unparsed(error) && /they are an array, not an object/.test((error as Error).message));
    assert.throws(failing('x'.repeat(MAX_TOOL_ARGUMENT_CHARS + 1), false), /more than 4194304 characters of arguments for the tool "get_weather"/);
  });

  it('writes the usage as the OpenAI usage object Copilot Chat reads', () => {
    assert.deepEqual(JSON.parse(usagePayload({ promptTokens: 10, completionTokens: 5, totalTokens: 15, cacheReadTokens: 4, reasoningTokens: 2 })), {
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('says what failed and what to do, before the first part and after it', () => {
    const exhausted = new RouteError('unavailable', 'Every candidate failed. gpt (openai): server — 500', []);
    assert.equal(languageModelFailure(exhausted, { model: 'gpt', auto: false, started: false }), 'Tokenhub (gpt): Every candidate failed. gpt (openai): server — 500. Pick "Tokenhub: Auto" to escalate past failing providers.');
    assert.equal(languageModelFailure(exhausted, { model: 'Tokenhub: Auto', auto: true, started: false }), 'Tokenhub (Tokenhub: Auto): Every candidate failed. gpt (openai): server — 500.');
    const midStream = new TokenhubError('server', 'openai failed (HTTP 200 server_error): boom');
    assert.equal(
      languageModelFailure(midStream, { model: 'gpt', auto: false, started: true }),
      'Tokenhub (gpt): the answer broke off: openai failed (HTTP 200 server_error): boom. What arrived is incomplete; send the request again, or pick "Tokenhub: Auto" to escalate past failing providers.',
    );
    assert.match(languageModelFailure(midStream, { model: 'Tokenhub: Auto', auto: true, started: true }), /send the request again \(Auto may pick another model\)\.$/);
  });
});
