import fc from 'fast-check';
import type { Answer, AnswerPart } from '../../../../src/core/model/answer';
import type { CacheBreakpoint, ContentPart, DocumentPart, ImagePart, Message, ReasoningPart, TextPart, ToolResultPart } from '../../../../src/core/model/content';
import type { FinishReason, StreamEvent } from '../../../../src/core/model/events';
import { anthropicInput } from '../../../../src/core/formats/anthropic/jsonPrefix';
import { finishReason, stopReason } from '../../../../src/core/formats/anthropic/stopReasons';

/**
 * Generators of model values for the round-trip properties, and the documented normalisations
 * each codec applies (so a property compares against what the codec promises, not against a
 * copy of its code): see the doc comments of encodeMessages.ts, response.ts and streamEncoder.ts.
 */

const word = fc.string({ maxLength: 10 }).map((text) => `w${text}`);
/** Text that is sometimes blank, or ends in whitespace (a prefill Anthropic would refuse). */
const text = fc.oneof({ weight: 5, arbitrary: word }, { weight: 1, arbitrary: fc.constantFrom('', '  ', 'ends in space  \n') });
const cache = fc.option(fc.constantFrom<CacheBreakpoint>({ type: 'ephemeral' }, { type: 'ephemeral', ttl: '1h' }), { nil: undefined });
const withCache = <T extends object>(part: T, breakpoint: CacheBreakpoint | undefined): T => (breakpoint ? { ...part, cache: breakpoint } : part);

const textPart = (source: fc.Arbitrary<string> = text): fc.Arbitrary<TextPart> =>
  fc.tuple(source, cache).map(([value, breakpoint]) => withCache({ type: 'text' as const, text: value }, breakpoint));
const imagePart: fc.Arbitrary<ImagePart> = fc.tuple(
  fc.oneof(
    word.map((name) => ({ kind: 'url' as const, url: `https://example.com/${encodeURIComponent(name)}.png` })),
    fc.tuple(fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'), fc.base64String({ minLength: 4, maxLength: 16 })).map(([mediaType, data]) => ({ kind: 'base64' as const, mediaType, data })),
  ),
  cache,
).map(([source, breakpoint]) => withCache({ type: 'image' as const, source }, breakpoint));
const documentPart: fc.Arbitrary<DocumentPart> = fc.tuple(
  fc.oneof(
    fc.base64String({ minLength: 4, maxLength: 16 }).map((data) => ({ kind: 'base64' as const, mediaType: 'application/pdf', data })),
    word.map((data) => ({ kind: 'text' as const, mediaType: 'text/plain' as const, data })),
    word.map((name) => ({ kind: 'url' as const, url: `https://example.com/${encodeURIComponent(name)}.pdf` })),
  ),
  fc.option(word, { nil: undefined }),
  cache,
).map(([source, title, breakpoint]) => withCache(title === undefined ? { type: 'document' as const, source } : { type: 'document' as const, source, title }, breakpoint));
const userPart: fc.Arbitrary<TextPart | ImagePart | DocumentPart> = fc.oneof({ weight: 3, arbitrary: textPart() }, imagePart, documentPart);

/** Reasoning: signed, redacted, or another vendor's (no Anthropic state). */
const reasoningPart: fc.Arbitrary<ReasoningPart> = fc.oneof(
  fc.tuple(text, word).map(([value, signature]) => ({ type: 'reasoning' as const, text: value, signature })),
  word.map((data) => ({ type: 'reasoning' as const, text: '', redactedData: data })),
  text.map((value) => ({ type: 'reasoning' as const, text: value })),
);
/** JSON-object arguments, as JSON.stringify writes them. */
const argumentsText = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((value) => JSON.stringify(value));
const toolName = fc.constantFrom('read', 'grep', 'bash');

type Step =
  | { kind: 'system'; parts: TextPart[] }
  | { kind: 'user'; parts: (TextPart | ImagePart | DocumentPart)[] }
  | { kind: 'assistant'; parts: (TextPart | ReasoningPart | { call: [string, string, CacheBreakpoint | undefined] })[]; results: { content: (TextPart | ImagePart | DocumentPart)[]; isError: boolean }[]; answered: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.array(textPart(word), { minLength: 1, maxLength: 2 }).map((parts) => ({ kind: 'system' as const, parts })) },
  { weight: 3, arbitrary: fc.array(userPart, { minLength: 1, maxLength: 3 }).map((parts) => ({ kind: 'user' as const, parts })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('assistant' as const),
      parts: fc.array(fc.oneof(textPart(), reasoningPart, fc.tuple(toolName, argumentsText, cache).map((call) => ({ call }))), { minLength: 1, maxLength: 4 }),
      results: fc.array(fc.record({ content: fc.array(userPart, { maxLength: 2 }), isError: fc.boolean() }), { minLength: 4, maxLength: 4 }),
      answered: fc.boolean(),
    }),
  },
);

