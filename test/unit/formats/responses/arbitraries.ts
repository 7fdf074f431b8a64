import fc from 'fast-check';
import type { Answer, AnswerPart } from '../../../../src/core/model/answer';
import type { ContentPart, DocumentPart, ImagePart, Message, TextPart, ToolResultPart } from '../../../../src/core/model/content';
import type { FinishReason, StreamEvent } from '../../../../src/core/model/events';
import type { ChatRequest, ToolDefinition } from '../../../../src/core/model/request';
import type { Usage } from '../../../../src/core/model/usage';

/**
 * Conversations, requests, answers and event streams in the model, limited to what the
 * Responses format carries (its normal form): no cache breakpoints, no participant names, no
 * Anthropic reasoning state, reasoning in requests only with OpenAI's encrypted content, no two
 * assistant turns in a row (Responses has no turn boundary between assistant items).
 */

/** fast-check builds records without a prototype; the codecs' values have one. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }));
const nonEmpty = fc.string({ minLength: 1, maxLength: 12 });
const textPart: fc.Arbitrary<TextPart> = text.map((value) => ({ type: 'text', text: value }));

const image: fc.Arbitrary<ImagePart> = fc
  .record({
    source: fc.oneof(
      fc.webUrl({ validSchemes: ['https'] }).map((url) => ({ kind: 'url' as const, url })),
      fc.record({ kind: fc.constant('base64' as const), mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'), data: fc.base64String() }),
    ),
    detail: fc.option(fc.constantFrom('auto' as const, 'low' as const, 'high' as const), { nil: undefined }),
  })
  .map(({ source, detail }) => ({ type: 'image', source, ...(detail !== undefined && { detail }) }));

const document: fc.Arbitrary<DocumentPart> = fc.oneof(
  fc.record({ type: fc.constant('document' as const), source: fc.record({ kind: fc.constant('base64' as const), mediaType: fc.constant('application/pdf'), data: fc.base64String() }), title: nonEmpty }),
  fc.record({ type: fc.constant('document' as const), source: fc.record({ kind: fc.constant('text' as const), mediaType: fc.constant('text/plain' as const), data: fc.string({ unit: 'grapheme' }) }), title: nonEmpty }),
  fc
    .record({ url: fc.webUrl({ validSchemes: ['https'] }), title: fc.option(nonEmpty, { nil: undefined }) })
    .map(({ url, title }): DocumentPart => ({ type: 'document', source: { kind: 'url', url }, ...(title !== undefined && { title }) })),
);

const args = fc.json();
const toolCall = fc.record({ type: fc.constant('tool_call' as const), id: nonEmpty, name: nonEmpty, arguments: args });

const requestReasoning = fc
  .record({ text, encryptedContent: nonEmpty, itemId: fc.option(nonEmpty.map((id) => `rs_${id}`), { nil: undefined }) })
  .map(({ text: value, encryptedContent, itemId }): ContentPart => ({ type: 'reasoning', text: value, encryptedContent, ...(itemId !== undefined && { itemId }) }));

const toolResult: fc.Arbitrary<ToolResultPart> = fc.record({
  type: fc.constant('tool_result' as const),
  callId: nonEmpty,
  content: fc.array(fc.oneof(textPart, image, document), { maxLength: 3 }),
});

const message: fc.Arbitrary<Message> = fc.oneof(
  fc.array(textPart, { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'system', content })),
  fc.array(fc.oneof(textPart, image, document), { minLength: 1, maxLength: 4 }).map((content): Message => ({ role: 'user', content })),
  fc.array(fc.oneof(textPart, requestReasoning, toolCall), { minLength: 1, maxLength: 4 }).map((content): Message => ({ role: 'assistant', content })),
  fc.array(toolResult, { minLength: 1, maxLength: 3 }).map((content): Message => ({ role: 'tool', content })),
);

/** A conversation in the normal form of the Responses format. */
export const conversation: fc.Arbitrary<Message[]> = fc.array(message, { minLength: 1, maxLength: 8 }).map((messages) => {
  const out: Message[] = [];
  for (const next of messages) {
    const last = out[out.length - 1];
    if (last && last.role === next.role && (next.role === 'assistant' || next.role === 'tool')) last.content = [...last.content, ...next.content];
    else out.push({ ...next, content: [...next.content] });
  }
  return plain(out);
});

