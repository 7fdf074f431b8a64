import type { CacheBreakpoint, ContentPart, DocumentPart, ImagePart, Message, Role, TextPart, ToolCallPart } from '../../model/content';
import { normalizeMessages } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import { isJsonObject, own } from '../codec';
import { at, fail, optionalObject, optionalString, requiredArray, requiredObject, requiredString } from './readers';
import { unknownMembers } from './untranslated';

/**
 * OpenAI chat messages → the model's messages (server side: what a client sent). Every shape of
 * the reference is read; what the model cannot carry (audio, uploaded files, custom tool calls)
 * is left out of the model and named in `issues`, so a provider of another format is never sent
 * half a conversation without knowing it. The result is in normal form (normalizeMessages).
 */

const ROLES: Readonly<Record<string, Role>> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant', tool: 'tool' };
const DETAILS: Readonly<Record<string, 'auto' | 'low' | 'high'>> = { auto: 'auto', low: 'low', high: 'high' };

/** The members each shape may have (others are named as dropped); `annotations` and `index` are echoes of answers. */
const KNOWN = {
  system: new Set(['role', 'content', 'name']),
  user: new Set(['role', 'content', 'name']),
  assistant: new Set(['role', 'content', 'name', 'tool_calls', 'refusal', 'reasoning_content', 'reasoning', 'audio', 'function_call', 'annotations']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
  text: new Set(['type', 'text', 'prompt_cache_breakpoint', 'cache_control']),
  image: new Set(['type', 'image_url', 'prompt_cache_breakpoint', 'cache_control']),
  imageUrl: new Set(['url', 'detail']),
  file: new Set(['type', 'file', 'prompt_cache_breakpoint', 'cache_control']),
  fileData: new Set(['file_data', 'file_id', 'filename']),
  call: new Set(['id', 'type', 'function', 'index']),
  function: new Set(['name', 'arguments']),
} as const;

/** Decodes `messages`; throws a FieldProblem (see readers.ts) at the first invalid field. */
export function decodeMessages(value: unknown, issues: FieldIssue[]): Message[] {
  const list = requiredArray(value, 'messages', 'a non-empty array of messages');
  if (list.length === 0) fail('messages', '"messages" must be a non-empty array of messages.');
  const calls = new Set<string>();
  const out: Message[] = [];
  list.forEach((item, index) => {
    const path = at('messages', index);
    const message = requiredObject(item, path, 'a message object with a role');
    const name = message.role;
    const role = typeof name === 'string' ? own(ROLES, name) : undefined;
    if (!role) {
      if (name === 'function') fail(at(path, 'role'), `"${path}.role": "function" is deprecated and not supported; send tool results as "tool" messages with a tool_call_id.`);
      fail(at(path, 'role'), `"${path}.role" must be one of system, developer, user, assistant, tool.`);
    }
    let content: ContentPart[];
    if (role === 'system') content = textContent(message.content, at(path, 'content'), issues);
    else if (role === 'user') content = userContent(message.content, at(path, 'content'), issues);
    else if (role === 'assistant') content = assistantContent(message, path, calls, issues);
    else content = [toolResult(message, path, calls, issues)];
    unknownMembers(message, KNOWN[role], path, issues);
    const decoded: Message = { role, content };
    if (role !== 'tool') {
      const participant = optionalString(message.name, at(path, 'name'));
      if (participant !== undefined) decoded.name = participant;
    }
    out.push(decoded);
  });
  return normalizeMessages(out);
}

/** System, developer and tool content: a string or an array of text parts. */
function textContent(value: unknown, path: string, issues: FieldIssue[]): TextPart[] {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parts = requiredArray(value, path, 'a string or an array of text parts');
  return parts.map((item, index) => {
    const part = requiredObject(item, at(path, index), 'a content part');
    if (part.type !== 'text') fail(at(at(path, index), 'type'), `"${at(at(path, index), 'type')}" must be "text" here.`);
    return textPart(part, at(path, index), issues);
  });
}

function textPart(part: Record<string, unknown>, path: string, issues: FieldIssue[]): TextPart {
  const text = part.text;
  if (typeof text !== 'string') fail(at(path, 'text'), `"${at(path, 'text')}" must be a string.`);
  unknownMembers(part, KNOWN.text, path, issues);
  return withCache<TextPart>({ type: 'text', text }, part, path, issues);
}

function userContent(value: unknown, path: string, issues: FieldIssue[]): ContentPart[] {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  const parts = requiredArray(value, path, 'a string or an array of content parts');
  const out: ContentPart[] = [];
  parts.forEach((item, index) => {
    const partPath = at(path, index);
    const part = requiredObject(item, partPath, 'a content part');
    switch (part.type) {
      case 'text':
        out.push(textPart(part, partPath, issues));
        return;
      case 'image_url':
        out.push(imagePart(part, partPath, issues));
        return;
      case 'file': {
        const document = filePart(part, partPath, issues);
        if (document) out.push(document);
        return;
      }
      case 'input_audio':
        requiredObject(part.input_audio, at(partPath, 'input_audio'), 'an object with data and format');
        issues.push({ field: partPath, action: 'refuse', reason: 'audio input' });
        return;
      default:
        fail(at(partPath, 'type'), `"${at(partPath, 'type')}" must be one of text, image_url, file, input_audio.`);
    }
  });
  return out;
}

function imagePart(part: Record<string, unknown>, path: string, issues: FieldIssue[]): ImagePart {
  const image = requiredObject(part.image_url, at(path, 'image_url'), 'an object with a url');
  unknownMembers(part, KNOWN.image, path, issues);
  unknownMembers(image, KNOWN.imageUrl, at(path, 'image_url'), issues);
  const urlPath = at(at(path, 'image_url'), 'url');
  const url = requiredString(image.url, urlPath, 'an https URL or a data: URL of base64 image data');
  let source: ImagePart['source'];
  if (url.startsWith('data:')) {
    const data = dataUrl(url, urlPath, 'image/', 'an https URL or a data: URL of base64 image data (data:image/png;base64,…)');
    source = { kind: 'base64', mediaType: data.mediaType, data: data.data };
  } else if (/^https?:\/\//i.test(url)) {
    source = { kind: 'url', url };
  } else {
    fail(urlPath, `"${urlPath}" must be an https URL or a data: URL of base64 image data.`);
  }
  const out: ImagePart = { type: 'image', source };
  const detailPath = at(at(path, 'image_url'), 'detail');
  const detail = optionalString(image.detail, detailPath);
  if (detail !== undefined) {
    const known = own(DETAILS, detail);
    if (known) out.detail = known;
    else if (detail === 'original') issues.push({ field: detailPath, action: 'drop', reason: 'OpenAI full-resolution detail' });
    else fail(detailPath, `"${detailPath}" must be one of auto, low, high, original.`);
  }
  return withCache(out, part, path, issues);
}

/** A `file` part: inline data becomes a document; an uploaded file id lives only at OpenAI. */
function filePart(part: Record<string, unknown>, path: string, issues: FieldIssue[]): DocumentPart | undefined {
  const filePath = at(path, 'file');
  const file = requiredObject(part.file, filePath, 'an object with file_data or file_id');
  unknownMembers(part, KNOWN.file, path, issues);
  unknownMembers(file, KNOWN.fileData, filePath, issues);
  const title = optionalString(file.filename, at(filePath, 'filename'));
  const fileData = optionalString(file.file_data, at(filePath, 'file_data'));
  if (fileData === undefined) {
    requiredString(file.file_id, at(filePath, 'file_id'), 'a file id (or give file_data)');
    issues.push({ field: at(filePath, 'file_id'), action: 'refuse', reason: 'a file uploaded to OpenAI' });
    return undefined;
  }
  // OpenAI's chat takes PDFs; a bare base64 string (no data: prefix) is one.
  const source = fileData.startsWith('data:') ? dataUrl(fileData, at(filePath, 'file_data'), '', 'a data: URL of base64 data (data:application/pdf;base64,…)') : { mediaType: 'application/pdf', data: fileData };
  const out: DocumentPart = { type: 'document', source: { kind: 'base64', ...source } };
  if (title !== undefined) out.title = title;
  return withCache(out, part, path, issues);
}

/** `data:<media type>[;param…];base64,<data>`, read without a regular expression over the data. */
function dataUrl(url: string, path: string, mediaPrefix: string, expected: string): { mediaType: string; data: string } {
  const comma = url.indexOf(',');
  const header = comma < 0 ? '' : url.slice(5, comma);
  const semicolon = header.indexOf(';');
  const mediaType = (semicolon < 0 ? header : header.slice(0, semicolon)).toLowerCase();
  const data = url.slice(comma + 1);
  if (comma < 0 || !header.endsWith(';base64') || !mediaType.startsWith(mediaPrefix) || !mediaType.includes('/') || data === '') {
    fail(path, `"${path}" must be ${expected}.`);
  }
  return { mediaType, data };
}

function assistantContent(message: Record<string, unknown>, path: string, calls: Set<string>, issues: FieldIssue[]): ContentPart[] {
  const out: ContentPart[] = [];
  for (const key of ['reasoning_content', 'reasoning'] as const) {
    const reasoning = optionalString(message[key], at(path, key));
    if (reasoning) {
      out.push({ type: 'reasoning', text: reasoning });
      break;
    }
  }
  const content = message.content;
  const contentPath = at(path, 'content');
  if (typeof content === 'string') {
    if (content !== '') out.push({ type: 'text', text: content });
  } else if (content !== null && content !== undefined) {
    requiredArray(content, contentPath, 'null, a string or an array of text and refusal parts').forEach((item, index) => {
      const part = requiredObject(item, at(contentPath, index), 'a content part');
      if (part.type === 'text') out.push(textPart(part, at(contentPath, index), issues));
      // An earlier refusal is what the model said: text, to every format.
      else if (part.type === 'refusal') out.push({ type: 'text', text: requiredString(part.refusal, at(at(contentPath, index), 'refusal'), 'a string') });
      else fail(at(at(contentPath, index), 'type'), `"${at(at(contentPath, index), 'type')}" must be "text" or "refusal".`);
    });
  }
  const refusal = optionalString(message.refusal, at(path, 'refusal'));
  if (refusal) out.push({ type: 'text', text: refusal });
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    const list = requiredArray(message.tool_calls, at(path, 'tool_calls'), 'an array of tool calls');
    list.forEach((item, index) => {
      const call = toolCall(item, at(at(path, 'tool_calls'), index), issues);
      if (!call) return;
      calls.add(call.id);
      out.push(call);
    });
  }
  if (isJsonObject(message.audio)) issues.push({ field: at(path, 'audio'), action: 'refuse', reason: 'an earlier audio answer' });
  if (isJsonObject(message.function_call)) issues.push({ field: at(path, 'function_call'), action: 'refuse', reason: 'deprecated function calling' });
  return out;
}