/**
 * A conversation in the model's normal form, with every role and part: tool calls (unique ids,
 * JSON-object arguments) answered by the next turn's results (a final call may stay unanswered).
 */
export const conversation: fc.Arbitrary<Message[]> = fc.array(step, { minLength: 1, maxLength: 8 }).map((steps) => {
  const messages: Message[] = [];
  let calls = 0;
  steps.forEach((current, i) => {
    if (current.kind !== 'assistant') {
      messages.push({ role: current.kind, content: current.parts });
      return;
    }
    const ids: string[] = [];
    const content: ContentPart[] = current.parts.map((part) => {
      if (!('call' in part)) return part;
      const id = `toolu_${calls++}`;
      ids.push(id);
      const [name, args, breakpoint] = part.call;
      return withCache({ type: 'tool_call' as const, id, name, arguments: args }, breakpoint);
    });
    messages.push({ role: 'assistant', content });
    if (ids.length > 0 && (current.answered || i < steps.length - 1)) {
      const results: ToolResultPart[] = ids.map((callId, n) => ({ type: 'tool_result', callId, content: current.results[n % 4]!.content, ...(current.results[n % 4]!.isError && { isError: true }) }));
      messages.push({ role: 'tool', content: results });
    }
  });
  return messages;
});

const isBlank = (value: string): boolean => value.trim() === '';
const hasState = (part: ReasoningPart): boolean => part.redactedData !== undefined || !!part.signature;

/** Reasoning as Anthropic carries it: redacted data alone, or signed text (other state is not Anthropic's). */
function anthropicReasoning(part: ReasoningPart): ReasoningPart {
  return part.redactedData !== undefined ? { type: 'reasoning', text: '', redactedData: part.redactedData } : { type: 'reasoning', text: part.text, signature: part.signature! };
}

/**
 * What a conversation is after model → encodeMessagesRequest → decodeMessagesRequest: system
 * turns lifted to one system message first; blank text and reasoning without Anthropic state
 * left out; consecutive turns of one wire role merged (tool results, then the user's parts; an
 * assistant turn's signed reasoning first); a neutral `.` user turn first when the conversation
 * opens otherwise; a final assistant text trimmed at its end.
 */
