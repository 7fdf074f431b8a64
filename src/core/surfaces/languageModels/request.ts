import { TokenhubError } from '../../base/errors';
import { isJsonObject } from '../../formats/codec';
import type { ContentPart, DocumentPart, ImagePart, Message, ReasoningPart, Role, TextPart, ToolResultPart } from '../../model/content';
import { normalizeMessages } from '../../model/content';
import type { ChatRequest, ToolDefinition } from '../../model/request';
import type { ReasoningMemory } from '../reasoningMemory';
import { modelOptions } from './modelOptions';
import { promptTsxText } from './promptTsx';

/**
 * VS Code's Language Model API as a client format: its messages (`LanguageModelChatRequestMessage`
 * of text, data, tool call, tool result and thinking parts) and request options, as plain data
 * (src/vscode unwraps the classes), into the one message model. Pure; every refusal names where
 * in the request it is and what to send instead.
 */

/** One part of a message, unwrapped from its VS Code class. */
export type LanguageModelPart =
  | { type: 'text'; text: string }
  /** `LanguageModelDataPart`: an image, a document, text, or a marker of the caller's (Copilot's `cache_control`). */
  | { type: 'data'; mimeType: string; data: Uint8Array }
  | { type: 'tool_call'; callId: string; name: string; input: unknown }
  | { type: 'tool_result'; callId: string; content: LanguageModelResultPart[]; isError?: boolean }
  /** `LanguageModelThinkingPart` (VS Code 1.10x+): reasoning, with Tokenhub's state in `metadata` when it came from Tokenhub. */
  | { type: 'thinking'; text: string; id?: string; metadata?: unknown }
  /** A part of a class Tokenhub does not know; `kind` is its constructor's name. */
  | { type: 'unknown'; kind: string };

/** One part of a tool result. */
export type LanguageModelResultPart =
  | { type: 'text'; text: string }
  | { type: 'data'; mimeType: string; data: Uint8Array }
  | { type: 'prompt_tsx'; value: unknown }
  | { type: 'unknown'; kind: string };

/** A message: `role` is VS Code's `LanguageModelChatMessageRole` (1 user, 2 assistant, 3 system). */
export interface LanguageModelMessage {
  role: number;
  content: readonly LanguageModelPart[];
  name?: string;
}

/** A tool offered to the model (`LanguageModelChatTool`). */
export interface LanguageModelTool {
  name: string;
  description: string;
  inputSchema?: unknown;
}

/** `ProvideLanguageModelChatResponseOptions`: `toolMode` is 1 (auto) or 2 (required). */
export interface LanguageModelRequestOptions {
  tools?: readonly LanguageModelTool[];
  toolMode?: number;
  modelOptions?: Readonly<Record<string, unknown>>;
}

/** The request for the router, and what of the caller's request was left out (named, for the log). */
export interface TranslatedRequest {
  request: ChatRequest;
  dropped: string[];
}

/** Where Tokenhub keeps its reasoning state in a thinking part's `metadata`, apart from other vendors'. */
export const THINKING_STATE_KEY = 'tokenhub';

const ROLES: Readonly<Record<number, Role>> = { 1: 'user', 2: 'assistant', 3: 'system' };
const TOOL_MODE_AUTO = 1;
const TOOL_MODE_REQUIRED = 2;

/**
 * Copilot Chat's markers in data parts (`CustomDataPartMimeTypes`): state for its own providers
 * (Responses ids, context management, phases, usage, opaque thinking), meaningless to another
 * vendor. Left out and named; `cache_control` alone means something here (a cache breakpoint).
 */
const CALLER_MARKERS = new Set(['stateful_marker', 'context_management', 'phase_data', 'usage', 'thinking']);
const CACHE_CONTROL = 'cache_control';