function toolCall(item: unknown, path: string, issues: FieldIssue[]): ToolCallPart | undefined {
  const call = requiredObject(item, path, 'a tool call object');
  if (call.type === 'custom') {
    issues.push({ field: path, action: 'refuse', reason: 'a custom (free-text) tool call' });
    return undefined;
  }
  if (call.type !== undefined && call.type !== 'function') fail(at(path, 'type'), `"${at(path, 'type')}" must be "function".`);
  const id = requiredString(call.id, at(path, 'id'), 'the call id (a non-empty string)');
  const fn = requiredObject(call.function, at(path, 'function'), 'an object with name and arguments');
  unknownMembers(call, KNOWN.call, path, issues);
  unknownMembers(fn, KNOWN.function, at(path, 'function'), issues);
  const name = requiredString(fn.name, at(at(path, 'function'), 'name'), 'the tool name (a non-empty string)');
  const args = fn.arguments ?? '';
  if (typeof args !== 'string') fail(at(at(path, 'function'), 'arguments'), `"${at(at(path, 'function'), 'arguments')}" must be a string of JSON.`);
  return { type: 'tool_call', id, name, arguments: args.trim() === '' ? '{}' : args };
}

function toolResult(message: Record<string, unknown>, path: string, calls: Set<string>, issues: FieldIssue[]): ContentPart {
  const idPath = at(path, 'tool_call_id');
  const callId = requiredString(message.tool_call_id, idPath, 'the id of the tool call this answers');
  if (!calls.has(callId)) fail(idPath, `"${idPath}" must be the id of a tool call in an earlier assistant message.`);
  return { type: 'tool_result', callId, content: textContent(message.content, at(path, 'content'), issues) };
}

