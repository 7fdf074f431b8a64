import type { JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { ChatRequest, ReasoningOptions, ResponseFormat, ToolChoice, ToolDefinition } from '../../model/request';
import type { EncodedRequest } from '../codec';
import { effortForBudget } from '../reasoning';
import { contentIssues, encodeMessages } from './messageEncoding';
import type { OpenAIDialectName } from './sampling';
import { encodeSampling, passThroughBody, samplingIssues } from './sampling';
import type { OpenAIFunctionTool, OpenAIResponseFormat, OpenAIToolChoice } from './wire';

/** Where an encoded request goes: the provider's model name, streamed or not, which server family. */
export interface OpenAITarget {
  model: string;
  stream: boolean;
  dialect: OpenAIDialectName;
}

/** OpenAI's limit on tools per request. */
export const MAX_TOOLS = 128;

/**
 * The request body for an OpenAI or vLLM chat endpoint (client side). A request that came in
 * OpenAI chat format is passed through: the client's body with only what Tokenhub sets
 * replaced (passThroughBody), so vendor extensions reach the provider unchanged. Any other
 * request is encoded from the model; what the dialect cannot carry is left out and reported.
 */
export function encodeChatRequest(request: ChatRequest, target: OpenAITarget): EncodedRequest {
  if (request.origin?.format === 'openai-chat') return { body: passThroughBody(request.origin.body, target, 'chat'), issues: [] };
  const issues = checkChatRequest(request, target.dialect);
  const body: JsonObject = { model: target.model, messages: encodeMessages(request.messages, target.dialect) };
  if (request.tools && !issues.some((issue) => issue.field === 'tools')) {
    if (request.tools.length > 0) body.tools = request.tools.map(encodeTool);
  }
  if (request.toolChoice && body.tools !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined && body.tools !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.responseFormat) body.response_format = encodeResponseFormat(request.responseFormat);
  const effort = request.reasoning && reasoningEffort(request.reasoning, target.dialect);
  if (effort) body.reasoning_effort = effort;
  encodeSampling(request, body, 'chat', target.dialect, issues);
  body.stream = target.stream;
  if (target.stream) body.stream_options = { include_usage: true };
  return { body, issues };
}

/**
 * The issues encodeChatRequest would report, without building the body: the router asks this
 * of every candidate before any call. Pass-through has only OpenAI's limits; otherwise the
 * dialect's gaps and what the request's own format could not put in the model (`origin.untranslated`).
 */
export function checkChatRequest(request: ChatRequest, dialect: OpenAIDialectName): FieldIssue[] {
  // OpenAI's own limits hold for a forwarded body too: a request it would refuse is not sent
  // there, so the router tries a provider that takes it (Anthropic takes more tools).
  const limits: FieldIssue[] = [];
  if (dialect === 'openai' && request.tools && request.tools.length > MAX_TOOLS) {
    limits.push({ field: 'tools', action: 'refuse', reason: `OpenAI takes at most ${MAX_TOOLS} tools` });
  }
  if (request.origin?.format === 'openai-chat') return limits;
  const issues = [...samplingIssues(request, dialect), ...limits];
  if (request.reasoning?.summary !== undefined) issues.push({ field: 'reasoning.summary', action: 'drop', reason: 'Chat Completions returns no reasoning summary' });
  issues.push(...contentIssues(request.messages, dialect));
  if (request.origin) issues.push(...request.origin.untranslated);
  return issues;
}

function encodeTool(tool: ToolDefinition): OpenAIFunctionTool {
  const fn: OpenAIFunctionTool['function'] = { name: tool.name };
  if (tool.description !== undefined) fn.description = tool.description;
  fn.parameters = tool.parameters;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

function encodeToolChoice(choice: ToolChoice): OpenAIToolChoice {
  return choice.type === 'tool' ? { type: 'function', function: { name: choice.name } } : choice.type;
}

function encodeResponseFormat(format: ResponseFormat): OpenAIResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const spec: Extract<OpenAIResponseFormat, { type: 'json_schema' }>['json_schema'] = { name: format.name };
  if (format.description !== undefined) spec.description = format.description;
  spec.schema = format.schema;
  if (format.strict !== undefined) spec.strict = format.strict;
  return { type: 'json_schema', json_schema: spec };
}

/** vLLM takes `low`, `medium` and `high` only. */
const VLLM_EFFORTS: Readonly<Record<string, string | undefined>> = { none: undefined, minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

/**
 * The effort to send: the request's own, or one for its thinking budget (the documented table
 * in formats/reasoning.ts); adaptive thinking without an effort is `medium`, the middle.
 */
function reasoningEffort(reasoning: ReasoningOptions, dialect: OpenAIDialectName): string | undefined {
  const effort = reasoning.effort ?? (reasoning.budgetTokens !== undefined ? effortForBudget(reasoning.budgetTokens) : reasoning.adaptive ? 'medium' : undefined);
  if (effort === undefined || dialect === 'openai') return effort;
  // `none` to vLLM: leave reasoning to the model's template (vLLM has no "off" effort).
  return VLLM_EFFORTS[effort];
}
