import type { FinishReason } from '../../model/events';
import { own } from '../codec';
import type { AnthropicStopReason } from './wire';

/**
 * Anthropic's stop reasons → the model's finish reasons. `pause_turn` (a long server-tool turn
 * paused for the client to continue) ends this answer like `end_turn`; an exceeded context
 * window ends it like `max_tokens`.
 */
export const FINISH_FOR_STOP_REASON: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** The model's finish reasons → Anthropic's (a stop with a stop sequence is `stop_sequence`). */
export const STOP_REASON_FOR_FINISH: Readonly<Record<FinishReason, AnthropicStopReason>> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

/** The finish reason for a stop reason from outside; null for none or one this table lacks. */
export function finishReason(stopReason: unknown): FinishReason | null {
  return typeof stopReason === 'string' ? (own(FINISH_FOR_STOP_REASON, stopReason) ?? null) : null;
}

/**
 * The stop reason to tell an Anthropic client. Clients loop on `tool_use`, so an answer that
 * called tools says so even when its provider said `stop` (several OpenAI-compatible servers
 * do); an answer with no reason at all (a stream that never said) ended its turn.
 */
export function stopReason(finish: FinishReason | null, stopSequence: string | undefined, calledTools: boolean): AnthropicStopReason {
  if (calledTools && (finish === 'stop' || finish === null || finish === 'tool_calls')) return 'tool_use';
  if (finish === null) return 'end_turn';
  if (finish === 'stop' && stopSequence !== undefined) return 'stop_sequence';
  if (finish === 'tool_calls') return 'end_turn'; // "called tools" that it did not call: its turn ended
  return STOP_REASON_FOR_FINISH[finish];
}
