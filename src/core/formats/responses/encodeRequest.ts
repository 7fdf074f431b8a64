import type { JsonObject, Message } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { ChatRequest, ResponseFormat, ToolChoice } from '../../model/request';
import { needs } from '../../model/request';
import type { EncodedRequest } from '../codec';
import { withMembers } from '../codec';
import { effortForBudget } from '../reasoning';
import { encodeDocument, encodeImage } from './media';
import { addIssue } from './untranslated';
import type { WireAssistantText, WireFunctionTool, WireInputContent, WireInputItem, WireTextFormat, WireToolChoice } from './wire';

/** OpenAI rejects a `max_output_tokens` below this. */
export const MIN_OUTPUT_TOKENS = 16;

/**
 * The model's chat request → a Responses request body for an OpenAI Responses upstream.
 *
 * A request that came in as Responses is passed through: the client's body with only `model`
 * and `stream` replaced (and `stream_options` removed for a non-streamed call, where OpenAI
 * refuses it), so every field reaches OpenAI as sent. Otherwise the body is built from the model:
 * system messages as `developer` messages in place (Responses' `instructions` is the same
 * thing, and messages keep their position and parts); tool calls as `function_call` items and
 * results as `function_call_output`; reasoning only where it carries OpenAI's encrypted content
 * (with its item id, to which that content is bound), other vendors' reasoning left out
 * silently (it means nothing here); `store: false` and, when reasoning is asked for or carried,
 * `include: ["reasoning.encrypted_content"]`, so reasoning survives the turn without anything
 * stored at OpenAI (and the include is not sent to non-reasoning models, which refuse it). A
 * thinking budget without an effort becomes the effort of formats/reasoning.ts. `issues` is
 * `checkResponsesRequest`.
 */
export function encodeResponsesRequest(request: ChatRequest, target: { model: string; stream: boolean }): EncodedRequest {
  const origin = request.origin;
  if (origin?.format === 'openai-responses') {
    return { body: withMembers(origin.body, { model: target.model, stream: target.stream }, target.stream ? [] : ['stream_options']), issues: [] };
  }
  const body: JsonObject = { model: target.model, input: encodeInput(request.messages) };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool): WireFunctionTool => ({
      type: 'function',
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.parameters,
      // Explicit: Responses would otherwise make a compatible schema strict.
      strict: tool.strict ?? false,
    }));
  }
  if (request.toolChoice) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.responseFormat) body.text = { format: encodeFormat(request.responseFormat) };
  const reasoning = encodeReasoning(request);
  if (reasoning) body.reasoning = reasoning;
  if (request.maxTokens !== undefined) body.max_output_tokens = Math.max(MIN_OUTPUT_TOKENS, request.maxTokens);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.user !== undefined) body.safety_identifier = request.user;
  body.store = false;
  if (carriesReasoning(request)) body.include = ['reasoning.encrypted_content'];
  body.stream = target.stream;
  return { body, issues: checkResponsesRequest(request) };
}

/**
 * What of the request a Responses upstream cannot take, without building the body (cheap: the
 * router asks it of every candidate before any call): nothing for a Responses client's own
 * request; otherwise the request's untranslated fields from its own format, and the options
 * Responses lacks, named as the client named them.
 */
export function checkResponsesRequest(request: ChatRequest): FieldIssue[] {
  const origin = request.origin;
  if (origin?.format === 'openai-responses') return [];
  const issues: FieldIssue[] = [];
  for (const issue of origin?.untranslated ?? []) addIssue(issues, issue);
  const anthropic = origin?.format === 'anthropic-messages';
  if (request.stop && request.stop.length > 0) {
    addIssue(issues, { field: anthropic ? 'stop_sequences' : 'stop', action: 'refuse', reason: 'OpenAI Responses has no stop sequences' });
  }
  if (request.seed !== undefined) addIssue(issues, { field: 'seed', action: 'drop', reason: 'OpenAI Responses takes no seed' });
  if (request.presencePenalty !== undefined) addIssue(issues, { field: 'presence_penalty', action: 'drop', reason: 'OpenAI Responses takes no penalties' });
  if (request.frequencyPenalty !== undefined) addIssue(issues, { field: 'frequency_penalty', action: 'drop', reason: 'OpenAI Responses takes no penalties' });
  if (request.logitBias && Object.keys(request.logitBias).length > 0) {
    addIssue(issues, { field: 'logit_bias', action: 'refuse', reason: 'OpenAI Responses takes no logit bias' });
  }
  if (request.n !== undefined && request.n > 1) addIssue(issues, { field: 'n', action: 'refuse', reason: 'OpenAI Responses generates one answer' });
  if (request.topK !== undefined) addIssue(issues, { field: 'top_k', action: 'drop', reason: 'OpenAI Responses takes no top_k' });
  if (request.logprobs) addIssue(issues, { field: 'logprobs', action: 'refuse', reason: 'log probabilities do not cross formats' });
  if (request.topLogprobs !== undefined) addIssue(issues, { field: 'top_logprobs', action: 'refuse', reason: 'log probabilities do not cross formats' });
  for (const message of request.messages) {
    if (message.name !== undefined) addIssue(issues, { field: 'name', action: 'drop', reason: 'OpenAI Responses messages have no participant name' });
    for (const part of message.content) {
      if (part.type === 'tool_result' && part.isError) addIssue(issues, { field: 'is_error', action: 'drop', reason: 'OpenAI Responses tool outputs have no error flag' });
    }
  }
  return issues;
}

