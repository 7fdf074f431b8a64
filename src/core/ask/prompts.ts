import type { Message } from '../model/content';
import { textMessage } from '../model/content';
import { fenceFor, fill } from '../orchestrator/prompts';

/**
 * Ask's prompts, kept as data beside the orchestrator's (orchestrator/prompts.ts): one system
 * prompt, and the editor context it carries when the question was asked with code in view. The
 * context goes in the system prompt, so follow-up turns keep it without repeating it.
 */

/** The code Ask was started with. */
export interface AskContext {
  /** The file's base name (`fetchUser.ts`, `Untitled-1`). */
  readonly fileName: string;
  /** VS Code's language id (`typescript`). */
  readonly language: string;
  /** A selection, or the part of the file on screen when nothing was selected. */
  readonly kind: 'selection' | 'visible';
  /** 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly code: string;
}

/** Longest context sent: a selection of a whole large file is cut (and the prompt says so). */
export const MAX_CONTEXT_CHARS = 60_000;

/** The templates: `{{name}}` filled once (see `fill`). */
export const ASK_PROMPTS = {
  system:
    'You are a programming assistant in the user\'s code editor. Answer the question directly and briefly; use Markdown. ' +
    'When you propose a change to the code shown below, give the whole replacement for that code in ONE fenced code block ' +
    'with its language, so the editor can offer it as a diff; put any explanation outside the block.',
  selection: 'The user selected this code in {{fileName}} ({{language}}), {{lines}}:{{truncated}}\n\n{{fence}}{{language}}\n{{code}}\n{{fence}}',
  visible: 'The user has {{fileName}} ({{language}}) open, showing {{lines}}:{{truncated}}\n\n{{fence}}{{language}}\n{{code}}\n{{fence}}',
  truncated: ' (only its first {{kept}} of {{total}} characters are shown)',
} as const;

/** The system prompt, with the context when there is one. */
export function askSystemPrompt(context?: AskContext): string {
  if (!context) return ASK_PROMPTS.system;
  const cut = context.code.length > MAX_CONTEXT_CHARS;
  const code = cut ? context.code.slice(0, MAX_CONTEXT_CHARS) : context.code;
  const lines = context.startLine === context.endLine ? `line ${context.startLine}` : `lines ${context.startLine}–${context.endLine}`;
  const truncated = cut ? fill(ASK_PROMPTS.truncated, { kept: String(MAX_CONTEXT_CHARS), total: String(context.code.length) }) : '';
  const part = fill(ASK_PROMPTS[context.kind], { fileName: context.fileName, language: context.language, lines, truncated, code, fence: fenceFor(code) });
  return `${ASK_PROMPTS.system}\n\n${part}`;
}

/** The request's messages: the system prompt, then the conversation so far (ending in the new question). */
export function askRequestMessages(conversation: readonly Message[], context?: AskContext): Message[] {
  return [textMessage('system', askSystemPrompt(context)), ...conversation];
}
