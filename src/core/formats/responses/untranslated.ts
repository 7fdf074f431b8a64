import type { JsonObject } from '../../model/content';
import type { FieldAction, FieldIssue } from '../../model/fields';
import { own } from '../codec';

/**
 * What of a Responses request the message model does not carry, and what becomes of it when
 * the request goes to a provider of another format (DESIGN.md "Messages: what passes
 * through"). To an OpenAI Responses upstream the client's body is forwarded as it came, so none
 * of this applies there. `drop`: an optional feature whose absence still leaves a valid
 * answer (left out, named in `x-tokenhub-dropped`); `refuse`: the answer would mean something
 * else without it (the provider is not tried).
 *
 * | field | action | why |
 * |---|---|---|
 * | `store` (when `true`) | drop | OpenAI keeps the response for 30 days; Tokenhub's own store serves `previous_response_id` |
 * | `metadata` (non-empty) | drop | tags of the response stored at OpenAI |
 * | `prompt_cache_key`, `prompt_cache_retention`, `prompt_cache_options` | drop | OpenAI's cache routing |
 * | `client_metadata` | drop | Codex's client telemetry |
 * | `include` (but `message.output_text.logprobs`, translated) | drop | extra output OpenAI returns: encrypted reasoning, built-in tool results |
 * | `service_tier` | drop | OpenAI's processing tier |
 * | `truncation: "auto"` | drop | others fail on overflow instead (Tokenhub escalates to a larger model) |
 * | `text.verbosity` | drop | a length hint only OpenAI's newest models take |
 * | `reasoning.context`, `reasoning.mode` | drop | OpenAI's reasoning replay and execution modes |
 * | `stream_options` | drop | stream obfuscation padding |
 * | `max_tool_calls` | drop | a limit on built-in tool calls |
 * | `context_management` | drop | OpenAI's server-side compaction |
 * | `access_programs`, `image` | drop | OpenAI account programs, image context compression |
 * | `background: true` | refuse | a job polled at OpenAI |
 * | `conversation` | refuse | history stored at OpenAI |
 * | `prompt` | refuse | a prompt template stored at OpenAI |
 * | `moderation` | refuse | moderation of input and output that the client asked for |
 * | `tools[i]` `web_search*`, `image_generation`, `local_shell`, `shell`, `apply_patch`, `custom`, `tool_search`, `namespace`, unknown types | drop | built-in or OpenAI-specific tools the model may do without |
 * | `tools[i]` `file_search`, `code_interpreter`, `computer*`, `mcp`, `programmatic_tool_calling` | refuse | the answer would lack the client's files, code runs, screen or MCP server |
 * | `tools[i].defer_loading` and other function-tool extras | drop | OpenAI tool search and caller hints |
 * | `tool_choice` forcing a built-in tool | refuse | the forced tool is not there |
 * | `input[i]` `item_reference` | refuse | content stored at OpenAI |
 * | `input[i]` items of built-in tools, `custom_tool_call(_output)`, `compaction`, unknown types | drop | history only OpenAI can read |
 * | `input[].phase` | drop | Codex's commentary/final-answer label |
 * | `input[i].namespace` | drop | the call's namespace tool is dropped too |
 * | `input[i].content[j]` by `file_id`, or a part its role cannot hold | refuse | content the model would not see |
 * | `input[i].content[j].detail: "original"` | drop | OpenAI's full-resolution detail |
 * | unknown top-level fields | drop | not known to Tokenhub |
 *
 * Not listed: `model` and `stream` (the surface's), `previous_response_id` (the surface puts the
 * stored conversation in front of `input` and removes the field), item `id` and `status` (item
 * identity at OpenAI, meaningless elsewhere; reasoning ids are kept with their encrypted
 * content), cache breakpoints (OpenAI caches by itself).
 */

interface Rule {
  action: FieldAction;
  reason: string;
  /** Only when the value asks for something: `store: false` and `background: false` cost nothing. */
  applies?: (value: unknown) => boolean;
}

const isTrue = (value: unknown): boolean => value === true;
const nonEmpty = (value: unknown): boolean => typeof value === 'object' && value !== null && Object.keys(value).length > 0;