const tool: fc.Arbitrary<ToolDefinition> = fc
  .record({
    name: nonEmpty,
    description: fc.option(text, { nil: undefined }),
    parameters: fc.constantFrom({ type: 'object', properties: {} }, { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }),
    strict: fc.option(fc.constant(true as const), { nil: undefined }),
  })
  .map(({ name, description, parameters, strict }) => ({ name, parameters, ...(description !== undefined && { description }), ...(strict && { strict }) }));

/** A chat request with every option the Responses format carries. */
export const chatRequest: fc.Arbitrary<ChatRequest> = fc
  .record(
    {
      messages: conversation,
      tools: fc.array(tool, { minLength: 1, maxLength: 3 }),
      toolChoice: fc.oneof(fc.constantFrom({ type: 'auto' as const }, { type: 'none' as const }, { type: 'required' as const }), nonEmpty.map((name) => ({ type: 'tool' as const, name }))),
      parallelToolCalls: fc.boolean(),
      responseFormat: fc.oneof(
        fc.constantFrom({ type: 'text' as const }, { type: 'json_object' as const }),
        fc
          .record({ name: nonEmpty, strict: fc.option(fc.boolean(), { nil: undefined }), description: fc.option(text, { nil: undefined }) })
          .map(({ name, strict, description }) => ({
            type: 'json_schema' as const,
            name,
            schema: { type: 'object', properties: { answer: { type: 'string' } } },
            ...(strict !== undefined && { strict }),
            ...(description !== undefined && { description }),
          })),
      ),
      reasoning: fc
        .record(
          { effort: fc.constantFrom('none' as const, 'minimal' as const, 'low' as const, 'medium' as const, 'high' as const, 'xhigh' as const), summary: fc.constantFrom('auto' as const, 'concise' as const, 'detailed' as const) },
          { requiredKeys: [] },
        )
        .filter((options) => Object.keys(options).length > 0),
      maxTokens: fc.integer({ min: 16, max: 200_000 }),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      topP: fc.double({ min: 0, max: 1, noNaN: true }),
      user: nonEmpty,
    },
    { requiredKeys: ['messages'] },
  )
  .map((fields): ChatRequest => plain({ kind: 'chat', ...fields }));

const usage: fc.Arbitrary<Usage> = fc
  .record(
    {
      promptTokens: fc.nat(),
      completionTokens: fc.nat(),
      cacheReadTokens: fc.integer({ min: 1, max: 1e6 }),
      cacheWriteTokens: fc.integer({ min: 1, max: 1e6 }),
      reasoningTokens: fc.integer({ min: 1, max: 1e6 }),
    },
    { requiredKeys: ['promptTokens', 'completionTokens'] },
  )
  .map((fields) => ({ ...fields, totalTokens: fields.promptTokens + fields.completionTokens }));

const answerPart: fc.Arbitrary<AnswerPart> = fc.oneof(
  text.map((value): AnswerPart => ({ type: 'text', text: value })),
  fc
    .record({ text, encryptedContent: fc.option(nonEmpty, { nil: undefined }), itemId: fc.option(nonEmpty.map((id) => `rs_${id}`), { nil: undefined }) })
    .map(({ text: value, encryptedContent, itemId }): AnswerPart => ({ type: 'reasoning', text: value, ...(encryptedContent !== undefined && { encryptedContent }), ...(itemId !== undefined && { itemId }) })),
  toolCall,
);

/**
 * An answer the Responses format carries (no stop sequence, no Anthropic reasoning state). Call
 * ids and reasoning item ids are unique within it, as every provider makes them (the openai SDK
 * refuses a stream with two items of one identity).
 */
export const answer: fc.Arbitrary<Answer> = fc
  .record({
    content: fc.array(answerPart, { maxLength: 5 }),
    finishReason: fc.constantFrom<FinishReason | null>('stop', 'length', 'tool_calls', 'content_filter', null),
    usage: fc.option(usage, { nil: undefined }),
  })
  .map(({ content, finishReason, usage: counts }) =>
    plain({ id: 'upstream-id', providerModel: 'upstream-model', content: content.map(unique), finishReason, ...(counts && { usage: counts }) }),
  );

