import type { JsonObject, Message } from '../../model/content';
import type { ChatRequest, ReasoningEffort, ReasoningOptions, ResponseFormat, ToolChoice, ToolDefinition } from '../../model/request';
import type { Decoded } from '../codec';
import { decoded, isJsonObject, own, problem } from '../codec';
import { decodeMessages, decodeSystem } from './decodeContent';
import { InvalidField, IssueList, cacheAt, fail, objectAt, optionalBoolean, optionalInteger, optionalNumber, optionalString, stringAt } from './validate';

/**
 * An Anthropic Messages request body (a client of the local API) → the model. Everything is
 * validated, with the exact path of the first wrong field (`messages[2].content[0].source.type`).
 * What the model cannot carry is listed in `origin.untranslated` with what to do when the
 * provider speaks another format (DESIGN.md "Messages: what passes through"): `drop` for
 * optional features of Anthropic whose absence still leaves a valid answer, `refuse` for what
 * would change what the answer means; the body itself is kept for same-format pass-through.
 */

/** Options of the decoder. */
export interface DecodeMessagesOptions {
  /** `POST /v1/messages/count_tokens`: no `max_tokens`, and nothing is generated. */
  countTokens?: boolean;
}

/** Client headers forwarded to an Anthropic provider on pass-through (both name betas and versions). */
const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'];

/** Top-level fields with no place in the model, and what to do with each for another format. */
const UNTRANSLATED: Readonly<Record<string, { action: 'drop' | 'refuse'; reason: string }>> = {
  context_management: { action: 'drop', reason: 'server-side context editing is Anthropic\'s' },
  container: { action: 'drop', reason: 'code-execution containers are Anthropic\'s' },
  service_tier: { action: 'drop', reason: 'a capacity tier of Anthropic' },
  inference_geo: { action: 'drop', reason: 'an inference region of Anthropic' },
  speed: { action: 'drop', reason: 'a speed mode of Anthropic' },
  diagnostics: { action: 'drop', reason: 'prompt-cache diagnostics of Anthropic' },
  mcp_servers: { action: 'refuse', reason: 'MCP servers are called by Anthropic\'s servers; another provider cannot call them' },
};

/** Fields the decoder translates (or that Tokenhub sets itself): never untranslated. */
const TRANSLATED = new Set([
  'model', 'messages', 'system', 'max_tokens', 'stream', 'tools', 'tool_choice', 'thinking', 'output_config', 'output_format',
  'metadata', 'stop_sequences', 'temperature', 'top_p', 'top_k',
  // Top-level automatic caching: other providers cache by themselves, so nothing is lost.
  'cache_control',
]);

/** Anthropic effort → the model's (`max` has no OpenAI name; `xhigh` is the nearest). */
const EFFORT: Readonly<Record<string, ReasoningEffort>> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'xhigh' };

/** Decodes a `POST /v1/messages` body; `headers` are the client's (any case). */
export function decodeMessagesRequest(body: unknown, headers?: Readonly<Record<string, string>>, options: DecodeMessagesOptions = {}): Decoded<ChatRequest> {
  try {
    return decoded(decodeBody(body, headers ?? {}, options));
  } catch (error) {
    if (error instanceof InvalidField) return problem(error.param, error.message);
    throw error;
  }
}

/** Decodes a `POST /v1/messages/count_tokens` body (the same shape, without `max_tokens`). */
export function decodeCountTokensRequest(body: unknown, headers?: Readonly<Record<string, string>>): Decoded<ChatRequest> {
  return decodeMessagesRequest(body, headers, { countTokens: true });
}

