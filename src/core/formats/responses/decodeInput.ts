import type { ContentPart, JsonObject, Message, ReasoningPart, Role, ToolResultPart } from '../../model/content';
import { normalizeMessages, PARTS_BY_ROLE } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import { decoded, isJsonObject, own, problem, type Decoded } from '../codec';
import { decodeFile, decodeImage } from './media';
import { addIssue } from './untranslated';

/**
 * Responses `input` items → the model's conversation. Items that make up one assistant turn
 * (assistant messages, reasoning items, function calls, in any order) become one assistant
 * message; each `function_call_output` becomes a tool result, consecutive ones one tool
 * message; `developer` and `system` messages are system messages. What the model cannot hold
 * is named in `issues` (see untranslated.ts); what is malformed is a problem with its path.
 */

const ROLES: Readonly<Record<string, Role>> = { user: 'user', assistant: 'assistant', system: 'system', developer: 'system' };

const DROPPED_ITEMS = new Set([
  'web_search_call',
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'code_interpreter_call',
  'image_generation_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'tool_search_call',
  'tool_search_output',
  'compaction',
]);

class Conversation {
  readonly messages: Message[] = [];
  /** The assistant turn being built, until an item of another role closes it. */
  private turn: Message | undefined;

  assistant(part: ContentPart): void {
    if (!this.turn) {
      this.turn = { role: 'assistant', content: [] };
      this.messages.push(this.turn);
    }
    this.turn.content.push(part);
  }

  other(message: Message): void {
    this.turn = undefined;
    this.messages.push(message);
  }
}

/** `input` (a string or items) → messages in normal form. */
export function decodeInput(input: unknown, issues: FieldIssue[]): Decoded<Message[]> {
  if (input === undefined || input === null) return decoded([]);
  if (typeof input === 'string') return decoded([{ role: 'user', content: [{ type: 'text', text: input }] }]);
  if (!Array.isArray(input)) return problem('input', '"input" must be a string or an array of input items.');
  const conversation = new Conversation();
  for (const [index, item] of input.entries()) {
    const path = `input[${index}]`;
    if (!isJsonObject(item)) return problem(path, `${path} must be an object.`);
    const failure = decodeItem(item, path, conversation, issues);
    if (failure) return failure;
  }
  return decoded(normalizeMessages(conversation.messages));
}

function decodeItem(item: JsonObject, path: string, conversation: Conversation, issues: FieldIssue[]): Decoded<never> | undefined {
  const type = item.type ?? 'message';
  switch (type) {
    case 'message':
      return decodeMessage(item, path, conversation, issues);
    case 'function_call': {
      if (typeof item.call_id !== 'string' || item.call_id === '') return problem(`${path}.call_id`, 'A function_call needs a non-empty "call_id".');
      if (typeof item.name !== 'string' || item.name === '') return problem(`${path}.name`, 'A function_call needs a non-empty "name".');
      const args = item.arguments ?? '';
      if (typeof args !== 'string') return problem(`${path}.arguments`, '"arguments" must be a string of JSON.');
      if (typeof item.namespace === 'string' && item.namespace !== '') {
        issues.push({ field: `${path}.namespace`, action: 'drop', reason: 'namespace tools are an OpenAI feature' });
      }
      conversation.assistant({ type: 'tool_call', id: item.call_id, name: item.name, arguments: args.trim() === '' ? '{}' : args });
      return undefined;
    }
    case 'function_call_output': {
      if (typeof item.call_id !== 'string' || item.call_id === '') return problem(`${path}.call_id`, 'A function_call_output needs the "call_id" of its call.');
      const content = decodeOutput(item.output, `${path}.output`, issues);
      if (!content.ok) return content;
      const result: ToolResultPart = { type: 'tool_result', callId: item.call_id, content: content.value };
      conversation.other({ role: 'tool', content: [result] });
      return undefined;
    }
    case 'reasoning': {
      const part = decodeReasoning(item, path);
      if (!part.ok) return part;
      conversation.assistant(part.value);
      return undefined;
    }
    case 'item_reference':
      issues.push({ field: path, action: 'refuse', reason: 'item_reference points to an item stored at OpenAI' });
      return undefined;
    default:
      if (typeof type !== 'string') return problem(`${path}.type`, '"type" must be a string.');
      issues.push({ field: path, action: 'drop', reason: DROPPED_ITEMS.has(type) ? `${type} items are history of an OpenAI tool` : `${type} items are not known to Tokenhub` });
      return undefined;
  }
}

