// The translation between VS Code's Language Model part classes and the core's plain parts, both
// ways. It only unwraps and wraps: what a part means (roles, images, tool results, markers,
// thinking state, buffered tool calls) is decided in src/core/surfaces/languageModels/.
import * as vscode from 'vscode';
import type { LanguageModelOutputPart } from '../core/surfaces/languageModels/answer';
import { USAGE_MIME_TYPE, usagePayload } from '../core/surfaces/languageModels/answer';
import type { LanguageModelMessage, LanguageModelPart, LanguageModelRequestOptions, LanguageModelResultPart } from '../core/surfaces/languageModels/request';
import type { Usage } from '../core/model/usage';
import type { LanguageModelChatRequestMessage, LanguageModelPartClasses, LanguageModelResponsePart, ProvideLanguageModelChatResponseOptions } from './languageModelProviderApi';

/** The part classes this VS Code has (the Data part from 1.10x, the thinking part where its class is exposed). */
const classes = vscode as unknown as LanguageModelPartClasses;

/** The messages as the core reads them. */
export function coreMessages(messages: readonly LanguageModelChatRequestMessage[]): LanguageModelMessage[] {
  return messages.map(coreMessage);
}

/** One message (also what `provideTokenCount` is given). */
export function coreMessage(message: LanguageModelChatRequestMessage): LanguageModelMessage {
  const out: LanguageModelMessage = { role: Number(message.role), content: message.content.map(corePart) };
  if (message.name !== undefined) out.name = message.name;
  return out;
}

/** The request options as the core reads them. */
export function coreOptions(options: ProvideLanguageModelChatResponseOptions): LanguageModelRequestOptions {
  const out: LanguageModelRequestOptions = { toolMode: Number(options.toolMode ?? vscode.LanguageModelChatToolMode.Auto) };
  if (options.tools) out.tools = options.tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
  if (options.modelOptions) out.modelOptions = options.modelOptions;
  return out;
}

function corePart(part: unknown): LanguageModelPart {
  if (part instanceof vscode.LanguageModelTextPart) return { type: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelToolCallPart) return { type: 'tool_call', callId: part.callId, name: part.name, input: part.input };
  if (part instanceof vscode.LanguageModelToolResultPart) {
    // 1.139's class takes `isError` as a third argument (proposed); read it when it is there.
    const isError = (part as { isError?: unknown }).isError === true;
    return { type: 'tool_result', callId: part.callId, content: part.content.map(coreResultPart), ...(isError && { isError }) };
  }
  const data = dataOf(part);
  if (data) return data;
  if (classes.LanguageModelThinkingPart && part instanceof classes.LanguageModelThinkingPart) {
    const text = Array.isArray(part.value) ? part.value.join('') : part.value;
    return { type: 'thinking', text, ...(part.id !== undefined && { id: part.id }), ...(part.metadata !== undefined && { metadata: part.metadata }) };
  }
  return { type: 'unknown', kind: kindOf(part) };
}

function coreResultPart(part: unknown): LanguageModelResultPart {
  if (part instanceof vscode.LanguageModelTextPart) return { type: 'text', text: part.value };
  if (part instanceof vscode.LanguageModelPromptTsxPart) return { type: 'prompt_tsx', value: part.value };
  return dataOf(part) ?? { type: 'unknown', kind: kindOf(part) };
}

function dataOf(part: unknown): { type: 'data'; mimeType: string; data: Uint8Array } | undefined {
  if (!classes.LanguageModelDataPart || !(part instanceof classes.LanguageModelDataPart)) return undefined;
  return { type: 'data', mimeType: part.mimeType, data: part.data };
}

function kindOf(part: unknown): string {
  if (typeof part === 'string') return 'string';
  if (typeof part !== 'object' || part === null) return String(part);
  return part.constructor?.name || 'object';
}

/** A core part as the class VS Code reports; undefined for thinking where this VS Code has no thinking part. */
export function vscodePart(part: LanguageModelOutputPart): LanguageModelResponsePart | undefined {
  switch (part.type) {
    case 'text':
      return new vscode.LanguageModelTextPart(part.text);
    case 'tool_call':
      return new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input);
    case 'thinking':
      return classes.LanguageModelThinkingPart ? new classes.LanguageModelThinkingPart(part.text, part.id, part.metadata) : undefined;
  }
}

/** The answer's token counts as a `usage` data part, which Copilot Chat reads; undefined without Data parts. */
export function usagePart(usage: Usage): LanguageModelResponsePart | undefined {
  return classes.LanguageModelDataPart ? new classes.LanguageModelDataPart(new TextEncoder().encode(usagePayload(usage)), USAGE_MIME_TYPE) : undefined;
}
