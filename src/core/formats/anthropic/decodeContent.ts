import type { DocumentPart, ImagePart, JsonObject, Message, ContentPart, TextPart, ToolResultPart } from '../../model/content';
import { normalizeMessages } from '../../model/content';
import { cacheAt, fail, objectAt, optionalBoolean, optionalString, stringAt } from './validate';
import type { IssueList } from './validate';

/**
 * Anthropic content → the model's messages. Anthropic puts tool results in user messages; the
 * model gives them their own `tool` turn, so a user message becomes a tool message (its results,
 * first) and a user message (the rest). Blocks that only Anthropic can act on (its server tools'
 * calls and results, Files API ids, tool-search references) have no place in the model: they are
 * named in `issues` and survive only on same-format pass-through.
 */

/** Blocks of Anthropic's own tools (run on its servers) and of its betas: dropped for other formats. */
const ANTHROPIC_ONLY_BLOCKS = new Set([
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'container_upload',
  'mcp_tool_use',
  'mcp_tool_result',
  'compaction',
  'tool_reference',
  'browser_state',
]);

/** The conversation in the model's normal form (empty messages dropped, tool turns merged). */
export function decodeMessages(value: unknown, issues: IssueList): Message[] {
  if (!Array.isArray(value)) fail('messages', 'must be an array of messages ({role, content})');
  if (value.length === 0) fail('messages', 'must hold at least one message');
  const out: Message[] = [];
  value.forEach((raw: unknown, i) => {
    const path = `messages[${i}]`;
    const message = objectAt(raw, path, 'a message ({role, content})');
    const blocks = blocksAt(message.content, `${path}.content`, message.role === 'assistant' && i === value.length - 1);
    switch (message.role) {
      case 'system':
        out.push({ role: 'system', content: blocks.map((block, j) => systemText(block, `${path}.content[${j}]`, issues)) });
        return;
      case 'user':
        out.push(...userTurn(blocks, `${path}.content`, issues));
        return;
      case 'assistant':
        out.push({ role: 'assistant', content: assistantParts(blocks, `${path}.content`, issues) });
        return;
      default:
        fail(`${path}.role`, 'must be "user" or "assistant" (or "system")');
    }
  });
  return normalizeMessages(out);
}

/** Top-level `system`: a string or text blocks (their cache breakpoints kept). */
export function decodeSystem(value: unknown, issues: IssueList): Message | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : { role: 'system', content: [{ type: 'text', text: value }] };
  if (!Array.isArray(value)) fail('system', 'must be a string or an array of text blocks');
  const content = value.map((block: unknown, i) => systemText(objectAt(block, `system[${i}]`, 'a text block'), `system[${i}]`, issues));
  return content.length > 0 ? { role: 'system', content } : undefined;
}

/** `content`: a string (one text block) or an array of blocks, each an object with a `type`. */
function blocksAt(value: unknown, param: string, mayBeEmpty: boolean): JsonObject[] {
  if (typeof value === 'string') {
    if (value === '' && !mayBeEmpty) fail(param, 'must not be empty');
    return value === '' ? [] : [{ type: 'text', text: value }];
  }
  if (!Array.isArray(value)) fail(param, 'must be a string or an array of content blocks');
  if (value.length === 0 && !mayBeEmpty) fail(param, 'must hold at least one content block');
  return value.map((block: unknown, j) => {
    const object = objectAt(block, `${param}[${j}]`, 'a content block ({type, …})');
    if (typeof object.type !== 'string') fail(`${param}[${j}].type`, 'must be a string naming the block type');
    return object;
  });
}

function systemText(block: JsonObject, param: string, issues: IssueList): TextPart {
  if (block.type !== 'text') fail(`${param}.type`, 'must be "text": system prompts hold text only');
  return textPart(block, param, issues);
}

function textPart(block: JsonObject, param: string, issues: IssueList): TextPart {
  const part: TextPart = { type: 'text', text: stringAt(block.text, `${param}.text`) };
  const cache = cacheAt(block.cache_control, `${param}.cache_control`);
  if (cache) part.cache = cache;
  if (Array.isArray(block.citations) && block.citations.length > 0) issues.add('citations', 'drop', 'citations on earlier text have no form in other formats');
  return part;
}

