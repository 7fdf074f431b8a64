import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Answer } from '../../../../src/core/model/answer';
import { AnswerFolder } from '../../../../src/core/model/answer';
import { normalizeMessages } from '../../../../src/core/model/content';
import type { StreamEvent } from '../../../../src/core/model/events';
import type { ChatRequest } from '../../../../src/core/model/request';
import { checkChatRequest, encodeChatRequest } from '../../../../src/core/formats/openai/chatEncoding';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';
import { decodeChatResponse, encodeChatResponse, wireFinishReason } from '../../../../src/core/formats/openai/response';
import { OpenAIStreamDecoder } from '../../../../src/core/formats/openai/streamDecoder';
import { OpenAIStreamEncoder } from '../../../../src/core/formats/openai/streamEncoder';
import { SseDecoder } from '../../../../src/core/sse/decoder';
import type { Dialect } from './arbitraries';
import { answer, chatRequest, conversation } from './arbitraries';

const meta = { id: 'chatcmpl-th9', model: 'gpt-4o', created: 1764300000 };

/** What a client of Tokenhub reads back of an answer: Tokenhub's id and model, OpenAI's finish reason. */
function asServed(value: Answer): Omit<Answer, 'raw'> {
  const called = value.content.some((part) => part.type === 'tool_call');
  const served: Omit<Answer, 'raw'> = { id: meta.id, providerModel: meta.model, content: value.content, finishReason: wireFinishReason(value.finishReason, called) };
  if (value.usage) served.usage = value.usage;
  return served;
}

