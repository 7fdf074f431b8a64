// The Language Model provider API of VS Code 1.104 and later (checked against @types/vscode 1.138 and
// the 1.139.1 extension host), declared here because the package keeps `engines.vscode` ^1.100.0 and
// `@types/vscode` 1.100, which have none of it (vsce refuses @types newer than engines). Nothing here
// is assumed to exist: registration looks the function up at run time (languageModelProvider.ts), and
// the part classes newer than 1.100 are looked up the same way (languageModelParts.ts).
import type * as vscode from 'vscode';

/** A model as a provider describes it (`vscode.LanguageModelChatInformation`). */
export interface LanguageModelChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly version: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: LanguageModelChatCapabilities;
}

/** `vscode.LanguageModelChatCapabilities`. */
export interface LanguageModelChatCapabilities {
  readonly imageInput?: boolean;
  /** A number is the most tools a request may carry. */
  readonly toolCalling?: boolean | number;
}

/** The provider's view of a message (`vscode.LanguageModelChatRequestMessage`). */
export interface LanguageModelChatRequestMessage {
  /** 1 user, 2 assistant; 3 system (proposed `languageModelSystem`, sent by Copilot Chat). */
  readonly role: vscode.LanguageModelChatMessageRole | number;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

/** `vscode.ProvideLanguageModelChatResponseOptions`. */
export interface ProvideLanguageModelChatResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly vscode.LanguageModelChatTool[];
  readonly toolMode: vscode.LanguageModelChatToolMode;
}

/** `vscode.PrepareLanguageModelChatModelOptions`. */
export interface PrepareLanguageModelChatModelOptions {
  /** True: resolve without asking the user anything (no prompts for keys). */
  readonly silent: boolean;
}

/** What a provider may report (`vscode.LanguageModelResponsePart`, plus the thinking part of 1.10x+). */
export type LanguageModelResponsePart = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart | LanguageModelDataPart | LanguageModelThinkingPart;

/** `vscode.LanguageModelChatProvider`. */
export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Thenable<void>;
  provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

/** The part of `vscode.lm` that 1.104 added. */
export interface LanguageModelProviderRegistry {
  registerLanguageModelChatProvider(vendor: string, provider: LanguageModelChatProvider): vscode.Disposable;
}

/** `vscode.LanguageModelDataPart` (not in the 1.100 types): bytes with a MIME type. */
export interface LanguageModelDataPart {
  mimeType: string;
  data: Uint8Array;
}

/**
 * `vscode.LanguageModelThinkingPart`: proposed (`languageModelThinkingPart`) in its types, but its
 * class is in the API object of 1.139's extension host, which passes it both ways between a
 * provider and its callers (Copilot Chat shows it and sends it back with `metadata`).
 */
export interface LanguageModelThinkingPart {
  value: string | string[];
  id?: string;
  metadata?: { readonly [key: string]: unknown };
}

/** The part classes to look up on the `vscode` module at run time; absent ones are undefined. */
export interface LanguageModelPartClasses {
  readonly LanguageModelDataPart?: new (data: Uint8Array, mimeType: string) => LanguageModelDataPart;
  readonly LanguageModelThinkingPart?: new (value: string | string[], id?: string, metadata?: { readonly [key: string]: unknown }) => LanguageModelThinkingPart;
}