const TOP_LEVEL: Readonly<Record<string, Rule>> = {
  store: { action: 'drop', reason: 'OpenAI stores the response; other providers do not', applies: isTrue },
  metadata: { action: 'drop', reason: 'metadata tags a response stored at OpenAI', applies: nonEmpty },
  prompt_cache_key: { action: 'drop', reason: "prompt_cache_key routes OpenAI's prompt cache" },
  prompt_cache_retention: { action: 'drop', reason: "prompt_cache_retention sets OpenAI's cache lifetime" },
  prompt_cache_options: { action: 'drop', reason: "prompt_cache_options configures OpenAI's prompt cache" },
  client_metadata: { action: 'drop', reason: 'client_metadata is client telemetry for OpenAI' },
  service_tier: { action: 'drop', reason: "service_tier selects OpenAI's processing tier" },
  truncation: { action: 'drop', reason: 'other providers do not truncate the conversation', applies: (value) => value === 'auto' },
  stream_options: { action: 'drop', reason: "stream_options sets OpenAI's stream obfuscation" },
  max_tool_calls: { action: 'drop', reason: "max_tool_calls limits OpenAI's built-in tools" },
  context_management: { action: 'drop', reason: 'context_management is server-side compaction at OpenAI' },
  access_programs: { action: 'drop', reason: 'access_programs selects an OpenAI access program' },
  image: { action: 'drop', reason: "image sets OpenAI's image context compression" },
  background: { action: 'refuse', reason: 'a background response is a job kept at OpenAI', applies: isTrue },
  conversation: { action: 'refuse', reason: 'the conversation is stored at OpenAI' },
  prompt: { action: 'refuse', reason: 'the prompt template is stored at OpenAI' },
  moderation: { action: 'refuse', reason: 'moderation of the answer is an OpenAI feature' },
};

/** Fields the codec translates, or that the surface handles (`model`, `stream`, `previous_response_id`). */
const HANDLED = new Set([
  'model',
  'stream',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'reasoning',
  'max_output_tokens',
  'temperature',
  'top_p',
  'top_logprobs',
  'user',
  'safety_identifier',
  'include',
  'previous_response_id',
]);

/** The top-level fields of a Responses body that the model does not carry. */
export function topLevelIssues(body: Readonly<JsonObject>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (value === null || value === undefined || HANDLED.has(field)) continue;
    const rule = own(TOP_LEVEL, field);
    if (!rule) issues.push({ field, action: 'drop', reason: `${field} is not known to Tokenhub` });
    else if (!rule.applies || rule.applies(value)) issues.push({ field, action: rule.action, reason: rule.reason });
  }
  return issues;
}

const REFUSED_TOOLS: Readonly<Record<string, string>> = {
  file_search: "file_search searches the client's vector stores at OpenAI",
  code_interpreter: 'code_interpreter runs code in a container at OpenAI',
  computer: 'computer use drives a screen through OpenAI',
  computer_use: 'computer use drives a screen through OpenAI',
  computer_use_preview: 'computer use drives a screen through OpenAI',
  mcp: 'mcp calls a remote MCP server from OpenAI',
  programmatic_tool_calling: 'programmatic tool calling runs programs at OpenAI',
};

/** The issue for a tool that is not a function tool, by its `type`. */
export function toolIssue(type: string, field: string): FieldIssue {
  const refused = own(REFUSED_TOOLS, type);
  if (refused) return { field, action: 'refuse', reason: refused };
  if (type === 'namespace') return { field, action: 'drop', reason: 'namespace tools (functions grouped under a name) are an OpenAI feature' };
  if (/^web_search/.test(type)) return { field, action: 'drop', reason: `${type} is a built-in tool of OpenAI` };
  return { field, action: 'drop', reason: `${type} tools are OpenAI's` };
}

/** Issues named once per field (a conversation may repeat `input[].phase` many times). */
export function addIssue(issues: FieldIssue[], issue: FieldIssue): void {
  if (!issues.some((known) => known.field === issue.field)) issues.push(issue);
}