/** A user message: its tool results (a `tool` turn, first) and the rest (a `user` turn). */
function userTurn(blocks: JsonObject[], param: string, issues: IssueList): Message[] {
  const results: ToolResultPart[] = [];
  const rest: ContentPart[] = [];
  blocks.forEach((block, j) => {
    const path = `${param}[${j}]`;
    if (block.type === 'tool_result') results.push(toolResult(block, path, issues));
    else if (block.type === 'tool_use' || block.type === 'thinking' || block.type === 'redacted_thinking') {
      fail(`${path}.type`, `a ${String(block.type)} block belongs in an assistant message`);
    } else {
      const part = userPart(block, path, issues);
      if (part) rest.push(part);
    }
  });
  const out: Message[] = [];
  if (results.length > 0) out.push({ role: 'tool', content: results });
  if (rest.length > 0) out.push({ role: 'user', content: rest });
  return out;
}

/** A block of user content (also inside tool results); undefined when it has no place in the model. */
function userPart(block: JsonObject, param: string, issues: IssueList): TextPart | ImagePart | DocumentPart | undefined {
  switch (block.type) {
    case 'text':
      return textPart(block, param, issues);
    case 'image':
      return image(block, param, issues);
    case 'document':
      return document(block, param, issues);
    case 'search_result':
      return searchResult(block, param, issues);
    default:
      return otherBlock(block, param, issues);
  }
}

function otherBlock(block: JsonObject, param: string, issues: IssueList): undefined {
  const type = String(block.type);
  if (ANTHROPIC_ONLY_BLOCKS.has(type)) issues.add(type, 'drop', `${type} blocks mean something to Anthropic only`);
  else if (['image', 'document', 'tool_result', 'search_result'].includes(type)) fail(`${param}.type`, `a ${type} block belongs in a user message`);
  else issues.add(type, 'drop', `a content block type Tokenhub does not know (at ${param})`);
  return undefined;
}

function image(block: JsonObject, param: string, issues: IssueList): ImagePart | undefined {
  const source = objectAt(block.source, `${param}.source`, 'an image source ({type: "base64" | "url", …})');
  let part: ImagePart;
  if (source.type === 'base64') {
    const mediaType = stringAt(source.media_type, `${param}.source.media_type`);
    part = { type: 'image', source: { kind: 'base64', mediaType, data: stringAt(source.data, `${param}.source.data`) } };
  } else if (source.type === 'url') {
    part = { type: 'image', source: { kind: 'url', url: stringAt(source.url, `${param}.source.url`) } };
  } else if (source.type === 'file') {
    issues.add('file_id', 'refuse', 'an image given by Files API id can be read by Anthropic only');
    return undefined;
  } else {
    fail(`${param}.source.type`, 'must be "base64", "url" or "file"');
  }
  const cache = cacheAt(block.cache_control, `${param}.cache_control`);
  if (cache) part.cache = cache;
  return part;
}

function document(block: JsonObject, param: string, issues: IssueList): DocumentPart | undefined {
  const path = `${param}.source`;
  const source = objectAt(block.source, path, 'a document source ({type: "base64" | "text" | "url" | "content", …})');
  let part: DocumentPart;
  switch (source.type) {
    case 'base64':
      part = { type: 'document', source: { kind: 'base64', mediaType: stringAt(source.media_type, `${path}.media_type`), data: stringAt(source.data, `${path}.data`) } };
      break;
    case 'text':
      part = { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: stringAt(source.data, `${path}.data`) } };
      break;
    case 'url':
      part = { type: 'document', source: { kind: 'url', url: stringAt(source.url, `${path}.url`) } };
      break;
    case 'content':
      part = { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: documentText(source.content, `${path}.content`, issues) } };
      break;
    case 'file':
      issues.add('file_id', 'refuse', 'a document given by Files API id can be read by Anthropic only');
      return undefined;
    default:
      fail(`${path}.type`, 'must be "base64", "text", "url", "content" or "file"');
  }
  const title = optionalString(block.title, `${param}.title`);
  if (title !== undefined) part.title = title;
  if (typeof block.context === 'string' && block.context !== '') issues.add('document.context', 'drop', 'a document context has no form in other formats');
  if (isEnabled(block.citations)) issues.add('citations', 'drop', 'citations are returned by Anthropic only');
  const cache = cacheAt(block.cache_control, `${param}.cache_control`);
  if (cache) part.cache = cache;
  return part;
}

