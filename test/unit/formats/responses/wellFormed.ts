import assert from 'node:assert/strict';
import type { JsonObject } from '../../../../src/core/model/content';

/**
 * Checks a Responses event sequence against the grammar OpenAI streams and the openai SDK
 * accumulates: sequence numbers 0, 1, 2…; `response.created`, `response.in_progress`; items one
 * at a time with rising output indexes, each `added` → its part events → `done`, the deltas
 * adding up to the done text; one terminal event. `response.failed` may cut an item short and
 * is followed by `error`.
 */
export function assertWellFormed(events: readonly JsonObject[]): void {
  events.forEach((event, index) => assert.equal(event.sequence_number, index, `sequence_number of event ${index} (${String(event.type)})`));
  const types = events.map((event) => event.type as string);
  assert.deepEqual(types.slice(0, 2), ['response.created', 'response.in_progress']);
  const failedAt = types.indexOf('response.failed');
  const end = failedAt === -1 ? events.length : failedAt;
  let position = 2;
  let outputIndex = 0;
  const truncated = new Error('failed mid-item');
  const next = (type: string): JsonObject => {
    if (position === end && failedAt !== -1) throw truncated;
    const event = events[position++];
    assert.ok(event, `expected ${type}, the stream ended`);
    assert.equal(event.type, type, `event ${position - 1}`);
    return event;
  };
  const peek = (): string | undefined => (position < end ? (events[position]?.type as string | undefined) : undefined);
  try {
    while (peek() === 'response.output_item.added') {
      const added = next('response.output_item.added');
      assert.equal(added.output_index, outputIndex);
      const item = added.item as JsonObject;
      const at = (event: JsonObject): void => {
        assert.equal(event.item_id, item.id);
        assert.equal(event.output_index, outputIndex);
      };
      let text = '';
      if (item.type === 'message') {
        at(next('response.content_part.added'));
        while (peek() === 'response.output_text.delta') text += (next('response.output_text.delta').delta as string);
        const done = next('response.output_text.done');
        at(done);
        assert.equal(done.text, text);
        assert.equal(((next('response.content_part.done').part as JsonObject).text as string), text);
      } else if (item.type === 'function_call') {
        while (peek() === 'response.function_call_arguments.delta') text += (next('response.function_call_arguments.delta').delta as string);
        const done = next('response.function_call_arguments.done');
        at(done);
        assert.equal(done.arguments, text.trim() === '' ? '{}' : text);
      } else {
        assert.equal(item.type, 'reasoning');
        if (peek() === 'response.reasoning_summary_part.added') {
          at(next('response.reasoning_summary_part.added'));
          while (peek() === 'response.reasoning_summary_text.delta') text += (next('response.reasoning_summary_text.delta').delta as string);
          assert.equal(next('response.reasoning_summary_text.done').text, text);
          assert.equal(((next('response.reasoning_summary_part.done').part as JsonObject).text as string), text);
          assert.notEqual(text, '');
        }
      }
      const done = next('response.output_item.done');
      assert.equal(done.output_index, outputIndex);
      assert.equal((done.item as JsonObject).id, item.id);
      outputIndex++;
    }
  } catch (error) {
    if (error !== truncated) throw error;
  }
  if (failedAt !== -1) {
    assert.equal(position, failedAt, 'every event before response.failed belongs to an item');
    assert.deepEqual(types.slice(failedAt), ['response.failed', 'error']);
    return;
  }
  const terminal = events[position++]?.type;
  assert.ok(terminal === 'response.completed' || terminal === 'response.incomplete', `terminal event, got ${String(terminal)}`);
  assert.equal(position, events.length, 'nothing after the terminal event');
}
