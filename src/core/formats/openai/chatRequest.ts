import type { JsonObject } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { ChatRequest, ReasoningEffort, ReasoningOptions, ResponseFormat, ToolChoice, ToolDefinition } from '../../model/request';
import type { Decoded } from '../codec';
import { isJsonObject, own } from '../codec';
import { at, decodeWith, fail, optionalBoolean, optionalObject, optionalString, requiredArray, requiredObject, requiredString } from './readers';
import { decodeMessages } from './requestMessages';
import { checkEnvelope, decodeSampling } from './sampling';
import { CHAT_FIELDS, unknownMembers, untranslatedFields, untranslatedStreamOptions } from './untranslated';

const TOOL_MEMBERS = new Set(['type', 'function']);
const FUNCTION_MEMBERS = new Set(['name', 'description', 'parameters', 'strict']);

/**
 * A client's OpenAI chat body → the model's ChatRequest (server side). Everything Tokenhub reads
 * is validated, and the first problem is answered with its JSON path (`param`) and what was
 * expected. The body is kept as `origin` for same-format pass-through, with every field the
 * model does not carry listed in `origin.untranslated`.
 */
export function decodeChatRequest(body: unknown): Decoded<ChatRequest> {
  return decodeWith(() => {
    if (!isJsonObject(body)) fail('', 'The request body must be a JSON object.');
    const streamOptions = checkEnvelope(body);
    const issues: FieldIssue[] = [];
    const request: ChatRequest = { kind: 'chat', messages: decodeMessages(body.messages, issues), ...decodeSampling(body, 'chat') };
    decodeTools(body, request, issues);
    const responseFormat = decodeResponseFormat(body.response_format, issues);
    if (responseFormat) request.responseFormat = responseFormat;
    const reasoning = decodeReasoning(body, issues);
    if (reasoning) request.reasoning = reasoning;
    const untranslated = [...untranslatedFields(body, CHAT_FIELDS), ...untranslatedStreamOptions(streamOptions), ...issues];
    request.origin = { format: 'openai-chat', body, untranslated };
    return request;
  });
}

function decodeTools(body: JsonObject, request: ChatRequest, issues: FieldIssue[]): void {
  let tools: ToolDefinition[] = [];
  if (body.tools !== undefined && body.tools !== null) {
    requiredArray(body.tools, 'tools', 'an array of tools').forEach((item, index) => {
      const tool = toolDefinition(item, at('tools', index), issues);
      if (tool) tools.push(tool);
    });
  }
  const choice = body.tool_choice;
  if (choice !== undefined && choice !== null) {
    const decoded = toolChoice(choice, tools, issues);
    if (decoded) {
      request.toolChoice = decoded.choice;
      // `allowed_tools` offers a subset: the model carries exactly that subset.
      if (decoded.allowed) tools = tools.filter((tool) => decoded.allowed!.has(tool.name));
    }
  }
  if (tools.length > 0 || Array.isArray(body.tools)) request.tools = tools;
  const parallel = optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
}

function toolDefinition(item: unknown, path: string, issues: FieldIssue[]): ToolDefinition | undefined {
  const tool = requiredObject(item, path, 'a tool object {type: "function", function: {...}}');
  if (tool.type === 'custom') {
    issues.push({ field: path, action: 'refuse', reason: 'a custom (free-text) tool' });
    return undefined;
  }
  if (tool.type !== 'function') fail(at(path, 'type'), `"${at(path, 'type')}" must be "function" (or "custom").`);
  const fnPath = at(path, 'function');
  const fn = requiredObject(tool.function, fnPath, 'an object with the function name, description and parameters');
  unknownMembers(tool, TOOL_MEMBERS, path, issues);
  unknownMembers(fn, FUNCTION_MEMBERS, fnPath, issues);
  const out: ToolDefinition = {
    name: requiredString(fn.name, at(fnPath, 'name'), 'the function name (a non-empty string)'),
    // OpenAI: "omitting parameters defines a function with an empty parameter list".
    parameters: optionalObject(fn.parameters, at(fnPath, 'parameters'), 'a JSON Schema object') ?? { type: 'object', properties: {} },
  };
  const description = optionalString(fn.description, at(fnPath, 'description'));
  if (description !== undefined) out.description = description;
  const strict = optionalBoolean(fn.strict, at(fnPath, 'strict'));
  if (strict !== undefined) out.strict = strict;
  return out;
}

const CHOICES: Readonly<Record<string, ToolChoice>> = { none: { type: 'none' }, auto: { type: 'auto' }, required: { type: 'required' } };

