import type { CacheBreakpoint, ContentPart, DocumentPart, ImagePart, Message, ReasoningPart, TextPart, ToolCallPart, ToolResultPart } from '../../model/content';
import { normalizeMessages } from '../../model/content';
import { isJsonObject } from '../codec';
import { anthropicInput } from './jsonPrefix';
import { ToolIds } from './toolIds';
import type { IssueList } from './validate';
import type {
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRedactedThinkingBlock,
  AnthropicThinkingBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolResultContent,
  AnthropicToolUseBlock,
} from './wire';

/**
 * The model's conversation → Anthropic's `system` and `messages`, shaped so that the real API
 * takes it: system turns lifted to the top-level `system`; tool turns as `tool_result` blocks
 * opening the next user message; consecutive same-role turns merged; a neutral `.` user turn
 * before a conversation that does not open with the user; signed reasoning first in its
 * assistant turn (unsigned reasoning is another vendor's and is left out); blank text left out
 * (Anthropic refuses it); a final assistant prefill trimmed of trailing whitespace; every
 * `tool_use` answered in the next user message and every `tool_result` answering one (an orphan
 * result becomes text, a call left unanswered gets an error result).
 */

/** Anthropic refuses a conversation that does not open with a user turn. */
export const OPENING_USER_TEXT = '.';

/** The result given for a call the conversation never answered. */
export const MISSING_RESULT_TEXT = 'No result was given for this tool call.';

/** What a scan of the conversation finds, without building any block. */
export interface ConversationFacts {
  /** Arguments of each call as Anthropic's `input` object. */
  inputs: Map<ToolCallPart, Record<string, unknown>>;
  /** A call or result is in the conversation: Anthropic then needs `tools` defined. */
  usesTools: boolean;
  /** Names of the tools the conversation called. */
  calledTools: string[];
  /**
   * The assistant turn of the current tool loop has no signed reasoning to open it (the
   * conversation came from another vendor): Anthropic refuses such a request with thinking on.
   */
  lostThinking: boolean;
}

/** The conversation's facts, and its issues added to `issues` (the same for encode and check). */
export function scanConversation(messages: readonly Message[], issues: IssueList): ConversationFacts {
  const facts: ConversationFacts = { inputs: new Map(), usesTools: false, calledTools: [], lostThinking: false };
  let lastUser = -1;
  messages.forEach((message, i) => {
    if (message.name !== undefined) issues.add('name', 'drop', 'Anthropic has no participant names');
    if (message.role === 'user' && message.content.some(isEncodedUserPart)) lastUser = i;
    for (const part of message.content) {
      if (part.type === 'tool_result') {
        facts.usesTools = true;
        for (const inner of part.content) mediaIssues(inner, issues);
      } else if (part.type === 'image' || part.type === 'document') {
        mediaIssues(part, issues);
      } else if (part.type === 'tool_call' && message.role === 'assistant') {
        facts.usesTools = true;
        if (!facts.calledTools.includes(part.name)) facts.calledTools.push(part.name);
        facts.inputs.set(part, toolInput(part.arguments, issues));
      }
    }
  });
  // The assistant turn after the last user words: it must open with signed thinking when it used tools.
  const after = messages.slice(lastUser + 1).filter((message) => message.role !== 'system');
  const first = after.findIndex((message) => message.role === 'assistant');
  if (first !== -1 && after.some((message) => message.role === 'assistant' && message.content.some((part) => part.type === 'tool_call'))) {
    let signed = false;
    for (let i = first; i < after.length && after[i]!.role === 'assistant'; i++) signed ||= after[i]!.content.some(isSignedReasoning);
    facts.lostThinking = !signed;
  }
  return facts;
}

