import fc from 'fast-check';
import type { Answer, AnswerPart } from '../../../../src/core/model/answer';
import type { ContentPart, DocumentPart, ImagePart, Message, TextPart, ToolCallPart } from '../../../../src/core/model/content';
import type { ChatRequest, ReasoningEffort, ResponseFormat, ToolDefinition } from '../../../../src/core/model/request';
import type { Usage } from '../../../../src/core/model/usage';

/**
 * fast-check generators of model values that the OpenAI chat format can carry, in the model's
 * normal form (normalizeMessages): what must survive encoding and decoding unchanged.
 */

export type Dialect = 'openai' | 'vllm';

const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const textPart: fc.Arbitrary<TextPart> = text.map((value) => ({ type: 'text', text: value }));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** fast-check builds records without a prototype; the codecs' output has one. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const image: fc.Arbitrary<ImagePart> = fc
  .record({
    source: fc.oneof(
      fc.webUrl({ validSchemes: ['https'] }).map((url) => ({ kind: 'url' as const, url })),
      fc.record({ kind: fc.constant('base64' as const), mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/gif'), data: fc.base64String({ minLength: 4, maxLength: 40 }) }),
    ),
    detail: maybe(fc.constantFrom('auto' as const, 'low' as const, 'high' as const)),
  })
  .map(({ source, detail }) => defined({ type: 'image' as const, source, detail }));

const pdf: fc.Arbitrary<DocumentPart> = fc
  .record({ data: fc.base64String({ minLength: 4, maxLength: 40 }), title: text })
  .map(({ data, title }) => ({ type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data }, title }));

export const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,15}$/);
export const jsonArguments = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((value) => JSON.stringify(value));
const callId = fc.stringMatching(/^(call|toolu)_[A-Za-z0-9]{1,12}$/);

const participant = maybe(fc.stringMatching(/^[a-z]{1,8}$/));

type Turn =
  | { role: 'system'; parts: TextPart[]; name?: string }
  | { role: 'user'; parts: ContentPart[]; name?: string }
  | { role: 'assistant'; texts: TextPart[]; calls: { id: string; name: string; arguments: string }[]; answers: TextPart[][] | undefined; name?: string };

function turn(dialect: Dialect): fc.Arbitrary<Turn> {
  const userPart = dialect === 'openai' ? fc.oneof(textPart, image, pdf) : fc.oneof(textPart, image);
  return fc.oneof(
    fc.record({ role: fc.constant('system' as const), parts: fc.array(textPart, { minLength: 1, maxLength: 2 }), name: participant }),
    fc.record({ role: fc.constant('user' as const), parts: fc.array(userPart, { minLength: 1, maxLength: 3 }), name: participant }),
    fc.record({
      role: fc.constant('assistant' as const),
      texts: fc.array(textPart, { maxLength: 2 }),
      calls: fc.array(fc.record({ id: callId, name: toolName, arguments: jsonArguments }), { maxLength: 3 }),
      answers: maybe(fc.array(fc.array(textPart, { maxLength: 2 }), { minLength: 3, maxLength: 3 })),
      name: participant,
    }),
  );
}

/** A conversation in normal form: calls with unique ids, each tool turn answering the turn before it. */
export function conversation(dialect: Dialect): fc.Arbitrary<Message[]> {
  return fc.array(turn(dialect), { minLength: 1, maxLength: 6 }).map((turns) => {
    const messages: Message[] = [];
    turns.forEach((spec, position) => {
      const name = spec.name !== undefined ? { name: spec.name } : {};
      if (spec.role !== 'assistant') {
        messages.push({ role: spec.role, content: spec.parts, ...name });
        return;
      }
      const calls: ToolCallPart[] = spec.calls.map((call, k) => ({ type: 'tool_call', ...call, id: `${call.id}_${position}_${k}` }));
      if (spec.texts.length === 0 && calls.length === 0) return;
      messages.push({ role: 'assistant', content: [...spec.texts, ...calls], ...name });
      if (calls.length > 0 && spec.answers) {
        messages.push({ role: 'tool', content: calls.map((call, k) => ({ type: 'tool_result', callId: call.id, content: spec.answers![k]! })) });
      }
    });
    return messages;
  }).filter((messages) => messages.length > 0).map(plain);
}

const tenths = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((n) => n / 10);
const effortsFor = (dialect: Dialect): ReasoningEffort[] => (dialect === 'openai' ? ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] : ['low', 'medium', 'high']);

