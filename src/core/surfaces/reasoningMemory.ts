import type { Answer } from '../model/answer';
import type { Message, ReasoningPart } from '../model/content';

/** How much reasoning is kept: the oldest turns go first past either bound. */
export interface ReasoningMemoryLimits {
  turns: number;
  bytes: number;
}

const DEFAULT_LIMITS: ReasoningMemoryLimits = { turns: 4096, bytes: 32 * 1024 * 1024 };

interface Entry {
  parts: ReasoningPart[];
  bytes: number;
}

/**
 * Reasoning state across turns for clients whose format has no place for it (DESIGN.md
 * "Reasoning state survives a turn"). An Anthropic model that reasoned before calling tools must
 * get that signed reasoning back with the calls on the next turn, or the request is refused; an
 * OpenAI-format client (the openai SDK, the AI SDK, Continue, the VS Code Language Model API)
 * keeps only what its format has. Every client echoes the tool-call ids, so the reasoning that
 * preceded an answer's tool calls is kept here under the turn's first call id and put back in
 * front of those calls when a request's assistant turn carries them. Only reasoning with opaque
 * state (a signature, redacted or encrypted data) is kept: plain reasoning text is never needed
 * back. Bounded in turns and bytes, oldest first; per process (a restart forgets, and the
 * Anthropic codec then leaves thinking out for that request rather than fail it).
 */
export class ReasoningMemory {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly limits: ReasoningMemoryLimits = DEFAULT_LIMITS) {}

  /** Number of turns held. */
  get size(): number {
    return this.entries.size;
  }

  /** Keeps the stateful reasoning of an answer that called tools. */
  remember(answer: Pick<Answer, 'content'>): void {
    const firstCall = answer.content.find((part) => part.type === 'tool_call');
    if (!firstCall) return;
    const parts = answer.content.filter((part): part is ReasoningPart => part.type === 'reasoning' && hasState(part));
    if (parts.length === 0) return;
    const bytes = parts.reduce((sum, part) => sum + sizeOf(part), 0);
    if (bytes > this.limits.bytes) return;
    this.forget(firstCall.id);
    this.entries.set(firstCall.id, { parts, bytes });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limits.turns && this.bytes <= this.limits.bytes) break;
      this.forget(oldest);
    }
  }

  /**
   * The conversation with remembered reasoning put back in front of the tool calls of assistant
   * turns that carry none; messages are copied where changed, never mutated.
   */
  restore(messages: readonly Message[]): Message[] {
    if (this.entries.size === 0) return [...messages];
    return messages.map((message) => {
      if (message.role !== 'assistant' || message.content.some((part) => part.type === 'reasoning' && hasState(part))) return message;
      const firstCall = message.content.find((part) => part.type === 'tool_call');
      const entry = firstCall && this.entries.get(firstCall.id);
      if (!entry) return message;
      const rest = message.content.filter((part) => part.type !== 'reasoning');
      return { ...message, content: [...entry.parts.map((part) => ({ ...part })), ...rest] };
    });
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.bytes;
  }
}

function hasState(part: ReasoningPart): boolean {
  return part.signature !== undefined || part.redactedData !== undefined || part.encryptedContent !== undefined;
}

function sizeOf(part: ReasoningPart): number {
  return part.text.length + (part.signature?.length ?? 0) + (part.redactedData?.length ?? 0) + (part.encryptedContent?.length ?? 0) + 64;
}