function decodeMessage(item: JsonObject, path: string, conversation: Conversation, issues: FieldIssue[]): Decoded<never> | undefined {
  const role = typeof item.role === 'string' ? own(ROLES, item.role) : undefined;
  if (!role) return problem(`${path}.role`, 'A message "role" must be one of user, assistant, system, developer.');
  if (item.phase !== undefined && item.phase !== null) addIssue(issues, { field: 'input[].phase', action: 'drop', reason: "phase labels Codex models' commentary" });
  const content = item.content;
  let parts: ContentPart[];
  if (typeof content === 'string') parts = [{ type: 'text', text: content }];
  else if (Array.isArray(content)) {
    parts = [];
    for (const [index, part] of content.entries()) {
      const partPath = `${path}.content[${index}]`;
      const decodedPart = decodeMessagePart(part, partPath, issues);
      if (!decodedPart.ok) return decodedPart;
      const value = decodedPart.value;
      if (!value) continue;
      if (!PARTS_BY_ROLE[role].includes(value.type)) {
        issues.push({ field: partPath, action: 'refuse', reason: `${item.role as string} messages carry no ${value.type} parts outside OpenAI` });
        continue;
      }
      parts.push(value);
    }
  } else return problem(`${path}.content`, 'Message "content" must be a string or an array of content parts.');
  if (role === 'assistant') for (const part of parts) conversation.assistant(part);
  else conversation.other({ role, content: parts });
  return undefined;
}

/** One part of a message's content; undefined for a part left out (its issue recorded). */
function decodeMessagePart(part: unknown, path: string, issues: FieldIssue[]): Decoded<ContentPart | undefined> {
  if (!isJsonObject(part)) return problem(path, `${path} must be an object.`);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      if (typeof part.text !== 'string') return problem(`${path}.text`, '"text" must be a string.');
      return decoded({ type: 'text', text: part.text });
    case 'refusal':
      if (typeof part.refusal !== 'string') return problem(`${path}.refusal`, '"refusal" must be a string.');
      return decoded({ type: 'text', text: part.refusal });
    case 'input_image':
      return decodeImage(part, path, issues);
    case 'input_file':
      return decodeFile(part, path, issues);
    default:
      return problem(`${path}.type`, 'A content part "type" must be one of input_text, input_image, input_file, output_text, refusal.');
  }
}

/** A `function_call_output`'s `output`: a string, or text, image and file parts. */
function decodeOutput(output: unknown, path: string, issues: FieldIssue[]): Decoded<ToolResultPart['content']> {
  if (typeof output === 'string') return decoded([{ type: 'text', text: output }]);
  if (!Array.isArray(output)) return problem(path, '"output" must be a string or an array of input_text, input_image and input_file parts.');
  const content: ToolResultPart['content'] = [];
  for (const [index, part] of output.entries()) {
    const partPath = `${path}[${index}]`;
    const decodedPart = decodeMessagePart(part, partPath, issues);
    if (!decodedPart.ok) return decodedPart;
    const value = decodedPart.value;
    if (!value) continue;
    if (value.type !== 'text' && value.type !== 'image' && value.type !== 'document') return problem(partPath, 'A tool output holds text, images and files.');
    content.push(value);
  }
  return decoded(content);
}

/** A reasoning item: its summary (or reasoning text) as text, with its id and encrypted content. */
function decodeReasoning(item: JsonObject, path: string): Decoded<ReasoningPart> {
  const texts = (list: unknown, kind: string, field: string): Decoded<string[]> => {
    if (list === undefined || list === null) return decoded([]);
    if (!Array.isArray(list)) return problem(`${path}.${field}`, `"${field}" must be an array of ${kind} parts.`);
    const out: string[] = [];
    for (const [index, entry] of list.entries()) {
      if (!isJsonObject(entry) || typeof entry.text !== 'string') return problem(`${path}.${field}[${index}]`, `A ${kind} part needs a string "text".`);
      out.push(entry.text);
    }
    return decoded(out);
  };
  const summary = texts(item.summary, 'summary_text', 'summary');
  if (!summary.ok) return summary;
  const content = texts(item.content, 'reasoning_text', 'content');
  if (!content.ok) return content;
  const part: ReasoningPart = { type: 'reasoning', text: (summary.value.length > 0 ? summary.value : content.value).join('\n\n') };
  const encrypted = item.encrypted_content;
  if (encrypted !== undefined && encrypted !== null && typeof encrypted !== 'string') return problem(`${path}.encrypted_content`, '"encrypted_content" must be a string.');
  if (typeof encrypted === 'string' && encrypted !== '') part.encryptedContent = encrypted;
  if (typeof item.id === 'string' && item.id !== '') part.itemId = item.id;
  return decoded(part);
}
