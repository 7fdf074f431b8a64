import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import OpenAI from 'openai';
import type { Answer } from '../../../../src/core/model/answer';
import { answerEvents, foldEvents } from '../../../../src/core/model/answer';
import type { JsonObject } from '../../../../src/core/model/content';
import type { StreamEvent } from '../../../../src/core/model/events';
import { encodeResponsesResponse, responsesEcho, type ResponsesMeta } from '../../../../src/core/formats/responses/encodeResponse';
import { ResponsesStreamEncoder, responsesSse } from '../../../../src/core/formats/responses/streamEncoder';
import { answer, answerStream, batches } from './arbitraries';

/** What the test server answers next: a whole answer, a stream of batches, or a stream that fails. */
type Reply = { answer: Answer } | { batches: StreamEvent[][]; failAfter?: number };

const CREATED_AT = 1_770_000_000;
const TOOLS = [{ type: 'function' as const, name: 'read_file', description: 'Reads a file.', parameters: { type: 'object', properties: { path: { type: 'string' } } }, strict: false }];

async function readBody(request: IncomingMessage): Promise<JsonObject> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 1_000_000) throw new Error('body too large');
  }
  return JSON.parse(text) as JsonObject;
}

/** A server speaking the Responses wire through Tokenhub's encoders, as the local API will. */
async function startServer(next: () => Reply): Promise<{ url: string; metas: ResponsesMeta[]; close: () => Promise<void> }> {
  const metas: ResponsesMeta[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      assert.equal(request.url, '/v1/responses');
      const meta: ResponsesMeta = { id: `resp_test${metas.length}`, model: String(body.model), createdAt: CREATED_AT, request: responsesEcho(body) };
      metas.push(meta);
      const reply = next();
      if ('answer' in reply) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(encodeResponsesResponse(reply.answer, meta)));
        return;
      }
      assert.equal(body.stream, true);
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const encoder = new ResponsesStreamEncoder(meta);
      response.write(responsesSse(encoder.start()));
      for (const [index, batch] of reply.batches.entries()) {
        if (reply.failAfter === index) {
          response.end(responsesSse(encoder.failed({ code: 'server_error', message: 'The upstream stream was cut.' })));
          return;
        }
        response.write(responsesSse(encoder.push(batch)));
      }
      response.end(responsesSse(encoder.end()));
    })().catch((error: unknown) => {
      response.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, metas, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The SDK's response without what the SDK adds itself (`output_text`, parse results). */
function wireOf(response: unknown): JsonObject {
  const copy = JSON.parse(JSON.stringify(response)) as JsonObject;
  delete copy.output_text;
  delete copy.output_parsed;
  for (const item of copy.output as JsonObject[]) {
    delete item.parsed_arguments;
    if (Array.isArray(item.content)) for (const part of item.content as JsonObject[]) delete part.parsed;
  }
  return copy;
}

describe('the official openai SDK reads what the Responses encoders write', () => {
  const replies: Reply[] = [];
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: OpenAI;

  before(async () => {
    server = await startServer(() => replies.shift() ?? assert.fail('no reply queued'));
    client = new OpenAI({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
  });
  after(() => server.close());

  it('responses.create: a whole answer, its output_text and items', async () => {
    const whole: Answer = {
      id: 'up',
      providerModel: 'claude-sonnet',
      content: [
        { type: 'reasoning', text: 'The user greets me.' },
        { type: 'text', text: 'Hello! ' },
        { type: 'tool_call', id: 'toolu_01', name: 'read_file', arguments: '{"path":"README.md"}' },
        { type: 'text', text: 'Reading it.' },
      ],
      finishReason: 'tool_calls',
      usage: { promptTokens: 20, completionTokens: 9, totalTokens: 29, cacheReadTokens: 8 },
    };
    replies.push({ answer: whole });
    const response = await client.responses.create({ model: 'auto', input: 'hi', tools: TOOLS });
    assert.equal(response.output_text, 'Hello! Reading it.');
    assert.equal(response.status, 'completed');
    assert.equal(response.usage?.input_tokens_details.cached_tokens, 8);
    const call = response.output[2];
    assert.ok(call?.type === 'function_call');
    assert.equal(call.call_id, 'toolu_01');
    assert.deepEqual(wireOf(response), encodeResponsesResponse(whole, server.metas.at(-1)!));
  });

  it('responses.stream: every event accepted, the final response equal to the folded answer (fast-check)', async () => {
    const cases = answer.chain((value) => answerStream(value).chain((events) => fc.tuple(fc.constant(events), batches(events))));
    await fc.assert(
      fc.asyncProperty(cases, async ([events, batchList]) => {
        replies.push({ batches: batchList });
        const stream = client.responses.stream({ model: 'auto', input: 'hi', tools: TOOLS, instructions: 'Be brief.' });
        const seen: string[] = [];
        for await (const event of stream) seen.push(event.type);
        const final = await stream.finalResponse();
        const meta = server.metas.at(-1)!;
        assert.equal(seen[0], 'response.created');
        assert.ok(seen.at(-1) === 'response.completed' || seen.at(-1) === 'response.incomplete');
        assert.deepEqual(wireOf(final), encodeResponsesResponse(foldEvents(events), meta));
        assert.equal(final.output_text, foldEvents(events).content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(''));
      }),
      { numRuns: 40 },
    );
  });

  it('responses.stream rejects a stream that failed, with the error it was given', async () => {
    const partial: Answer = { id: 'up', providerModel: 'm', content: [{ type: 'text', text: 'Half an ans' }], finishReason: null };
    const events = answerEvents(partial).filter((event) => event.type !== 'finish' && event.type !== 'block_end');
    replies.push({ batches: [events, []], failAfter: 1 });
    const stream = client.responses.stream({ model: 'auto', input: 'hi' });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError, String(error));
        assert.match(error.message, /The upstream stream was cut\./);
        return true;
      },
    );
    assert.ok(seen.includes('response.output_text.delta'));
    assert.ok(seen.includes('response.failed'));
  });
});
