import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import { foldEvents } from '../../../../src/core/model/answer';
import type { StreamEvent } from '../../../../src/core/model/events';
import type { Usage } from '../../../../src/core/model/usage';
import { AnthropicStreamEncoder } from '../../../../src/core/formats/anthropic/streamEncoder';
import { encodeAnthropicError } from '../../../../src/core/formats/anthropic/errors';
import { encodeMessagesResponse } from '../../../../src/core/formats/anthropic/response';
import { streamEvents } from './arbitraries';

const meta = { id: 'msg_01TokenhubSdk', model: 'claude-sonnet-4-6', inputTokens: 1200 };
const usage: Usage = { promptTokens: 1500, completionTokens: 80, totalTokens: 1580, cacheReadTokens: 1000, cacheWriteTokens: 100 };

/** What the local API would write for `events`: the encoder's output, one write per event. */
function writes(events: readonly StreamEvent[], finalUsage?: Usage): string[] {
  const encoder = new AnthropicStreamEncoder(meta);
  return [encoder.start(), ...events.map((event) => encoder.push(event)), encoder.ping(), encoder.end(finalUsage)].filter((text) => text !== '');
}

/** The SDK's message as plain JSON (it adds `parsed_output` and keys holding undefined). */
function plain(message: unknown): Record<string, unknown> {
  const { parsed_output: _parsed, ...rest } = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
  void _parsed;
  return rest;
}

describe("the official @anthropic-ai/sdk reads the stream encoder's output", () => {
  let server: Server;
  let client: Anthropic;
  let next: { status: number; chunks: string[] } = { status: 200, chunks: [] };
  const seen: unknown[] = [];

  before(async () => {
    server = createServer((request, response) => {
      const body: Buffer[] = [];
      request.on('data', (chunk: Buffer) => body.push(chunk));
      request.on('end', () => {
        seen.push(JSON.parse(Buffer.concat(body).toString('utf8')));
        response.writeHead(next.status, { 'content-type': next.status === 200 ? 'text/event-stream' : 'application/json', 'request-id': 'req_local' });
        for (const chunk of next.chunks) response.write(chunk);
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new Anthropic({ apiKey: 'local-token', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function finalMessage(chunks: string[]) {
    next = { status: 200, chunks };
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'Read both files.' }] });
    return plain(await stream.finalMessage());
  }

  it('accumulates signed thinking, text and interleaved parallel calls into the message encodeMessagesResponse would give', async () => {
    const events: StreamEvent[] = [
      { type: 'start', id: 'chatcmpl-upstream', model: 'gpt-5' },
      { type: 'reasoning', index: 0, text: 'Two files: ' },
      { type: 'reasoning', index: 0, text: 'read both.' },
      { type: 'reasoning_state', index: 0, state: { signature: 'EqQBCgIYAhIM' } },
      { type: 'text', index: 1, text: 'Reading ' },
      { type: 'text', index: 1, text: 'them now.' },
      { type: 'tool_call', index: 2, id: 'call_a', name: 'Read' },
      { type: 'tool_call', index: 3, id: 'call.b', name: 'Read' },
      { type: 'tool_arguments', index: 2, fragment: '{"file_path":' },
      { type: 'tool_arguments', index: 3, fragment: '{"file_path":"/b.ts"}' },
      { type: 'tool_arguments', index: 2, fragment: '"/a.ts"}' },
      { type: 'tool_call', index: 4, id: 'call_c', name: 'Now' },
      { type: 'tool_arguments', index: 4, fragment: '{}' },
      { type: 'finish', reason: 'tool_calls' },
      { type: 'usage', usage },
    ];
    const message = await finalMessage(writes(events));
    assert.deepEqual(message, encodeMessagesResponse(foldEvents(events), meta, usage));
    assert.deepEqual((message.content as { input?: unknown }[]).slice(2).map((block) => block.input), [{ file_path: '/a.ts' }, { file_path: '/b.ts' }, {}]);
    assert.deepEqual(message.usage, { input_tokens: 400, output_tokens: 80, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 });
    assert.equal((seen.at(-1) as { stream?: boolean }).stream, true);
  });

  it('accumulates redacted thinking and a stop sequence', async () => {
    const events: StreamEvent[] = [
      { type: 'reasoning_state', index: 0, state: { redactedData: 'EmwKAhgBEgy3va3pzix' } },
      { type: 'block_end', index: 0 },
      { type: 'text', index: 1, text: 'The answer ###' },
      { type: 'finish', reason: 'stop', stopSequence: '###' },
    ];
    const message = await finalMessage(writes(events, usage));
    assert.deepEqual(message, encodeMessagesResponse(foldEvents(events), meta, usage));
    assert.equal(message.stop_reason, 'stop_sequence');
  });

  it('accepts the output for any event sequence, equal to encodeMessagesResponse of the folded answer (modulo usage)', async () => {
    await fc.assert(
      fc.asyncProperty(streamEvents, async (events) => {
        const message = await finalMessage(writes(events));
        const expected = encodeMessagesResponse(foldEvents(events), meta, usage);
        assert.deepEqual({ ...message, usage: undefined }, { ...expected, usage: undefined });
      }),
      { numRuns: 60 },
    );
  });

  it('raises an error event mid-stream as the SDK error of its type', async () => {
    const encoder = new AnthropicStreamEncoder(meta);
    next = { status: 200, chunks: [encoder.push({ type: 'text', index: 0, text: 'Par' }), encoder.error('overloaded_error', 'Overloaded')] };
    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }] });
    await assert.rejects(stream.finalMessage(), /Overloaded/);
  });

  it('reads an error body as the typed SDK error with its status', async () => {
    next = { status: 429, chunks: [JSON.stringify(encodeAnthropicError('rate_limit_error', 'Slow down'))] };
    await assert.rejects(client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.RateLimitError);
      assert.equal(error.status, 429);
      assert.match(error.message, /Slow down/);
      return true;
    });
  });
});