/** The chat request for these messages and options; throws an `invalid_input` TokenhubError naming the part at fault. */
export function languageModelRequest(
  messages: readonly LanguageModelMessage[],
  options: LanguageModelRequestOptions,
  memory?: ReasoningMemory,
): TranslatedRequest {
  const dropped: string[] = [];
  const out: Message[] = [];
  messages.forEach((message, i) => out.push(...translateMessage(message, `messages[${i}]`, dropped)));
  let normal = normalizeMessages(out);
  // Signed reasoning the caller could not carry back (most vscode.lm callers keep text and tool calls only).
  if (memory) normal = memory.restore(normal);
  const request: ChatRequest = { kind: 'chat', messages: normal };
  const tools = (options.tools ?? []).map((tool, i) => toolDefinition(tool, `tools[${i}]`));
  if (tools.length > 0) request.tools = tools;
  if (options.toolMode === TOOL_MODE_REQUIRED) {
    if (tools.length === 0) throw invalid('The tool mode is Required, but no tool was offered: pass the tools, or use LanguageModelChatToolMode.Auto.');
    request.toolChoice = { type: 'required' };
  } else if (options.toolMode !== undefined && options.toolMode !== TOOL_MODE_AUTO) {
    throw invalid(`Unknown tool mode ${String(options.toolMode)}: use LanguageModelChatToolMode.Auto or Required.`);
  }
  const sampling = modelOptions(options.modelOptions ?? {});
  Object.assign(request, sampling.options);
  dropped.push(...sampling.dropped);
  return { request, dropped };
}

function translateMessage(message: LanguageModelMessage, where: string, dropped: string[]): Message[] {
  const role = Object.hasOwn(ROLES, message.role) ? ROLES[message.role] : undefined;
  if (!role) throw invalid(`${where} has the role ${String(message.role)}; Tokenhub takes User (1), Assistant (2) and System (3).`);
  const results: ToolResultPart[] = [];
  const content: ContentPart[] = [];
  // The thinking block being read: consecutive thinking parts of one id are one reasoning part.
  let thinking: { part: ReasoningPart; id: string | undefined } | undefined;
  message.content.forEach((part, j) => {
    const at = `${where}.content[${j}]`;
    if (part.type !== 'thinking') thinking = undefined;
    switch (part.type) {
      case 'text':
        content.push({ type: 'text', text: part.text });
        return;
      case 'data': {
        const translated = dataPart(part.mimeType, part.data, at, role);
        if (translated === 'cache') markCache(content.length === 0 ? results : content);
        else if (translated === 'marker') dropped.push(`data part "${part.mimeType}"`);
        else content.push(translated);
        return;
      }
      case 'tool_call':
        if (role !== 'assistant') throw invalid(`${at} is a tool call in ${aMessage(role)}; tool calls belong to Assistant messages.`);
        if (part.callId === '') throw invalid(`${at} is a tool call without a callId; its result could not refer to it.`);
        if (part.input !== undefined && !isJsonObject(part.input)) throw invalid(`${at}: the input of the call of "${part.name}" is not an object.`);
        content.push({ type: 'tool_call', id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) });
        return;
      case 'tool_result':
        if (role !== 'user') throw invalid(`${at} is a tool result in ${aMessage(role)}; tool results belong to User messages.`);
        results.push(toolResult(part, at, dropped));
        return;
      case 'thinking': {
        if (role !== 'assistant') throw invalid(`${at} is a thinking part in ${aMessage(role)}; only Assistant messages hold reasoning.`);
        const id = part.id === '' ? undefined : part.id;
        if (!thinking || (id !== undefined && thinking.id !== undefined && id !== thinking.id)) {
          thinking = { part: { type: 'reasoning', text: '' }, id };
          content.push(thinking.part);
        }
        thinking.id ??= id;
        addThinking(thinking.part, part);
        return;
      }
      case 'unknown':
        throw invalid(`${at} is a ${part.kind}, which Tokenhub cannot send to a model. Send text, images (LanguageModelDataPart.image), tool calls and tool results.`);
    }
  });
  if (role === 'system' && content.some((part) => part.type !== 'text')) throw invalid(`${where} is a System message with more than text; System messages hold text only.`);
  const named = message.name !== undefined && message.name !== '' ? { name: message.name } : {};
  // Thinking that carried neither text nor state says nothing.
  const kept = content.filter((part) => part.type !== 'reasoning' || part.text !== '' || hasState(part));
  const out: Message[] = [];
  if (results.length > 0) out.push({ role: 'tool', content: results });
  if (kept.length > 0) out.push({ role, content: kept, ...named });
  return out;
}