/** Anthropic's `system` and `messages` for the conversation. */
export function encodeConversation(messages: readonly Message[], facts: ConversationFacts): { system?: string | AnthropicTextBlock[]; messages: AnthropicMessage[] } {
  const ids = new ToolIds(messages.flatMap((message) => message.content.flatMap((part) => (part.type === 'tool_call' ? [part.id] : part.type === 'tool_result' ? [part.callId] : []))));
  const system: TextPart[] = [];
  const turns: Turn[] = [];
  for (const message of normalizeMessages(messages)) {
    if (message.role === 'system') {
      for (const part of message.content) if (part.type === 'text' && part.text !== '') system.push(part);
      continue;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const lead: AnthropicContentBlock[] = [];
    const rest: AnthropicContentBlock[] = [];
    for (const part of message.content) {
      if (role === 'assistant') addAssistantPart(part, lead, rest, ids, facts);
      else if (part.type === 'tool_result') lead.push(toolResult(part, ids));
      else addUserPart(part, rest);
    }
    if (lead.length === 0 && rest.length === 0) continue;
    const last = turns[turns.length - 1];
    if (last && last.role === role) {
      last.lead.push(...lead);
      last.rest.push(...rest);
    } else turns.push({ role, lead, rest });
  }
  pairToolResults(turns);
  trimPrefill(turns);
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', lead: [], rest: [{ type: 'text', text: OPENING_USER_TEXT }] });
  const out: { system?: string | AnthropicTextBlock[]; messages: AnthropicMessage[] } = {
    messages: turns.map((turn) => ({ role: turn.role, content: [...turn.lead, ...turn.rest] })),
  };
  if (system.length === 1 && !system[0]!.cache) out.system = system[0]!.text;
  else if (system.length > 0) out.system = system.map((part) => textBlock(part));
  return out;
}

/** A turn being built: `lead` holds what must open it (tool results, thinking), `rest` the others. */
interface Turn {
  role: 'user' | 'assistant';
  lead: AnthropicContentBlock[];
  rest: AnthropicContentBlock[];
}

function addAssistantPart(part: ContentPart, lead: AnthropicContentBlock[], rest: AnthropicContentBlock[], ids: ToolIds, facts: ConversationFacts): void {
  if (part.type === 'reasoning') {
    const block = thinkingBlock(part);
    if (block) lead.push(block);
  } else if (part.type === 'text') {
    if (part.text.trim() !== '') rest.push(textBlock(part));
  } else if (part.type === 'tool_call') {
    const block: AnthropicToolUseBlock = { type: 'tool_use', id: ids.wire(part.id), name: part.name, input: facts.inputs.get(part) ?? {} };
    if (part.cache) block.cache_control = cacheControl(part.cache);
    rest.push(block);
  }
}

function addUserPart(part: ContentPart, out: AnthropicContentBlock[]): void {
  if (part.type === 'text') {
    if (part.text.trim() !== '') out.push(textBlock(part));
  } else if (part.type === 'image') out.push(imageBlock(part));
  else if (part.type === 'document') out.push(documentBlock(part));
}

function toolResult(part: ToolResultPart, ids: ToolIds): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: ids.wire(part.callId) };
  const content: AnthropicToolResultContent[] = [];
  for (const inner of part.content) addUserPart(inner, content);
  if (content.length > 0) block.content = content;
  if (part.isError) block.is_error = true;
  if (part.cache) block.cache_control = cacheControl(part.cache);
  return block;
}

/**
 * A reasoning part as Anthropic can take it back (signed `thinking`, or `redacted_thinking`), or
 * undefined when it holds no Anthropic state: another vendor's reasoning means nothing to
 * Anthropic, which refuses a thinking block without a valid signature.
 */
export function thinkingBlock(part: ReasoningPart): AnthropicThinkingBlock | AnthropicRedactedThinkingBlock | undefined {
  if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
  if (part.signature) return { type: 'thinking', thinking: part.text, signature: part.signature };
  return undefined;
}

/** A text part as a text block, with its cache breakpoint. */
export function textBlock(part: TextPart): AnthropicTextBlock {
  return part.cache ? { type: 'text', text: part.text, cache_control: cacheControl(part.cache) } : { type: 'text', text: part.text };
}

function imageBlock(part: ImagePart): AnthropicImageBlock {
  const source = part.source;
  let block: AnthropicImageBlock;
  if (source.kind === 'base64') block = { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
  else {
    // Anthropic's URL source fetches; a data URL must travel as base64.
    const data = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
    block = data ? { type: 'image', source: { type: 'base64', media_type: data[1]!, data: data[2]! } } : { type: 'image', source: { type: 'url', url: source.url } };
  }
  if (part.cache) block.cache_control = cacheControl(part.cache);
  return block;
}

function documentBlock(part: DocumentPart): AnthropicDocumentBlock {
  const source = part.source;
  const block: AnthropicDocumentBlock =
    source.kind === 'url'
      ? { type: 'document', source: { type: 'url', url: source.url } }
      : source.kind === 'text'
        ? { type: 'document', source: { type: 'text', media_type: 'text/plain', data: source.data } }
        : { type: 'document', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
  if (part.title !== undefined) block.title = part.title;
  if (part.cache) block.cache_control = cacheControl(part.cache);
  return block;
}

/** A cache breakpoint as `cache_control`. */
export function cacheControl(cache: CacheBreakpoint): AnthropicCacheControl {
  return cache.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: cache.ttl };
}

/**
 * A call's JSON arguments as Anthropic's `input` object. Empty arguments (a tool without
 * parameters, as some servers send it) are `{}`. Arguments that are not one JSON object (a model
 * that wrote broken JSON, a cut stream) cannot travel as `input`: their valid beginning is sent,
 * completed (see jsonPrefix.ts), and named, so the conversation goes on instead of failing.
 */
export function toolInput(text: string, issues?: IssueList): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // repaired below
  }
  issues?.add('arguments', 'drop', 'tool call arguments that are not one JSON object were cut to their valid beginning');
  return anthropicInput(text);
}

