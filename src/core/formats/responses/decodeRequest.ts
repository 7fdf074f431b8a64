import type { JsonObject, Message } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { ChatRequest, ReasoningEffort, ReasoningOptions, ResponseFormat, ToolChoice, ToolDefinition } from '../../model/request';
import { decoded, isJsonObject, own, problem, type Decoded } from '../codec';
import { decodeInput } from './decodeInput';
import { toolIssue, topLevelIssues } from './untranslated';

/**
 * A Responses request body (`POST /v1/responses`) → the model's chat request, validated with
 * the exact `param` path of the first problem. `instructions` becomes a leading system
 * message; `input` the conversation (decodeInput.ts); function tools, `tool_choice`,
 * `parallel_tool_calls`, `text.format`, `reasoning`, `max_output_tokens`, `temperature`,
 * `top_p`, `top_logprobs` with `include: ["message.output_text.logprobs"]`, and
 * `safety_identifier` (or the older `user`) are translated. Reasoning effort `max` becomes the
 * model's largest, `xhigh`. `origin` keeps the body for pass-through to an OpenAI Responses
 * upstream and names in `untranslated` what other formats cannot carry (untranslated.ts).
 * `previous_response_id` is the surface's: it prepends the stored conversation to `input`
 * before this runs, and a body that has one may have an empty `input`.
 */
export function decodeResponsesRequest(body: unknown): Decoded<ChatRequest> {
  if (!isJsonObject(body)) return problem('', 'The request body must be a JSON object.');
  const issues = topLevelIssues(body);

  const instructions = body.instructions;
  if (instructions !== undefined && instructions !== null && typeof instructions !== 'string') {
    return problem('instructions', '"instructions" must be a string.');
  }
  const input = decodeInput(body.input, issues);
  if (!input.ok) return input;
  const messages: Message[] = [];
  if (typeof instructions === 'string' && instructions !== '') messages.push({ role: 'system', content: [{ type: 'text', text: instructions }] });
  messages.push(...input.value);
  const continued = typeof body.previous_response_id === 'string' && body.previous_response_id !== '';
  const given = body.input !== undefined && body.input !== null && body.input !== '' && !(Array.isArray(body.input) && body.input.length === 0);
  // Items the model cannot hold (named in `issues`) may leave no message: that is not a missing input.
  if (messages.length === 0 && !given && !continued) return problem('input', '"input" is required: a string, or an array of message and item objects.');

  const request: ChatRequest = { kind: 'chat', messages };
  const tools = decodeTools(body.tools, issues);
  if (!tools.ok) return tools;
  const choice = decodeToolChoice(body.tool_choice, tools.value, issues);
  if (!choice.ok) return choice;
  if (choice.value.tools.length > 0) request.tools = choice.value.tools;
  if (choice.value.choice) request.toolChoice = choice.value.choice;

  const parallel = body.parallel_tool_calls;
  if (parallel !== undefined && parallel !== null) {
    if (typeof parallel !== 'boolean') return problem('parallel_tool_calls', '"parallel_tool_calls" must be a boolean.');
    request.parallelToolCalls = parallel;
  }
  const format = decodeText(body.text, issues);
  if (!format.ok) return format;
  if (format.value) request.responseFormat = format.value;
  const reasoning = decodeReasoningOptions(body.reasoning, issues);
  if (!reasoning.ok) return reasoning;
  if (reasoning.value) request.reasoning = reasoning.value;
  const sampling = decodeSampling(body, request, issues);
  if (sampling) return sampling;

  request.origin = { format: 'openai-responses', body, untranslated: issues };
  return decoded(request);
}