export function expectedConversation(messages: readonly Message[]): Message[] {
  const system = messages.filter((message) => message.role === 'system').flatMap((message) => message.content);
  const turns: { role: 'user' | 'assistant'; lead: ContentPart[]; rest: ContentPart[] }[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const lead: ContentPart[] = [];
    const rest: ContentPart[] = [];
    for (const part of message.content) {
      if (part.type === 'text') {
        if (!isBlank(part.text)) rest.push(part);
      } else if (part.type === 'reasoning') {
        if (hasState(part)) lead.push(anthropicReasoning(part));
      } else if (part.type === 'tool_result') {
        lead.push({ ...part, content: part.content.filter((inner) => inner.type !== 'text' || !isBlank(inner.text)) });
      } else rest.push(part);
    }
    if (lead.length + rest.length === 0) continue;
    const last = turns[turns.length - 1];
    if (last?.role === role) {
      last.lead.push(...lead);
      last.rest.push(...rest);
    } else turns.push({ role, lead, rest });
  }
  const last = turns[turns.length - 1];
  const tail = last?.rest[last.rest.length - 1];
  if (last?.role === 'assistant' && tail?.type === 'text') {
    const trimmed = tail.text.trimEnd();
    if (trimmed === '') last.rest.pop();
    else last.rest[last.rest.length - 1] = { ...tail, text: trimmed };
    if (last.lead.length + last.rest.length === 0) turns.pop();
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', lead: [], rest: [{ type: 'text', text: '.' }] });
  const out: Message[] = system.length > 0 ? [{ role: 'system', content: system.length === 1 && !(system[0] as TextPart).cache ? [{ type: 'text', text: (system[0] as TextPart).text }] : system }] : [];
  for (const turn of turns) {
    if (turn.role === 'assistant') out.push({ role: 'assistant', content: [...turn.lead, ...turn.rest] });
    else {
      if (turn.lead.length > 0) out.push({ role: 'tool', content: turn.lead });
      if (turn.rest.length > 0) out.push({ role: 'user', content: turn.rest });
    }
  }
  return out;
}

const finish = fc.constantFrom<FinishReason | null>('stop', 'length', 'tool_calls', 'content_filter', null);

const answerPart: fc.Arbitrary<AnswerPart> = fc.oneof(
  textPart(text).map((part) => ({ type: 'text' as const, text: part.text })),
  reasoningPart,
  fc.tuple(word, toolName, argumentsText).map(([id, name, args]) => ({ type: 'tool_call' as const, id: `toolu_${id.replace(/[^a-zA-Z0-9_-]/g, '')}`, name, arguments: args })),
);

/** Any whole answer (tool ids unique and valid). */
export const answer: fc.Arbitrary<Answer> = fc
  .record({ content: fc.array(answerPart, { maxLength: 5 }), finishReason: finish, stopSequence: fc.option(word, { nil: undefined }) })
  .map(({ content, finishReason: reason, stopSequence }) => {
    const seen = new Set<string>();
    const unique = content.filter((part) => part.type !== 'tool_call' || (!seen.has(part.id) && seen.add(part.id)));
    const out: Answer = { id: '', providerModel: '', content: unique, finishReason: reason };
    if (stopSequence !== undefined) out.stopSequence = stopSequence;
    return out;
  });

/** The finish and stop sequence an Anthropic client is told, read back. */
export function expectedFinish(reason: FinishReason | null, stopSequence: string | undefined, calledTools: boolean): { finishReason: FinishReason | null; stopSequence?: string } {
  const anthropic = stopReason(reason, stopSequence, calledTools);
  return anthropic === 'stop_sequence' ? { finishReason: finishReason(anthropic), stopSequence } : { finishReason: finishReason(anthropic) };
}

/**
 * An answer's content as Anthropic carries it: empty text and reasoning without Anthropic state
 * left out; a call's arguments as the object the client parses (canonical JSON text here, so that
 * both sides of a comparison are written alike).
 */
export function expectedContent(content: readonly AnswerPart[]): AnswerPart[] {
  return content.flatMap((part): AnswerPart[] => {
    if (part.type === 'text') return part.text === '' ? [] : [part];
    if (part.type === 'reasoning') return hasState(part) ? [anthropicReasoning(part)] : [];
    return [{ ...part, arguments: JSON.stringify(anthropicInput(part.arguments)) }];
  });
}

/** Calls' arguments as canonical JSON text, after checking each is one JSON object (what every client needs). */
export function canonicalCalls(content: readonly AnswerPart[]): AnswerPart[] {
  return content.map((part) => {
    if (part.type !== 'tool_call') return part;
    const parsed: unknown = JSON.parse(part.arguments);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`arguments are not a JSON object: ${part.arguments}`);
    return { ...part, arguments: JSON.stringify(parsed) };
  });
}

type BlockEvents = { kind: 'text' | 'reasoning' | 'tool_call'; events: StreamEvent[]; end: boolean };

const fragment = fc.oneof({ weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) }, { weight: 1, arbitrary: fc.constant('') });