function decodeBody(body: unknown, headers: Readonly<Record<string, string>>, options: DecodeMessagesOptions): ChatRequest {
  const root = objectAt(body, '', 'a JSON object (an Anthropic Messages request)');
  const issues = new IssueList();
  const model = stringAt(root.model, 'model');
  if (model === '') fail('model', 'must name a model');
  const maxTokens = optionalInteger(root.max_tokens, 'max_tokens', 0);
  if (maxTokens === undefined && !options.countTokens) fail('max_tokens', 'is required: the most tokens to generate (for example 4096)');
  optionalBoolean(root.stream, 'stream');

  const system = decodeSystem(root.system, issues);
  const conversation = decodeMessages(root.messages, issues);
  const messages: Message[] = system ? [system, ...conversation] : conversation;
  const request: ChatRequest = { kind: 'chat', messages };
  if (maxTokens !== undefined) request.maxTokens = maxTokens;

  const tools = decodeTools(root.tools, issues);
  if (tools.length > 0) request.tools = tools;
  decodeToolChoice(root.tool_choice, tools, request);
  decodeReasoning(root, maxTokens, issues, request);
  const format = decodeFormat(root, issues);
  if (format) request.responseFormat = format;
  decodeSampling(root, request);
  decodeMetadata(root.metadata, issues, request);

  for (const key of Object.keys(root)) {
    if (TRANSLATED.has(key)) continue;
    const known = own(UNTRANSLATED, key);
    issues.add(key, known?.action ?? 'drop', known?.reason ?? 'a field Tokenhub does not know');
  }
  request.origin = { format: 'anthropic-messages', body: root, headers: forwardedHeaders(headers), untranslated: issues.items };
  return request;
}

function forwardedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (FORWARDED_HEADERS.includes(lower) && typeof value === 'string') out[lower] = value;
  }
  return out;
}

/** Custom tools become definitions; Anthropic's own tools (web search, code execution…) are named and left out. */
function decodeTools(value: unknown, issues: IssueList): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail('tools', 'must be an array of tools ({name, description?, input_schema})');
  const tools: ToolDefinition[] = [];
  value.forEach((raw: unknown, i) => {
    const param = `tools[${i}]`;
    const tool = objectAt(raw, param, 'a tool ({name, description?, input_schema})');
    const name = stringAt(tool.name, `${param}.name`);
    if (name === '') fail(`${param}.name`, 'must not be empty');
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      const type = stringAt(tool.type, `${param}.type`);
      issues.add(`${param}.${name}`, 'drop', `${type} is a tool that Anthropic runs or defines`);
      return;
    }
    const definition: ToolDefinition = { name, parameters: objectAt(tool.input_schema, `${param}.input_schema`, 'a JSON Schema object ({type: "object", properties…})') };
    const description = optionalString(tool.description, `${param}.description`);
    if (description !== undefined) definition.description = description;
    const strict = optionalBoolean(tool.strict, `${param}.strict`);
    if (strict !== undefined) definition.strict = strict;
    const cache = cacheAt(tool.cache_control, `${param}.cache_control`);
    if (cache) definition.cache = cache;
    // Anthropic-only options of a tool: the tool itself crosses, the option does not.
    if (tool.defer_loading === true) issues.add('defer_loading', 'drop', 'tool search loads deferred tools on Anthropic only; elsewhere they are offered at once');
    for (const key of ['input_examples', 'eager_input_streaming', 'allowed_callers']) {
      if (tool[key] !== undefined && tool[key] !== null) issues.add(key, 'drop', 'a tool option of Anthropic');
    }
    tools.push(definition);
  });
  return tools;
}