/** The conversation as input items (see encodeResponsesRequest for the choices). */
export function encodeInput(messages: readonly Message[]): WireInputItem[] {
  const items: WireInputItem[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        items.push({ type: 'message', role: 'developer', content: message.content.flatMap((part) => (part.type === 'text' ? [{ type: 'input_text' as const, text: part.text }] : [])) });
        break;
      case 'user': {
        const content = message.content.flatMap((part): WireInputContent[] => {
          if (part.type === 'text') return [{ type: 'input_text' as const, text: part.text }];
          if (part.type === 'image') return [encodeImage(part)];
          if (part.type === 'document') return [encodeDocument(part)];
          return [];
        });
        items.push({ type: 'message', role: 'user', content });
        break;
      }
      case 'assistant':
        encodeAssistant(message, items);
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool_result') continue;
          const only = part.content.length === 1 ? part.content[0] : undefined;
          const output =
            only?.type === 'text'
              ? only.text
              : part.content.map((inner) => (inner.type === 'text' ? { type: 'input_text' as const, text: inner.text } : inner.type === 'image' ? encodeImage(inner) : encodeDocument(inner)));
          items.push({ type: 'function_call_output', call_id: part.callId, output });
        }
        break;
    }
  }
  return items;
}

/** An assistant turn: consecutive text parts as one assistant message, then its calls and reasoning in order. */
function encodeAssistant(message: Message, items: WireInputItem[]): void {
  let texts: WireAssistantText[] | undefined;
  for (const part of message.content) {
    if (part.type === 'text') {
      if (!texts) {
        texts = [];
        items.push({ type: 'message', role: 'assistant', content: texts });
      }
      texts.push({ type: 'output_text', text: part.text });
      continue;
    }
    texts = undefined;
    if (part.type === 'tool_call') items.push({ type: 'function_call', call_id: part.id, name: part.name, arguments: part.arguments });
    else if (part.type === 'reasoning' && part.encryptedContent !== undefined) {
      items.push({
        type: 'reasoning',
        ...(part.itemId !== undefined && { id: part.itemId }),
        summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }],
        encrypted_content: part.encryptedContent,
      });
    }
  }
}

function encodeToolChoice(choice: ToolChoice): WireToolChoice {
  return choice.type === 'tool' ? { type: 'function', name: choice.name } : choice.type;
}

function encodeFormat(format: ResponseFormat): WireTextFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    name: format.name,
    schema: format.schema,
    ...(format.strict !== undefined && { strict: format.strict }),
    ...(format.description !== undefined && { description: format.description }),
  };
}

/**
 * `reasoning`: the effort (from a thinking budget when only that is given), and the summary;
 * an Anthropic-style thinking request (a budget or adaptive) asks for summaries, the only
 * reasoning text OpenAI returns.
 */
function encodeReasoning(request: ChatRequest): JsonObject | undefined {
  const options = request.reasoning;
  if (!options) return undefined;
  const thinking = options.budgetTokens !== undefined || options.adaptive === true;
  const effort = options.effort ?? (options.budgetTokens !== undefined ? effortForBudget(options.budgetTokens) : undefined);
  const summary = options.summary ?? (thinking ? 'auto' : undefined);
  if (effort === undefined && summary === undefined) return undefined;
  return { ...(effort !== undefined && { effort }), ...(summary !== undefined && { summary }) };
}

/** Reasoning asked for, or OpenAI reasoning carried from an earlier turn. */
function carriesReasoning(request: ChatRequest): boolean {
  if (needs(request).includes('reasoning')) return true;
  return request.messages.some((message) => message.content.some((part) => part.type === 'reasoning' && part.encryptedContent !== undefined));
}