/** A custom-content document: its text blocks' text (images in it cannot cross formats). */
function documentText(value: unknown, param: string, issues: IssueList): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) fail(param, 'must be a string or an array of text and image blocks');
  const texts: string[] = [];
  value.forEach((block: unknown, j) => {
    const object = objectAt(block, `${param}[${j}]`, 'a content block');
    if (object.type === 'text') texts.push(stringAt(object.text, `${param}[${j}].text`));
    else issues.add('document.content', 'drop', 'only the text of a custom-content document crosses formats');
  });
  return texts.join('\n\n');
}

/** A search result becomes its title, source and text: other formats have no cited sources. */
function searchResult(block: JsonObject, param: string, issues: IssueList): TextPart {
  const title = stringAt(block.title, `${param}.title`);
  const source = stringAt(block.source, `${param}.source`);
  if (!Array.isArray(block.content)) fail(`${param}.content`, 'must be an array of text blocks');
  const texts = block.content.map((inner: unknown, j) => stringAt(objectAt(inner, `${param}.content[${j}]`, 'a text block').text, `${param}.content[${j}].text`));
  issues.add('search_result', 'drop', 'search results reach other formats as plain text, without citations');
  const part: TextPart = { type: 'text', text: `${title}\n${source}\n\n${texts.join('\n\n')}` };
  const cache = cacheAt(block.cache_control, `${param}.cache_control`);
  if (cache) part.cache = cache;
  return part;
}

function toolResult(block: JsonObject, param: string, issues: IssueList): ToolResultPart {
  const part: ToolResultPart = { type: 'tool_result', callId: stringAt(block.tool_use_id, `${param}.tool_use_id`), content: [] };
  const content = block.content;
  if (typeof content === 'string') {
    if (content !== '') part.content.push({ type: 'text', text: content });
  } else if (Array.isArray(content)) {
    content.forEach((inner: unknown, j) => {
      const path = `${param}.content[${j}]`;
      const object = objectAt(inner, path, 'a content block ({type, …})');
      const decoded = userPart(object, path, issues);
      if (decoded) part.content.push(decoded);
    });
  } else if (content !== undefined && content !== null) {
    fail(`${param}.content`, 'must be a string or an array of content blocks');
  }
  if (optionalBoolean(block.is_error, `${param}.is_error`)) part.isError = true;
  const cache = cacheAt(block.cache_control, `${param}.cache_control`);
  if (cache) part.cache = cache;
  return part;
}

function assistantParts(blocks: JsonObject[], param: string, issues: IssueList): ContentPart[] {
  const parts: ContentPart[] = [];
  blocks.forEach((block, j) => {
    const path = `${param}[${j}]`;
    switch (block.type) {
      case 'text':
        parts.push(textPart(block, path, issues));
        return;
      case 'tool_use': {
        const input = objectAt(block.input, `${path}.input`, 'an object (the tool call\'s arguments)');
        const part: ContentPart = { type: 'tool_call', id: stringAt(block.id, `${path}.id`), name: stringAt(block.name, `${path}.name`), arguments: JSON.stringify(input) };
        const cache = cacheAt(block.cache_control, `${path}.cache_control`);
        if (cache) part.cache = cache;
        parts.push(part);
        return;
      }
      case 'thinking': {
        const text = stringAt(block.thinking, `${path}.thinking`);
        const signature = optionalString(block.signature, `${path}.signature`);
        // An empty signature authenticates nothing: it is reasoning without Anthropic state.
        parts.push(signature ? { type: 'reasoning', text, signature } : { type: 'reasoning', text });
        return;
      }
      case 'redacted_thinking':
        parts.push({ type: 'reasoning', text: '', redactedData: stringAt(block.data, `${path}.data`) });
        return;
      default:
        otherBlock(block, path, issues);
    }
  });
  return parts;
}

function isEnabled(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { enabled?: unknown }).enabled === true;
}