/**
 * A part's cache breakpoint: OpenAI's `prompt_cache_breakpoint` (its TTL is OpenAI's own), or the
 * Anthropic-style `cache_control` that Cline and Roo put on OpenAI-format parts for Claude models.
 */
function withCache<T extends { cache?: CacheBreakpoint }>(out: T, part: Record<string, unknown>, path: string, issues: FieldIssue[]): T {
  const control = optionalObject(part.cache_control, at(path, 'cache_control'), 'an object {type: "ephemeral", ttl?}');
  if (control) {
    if (control.type !== 'ephemeral') fail(at(at(path, 'cache_control'), 'type'), `"${at(at(path, 'cache_control'), 'type')}" must be "ephemeral".`);
    const ttl = optionalString(control.ttl, at(at(path, 'cache_control'), 'ttl'));
    out.cache = ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
  }
  const breakpoint = optionalObject(part.prompt_cache_breakpoint, at(path, 'prompt_cache_breakpoint'), 'an object {mode: "explicit", ttl?}');
  if (!breakpoint) return out;
  out.cache ??= { type: 'ephemeral' };
  if (breakpoint.ttl !== undefined) issues.push({ field: at(at(path, 'prompt_cache_breakpoint'), 'ttl'), action: 'drop', reason: 'an OpenAI cache lifetime' });
  return out;
}