function decodeToolChoice(value: unknown, tools: readonly ToolDefinition[], request: ChatRequest): void {
  if (value === undefined || value === null) return;
  const choice = objectAt(value, 'tool_choice', 'an object ({type: "auto" | "any" | "tool" | "none"})');
  let decodedChoice: ToolChoice;
  switch (choice.type) {
    case 'auto':
    case 'none':
      decodedChoice = { type: choice.type };
      break;
    case 'any':
      decodedChoice = { type: 'required' };
      break;
    case 'tool': {
      const name = stringAt(choice.name, 'tool_choice.name');
      if (!tools.some((tool) => tool.name === name)) fail('tool_choice.name', 'must name one of the tools in `tools`');
      decodedChoice = { type: 'tool', name };
      break;
    }
    default:
      fail('tool_choice.type', 'must be "auto", "any", "tool" or "none"');
  }
  request.toolChoice = decodedChoice;
  if (optionalBoolean(choice.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use')) request.parallelToolCalls = false;
}

/** `thinking` and `output_config.effort` → reasoning options. */
function decodeReasoning(root: JsonObject, maxTokens: number | undefined, issues: IssueList, request: ChatRequest): void {
  const config = root.output_config === undefined || root.output_config === null ? {} : objectAt(root.output_config, 'output_config', 'an object ({effort?, format?})');
  let effort: ReasoningEffort | undefined;
  if (config.effort !== undefined && config.effort !== null) {
    effort = own(EFFORT, String(config.effort));
    if (effort === undefined || typeof config.effort !== 'string') fail('output_config.effort', 'must be "low", "medium", "high", "xhigh" or "max"');
  }
  for (const key of Object.keys(config)) if (key !== 'effort' && key !== 'format') issues.add(`output_config.${key}`, 'drop', 'an output option Tokenhub does not know');

  let reasoning: ReasoningOptions | undefined;
  const thinking = root.thinking === undefined || root.thinking === null ? undefined : objectAt(root.thinking, 'thinking', 'an object ({type: "enabled" | "adaptive" | "disabled", …})');
  switch (thinking?.type) {
    case undefined:
      if (effort) reasoning = { effort };
      break;
    case 'enabled': {
      const budget = optionalInteger(thinking.budget_tokens, 'thinking.budget_tokens', 1024);
      if (budget === undefined) fail('thinking.budget_tokens', 'is required with thinking enabled (at least 1024)');
      if (maxTokens !== undefined && budget >= maxTokens) fail('thinking.budget_tokens', 'must be less than max_tokens');
      reasoning = effort ? { budgetTokens: budget, effort } : { budgetTokens: budget };
      break;
    }
    case 'adaptive':
    case 'between_tools':
      if (thinking.type === 'between_tools') issues.add('thinking.type', 'drop', 'thinking only between tool calls is Anthropic\'s; elsewhere the model decides');
      reasoning = effort ? { adaptive: true, effort } : { adaptive: true };
      break;
    case 'disabled':
      if (effort) issues.add('output_config.effort', 'drop', 'an effort without thinking has no form in other formats');
      reasoning = { effort: 'none' };
      break;
    default:
      fail('thinking.type', 'must be "enabled", "adaptive" or "disabled"');
  }
  if (thinking && thinking.display !== undefined && thinking.display !== null) {
    if (thinking.display === 'summarized' && reasoning) reasoning.summary = 'auto';
    else issues.add('thinking.display', 'drop', 'how Anthropic displays thinking');
  }
  if (reasoning) request.reasoning = reasoning;
}

/** `output_config.format` (structured outputs; `output_format` in the beta) → a JSON-schema answer. */
function decodeFormat(root: JsonObject, issues: IssueList): ResponseFormat | undefined {
  const config = isJsonObject(root.output_config) ? root.output_config : {};
  const [value, param] = config.format !== undefined && config.format !== null ? [config.format, 'output_config.format'] : [root.output_format, 'output_format'];
  if (value === undefined || value === null) return undefined;
  const format = objectAt(value, param, 'an object ({type: "json_schema", schema})');
  if (format.type !== 'json_schema') fail(`${param}.type`, 'must be "json_schema"');
  const schema = objectAt(format.schema, `${param}.schema`, 'a JSON Schema object');
  for (const key of Object.keys(format)) if (key !== 'type' && key !== 'schema') issues.add(`${param}.${key}`, 'drop', 'a format option Tokenhub does not know');
  // Anthropic's structured outputs always hold to the schema: strict, in OpenAI's words.
  return { type: 'json_schema', name: 'response', schema, strict: true };
}

function decodeSampling(root: JsonObject, request: ChatRequest): void {
  const temperature = optionalNumber(root.temperature, 'temperature', 0, 1);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(root.top_p, 'top_p', 0, 1);
  if (topP !== undefined) request.topP = topP;
  const topK = optionalInteger(root.top_k, 'top_k', 0);
  if (topK !== undefined) request.topK = topK;
  if (root.stop_sequences !== undefined && root.stop_sequences !== null) {
    if (!Array.isArray(root.stop_sequences)) fail('stop_sequences', 'must be an array of strings');
    const stop = root.stop_sequences.map((value: unknown, i) => stringAt(value, `stop_sequences[${i}]`));
    if (stop.length > 0) request.stop = stop;
  }
}

function decodeMetadata(value: unknown, issues: IssueList, request: ChatRequest): void {
  if (value === undefined || value === null) return;
  const metadata = objectAt(value, 'metadata', 'an object ({user_id?})');
  const user = optionalString(metadata.user_id, 'metadata.user_id');
  if (user !== undefined && user !== '') request.user = user;
  for (const key of Object.keys(metadata)) if (key !== 'user_id') issues.add(`metadata.${key}`, 'drop', 'client metadata Tokenhub does not know');
}
