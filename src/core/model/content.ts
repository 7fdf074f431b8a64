/**
 * The one message model (DESIGN.md "Messages: what passes through"): what every wire format can
 * say, as content parts. Each wire format's codec (src/core/formats/) translates its own shapes to
 * these and back; nothing above the codecs sees a provider's shapes. Plain data throughout: every
 * value survives JSON, structuredClone and postMessage.
 */

/** A parsed JSON object (not an array, not null). */
export type JsonObject = { [key: string]: unknown };

/**
 * A cache breakpoint on a part (Anthropic `cache_control`): the prompt up to and including this
 * part may be cached. Providers that cache by themselves (OpenAI) need no breakpoint.
 */
export interface CacheBreakpoint {
  type: 'ephemeral';
  /** Anthropic's `ttl` (`5m`, `1h`), when the client gave one. */
  ttl?: string;
}

/** Generated or given text. */
export interface TextPart {
  type: 'text';
  text: string;
  cache?: CacheBreakpoint;
}

/** Where an image or document comes from. */
export type MediaSource =
  /** A URL the provider fetches itself (`https://…`). */
  | { kind: 'url'; url: string }
  /** Inline bytes, base64-encoded, with their media type (`image/png`, `application/pdf`). */
  | { kind: 'base64'; mediaType: string; data: string };

/** An image in a user turn or a tool result. */
export interface ImagePart {
  type: 'image';
  source: MediaSource;
  /** OpenAI's `detail` (`low`, `high`, `auto`): it decides how the image is tiled and counted. */
  detail?: 'auto' | 'low' | 'high';
  cache?: CacheBreakpoint;
}

/** A document (PDF or plain text) for providers that read documents (Anthropic). */
export interface DocumentPart {
  type: 'document';
  source: MediaSource | { kind: 'text'; mediaType: 'text/plain'; data: string };
  title?: string;
  cache?: CacheBreakpoint;
}

/**
 * A call of a tool by the model. `arguments` is JSON text, exactly as the model produced it
 * (OpenAI's wire form); codecs of formats that carry an object (Anthropic `input`) parse and
 * serialise it. A tool without parameters has `"{}"`, never `""`.
 */
export interface ToolCallPart {
  type: 'tool_call';
  /** The provider's call id (`call_…`, `toolu_…`); results refer to it. */
  id: string;
  name: string;
  arguments: string;
  cache?: CacheBreakpoint;
}

/** The result of one tool call, sent back in the next request. */
export interface ToolResultPart {
  type: 'tool_result';
  /** The `id` of the ToolCallPart this answers. */
  callId: string;
  content: (TextPart | ImagePart | DocumentPart)[];
  /** The tool failed (Anthropic `is_error`); OpenAI has no such flag and sends the text only. */
  isError?: boolean;
  cache?: CacheBreakpoint;
}

/**
 * The model's reasoning. `text` is what may be shown (Anthropic thinking, OpenAI-compatible
 * `reasoning_content`, a Responses summary). The opaque fields are state that one vendor needs
 * back on the next turn and that means nothing to another: Anthropic's `signature` and redacted
 * `data`, OpenAI Responses' `encryptedContent` and item `id`. Codecs send only the state of their
 * own vendor, so reasoning never crosses to a vendor where it means nothing.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Anthropic: the signature that authenticates `text` (required back with tool use). */
  signature?: string;
  /** Anthropic `redacted_thinking`: encrypted reasoning with no text. */
  redactedData?: string;
  /** OpenAI Responses: the reasoning item's `encrypted_content` (with `include`). */
  encryptedContent?: string;
  /** OpenAI Responses: the reasoning item's id. */
  itemId?: string;
  cache?: CacheBreakpoint;
}

export type ContentPart = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ReasoningPart;

/**
 * Who said it. System turns hold text only (OpenAI `system` and `developer`, Anthropic's top-level
 * `system`, Responses `instructions`); user turns text, images and documents; assistant turns text,
 * reasoning and tool calls; tool turns the results of the previous assistant turn's calls.
 */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** Parts each role may hold; codecs and surfaces refuse anything else. */
export const PARTS_BY_ROLE: Readonly<Record<Role, readonly ContentPart['type'][]>> = {
  system: ['text'],
  user: ['text', 'image', 'document'],
  assistant: ['text', 'reasoning', 'tool_call'],
  tool: ['tool_result'],
};

export interface Message {
  role: Role;
  content: ContentPart[];
  /** OpenAI's participant `name`, when the client gave one. */
  name?: string;
}

/** The text parts of a message, joined (what a text-only consumer reads). */
export function textOf(parts: readonly ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

/** A message of one text part. */
export function textMessage(role: Role, text: string): Message {
  return { role, content: [{ type: 'text', text }] };
}

/**
 * The conversation in its normal form: consecutive tool turns merged into one (OpenAI sends one
 * message per result, Anthropic one user message with all results), and empty messages dropped.
 * Two conversations that mean the same have the same normal form, whichever format they came
 * through; codecs produce it, and the round-trip properties compare it.
 */
export function normalizeMessages(messages: readonly Message[]): Message[] {
  const out: Message[] = [];
  for (const message of messages) {
    if (message.content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === 'tool' && message.role === 'tool') {
      last.content = [...last.content, ...message.content];
      continue;
    }
    out.push({ ...message, content: [...message.content] });
  }
  return out;
}
