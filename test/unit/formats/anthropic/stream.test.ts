import assert from 'node:assert/strict';
import { foldEvents } from '../../../../src/core/model/answer';
import type { StreamEvent } from '../../../../src/core/model/events';
import { AnthropicStreamEncoder } from '../../../../src/core/formats/anthropic/streamEncoder';
import { AnthropicStreamDecoder } from '../../../../src/core/formats/anthropic/streamDecoder';
import { encodeMessagesRequest } from '../../../../src/core/formats/anthropic/encodeRequest';
import { assertAnthropicOrder, decodeStream, frames } from './streamHelpers';
import { STREAMED_THINKING, STREAMED_TOOL_USE } from './recorded';

const meta = { id: 'msg_01Tokenhub', model: 'claude-sonnet-4-6', inputTokens: 321 };

function render(events: StreamEvent[], usage = { promptTokens: 321, completionTokens: 12, totalTokens: 333 }): string {
  const encoder = new AnthropicStreamEncoder(meta);
  return encoder.pushAll(events) + encoder.end(usage);
}

describe('anthropic streams', () => {
  describe('decoding (provider stream → model events)', () => {
    it("decodes the reference's streamed tool use: text at 0, the call at 1, its arguments from input_json_delta", () => {
      const { events, decoder } = decodeStream(STREAMED_TOOL_USE);
      assert.ok(decoder.done);
      assert.deepEqual(events[0], { type: 'start', id: 'msg_014p7gG3wDgGV9EUtLvnow3U', model: 'claude-opus-4-6' });
      assert.deepEqual(events[1], { type: 'usage', usage: { promptTokens: 472, completionTokens: 2, totalTokens: 474 } });
      assert.deepEqual(events.find((event) => event.type === 'tool_call'), { type: 'tool_call', index: 1, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
      assert.deepEqual(events.filter((event) => event.type === 'block_end'), [{ type: 'block_end', index: 0 }, { type: 'block_end', index: 1 }]);
      const answer = foldEvents(events);
      assert.deepEqual(answer.content, [
        { type: 'text', text: "Okay, let's check the weather for San Francisco, CA:" },
        { type: 'tool_call', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}' },
      ]);
      assert.equal(answer.finishReason, 'tool_calls');
      assert.deepEqual(answer.usage, { promptTokens: 472, completionTokens: 89, totalTokens: 561 }, 'the prompt from message_start, the cumulative output from message_delta');
    });

    it("decodes the reference's streamed thinking with its signature", () => {
      const answer = foldEvents(decodeStream(STREAMED_THINKING).events);
      assert.deepEqual(answer.content, [
        { type: 'reasoning', text: 'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0\n\nSo GCD(1071, 462) = 21', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' },
        { type: 'text', text: 'The greatest common divisor of 1071 and 462 is **21**.' },
      ]);
      assert.equal(answer.finishReason, 'stop');
    });

    it('decodes redacted thinking, cache usage in message_start, a stop sequence, and an error event', () => {
      const decoder = new AnthropicStreamDecoder();
      const out: StreamEvent[] = [];
      decoder.push('message_start', { type: 'message_start', message: { id: 'msg_1', model: 'm', usage: { input_tokens: 5, cache_read_input_tokens: 1000, cache_creation_input_tokens: 20, output_tokens: 1 } } }, out);
      decoder.push('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } }, out);
      decoder.push('content_block_stop', { type: 'content_block_stop', index: 0 }, out);
      decoder.push('ping', { type: 'ping' }, out);
      decoder.push('message_delta', { type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: '###' }, usage: { output_tokens: 7 } }, out);
      decoder.push('something_new', { type: 'something_new' }, out);
      decoder.push('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, out);
      const answer = foldEvents(out);
      assert.deepEqual(answer.content, [{ type: 'reasoning', text: '', redactedData: 'opaque' }]);
      assert.equal(answer.stopSequence, '###');
      assert.deepEqual(answer.usage, { promptTokens: 1025, completionTokens: 7, totalTokens: 1032, cacheReadTokens: 1000, cacheWriteTokens: 20 });
      assert.deepEqual(decoder.failure, { type: 'overloaded_error', message: 'Overloaded' });
      assert.equal(decoder.done, false);
    });

    it('turns the forced JSON tool into text events, and its tool_use stop into a stop', () => {
      const stream = STREAMED_TOOL_USE.replaceAll('"name":"get_weather"', '"name":"json_answer"');
      const answer = foldEvents(decodeStream(stream, [], { jsonTool: 'json_answer' }).events);
      assert.deepEqual(answer.content.map((part) => part.type), ['text', 'text']);
      assert.equal(answer.content[1]!.type === 'text' && answer.content[1]!.text, '{"location": "San Francisco, CA", "unit": "fahrenheit"}');
      assert.equal(answer.finishReason, 'stop');
    });
  });

  describe('encoding (model events → Anthropic SSE)', () => {
    it('renders a text answer in Anthropic order with the usage in message_delta', () => {
      const sse = render([{ type: 'text', index: 0, text: 'Hel' }, { type: 'text', index: 0, text: 'lo' }, { type: 'block_end', index: 0 }, { type: 'finish', reason: 'stop' }]);
      assertAnthropicOrder(sse);
      const all = frames(sse);
      assert.deepEqual(all[0]!.data.message, { id: 'msg_01Tokenhub', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 321, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
      assert.deepEqual(all.at(-2)!.data, { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 321, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
    });

    it('holds thinking until it ends: signed → thinking + signature_delta; unsigned (another vendor) → left out', () => {
      const signed = frames(render([{ type: 'reasoning', index: 0, text: 'Let me' }, { type: 'reasoning', index: 0, text: ' think.' }, { type: 'reasoning_state', index: 0, state: { signature: 'sig' } }, { type: 'block_end', index: 0 }, { type: 'text', index: 1, text: 'Done.' }]));
      assert.deepEqual(signed.slice(1, 5).map((frame) => frame.data), [
        { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me think.' } },
        { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
        { type: 'content_block_stop', index: 0 },
      ]);
      const unsigned = frames(render([{ type: 'reasoning', index: 0, text: 'vLLM reasoning' }, { type: 'text', index: 1, text: 'Done.' }]));
      assert.deepEqual(unsigned[1]!.data, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'the text is block 0');
      const redacted = frames(render([{ type: 'reasoning_state', index: 0, state: { redactedData: 'opaque' } }]));
      assert.deepEqual(redacted[1]!.data, { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque' } });
    });

    it('keeps interleaved parallel calls apart: the current call streams, the others wait, then follow in order', () => {
      const sse = render([
        { type: 'tool_call', index: 0, id: 'call_a', name: 'read' },
        { type: 'tool_call', index: 1, id: 'call_b', name: 'grep' },
        { type: 'tool_arguments', index: 0, fragment: '{"path":' },
        { type: 'tool_arguments', index: 1, fragment: '{"pattern":"x"}' },
        { type: 'tool_arguments', index: 0, fragment: '"a.ts"}' },
        { type: 'finish', reason: 'tool_calls' },
      ]);
      assertAnthropicOrder(sse);
      const all = frames(sse);
      const starts = all.filter((frame) => frame.event === 'content_block_start').map((frame) => frame.data.content_block);
      assert.deepEqual(starts, [{ type: 'tool_use', id: 'call_a', name: 'read', input: {} }, { type: 'tool_use', id: 'call_b', name: 'grep', input: {} }]);
      assert.equal(all.at(-2)!.data.delta.stop_reason, 'tool_use');
      const answer = foldEvents(decodeStream(sse).events);
      assert.deepEqual(answer.content.map((part) => part.type === 'tool_call' && part.arguments), ['{"path":"a.ts"}', '{"pattern":"x"}']);
    });

    it('streams live: text gives way the moment a call begins, a call streams while later calls wait, then they follow', () => {
      const encoder = new AnthropicStreamEncoder(meta);
      encoder.start();
      assert.match(encoder.push({ type: 'text', index: 0, text: 'Sure.' }), /text_delta/);
      assert.deepEqual(frames(encoder.push({ type: 'tool_call', index: 1, id: 'call_1', name: 'a' })).map((frame) => frame.event), ['content_block_stop', 'content_block_start', 'content_block_delta']);
      assert.equal(encoder.push({ type: 'tool_call', index: 2, id: 'call_2', name: 'b' }), '', 'a second call waits for the first');
      assert.equal(encoder.push({ type: 'text', index: 3, text: 'later' }), '', 'so does later text');
      assert.match(encoder.push({ type: 'tool_arguments', index: 1, fragment: '{"x":1}' }), /input_json_delta/);
      const afterFirst = frames(encoder.push({ type: 'block_end', index: 1 }));
      assert.deepEqual(afterFirst.map((frame) => `${frame.event}:${frame.data.index}`), ['content_block_stop:1', 'content_block_start:2', 'content_block_delta:2']);
      const rest = frames(encoder.push({ type: 'block_end', index: 2 }));
      assert.deepEqual(rest.map((frame) => `${frame.event}:${frame.data.index}`), ['content_block_stop:2', 'content_block_start:3', 'content_block_delta:3']);
    });

    it('text that goes on after a later block began goes on in a new text block', () => {
      const sse = render([{ type: 'text', index: 0, text: 'a' }, { type: 'tool_call', index: 1, id: 'c', name: 'f' }, { type: 'block_end', index: 1 }, { type: 'text', index: 0, text: 'b' }]);
      assertAnthropicOrder(sse);
      assert.deepEqual(foldEvents(decodeStream(sse).events).content.map((part) => part.type), ['text', 'tool_call', 'text']);
    });

    it('a call whose arguments break off or go wrong still reaches the client as a valid object', () => {
      const sse = render([{ type: 'tool_call', index: 0, id: 'c', name: 'write' }, { type: 'tool_arguments', index: 0, fragment: '{"path":"a.ts","content":"line 1\\nline' }, { type: 'finish', reason: 'length' }]);
      const call = foldEvents(decodeStream(sse).events).content[0]!;
      assert.ok(call.type === 'tool_call');
      assert.deepEqual(JSON.parse(call.arguments), { path: 'a.ts', content: 'line 1\nline' });
      const broken = foldEvents(decodeStream(render([{ type: 'tool_call', index: 0, id: 'c', name: 'f' }, { type: 'tool_arguments', index: 0, fragment: '{"a":1} trailing garbage' }])).events).content[0]!;
      assert.ok(broken.type === 'tool_call');
      assert.equal(broken.arguments, '{"a":1}');
    });

    it('writes ping and error frames, and nothing after the end', () => {
      const encoder = new AnthropicStreamEncoder(meta);
      assert.equal(encoder.ping(), 'event: ping\ndata: {"type":"ping"}\n\n');
      assert.match(encoder.start(), /^event: message_start\n/);
      assert.equal(encoder.start(), '', 'message_start once');
      assert.equal(encoder.error('overloaded_error', 'Overloaded'), 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
      assert.equal(encoder.push({ type: 'text', index: 0, text: 'late' }), '');
      assert.equal(encoder.end(), '');
    });
  });

  describe('what translating gateways got wrong (WIRE.md), each its own case', () => {
    it('tool-call indexes: a call after reasoning and text keeps its own block index', () => {
      const sse = render([
        { type: 'reasoning', index: 0, text: 'think' },
        { type: 'reasoning_state', index: 0, state: { signature: 'sig' } },
        { type: 'text', index: 1, text: 'Let me look.' },
        { type: 'tool_call', index: 2, id: 'call_1', name: 'read' },
        { type: 'tool_arguments', index: 2, fragment: '{}' },
      ]);
      assertAnthropicOrder(sse);
      const start = frames(sse).find((frame) => frame.event === 'content_block_start' && frame.data.content_block.type === 'tool_use');
      assert.equal(start!.data.index, 2);
      assert.deepEqual(decodeStream(STREAMED_TOOL_USE).events.find((event) => event.type === 'tool_call'), { type: 'tool_call', index: 1, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' });
    });

    it('no stray leading {}: the start block carries input {} and the arguments come only from the deltas', () => {
      const answer = foldEvents(decodeStream(STREAMED_TOOL_USE).events);
      const call = answer.content[1]!;
      assert.ok(call.type === 'tool_call' && call.arguments.startsWith('{"location"'));
      const deltas = frames(render([{ type: 'tool_call', index: 0, id: 'c', name: 'f' }, { type: 'tool_arguments', index: 0, fragment: '{"a":1}' }])).filter((frame) => frame.event === 'content_block_delta');
      assert.equal(deltas.map((frame) => frame.data.delta.partial_json).join(''), '{"a":1}');
    });

    it('parameterless tools: an empty input_json_delta decodes to "{}", and "{}" or "" encode to an empty input', () => {
      const stream = STREAMED_TOOL_USE.replace(/event: content_block_delta\ndata: \{"type":"content_block_delta","index":1,"delta":\{"type":"input_json_delta","partial_json":"[^\n]+"\}\}\n\n/g, '');
      const call = foldEvents(decodeStream(stream).events).content[1]!;
      assert.ok(call.type === 'tool_call');
      assert.equal(call.arguments, '{}');
      for (const fragment of ['{}', '']) {
        const deltas = frames(render([{ type: 'tool_call', index: 0, id: 'c', name: 'now' }, { type: 'tool_arguments', index: 0, fragment }])).filter((frame) => frame.event === 'content_block_delta');
        assert.ok(['', '{}'].includes(deltas.map((frame) => frame.data.delta.partial_json).join('')));
      }
    });

    it('the tool name survives when text and a call come in one read', () => {
      const encoder = new AnthropicStreamEncoder(meta);
      const sse = encoder.pushAll([{ type: 'text', index: 0, text: 'Sure.' }, { type: 'tool_call', index: 1, id: 'call_1', name: 'search' }, { type: 'tool_arguments', index: 1, fragment: '{"q":"x"}' }]) + encoder.end();
      const start = frames(sse).find((frame) => frame.event === 'content_block_start' && frame.data.content_block.type === 'tool_use');
      assert.equal(start!.data.content_block.name, 'search');
    });

    it('parallel calls are all kept, each with its own arguments, in one message', () => {
      const sse = render([
        { type: 'tool_call', index: 0, id: 'call_1', name: 'a' },
        { type: 'tool_arguments', index: 0, fragment: '{"n":1}' },
        { type: 'tool_call', index: 1, id: 'call_2', name: 'b' },
        { type: 'tool_arguments', index: 1, fragment: '{"n":2}' },
        { type: 'tool_call', index: 2, id: 'call_3', name: 'c' },
        { type: 'tool_arguments', index: 2, fragment: '{"n":3}' },
      ]);
      assert.equal(frames(sse).filter((frame) => frame.event === 'message_start').length, 1);
      assert.deepEqual(foldEvents(decodeStream(sse).events).content.map((part) => part.type === 'tool_call' && `${part.id}:${part.name}:${part.arguments}`), ['call_1:a:{"n":1}', 'call_2:b:{"n":2}', 'call_3:c:{"n":3}']);
    });

    it('translated streams emit input_json_delta for the arguments', () => {
      const sse = render([{ type: 'tool_call', index: 0, id: 'c', name: 'f' }, { type: 'tool_arguments', index: 0, fragment: '{"x"' }, { type: 'tool_arguments', index: 0, fragment: ':1}' }]);
      assert.deepEqual(frames(sse).filter((frame) => frame.data.delta?.type === 'input_json_delta').map((frame) => frame.data.delta.partial_json), ['', '{"x"', ':1}']);
    });

    it('stop reasons map both ways: stop, stop sequence, length, tool calls, content filter', () => {
      const reason = (finish: StreamEvent) => frames(render([{ type: 'text', index: 0, text: 'x' }, finish])).at(-2)!.data.delta;
      assert.deepEqual(reason({ type: 'finish', reason: 'stop' }), { stop_reason: 'end_turn', stop_sequence: null });
      assert.deepEqual(reason({ type: 'finish', reason: 'stop', stopSequence: 'END' }), { stop_reason: 'stop_sequence', stop_sequence: 'END' });
      assert.equal(reason({ type: 'finish', reason: 'length' }).stop_reason, 'max_tokens');
      assert.equal(reason({ type: 'finish', reason: 'content_filter' }).stop_reason, 'refusal');
      assert.equal(foldEvents(decodeStream(render([{ type: 'text', index: 0, text: 'x' }, { type: 'finish', reason: 'length' }])).events).finishReason, 'length');
    });

    it('message_start usage is never zero', () => {
      const start = frames(new AnthropicStreamEncoder({ ...meta, inputTokens: 1800 }).start())[0]!.data.message.usage;
      assert.equal(start.input_tokens, 1800);
      assert.equal(start.output_tokens, 1);
      assert.equal(frames(new AnthropicStreamEncoder({ ...meta, inputTokens: 0 }).start())[0]!.data.message.usage.input_tokens, 1);
    });

    it('replayed thinking blocks: a streamed thinking + tool-use turn goes back unchanged, opening its turn', () => {
      const stream = STREAMED_THINKING.replace(
        'event: content_block_start\ndata: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}',
        'event: content_block_start\ndata: {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_01", "name": "calc", "input": {"x": 1}}}',
      ).replace('{"type": "text_delta", "text": "The greatest common divisor of 1071 and 462 is **21**."}', '{"type": "input_json_delta", "partial_json": ""}');
      const answer = foldEvents(decodeStream(stream).events);
      const { body } = encodeMessagesRequest(
        {
          kind: 'chat',
          messages: [
            { role: 'user', content: [{ type: 'text', text: 'GCD?' }] },
            { role: 'assistant', content: answer.content },
            { role: 'tool', content: [{ type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: '21' }] }] },
          ],
          tools: [{ name: 'calc', parameters: { type: 'object' } }],
          reasoning: { budgetTokens: 2048 },
        },
        { model: 'claude-sonnet-4-5', stream: true, defaultMaxTokens: 4096 },
      );
      const turn = (body.messages as { content: Record<string, unknown>[] }[])[1]!;
      assert.deepEqual(turn.content[0], { type: 'thinking', thinking: (answer.content[0] as { text: string }).text, signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' });
      assert.deepEqual(turn.content[1], { type: 'tool_use', id: 'toolu_01', name: 'calc', input: { x: 1 } });
      assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    });
  });
});