/** Function tools; every other tool type is named in `issues`. */
function decodeTools(value: unknown, issues: FieldIssue[]): Decoded<ToolDefinition[]> {
  if (value === undefined || value === null) return decoded([]);
  if (!Array.isArray(value)) return problem('tools', '"tools" must be an array.');
  const tools: ToolDefinition[] = [];
  for (const [index, tool] of value.entries()) {
    const path = `tools[${index}]`;
    if (!isJsonObject(tool) || typeof tool.type !== 'string') return problem(`${path}.type`, 'Each tool needs a string "type".');
    if (tool.type !== 'function') {
      issues.push(toolIssue(tool.type, path));
      continue;
    }
    if (typeof tool.name !== 'string' || tool.name === '') return problem(`${path}.name`, 'A function tool needs a non-empty "name".');
    const parameters = tool.parameters ?? { type: 'object', properties: {} };
    if (!isJsonObject(parameters)) return problem(`${path}.parameters`, '"parameters" must be a JSON Schema object.');
    const definition: ToolDefinition = { name: tool.name, parameters };
    if (tool.description !== undefined && tool.description !== null) {
      if (typeof tool.description !== 'string') return problem(`${path}.description`, '"description" must be a string.');
      definition.description = tool.description;
    }
    if (tool.strict !== undefined && tool.strict !== null && typeof tool.strict !== 'boolean') return problem(`${path}.strict`, '"strict" must be a boolean.');
    // Only `true` is a demand; `false` and absent both leave the arguments unchecked elsewhere.
    if (tool.strict === true) definition.strict = true;
    for (const key of Object.keys(tool)) {
      if (!['type', 'name', 'description', 'parameters', 'strict'].includes(key) && tool[key] !== undefined && tool[key] !== null) {
        issues.push({ field: `${path}.${key}`, action: 'drop', reason: `${key} on a function tool is an OpenAI feature` });
      }
    }
    tools.push(definition);
  }
  return decoded(tools);
}

const CHOICES: Readonly<Record<string, ToolChoice>> = { auto: { type: 'auto' }, none: { type: 'none' }, required: { type: 'required' } };

/** `tool_choice`; `allowed_tools` narrows the tools the model sees to the allowed functions. */
function decodeToolChoice(value: unknown, tools: ToolDefinition[], issues: FieldIssue[]): Decoded<{ tools: ToolDefinition[]; choice?: ToolChoice }> {
  if (value === undefined || value === null) return decoded({ tools });
  if (typeof value === 'string') {
    const choice = own(CHOICES, value);
    return choice ? decoded({ tools, choice }) : problem('tool_choice', '"tool_choice" must be none, auto, required, or an object naming a tool.');
  }
  if (!isJsonObject(value) || typeof value.type !== 'string') return problem('tool_choice', '"tool_choice" must be a string or an object with a "type".');
  if (value.type === 'function') {
    if (typeof value.name !== 'string' || value.name === '') return problem('tool_choice.name', 'A function tool_choice needs the "name" of the function.');
    return decoded({ tools, choice: { type: 'tool', name: value.name } });
  }
  if (value.type === 'allowed_tools') {
    const mode = value.mode === 'required' ? CHOICES.required : value.mode === 'auto' ? CHOICES.auto : undefined;
    if (!mode || !Array.isArray(value.tools)) return problem('tool_choice', 'allowed_tools needs "mode" (auto or required) and a "tools" array.');
    const names = new Set(value.tools.filter((tool) => isJsonObject(tool) && tool.type === 'function').map((tool) => (tool as JsonObject).name));
    return decoded({ tools: tools.filter((tool) => names.has(tool.name)), choice: mode });
  }
  issues.push({ field: 'tool_choice', action: 'refuse', reason: `tool_choice forces the ${value.type} tool, which is OpenAI's` });
  return decoded({ tools });
}

/** `text.format` → the response format; `text.verbosity` is named in `issues`. */
function decodeText(value: unknown, issues: FieldIssue[]): Decoded<ResponseFormat | undefined> {
  if (value === undefined || value === null) return decoded(undefined);
  if (!isJsonObject(value)) return problem('text', '"text" must be an object.');
  if (value.verbosity !== undefined && value.verbosity !== null) issues.push({ field: 'text.verbosity', action: 'drop', reason: 'verbosity is a length hint for OpenAI models' });
  const format = value.format;
  if (format === undefined || format === null) return decoded(undefined);
  if (!isJsonObject(format)) return problem('text.format', '"text.format" must be an object.');
  switch (format.type) {
    case 'text':
    case 'json_object':
      return decoded({ type: format.type });
    case 'json_schema': {
      if (typeof format.name !== 'string' || format.name === '') return problem('text.format.name', 'A json_schema format needs a "name".');
      if (!isJsonObject(format.schema)) return problem('text.format.schema', '"schema" must be a JSON Schema object.');
      const schema: ResponseFormat = { type: 'json_schema', name: format.name, schema: format.schema };
      if (format.strict !== undefined && format.strict !== null) {
        if (typeof format.strict !== 'boolean') return problem('text.format.strict', '"strict" must be a boolean.');
        schema.strict = format.strict;
      }
      if (typeof format.description === 'string') schema.description = format.description;
      return decoded(schema);
    }
    default:
      return problem('text.format.type', '"text.format.type" must be text, json_object or json_schema.');
  }
}

