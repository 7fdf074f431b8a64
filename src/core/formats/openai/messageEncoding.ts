import type { DocumentPart, ImagePart, Message, TextPart, ToolCallPart } from '../../model/content';
import type { FieldIssue } from '../../model/fields';
import type { OpenAIDialectName } from './sampling';
import type { OpenAIFilePart, OpenAIImagePart, OpenAIMessage, OpenAITextPart, OpenAIToolCall, OpenAIUserPart } from './wire';

/**
 * The model's messages → OpenAI chat messages (client side: what a provider is sent).
 *
 * - System turns stay `system` (both dialects; `developer` is only a newer name for it).
 * - Each tool result becomes its own `tool` message. OpenAI's tool messages hold text only, so
 *   images and files in a result (Anthropic allows them) go into ONE user message right after
 *   the turn's tool messages (tool messages must directly follow the calling turn), each group
 *   opened by a line naming the call it came from. The model still sees them, in order, and
 *   knows which call returned them; no issue is reported because nothing is lost.
 * - Reasoning parts are left out: OpenAI takes no reasoning back and vLLM ignores it; it is one
 *   vendor's state (see ReasoningPart), not part of the conversation's meaning.
 * - Cache breakpoints are left out: OpenAI and vLLM cache prefixes by themselves.
 */

/** How a document travels to the dialect: as an inline `file` part, as text, or not at all. */
export function documentRoute(part: DocumentPart, dialect: OpenAIDialectName): 'file' | 'text' | 'refuse' {
  if (part.source.kind === 'text') return 'text';
  if (part.source.kind === 'url') return 'refuse';
  // vLLM's chat reads images, audio and video; documents only as text.
  return dialect === 'openai' ? 'file' : 'refuse';
}

/** What the dialect cannot carry of the conversation (each left out of the body). */
export function contentIssues(messages: readonly Message[], dialect: OpenAIDialectName): FieldIssue[] {
  let document = false;
  let error = false;
  for (const message of messages) {
    if (message.role !== 'user' && message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'document') document ||= documentRoute(part, dialect) === 'refuse';
      else if (part.type === 'tool_result') {
        error ||= part.isError === true;
        for (const inner of part.content) if (inner.type === 'document') document ||= documentRoute(inner, dialect) === 'refuse';
      }
    }
  }
  const issues: FieldIssue[] = [];
  if (document) {
    const reason = dialect === 'openai' ? 'OpenAI chat takes documents only as inline data' : 'vLLM chat takes documents only as text';
    issues.push({ field: 'document', action: 'refuse', reason });
  }
  if (error) issues.push({ field: 'is_error', action: 'drop', reason: 'OpenAI tool messages have no error flag; the result text is sent as it is' });
  return issues;
}

/** The model's conversation as OpenAI messages (see the rules above). */
export function encodeMessages(messages: readonly Message[], dialect: OpenAIDialectName): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  for (const message of messages) {
    const name = message.name !== undefined ? { name: message.name } : {};
    switch (message.role) {
      case 'system': {
        const texts = message.content.filter((part): part is TextPart => part.type === 'text');
        if (texts.length > 0) out.push({ role: 'system', content: textContent(texts), ...name });
        break;
      }
      case 'user': {
        const parts = userParts(message.content, dialect);
        if (parts.length > 0) out.push({ role: 'user', content: parts.length === 1 && parts[0]!.type === 'text' ? parts[0]!.text : parts, ...name });
        break;
      }
      case 'assistant': {
        const texts: TextPart[] = [];
        const calls: OpenAIToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part);
          else if (part.type === 'tool_call') calls.push(toolCall(part));
        }
        if (texts.length === 0 && calls.length === 0) break;
        out.push({ role: 'assistant', content: texts.length === 0 ? null : textContent(texts), ...(calls.length > 0 && { tool_calls: calls }), ...name });
        break;
      }
      case 'tool':
        toolMessages(message, dialect, out);
        break;
    }
  }
  return out;
}

function toolMessages(message: Message, dialect: OpenAIDialectName, out: OpenAIMessage[]): void {
  const media: OpenAIUserPart[] = [];
  for (const part of message.content) {
    if (part.type !== 'tool_result') continue;
    const texts: TextPart[] = [];
    const moved: OpenAIUserPart[] = [];
    for (const inner of part.content) {
      if (inner.type === 'text') texts.push(inner);
      else if (inner.type === 'image') moved.push(imagePart(inner));
      else if (inner.source.kind === 'text') texts.push({ type: 'text', text: inner.source.data });
      else if (documentRoute(inner, dialect) === 'file') moved.push(filePart(inner));
    }
    out.push({ role: 'tool', tool_call_id: part.callId, content: textContent(texts) });
    if (moved.length > 0) media.push({ type: 'text', text: `Images and files returned by tool call ${part.callId}:` }, ...moved);
  }
  if (media.length > 0) out.push({ role: 'user', content: media });
}

function userParts(parts: Message['content'], dialect: OpenAIDialectName): OpenAIUserPart[] {
  const out: OpenAIUserPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'text', text: part.text });
    else if (part.type === 'image') out.push(imagePart(part));
    else if (part.type === 'document') {
      if (part.source.kind === 'text') out.push({ type: 'text', text: part.source.data });
      else if (documentRoute(part, dialect) === 'file') out.push(filePart(part));
    }
  }
  return out;
}

/** One text part as a string (what every compatible server reads), several as parts. */
function textContent(parts: readonly TextPart[]): string | OpenAITextPart[] {
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0]!.text;
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

function imagePart(part: ImagePart): OpenAIImagePart {
  const { source } = part;
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  return { type: 'image_url', image_url: { url, ...(part.detail !== undefined && { detail: part.detail }) } };
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'application/pdf': 'pdf', 'text/plain': 'txt' };

/** An inline file; OpenAI wants a file name with inline data. */
function filePart(part: DocumentPart): OpenAIFilePart {
  const source = part.source as { mediaType: string; data: string };
  const extension = Object.hasOwn(EXTENSIONS, source.mediaType) ? EXTENSIONS[source.mediaType] : 'bin';
  return { type: 'file', file: { filename: part.title ?? `document.${extension}`, file_data: `data:${source.mediaType};base64,${source.data}` } };
}

function toolCall(part: ToolCallPart): OpenAIToolCall {
  return { id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments.trim() === '' ? '{}' : part.arguments } };
}