/** JSON-object arguments cut into fragments anywhere, as OpenAI streams them. */
export const splitArguments: fc.Arbitrary<string[]> = fc.tuple(argumentsText, fc.array(fc.nat(), { maxLength: 5 })).map(([args, cuts]) => {
  const points = [...new Set(cuts.map((cut) => cut % (args.length + 1)))].sort((a, b) => a - b);
  return [...points, args.length].map((end, i) => args.slice(i === 0 ? 0 : points[i - 1], end));
});

const block: fc.Arbitrary<Omit<BlockEvents, 'events'> & { make: (index: number) => StreamEvent[] }> = fc.oneof(
  fc.record({ parts: fc.array(fragment, { minLength: 1, maxLength: 4 }), end: fc.boolean() }).map(({ parts, end }) => ({
    kind: 'text' as const,
    end,
    make: (index: number) => parts.map((value): StreamEvent => ({ type: 'text', index, text: value })),
  })),
  fc
    .record({ parts: fc.array(fragment, { maxLength: 3 }), signature: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 2 }), { nil: undefined }), redacted: fc.option(word, { nil: undefined }), end: fc.boolean() })
    .map(({ parts, signature, redacted, end }) => ({
      kind: 'reasoning' as const,
      end,
      make: (index: number): StreamEvent[] => [
        ...parts.map((value): StreamEvent => ({ type: 'reasoning', index, text: value })),
        ...(signature ?? []).map((value): StreamEvent => ({ type: 'reasoning_state', index, state: { signature: value } })),
        ...(redacted === undefined ? [] : [{ type: 'reasoning_state' as const, index, state: { redactedData: redacted } }]),
      ],
    })),
  fc.record({ name: toolName, parts: fc.oneof(fc.array(fragment, { maxLength: 4 }), splitArguments), end: fc.boolean() }).map(({ name, parts, end }) => ({
    kind: 'tool_call' as const,
    end,
    make: (index: number): StreamEvent[] => [{ type: 'tool_call', index, id: `call_${index}`, name }, ...parts.map((value): StreamEvent => ({ type: 'tool_arguments', index, fragment: value }))],
  })),
);

/**
 * A model event sequence: blocks indexed in the order they begin; tool-call blocks interleave
 * with each other and with later blocks (OpenAI streams parallel calls that way), a text or
 * reasoning block says everything before the next block begins (as every provider streams
 * them); `block_end` sometimes; then the finish and usage.
 */
export const streamEvents: fc.Arbitrary<StreamEvent[]> = fc
  .record({ blocks: fc.array(block, { maxLength: 5 }), choices: fc.array(fc.nat(), { maxLength: 40 }), reason: finish, stopSequence: fc.option(word, { nil: undefined }) })
  .map(({ blocks, choices, reason, stopSequence }) => {
    const pending: BlockEvents[] = blocks
      .map((made, index) => ({ kind: made.kind, end: made.end, events: [...made.make(index), ...(made.end ? [{ type: 'block_end' as const, index }] : [])] }))
      .filter((entry) => entry.events.length > 0);
    const out: StreamEvent[] = [{ type: 'start', id: 'upstream', model: 'upstream-model' }];
    let started = 0;
    let choice = 0;
    for (;;) {
      // Available: every started block with events left, and the next block to start. A started
      // text or reasoning block is available only while no later block has started.
      const available = pending
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry, index }) => entry.events.length > 0 && index <= started && (index === started || entry.kind === 'tool_call' || index === started - 1));
      if (available.length === 0) break;
      const picked = available[(choices[choice++] ?? 0) % available.length]!;
      if (picked.index === started) {
        // Starting a block closes the text or reasoning before it for good.
        const previous = pending[started - 1];
        if (previous && previous.kind !== 'tool_call') out.push(...previous.events.splice(0));
        started++;
      }
      out.push(picked.entry.events.shift()!);
    }
    out.push({ type: 'finish', reason, ...(stopSequence !== undefined && { stopSequence }) });
    out.push({ type: 'usage', usage: { promptTokens: 50, completionTokens: 7, totalTokens: 57 } });
    return out;
  });