describe('formats/openai: round trips (fast-check)', () => {
  for (const dialect of ['openai', 'vllm'] as Dialect[]) {
    it(`keeps any conversation and its options through encodeChatRequest → decodeChatRequest (${dialect})`, () => {
      fc.assert(
        fc.property(chatRequest(dialect), (request) => {
          assert.deepEqual(normalizeMessages(request.messages), request.messages, 'the generator makes normal forms');
          const { body, issues } = encodeChatRequest(request, { model: 'm', stream: false, dialect });
          assert.deepEqual(issues, []);
          const decoded = decodeChatRequest(JSON.parse(JSON.stringify(body)));
          if (!decoded.ok) assert.fail(`${decoded.problem.param}: ${decoded.problem.message}`);
          const { origin, ...model } = decoded.value;
          assert.deepEqual(model, request);
          assert.deepEqual(origin!.untranslated, []);
        }),
        { numRuns: 300, seed: 11 },
      );
    });
  }

  it('reports the same issues from checkChatRequest as from encodeChatRequest, for any request', () => {
    const anyRequest = fc.record({ messages: conversation('openai'), topK: fc.option(fc.nat(5), { nil: undefined }), linked: fc.boolean(), failed: fc.boolean() }).map(({ messages, topK, linked, failed }) => {
      const request: ChatRequest = { kind: 'chat', messages: [...messages], ...(topK !== undefined && { topK }) };
      if (linked) request.messages.push({ role: 'user', content: [{ type: 'document', source: { kind: 'url', url: 'https://x/a.pdf' } }] });
      if (failed) request.messages.push({ role: 'tool', content: [{ type: 'tool_result', callId: 'c', content: [], isError: true }] });
      return request;
    });
    fc.assert(
      fc.property(anyRequest, fc.constantFrom<Dialect>('openai', 'vllm'), (request, dialect) => {
        assert.deepEqual(checkChatRequest(request, dialect), encodeChatRequest(request, { model: 'm', stream: true, dialect }).issues);
      }),
      { numRuns: 200, seed: 12 },
    );
  });

  it('keeps any answer through encodeChatResponse → decodeChatResponse', () => {
    const zero = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    fc.assert(
      fc.property(answer, (value) => {
        const body = JSON.parse(JSON.stringify(encodeChatResponse(value, meta, value.usage ?? zero)));
        const { raw, ...decoded } = decodeChatResponse(body)!;
        assert.deepEqual(raw, body);
        assert.deepEqual(decoded, { ...asServed(value), usage: value.usage ?? zero });
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  /**
   * The events a provider would stream for an answer: reasoning and text in pieces, the calls'
   * argument fragments interleaved across calls (each call starting in block order), block ends.
   */
  const streamedAnswer = answer.chain((value) => {
    const pieces = (text: string) => fc.array(fc.nat(text.length), { maxLength: 4 }).map((cuts) => split(text, cuts));
    const parts = value.content;
    return fc.tuple(fc.constant(value), fc.tuple(...parts.map((part) => pieces(part.type === 'tool_call' ? part.arguments : part.text))), fc.array(fc.nat(parts.length), { maxLength: 40 }));
  });

  function schedule(value: Answer, pieces: string[][], picks: number[]): StreamEvent[] {
    const events: StreamEvent[] = [{ type: 'start', id: 'upstream', model: 'upstream' }];
    const parts = value.content;
    const queues = pieces.map((list) => [...list]);
    let started = 0;
    const start = (upTo: number) => {
      for (; started <= upTo; started++) {
        const part = parts[started]!;
        if (part.type === 'tool_call') events.push({ type: 'tool_call', index: started, id: part.id, name: part.name });
      }
    };
    const emit = (index: number) => {
      const part = parts[index]!;
      const fragment = queues[index]!.shift()!;
      if (part.type === 'tool_call') events.push({ type: 'tool_arguments', index, fragment });
      else events.push({ type: part.type, index, text: fragment });
    };
    const firstCall = parts.findIndex((part) => part.type === 'tool_call');
    // Reasoning and text go in order; the calls then interleave as `picks` says.
    for (let index = 0; index < parts.length && index !== firstCall; index++) {
      start(index);
      while (queues[index]!.length > 0) emit(index);
      events.push({ type: 'block_end', index });
    }
    if (firstCall >= 0) {
      for (const pick of picks) {
        const index = firstCall + (pick % (parts.length - firstCall));
        start(index);
        if (queues[index]!.length > 0) emit(index);
      }
      for (let index = firstCall; index < parts.length; index++) {
        start(index);
        while (queues[index]!.length > 0) emit(index);
      }
    }
    events.push({ type: 'finish', reason: value.finishReason });
    return events;
  }

  it('keeps any answer streamed by the encoder, the SSE bytes split anywhere, through the decoder and the fold', () => {
    fc.assert(
      fc.property(streamedAnswer, fc.array(fc.nat(), { maxLength: 12 }), ([value, pieces, picks], cuts) => {
        const encoder = new OpenAIStreamEncoder({ kind: 'chat', ...meta });
        let frames = encoder.opening() + encoder.encodeAll(schedule(value, pieces, picks));
        if (value.usage) frames += encoder.usage(value.usage);
        frames += encoder.done();
        const bytes = Buffer.from(frames, 'utf8');
        const sse = new SseDecoder();
        const decoder = new OpenAIStreamDecoder();
        const folder = new AnswerFolder();
        let done = false;
        let from = 0;
        const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        for (const to of [...positions, bytes.length]) {
          for (const event of sse.push(bytes.subarray(from, to))) {
            if (event.data === '[DONE]') {
              done = true;
              continue;
            }
            const out: StreamEvent[] = [];
            assert.equal(decoder.push(event.data, out).kind, 'ok');
            folder.addAll(out);
          }
          from = to;
        }
        assert.ok(done, 'the stream ends with [DONE]');
        const out: StreamEvent[] = [];
        decoder.finish(out);
        folder.addAll(out);
        assert.deepEqual(folder.answer(), asServed(value));
      }),
      { numRuns: 400, seed: 14 },
    );
  });
});

function split(text: string, cuts: number[]): string[] {
  // Cut between code points only: a fragment of a surrogate pair is not a string JSON can carry.
  const points = [...text];
  const at = [...new Set(cuts.map((cut) => cut % (points.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const to of [...at, points.length]) {
    if (to > from) out.push(points.slice(from, to).join(''));
    from = to;
  }
  return out.length > 0 ? out : [text];
}
