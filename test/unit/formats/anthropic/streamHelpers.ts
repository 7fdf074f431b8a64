import assert from 'node:assert/strict';
import type { StreamEvent } from '../../../../src/core/model/events';
import { SseDecoder } from '../../../../src/core/sse/decoder';
import type { SseEvent } from '../../../../src/core/sse/decoder';
import { AnthropicStreamDecoder } from '../../../../src/core/formats/anthropic/streamDecoder';
import type { AnthropicAnswerOptions } from '../../../../src/core/formats/anthropic/response';

/** SSE bytes fed to the one SSE decoder in pieces cut at `cuts` (byte offsets), then to the Anthropic decoder. */
export function decodeStream(body: string | Uint8Array, cuts: readonly number[] = [], options: AnthropicAnswerOptions = {}): { events: StreamEvent[]; decoder: AnthropicStreamDecoder } {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const sse = new SseDecoder();
  const frames: SseEvent[] = [];
  let previous = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    sse.push(bytes.subarray(previous, cut), frames);
    previous = cut;
  }
  sse.push(bytes.subarray(previous), frames);
  sse.end(frames);
  const decoder = new AnthropicStreamDecoder(options);
  const events: StreamEvent[] = [];
  for (const frame of frames) decoder.push(frame.event, JSON.parse(frame.data), events);
  return { events, decoder };
}

/** The encoder's output as `{event, data}` pairs, checking the framing on the way. */
export function frames(sse: string): { event: string; data: Record<string, any> }[] {
  assert.ok(sse.endsWith('\n\n'), 'every event ends with a blank line');
  return sse
    .slice(0, -2)
    .split('\n\n')
    .map((chunk) => {
      const lines = chunk.split('\n');
      assert.equal(lines.length, 2, `one event line and one data line: ${chunk}`);
      assert.ok(lines[0]!.startsWith('event: ') && lines[1]!.startsWith('data: '), chunk);
      const event = lines[0]!.slice('event: '.length);
      const data = JSON.parse(lines[1]!.slice('data: '.length)) as Record<string, any>;
      assert.equal(data.type, event, 'the event name is the data type');
      return { event, data };
    });
}

/**
 * Anthropic's order: one `message_start` first; blocks one at a time, each `content_block_start`
 * → deltas of its type → `content_block_stop`, indexes 0, 1, 2…; `ping` anywhere between;
 * `message_delta` then `message_stop` last.
 */
export function assertAnthropicOrder(sse: string): void {
  const all = frames(sse).filter((frame) => frame.event !== 'ping');
  assert.equal(all[0]?.event, 'message_start');
  assert.equal(all.filter((frame) => frame.event === 'message_start').length, 1);
  assert.deepEqual(all.slice(-2).map((frame) => frame.event), ['message_delta', 'message_stop']);
  let open: { index: number; type: string } | undefined;
  let next = 0;
  for (const { event, data } of all.slice(1, -2)) {
    if (event === 'content_block_start') {
      assert.equal(open, undefined, 'a block starts only after the previous one stopped');
      assert.equal(data.index, next++, 'indexes are consecutive from 0');
      open = { index: data.index, type: data.content_block.type };
    } else if (event === 'content_block_delta') {
      assert.equal(data.index, open?.index, 'deltas belong to the open block');
      const allowed: Record<string, string[]> = { text: ['text_delta'], tool_use: ['input_json_delta'], thinking: ['thinking_delta', 'signature_delta'], redacted_thinking: [] };
      assert.ok(allowed[open!.type]!.includes(data.delta.type), `${data.delta.type} in a ${open!.type} block`);
    } else {
      assert.equal(event, 'content_block_stop', `unexpected ${event} between blocks`);
      assert.equal(data.index, open?.index);
      open = undefined;
    }
  }
  assert.equal(open, undefined, 'every block stopped before message_delta');
}
