// Core failures in words for a notification, with the action that fixes the common first-run states.
import * as vscode from 'vscode';
import type { ErrorCode } from '../core/base/errors';
import { ConfigError } from '../core/config/errors';
import type { Escalation } from '../core/router/types';
import type { Tokenhub } from '../core/tokenhub';
import type { FeatureUi } from './featureUi';

export const SET_API_KEY = 'Set API Key…';
export const OPEN_SETTINGS = 'Open Settings';
export const SHOW_LOG = 'Show Log';

/** A failure as the commands see it: thrown errors and the orchestrator's `error` event alike. */
export interface FailureFacts {
  readonly code?: ErrorCode;
  readonly message: string;
  readonly escalations?: readonly Escalation[];
}

/** What to tell the user, and which actions to offer. */
export interface FailureReport {
  readonly message: string;
  readonly actions: readonly string[];
}

/** Undefined for a cancellation (the user asked for it; nothing to report). */
export function describeFailure(error: unknown): FailureReport | undefined {
  if (error instanceof ConfigError) return { message: error.message, actions: [OPEN_SETTINGS] };
  const facts = toFacts(error);
  if (facts.code === 'cancelled') return undefined;
  const escalations = facts.escalations ?? [];
  const keyless = escalations.length > 0 && escalations.every((e) => e.reason === 'no_key' || e.reason === 'disabled' || e.reason === 'unauthorized');
  if (keyless) {
    return { message: `No provider could be used: each lacks a working API key. ${facts.message}`, actions: [SET_API_KEY, SHOW_LOG] };
  }
  return { message: `Tokenhub: ${facts.message}`, actions: [SHOW_LOG] };
}

/**
 * The first-run state where nothing can answer because no provider has a key; undefined when at
 * least one provider is ready (or needs no key, like a vLLM server).
 */
export async function noKeyReport(tokenhub: Tokenhub): Promise<FailureReport | undefined> {
  const { providers } = tokenhub.config;
  if (providers.length === 0) {
    return {
      message:
        'No provider has an API key. Set one with "Tokenhub: Set API Key…", or set OPENAI_API_KEY / ANTHROPIC_API_KEY, or configure tokenhub.providers.',
      actions: [SET_API_KEY, OPEN_SETTINGS],
    };
  }
  const views = await tokenhub.providerViews();
  if (views.every((view) => view.state === 'no_key')) {
    return {
      message: `No provider has an API key (${views.map((v) => v.name).join(', ')}). Set one with "Tokenhub: Set API Key…" or through each provider's api_key_env.`,
      actions: [SET_API_KEY, OPEN_SETTINGS],
    };
  }
  return undefined;
}

/** Shows the report as an error and runs the action picked. */
export async function showFailure(ui: FeatureUi, report: FailureReport | undefined): Promise<void> {
  if (!report) return;
  const picked = await ui.showErrorMessage(report.message, ...report.actions);
  if (picked === SET_API_KEY) await vscode.commands.executeCommand('tokenhub.setApiKey');
  else if (picked === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'tokenhub');
  else if (picked === SHOW_LOG) await vscode.commands.executeCommand('tokenhub.showLog');
}

function toFacts(error: unknown): FailureFacts {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const { message } = error;
    const code = 'code' in error && typeof error.code === 'string' ? (error.code as ErrorCode) : undefined;
    const escalations = 'escalations' in error && Array.isArray(error.escalations) ? (error.escalations as Escalation[]) : undefined;
    return { message, code, escalations };
  }
  return { message: String(error) };
}