const EFFORTS: Readonly<Record<string, ReasoningEffort>> = {
  none: 'none',
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh',
  max: 'xhigh',
};
const SUMMARIES = new Set(['auto', 'concise', 'detailed']);

/** `reasoning.effort` and `reasoning.summary` (or its older name `generate_summary`). */
function decodeReasoningOptions(value: unknown, issues: FieldIssue[]): Decoded<ReasoningOptions | undefined> {
  if (value === undefined || value === null) return decoded(undefined);
  if (!isJsonObject(value)) return problem('reasoning', '"reasoning" must be an object.');
  const options: ReasoningOptions = {};
  if (value.effort !== undefined && value.effort !== null) {
    const effort = typeof value.effort === 'string' ? own(EFFORTS, value.effort) : undefined;
    if (!effort) return problem('reasoning.effort', '"reasoning.effort" must be one of none, minimal, low, medium, high, xhigh, max.');
    options.effort = effort;
  }
  const summary = value.summary ?? value.generate_summary;
  if (summary !== undefined && summary !== null) {
    if (typeof summary !== 'string' || !SUMMARIES.has(summary)) return problem('reasoning.summary', '"reasoning.summary" must be auto, concise or detailed.');
    options.summary = summary as ReasoningOptions['summary'];
  }
  for (const key of ['context', 'mode']) {
    if (value[key] !== undefined && value[key] !== null) issues.push({ field: `reasoning.${key}`, action: 'drop', reason: `reasoning.${key} is an OpenAI reasoning setting` });
  }
  return decoded(Object.keys(options).length > 0 ? options : undefined);
}

/** Length, sampling, log probabilities and the end user; a problem for a value out of range. */
function decodeSampling(body: JsonObject, request: ChatRequest, issues: FieldIssue[]): Decoded<never> | undefined {
  const given = (key: string): boolean => body[key] !== undefined && body[key] !== null;
  if (given('max_output_tokens')) {
    const max = body.max_output_tokens;
    if (!Number.isInteger(max) || (max as number) < 1) return problem('max_output_tokens', '"max_output_tokens" must be a positive integer.');
    request.maxTokens = max as number;
  }
  if (given('temperature')) {
    const temperature = body.temperature;
    if (typeof temperature !== 'number' || temperature < 0 || temperature > 2) return problem('temperature', '"temperature" must be a number from 0 to 2.');
    request.temperature = temperature;
  }
  if (given('top_p')) {
    const topP = body.top_p;
    if (typeof topP !== 'number' || topP < 0 || topP > 1) return problem('top_p', '"top_p" must be a number from 0 to 1.');
    request.topP = topP;
  }
  if (given('include')) {
    if (!Array.isArray(body.include) || !body.include.every((entry) => typeof entry === 'string')) return problem('include', '"include" must be an array of strings.');
    if (body.include.includes('message.output_text.logprobs')) request.logprobs = true;
    if (body.include.some((entry) => entry !== 'message.output_text.logprobs')) {
      issues.push({ field: 'include', action: 'drop', reason: 'include asks OpenAI for extra output (encrypted reasoning, built-in tool results)' });
    }
  }
  if (given('top_logprobs')) {
    const top = body.top_logprobs;
    if (!Number.isInteger(top) || (top as number) < 0 || (top as number) > 20) return problem('top_logprobs', '"top_logprobs" must be an integer from 0 to 20.');
    if ((top as number) > 0) request.topLogprobs = top as number;
  }
  for (const key of ['safety_identifier', 'user']) {
    if (!given(key)) continue;
    if (typeof body[key] !== 'string') return problem(key, `"${key}" must be a string.`);
    request.user ??= body[key] as string;
  }
  return undefined;
}
