import type { JsonObject, ReasoningPart, TextPart, ToolCallPart } from './content';
import type { FinishReason, StreamEvent } from './events';
import type { Usage } from './usage';
import { mergeUsage } from './usage';

/** What an assistant answer holds, in order. */
export type AnswerPart = TextPart | ReasoningPart | ToolCallPart;

/** A whole answer from one provider, streamed or not. */
export interface Answer {
  /** The provider's id for it ('' when it gave none). */
  id: string;
  /** The model name the provider says answered ('' when it gave none). */
  providerModel: string;
  content: AnswerPart[];
  finishReason: FinishReason | null;
  /** The stop sequence that ended generation, when one did. */
  stopSequence?: string;
  usage?: Usage;
  /**
   * Same-format pass-through: the provider's body as it came, for a surface whose client speaks
   * the provider's format (so fields Tokenhub does not know reach the client).
   */
  raw?: JsonObject;
}

/**
 * Folds stream events into a whole answer: the one accumulator for every consumer that needs
 * one (the router's summary, the orchestrator, Ask, the Language Model provider). Feed events in
 * order with `add`; `text` is the answer's text so far (in block order); `answer()` is the result,
 * blocks in index order, a tool call without arguments given `"{}"`.
 */
export class AnswerFolder {
  private readonly blocks = new Map<number, AnswerPart>();
  private id = '';
  private model = '';
  private finishReason: FinishReason | null = null;
  private stopSequence: string | undefined;
  private usage: Usage | undefined;

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        this.id ||= event.id;
        this.model ||= event.model;
        return;
      case 'text': {
        const block = this.block(event.index, 'text');
        if (block) block.text += event.text;
        return;
      }
      case 'reasoning': {
        const block = this.block(event.index, 'reasoning');
        if (block) block.text += event.text;
        return;
      }
      case 'reasoning_state': {
        const block = this.block(event.index, 'reasoning');
        if (!block) return;
        const { signature, redactedData, encryptedContent, itemId } = event.state;
        if (signature !== undefined) block.signature = (block.signature ?? '') + signature;
        if (redactedData !== undefined) block.redactedData = redactedData;
        if (encryptedContent !== undefined) block.encryptedContent = encryptedContent;
        if (itemId !== undefined) block.itemId = itemId;
        return;
      }
      case 'tool_call': {
        const block = this.block(event.index, 'tool_call');
        if (block) {
          block.id ||= event.id;
          block.name ||= event.name;
        }
        return;
      }
      case 'tool_arguments': {
        const block = this.block(event.index, 'tool_call');
        if (block) block.arguments += event.fragment;
        return;
      }
      case 'finish':
        this.finishReason = event.reason;
        if (event.stopSequence !== undefined) this.stopSequence = event.stopSequence;
        return;
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return;
      case 'block_end':
        return;
    }
  }

  /** The text blocks' text so far, in block order. */
  get text(): string {
    let text = '';
    for (const block of [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, part]) => part)) if (block.type === 'text') text += block.text;
    return text;
  }

  addAll(events: readonly StreamEvent[]): void {
    for (const event of events) this.add(event);
  }

  answer(): Answer {
    const content = [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, part]) => (part.type === 'tool_call' && part.arguments.trim() === '' ? { ...part, arguments: '{}' } : part));
    const answer: Answer = { id: this.id, providerModel: this.model, content, finishReason: this.finishReason };
    if (this.stopSequence !== undefined) answer.stopSequence = this.stopSequence;
    if (this.usage) answer.usage = this.usage;
    return answer;
  }

  /** The block at `index`, created with `type` on first use; undefined when it holds another type. */
  private block<T extends AnswerPart['type']>(index: number, type: T): Extract<AnswerPart, { type: T }> | undefined {
    let block = this.blocks.get(index);
    if (!block) {
      block = type === 'text' ? { type: 'text', text: '' } : type === 'reasoning' ? { type: 'reasoning', text: '' } : { type: 'tool_call', id: '', name: '', arguments: '' };
      this.blocks.set(index, block);
    }
    return block.type === type ? (block as Extract<AnswerPart, { type: T }>) : undefined;
  }
}

/** A whole answer from a list of events. */
export function foldEvents(events: Iterable<StreamEvent>): Answer {
  const folder = new AnswerFolder();
  for (const event of events) folder.add(event);
  return folder.answer();
}

/**
 * The events that stream a whole answer (a server that ignored `stream: true`, a cached answer):
 * `foldEvents(answerEvents(a))` equals `a` but for `raw`.
 */
export function answerEvents(answer: Answer): StreamEvent[] {
  const events: StreamEvent[] = [];
  if (answer.id || answer.providerModel) events.push({ type: 'start', id: answer.id, model: answer.providerModel });
  answer.content.forEach((part, index) => {
    if (part.type === 'text') events.push({ type: 'text', index, text: part.text });
    else if (part.type === 'reasoning') {
      events.push({ type: 'reasoning', index, text: part.text });
      const { signature, redactedData, encryptedContent, itemId } = part;
      const state = { signature, redactedData, encryptedContent, itemId };
      if (Object.values(state).some((value) => value !== undefined)) events.push({ type: 'reasoning_state', index, state: withoutUndefined(state) });
    } else {
      events.push({ type: 'tool_call', index, id: part.id, name: part.name });
      events.push({ type: 'tool_arguments', index, fragment: part.arguments });
    }
    events.push({ type: 'block_end', index });
  });
  events.push({ type: 'finish', reason: answer.finishReason, ...(answer.stopSequence !== undefined && { stopSequence: answer.stopSequence }) });
  if (answer.usage) events.push({ type: 'usage', usage: answer.usage });
  return events;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The answer's text parts, joined. */
export function answerText(answer: Answer): string {
  let text = '';
  for (const part of answer.content) if (part.type === 'text') text += part.text;
  return text;
}