/**
 * Every `tool_use` answered at the start of the next user message, every `tool_result` answering
 * a call of the assistant turn just before it. The real API refuses anything else; conversations
 * edited by clients (or moved between vendors) break this more often than one would think.
 */
function pairToolResults(turns: Turn[]): void {
  turns.forEach((turn, i) => {
    if (turn.role !== 'user') return;
    const previous = turns[i - 1];
    const calls = previous?.role === 'assistant' ? previous.rest.filter((block): block is AnthropicToolUseBlock => block.type === 'tool_use').map((block) => block.id) : [];
    const answered = new Set<string>();
    const orphans: AnthropicContentBlock[] = [];
    turn.lead = turn.lead.filter((block) => {
      if (block.type !== 'tool_result') return true;
      if (calls.includes(block.tool_use_id) && !answered.has(block.tool_use_id)) {
        answered.add(block.tool_use_id);
        return true;
      }
      orphans.push(...orphanText(block));
      return false;
    });
    for (const id of calls) if (!answered.has(id)) turn.lead.push({ type: 'tool_result', tool_use_id: id, content: MISSING_RESULT_TEXT, is_error: true });
    turn.rest.unshift(...orphans);
  });
  // An assistant turn that called tools and is followed by nothing stays as it is.
}

/** A result without its call, as text (and its images and documents) the model can still read. */
function orphanText(block: AnthropicToolResultBlock): AnthropicContentBlock[] {
  const content = typeof block.content === 'string' ? [{ type: 'text' as const, text: block.content }] : (block.content ?? []);
  const texts = content.filter((inner): inner is AnthropicTextBlock => inner.type === 'text').map((inner) => inner.text);
  const head = `Result of tool call ${block.tool_use_id}${block.is_error ? ' (failed)' : ''}:`;
  return [{ type: 'text', text: [head, ...texts].join('\n') }, ...content.filter((inner) => inner.type !== 'text')];
}

/** Anthropic answers 400 to a final assistant turn (a prefill) that ends in whitespace. */
function trimPrefill(turns: Turn[]): void {
  const last = turns[turns.length - 1];
  if (last?.role !== 'assistant') return;
  const block = last.rest[last.rest.length - 1];
  if (block?.type !== 'text') return;
  const text = block.text.trimEnd();
  if (text !== '') last.rest[last.rest.length - 1] = { ...block, text };
  else last.rest.pop();
  if (last.lead.length === 0 && last.rest.length === 0) turns.pop();
}

/** The image types Anthropic reads; base64 documents must be PDF. */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/** Media Anthropic cannot read make it unfit (the answer would miss them); `detail` is only a hint. */
function mediaIssues(part: ContentPart, issues: IssueList): void {
  if (part.type === 'image') {
    if (part.detail !== undefined) issues.add('detail', 'drop', 'Anthropic sizes images by itself');
    const mediaType = part.source.kind === 'base64' ? part.source.mediaType : /^data:([^;,]+)[;,]/.exec(part.source.url)?.[1];
    if (mediaType !== undefined && !IMAGE_TYPES.includes(mediaType.toLowerCase())) issues.add('image', 'refuse', 'Anthropic reads JPEG, PNG, GIF and WebP images only');
  } else if (part.type === 'document' && part.source.kind === 'base64' && part.source.mediaType !== 'application/pdf') {
    issues.add('document', 'refuse', 'Anthropic reads inline documents as PDF or plain text only');
  }
}

function isEncodedUserPart(part: ContentPart): boolean {
  return part.type === 'image' || part.type === 'document' || (part.type === 'text' && part.text.trim() !== '');
}

function isSignedReasoning(part: ContentPart): part is ReasoningPart {
  return part.type === 'reasoning' && (part.redactedData !== undefined || !!part.signature);
}
