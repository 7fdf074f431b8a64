import type { ReasoningPart } from './content';
import type { Usage } from './usage';

/** Why generation stopped, in OpenAI's vocabulary (each codec maps its own through a table). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** The opaque reasoning state a block may carry (see ReasoningPart). */
export type ReasoningState = Pick<ReasoningPart, 'signature' | 'redactedData' | 'encryptedContent' | 'itemId'>;

/**
 * One event of a streamed answer. Content events carry the index of their content block, counted
 * over every block of the answer in order (text, reasoning and tool calls alike, as Anthropic
 * counts them); a block's type is set by its first event. Blocks may interleave (OpenAI streams
 * parallel calls by index); `fold` puts them in index order.
 */
export type StreamEvent =
  /** The answer's id and the model the provider says answered, when it says so. */
  | { type: 'start'; id: string; model: string }
  /** Generated text, in order. */
  | { type: 'text'; index: number; text: string }
  /** Reasoning text, in order. */
  | { type: 'reasoning'; index: number; text: string }
  /** Opaque reasoning state for the block (a signature, redacted data, encrypted content). */
  | { type: 'reasoning_state'; index: number; state: ReasoningState }
  /** A tool call begins: its id and name are known. */
  | { type: 'tool_call'; index: number; id: string; name: string }
  /** A piece of a tool call's arguments (JSON text, to be concatenated). */
  | { type: 'tool_arguments'; index: number; fragment: string }
  /** The block is complete. */
  | { type: 'block_end'; index: number }
  /** Generation ended; `stopSequence` is the stop sequence that ended it, when one did. */
  | { type: 'finish'; reason: FinishReason | null; stopSequence?: string }
  /** Token counts so far; the largest of each wins (see mergeUsage). */
  | { type: 'usage'; usage: Usage };

/** True for an event that is content a client would see: the first one ends escalation. */
export function isContent(event: StreamEvent): boolean {
  switch (event.type) {
    case 'text':
    case 'reasoning':
      return event.text !== '';
    case 'tool_call':
    case 'reasoning_state':
      return true;
    default:
      return false;
  }
}

/**
 * One upstream event as it arrived, for same-format pass-through: a surface whose client speaks
 * the provider's format writes these instead of encoding `events` again, so every field the
 * provider sent reaches the client.
 */
export interface RawEvent {
  /** The SSE `event:` name, when the upstream sent one (Anthropic does). */
  event?: string;
  data: string;
  /** The event carried only usage that Tokenhub asked for itself (OpenAI's `include_usage` chunk). */
  usageOnly?: boolean;
}

/**
 * The events of one upstream read (never empty), so every layer pays its per-item costs once per
 * read. `raw` is set when the request asked for pass-through and the provider speaks the client's
 * format: the same read's upstream events, `[DONE]` excluded.
 */
export interface StreamBatch {
  events: readonly StreamEvent[];
  raw?: readonly RawEvent[];
}