const tool: fc.Arbitrary<ToolDefinition> = fc
  .record({ name: toolName, description: maybe(text), strict: maybe(fc.boolean()) })
  .map(({ name, description, strict }) => defined({ name, description, parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict }));

const responseFormat: fc.Arbitrary<ResponseFormat> = fc.oneof(
  fc.constant({ type: 'text' as const }),
  fc.constant({ type: 'json_object' as const }),
  fc
    .record({ name: toolName, strict: maybe(fc.boolean()), description: maybe(text) })
    .map(({ name, strict, description }) => defined({ type: 'json_schema' as const, name, schema: { type: 'object', properties: {} }, strict, description })),
);

/** A chat request of everything the dialect carries, without an origin. */
export function chatRequest(dialect: Dialect): fc.Arbitrary<ChatRequest> {
  return fc
    .record({
      messages: conversation(dialect),
      tools: maybe(fc.uniqueArray(tool, { minLength: 1, maxLength: 3, selector: (t) => t.name })),
      choice: fc.constantFrom('auto', 'none', 'required', 'tool', undefined),
      parallelToolCalls: maybe(fc.boolean()),
      responseFormat: maybe(responseFormat),
      effort: maybe(fc.constantFrom(...effortsFor(dialect))),
      maxTokens: maybe(fc.integer({ min: 1, max: 200_000 })),
      temperature: maybe(tenths(0, 2)),
      topP: maybe(tenths(0, 1)),
      topK: dialect === 'vllm' ? maybe(fc.integer({ min: 1, max: 100 })) : fc.constant(undefined),
      stop: maybe(fc.array(text, { minLength: 1, maxLength: 4 })),
      seed: maybe(fc.integer()),
      presencePenalty: maybe(tenths(-2, 2)),
      frequencyPenalty: maybe(tenths(-2, 2)),
      logitBias: maybe(fc.dictionary(fc.stringMatching(/^[1-9][0-9]{0,5}$/), fc.integer({ min: -100, max: 100 }), { minKeys: 1, maxKeys: 3 }).map((bias) => ({ ...bias }))),
      logprobs: maybe(fc.boolean()),
      topLogprobs: maybe(fc.integer({ min: 0, max: 20 })),
      n: maybe(fc.integer({ min: 1, max: 128 })),
      user: maybe(text),
    })
    .map(({ messages, tools, choice, parallelToolCalls, effort, logprobs, topLogprobs, ...rest }) => {
      const request: ChatRequest = defined({ kind: 'chat' as const, messages, ...rest, logprobs, topLogprobs: logprobs ? topLogprobs : undefined });
      if (tools) {
        request.tools = tools;
        if (choice) request.toolChoice = choice === 'tool' ? { type: 'tool', name: tools[0]!.name } : { type: choice };
        if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
      }
      if (effort) request.reasoning = { effort };
      return plain(request);
    });
}

export const usage: fc.Arbitrary<Usage> = fc
  .record({
    promptTokens: fc.nat(1_000_000),
    completionTokens: fc.nat(100_000),
    cacheReadTokens: maybe(fc.nat(1000)),
    cacheWriteTokens: maybe(fc.nat(1000)),
    reasoningTokens: maybe(fc.nat(1000)),
  })
  .map((value) => defined({ ...value, totalTokens: value.promptTokens + value.completionTokens }));

/** An answer in the shape OpenAI gives one: reasoning, then text, then calls with unique ids. */
export const answer: fc.Arbitrary<Answer> = fc
  .record({
    id: fc.string({ maxLength: 10 }),
    providerModel: fc.string({ maxLength: 10 }),
    reasoning: maybe(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })),
    text: maybe(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 })),
    calls: fc.uniqueArray(fc.record({ id: callId, name: toolName, arguments: fc.oneof(jsonArguments, fc.constant('{}')) }), { maxLength: 4, selector: (c) => c.id }),
    finishReason: fc.constantFrom('stop' as const, 'length' as const, 'tool_calls' as const, 'content_filter' as const, null),
    usage: maybe(usage),
  })
  .map(({ reasoning, text: body, calls, usage: counts, ...rest }) => {
    const content: AnswerPart[] = [];
    if (reasoning !== undefined) content.push({ type: 'reasoning', text: reasoning });
    if (body !== undefined) content.push({ type: 'text', text: body });
    for (const call of calls) content.push({ type: 'tool_call', ...call });
    return plain(defined({ ...rest, content, usage: counts }));
  });