function toolChoice(value: unknown, tools: readonly ToolDefinition[], issues: FieldIssue[]): { choice: ToolChoice; allowed?: Set<string> } | undefined {
  const named = (name: unknown, path: string): string => {
    const tool = requiredString(name, path, 'the name of a function in "tools"');
    if (!tools.some((t) => t.name === tool)) fail(path, `"${path}" must name a function in "tools".`);
    return tool;
  };
  if (typeof value === 'string') {
    const choice = own(CHOICES, value);
    if (!choice) fail('tool_choice', '"tool_choice" must be "none", "auto", "required" or {"type": "function", "function": {"name": …}}.');
    if (choice.type === 'required' && tools.length === 0) fail('tool_choice', '"tool_choice": "required" needs "tools".');
    return { choice: { ...choice } };
  }
  const object = requiredObject(value, 'tool_choice', 'a string or a tool choice object');
  if (object.type === 'function') {
    const fn = requiredObject(object.function, 'tool_choice.function', 'an object with the function name');
    return { choice: { type: 'tool', name: named(fn.name, 'tool_choice.function.name') } };
  }
  if (object.type === 'allowed_tools') {
    const allowed = requiredObject(object.allowed_tools, 'tool_choice.allowed_tools', 'an object with mode and tools');
    const mode = allowed.mode;
    if (mode !== 'auto' && mode !== 'required') fail('tool_choice.allowed_tools.mode', '"tool_choice.allowed_tools.mode" must be "auto" or "required".');
    const names = new Set<string>();
    requiredArray(allowed.tools, 'tool_choice.allowed_tools.tools', 'an array of {type: "function", function: {name}}').forEach((item, index) => {
      const path = at('tool_choice.allowed_tools.tools', index);
      const fn = requiredObject(requiredObject(item, path).function, at(path, 'function'), 'an object with the function name');
      names.add(named(fn.name, at(at(path, 'function'), 'name')));
    });
    return { choice: { type: mode }, allowed: names };
  }
  if (object.type === 'custom') {
    issues.push({ field: 'tool_choice', action: 'refuse', reason: 'a custom (free-text) tool' });
    return undefined;
  }
  return fail('tool_choice.type', '"tool_choice.type" must be "function" or "allowed_tools".');
}

function decodeResponseFormat(value: unknown, issues: FieldIssue[]): ResponseFormat | undefined {
  const format = optionalObject(value, 'response_format', 'an object {type: "text" | "json_object" | "json_schema", …}');
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const spec = requiredObject(format.json_schema, 'response_format.json_schema', 'an object with name and schema');
      const out: ResponseFormat = {
        type: 'json_schema',
        name: requiredString(spec.name, 'response_format.json_schema.name', 'the schema name (a non-empty string)'),
        schema: optionalObject(spec.schema, 'response_format.json_schema.schema', 'a JSON Schema object') ?? {},
      };
      const description = optionalString(spec.description, 'response_format.json_schema.description');
      if (description !== undefined) out.description = description;
      const strict = optionalBoolean(spec.strict, 'response_format.json_schema.strict');
      if (strict !== undefined) out.strict = strict;
      return out;
    }
    default:
      if (typeof format.type !== 'string') fail('response_format.type', '"response_format.type" must be "text", "json_object" or "json_schema".');
      // vLLM's `structural_tag` and whatever comes next: the provider of this format may know it.
      issues.push({ field: 'response_format', action: 'refuse', reason: 'a response format other formats cannot carry' });
      return undefined;
  }
}

const EFFORTS: Readonly<Record<string, ReasoningEffort>> = { none: 'none', minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'xhigh' };
const SUMMARIES: Readonly<Record<string, 'auto' | 'concise' | 'detailed'>> = { auto: 'auto', concise: 'concise', detailed: 'detailed' };

/** `reasoning_effort`, or the Responses-style `reasoning: {effort, summary}` some clients send. */
function decodeReasoning(body: JsonObject, issues: FieldIssue[]): ReasoningOptions | undefined {
  const out: ReasoningOptions = {};
  const effort = (value: unknown, path: string) => {
    const name = optionalString(value, path);
    if (name === undefined) return;
    const known = own(EFFORTS, name);
    if (!known) fail(path, `"${path}" must be one of none, minimal, low, medium, high, xhigh, max.`);
    out.effort = known;
    // The model's scale ends at xhigh; other formats get their highest.
    if (name === 'max') issues.push({ field: path, action: 'drop', reason: '"max" is sent as the highest effort other formats take' });
  };
  // `reasoning_effort` wins over `reasoning.effort` when a client sends both.
  const direct = body.reasoning_effort !== undefined && body.reasoning_effort !== null;
  if (direct) effort(body.reasoning_effort, 'reasoning_effort');
  const reasoning = optionalObject(body.reasoning, 'reasoning', 'an object {effort?, summary?}');
  if (reasoning) {
    if (!direct) effort(reasoning.effort, 'reasoning.effort');
    const summary = optionalString(reasoning.summary, 'reasoning.summary');
    if (summary !== undefined) {
      const known = own(SUMMARIES, summary);
      if (!known) fail('reasoning.summary', '"reasoning.summary" must be one of auto, concise, detailed.');
      out.summary = known;
    }
    for (const key of Object.keys(reasoning)) {
      if (key !== 'effort' && key !== 'summary') issues.push({ field: `reasoning.${key}`, action: 'drop', reason: 'not known to Tokenhub' });
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