/** A part whose id cannot repeat another part's: its position is part of it. */
function unique(part: AnswerPart, position: number): AnswerPart {
  if (part.type === 'tool_call') return { ...part, id: `${part.id}_${position}` };
  if (part.type === 'reasoning' && part.itemId !== undefined) return { ...part, itemId: `${part.itemId}_${position}` };
  return part;
}

/** Pieces of a string (concatenated they are the string). */
function pieces(value: string): fc.Arbitrary<string[]> {
  if (value === '') return fc.constant(['']);
  return fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, value.length - 1) }), { maxLength: 4 }).map((cuts) => {
    const sorted = [...cuts].filter((cut) => cut < value.length).sort((a, b) => a - b);
    const out: string[] = [];
    let previous = 0;
    for (const cut of [...sorted, value.length]) {
      out.push(value.slice(previous, cut));
      previous = cut;
    }
    return out;
  });
}

/** The events of one block: what an upstream decoder gives for it (a reasoning item's id first). */
function blockEvents(part: AnswerPart, index: number): fc.Arbitrary<StreamEvent[]> {
  if (part.type === 'text') return pieces(part.text).map((texts) => [...texts.map((value): StreamEvent => ({ type: 'text', index, text: value })), { type: 'block_end', index }]);
  if (part.type === 'tool_call') {
    return pieces(part.arguments).map((fragments) => [
      { type: 'tool_call', index, id: part.id, name: part.name },
      ...fragments.map((fragment): StreamEvent => ({ type: 'tool_arguments', index, fragment })),
      { type: 'block_end', index },
    ]);
  }
  return pieces(part.text).map((texts) => [
    part.itemId !== undefined ? ({ type: 'reasoning_state', index, state: { itemId: part.itemId } } as StreamEvent) : ({ type: 'reasoning', index, text: '' } as StreamEvent),
    ...texts.map((value): StreamEvent => ({ type: 'reasoning', index, text: value })),
    ...(part.encryptedContent !== undefined ? [{ type: 'reasoning_state', index, state: { encryptedContent: part.encryptedContent } } as StreamEvent] : []),
    { type: 'block_end', index },
  ]);
}

/**
 * A stream of an answer: blocks begin in index order, but their later events interleave (as
 * parallel calls do through OpenAI chat), then finish and usage.
 */
export function answerStream(value: Answer): fc.Arbitrary<StreamEvent[]> {
  const perBlock = value.content.length === 0 ? fc.constant([] as StreamEvent[][]) : fc.tuple(...value.content.map((part, index) => blockEvents(part, index)));
  return fc.tuple(perBlock, fc.infiniteStream(fc.nat())).map(([blocks, choices]) => {
    const queues = blocks.map((events) => [...events]);
    const events: StreamEvent[] = [{ type: 'start', id: value.id, model: value.providerModel }];
    let begun = 0;
    const choice = choices[Symbol.iterator]();
    for (;;) {
      const open = queues.map((queue, index) => ({ queue, index })).filter(({ queue, index }) => queue.length > 0 && index < begun);
      const candidates = begun < queues.length ? [...open, { queue: queues[begun]!, index: begun }] : open;
      if (candidates.length === 0) break;
      const picked = candidates[choice.next().value % candidates.length]!;
      if (picked.index === begun) begun++;
      events.push(picked.queue.shift()!);
    }
    events.push({ type: 'finish', reason: value.finishReason });
    if (value.usage) events.push({ type: 'usage', usage: value.usage });
    return events;
  });
}

/** Events cut into batches (one upstream read each). */
export function batches<T>(events: readonly T[]): fc.Arbitrary<T[][]> {
  return fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, events.length) }), { maxLength: 6 }).map((cuts) => {
    const out: T[][] = [];
    let previous = 0;
    for (const cut of [...cuts.filter((c) => c < events.length).sort((a, b) => a - b), events.length]) {
      if (cut > previous) out.push(events.slice(previous, cut));
      previous = cut;
    }
    return out;
  });
}