function toolResult(part: Extract<LanguageModelPart, { type: 'tool_result' }>, at: string, dropped: string[]): ToolResultPart {
  const content: ToolResultPart['content'] = [];
  part.content.forEach((inner, k) => {
    const where = `${at}.content[${k}]`;
    const translated = resultPart(inner, where);
    if (translated === 'cache') markCache(content);
    else if (translated === 'marker') dropped.push(`data part "${inner.type === 'data' ? inner.mimeType : inner.type}"`);
    else content.push(translated);
  });
  return { type: 'tool_result', callId: part.callId, content, ...(part.isError === true && { isError: true }) };
}

/** A data part as content, a cache breakpoint, or a caller's marker to leave out. */
function dataPart(mimeType: string, data: Uint8Array, at: string, role: Role): TextPart | ImagePart | DocumentPart | 'cache' | 'marker' {
  const mime = mimeType.toLowerCase();
  if (mime === CACHE_CONTROL) return 'cache';
  if (CALLER_MARKERS.has(mime)) return 'marker';
  if (isTextual(mime)) return { type: 'text', text: utf8(data) };
  if (mime.startsWith('image/') || mime === 'application/pdf') {
    if (role !== 'user') throw invalid(`${at} is ${mime === 'application/pdf' ? 'a PDF' : 'an image'} in ${aMessage(role)}; models take images and documents from User messages only.`);
    if (data.byteLength === 0) throw invalid(`${at} is an empty ${mime} data part.`);
    const source = { kind: 'base64' as const, mediaType: mime, data: base64(data) };
    return mime === 'application/pdf' ? { type: 'document', source } : { type: 'image', source };
  }
  throw invalid(`${at} is data of type "${mimeType}", which Tokenhub cannot send to a model. Send images (image/png, image/jpeg, image/gif, image/webp), PDFs or text.`);
}

function resultPart(part: LanguageModelResultPart, at: string): TextPart | ImagePart | DocumentPart | 'cache' | 'marker' {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'prompt_tsx':
      return { type: 'text', text: promptTsxText(part.value, at) };
    case 'data':
      return dataPart(part.mimeType, part.data, at, 'user');
    case 'unknown':
      throw invalid(`${at} is a ${part.kind} in a tool result, which Tokenhub cannot send to a model. Tool results hold text, prompt-tsx parts and data parts.`);
  }
}

/** Adds a thinking part's text and Tokenhub's state (never another vendor's: it would not verify) to its block. */
function addThinking(block: ReasoningPart, part: Extract<LanguageModelPart, { type: 'thinking' }>): void {
  block.text += part.text;
  const state = isJsonObject(part.metadata) ? part.metadata[THINKING_STATE_KEY] : undefined;
  if (!isJsonObject(state)) return;
  for (const key of ['signature', 'redactedData', 'encryptedContent', 'itemId'] as const) {
    const value = state[key];
    if (typeof value === 'string') block[key] = value;
  }
}

function markCache(parts: ContentPart[]): void {
  const last = parts[parts.length - 1];
  if (last) last.cache = { type: 'ephemeral' };
}

function toolDefinition(tool: LanguageModelTool, where: string): ToolDefinition {
  if (typeof tool.name !== 'string' || tool.name === '') throw invalid(`${where} has no name.`);
  if (tool.inputSchema !== undefined && !isJsonObject(tool.inputSchema)) throw invalid(`${where} ("${tool.name}"): inputSchema is not a JSON schema object.`);
  const definition: ToolDefinition = { name: tool.name, parameters: tool.inputSchema ?? { type: 'object', properties: {} } };
  if (tool.description) definition.description = tool.description;
  return definition;
}

function isTextual(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json');
}

function hasState(part: ReasoningPart): boolean {
  return part.signature !== undefined || part.redactedData !== undefined || part.encryptedContent !== undefined;
}

function base64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function utf8(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

/** `a User message`, `an Assistant message`: roles as VS Code names them. */
function aMessage(role: Role): string {
  return role === 'assistant' ? 'an Assistant message' : `a ${role === 'system' ? 'System' : role === 'tool' ? 'tool' : 'User'} message`;
}

function invalid(message: string): TokenhubError {
  return new TokenhubError('invalid_input', message, { status: 400 });
}
