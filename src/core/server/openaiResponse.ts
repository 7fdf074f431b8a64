import { randomBytes } from 'node:crypto';
import type { FinishReason, Usage } from '../types';

/** OpenAI's usage object from Tokenhub's. */
export function wireUsage(usage: Usage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}

/** Random per process, then a counter: unique ids without a random-bytes call per answer. */
const ID_PREFIX = randomBytes(9).toString('base64url');
let idCounter = 0;

export function responseId(kind: 'chat' | 'completion'): string {
  return `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${ID_PREFIX}${(idCounter++).toString(36)}`;
}

/** The non-streamed body in OpenAI's chat or legacy completion shape. */
export function completionBody(
  kind: 'chat' | 'completion',
  model: string,
  text: string,
  finishReason: FinishReason | null,
  usage: Usage,
): string {
  const base = { id: responseId(kind), created: Math.floor(Date.now() / 1000), model };
  const choice =
    kind === 'chat'
      ? { index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason ?? 'stop' }
      : { index: 0, text, logprobs: null, finish_reason: finishReason ?? 'stop' };
  return JSON.stringify({ ...base, object: kind === 'chat' ? 'chat.completion' : 'text_completion', choices: [choice], usage: wireUsage(usage) });
}

/**
 * Builds the SSE frames of one streamed answer. The fixed part of every chunk is serialised once,
 * so a delta costs one JSON.stringify of its text.
 */
export class StreamFrames {
  private readonly prefix: string;
  private readonly chat: boolean;

  constructor(kind: 'chat' | 'completion', model: string) {
    this.chat = kind === 'chat';
    const head = {
      id: responseId(kind),
      object: this.chat ? 'chat.completion.chunk' : 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model,
    };
    this.prefix = `data: ${JSON.stringify(head).slice(0, -1)},"choices":`;
  }

  /** The opening chunk that names the role (chat only). */
  opening(): string {
    return this.chat ? `${this.prefix}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n` : '';
  }

  delta(text: string): string {
    const value = JSON.stringify(text);
    return this.chat
      ? `${this.prefix}[{"index":0,"delta":{"content":${value}},"logprobs":null,"finish_reason":null}]}\n\n`
      : `${this.prefix}[{"index":0,"text":${value},"logprobs":null,"finish_reason":null}]}\n\n`;
  }

  finish(reason: FinishReason | null): string {
    const value = JSON.stringify(reason ?? 'stop');
    return this.chat
      ? `${this.prefix}[{"index":0,"delta":{},"logprobs":null,"finish_reason":${value}}]}\n\n`
      : `${this.prefix}[{"index":0,"text":"","logprobs":null,"finish_reason":${value}}]}\n\n`;
  }

  usage(usage: Usage): string {
    return `${this.prefix}[],"usage":${JSON.stringify(wireUsage(usage))}}\n\n`;
  }

  static done(): string {
    return 'data: [DONE]\n\n';
  }

  /** The explicit end of a failed stream: an error event and no `[DONE]`. */
  static error(body: string): string {
    return `data: ${body}\n\n`;
  }
}
