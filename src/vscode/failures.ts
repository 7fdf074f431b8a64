// Failures in words for a notification (the core summarises: router/failureSummary.ts), with the
// buttons that fix the common first-run states, and the whole trail in the log and a details view.
import * as vscode from 'vscode';
import { ConfigError } from '../core/config/errors';
import type { Logger } from '../core/ports';
import type { FailureFacts, FailureFix } from '../core/router/failureSummary';
import { failureDetails, failureMessage, summarizeFailure } from '../core/router/failureSummary';
import { formatEscalations } from '../core/router/types';
import type { Escalation } from '../core/router/types';
import { describeReadiness } from '../core/setup/readiness';
import type { FeatureUi } from './featureUi';
import type { SetupState } from './tokenhubService';

export const SET_API_KEY = 'Set API Key…';
export const ADD_PROVIDER = 'Add Provider…';
export const SHOW_DETAILS = 'Show Details';
export const OPEN_SETTINGS = 'Open Settings';

/** The details view's scheme: a read-only document (it never asks to be saved). */
export const DETAILS_SCHEME = 'tokenhub-details';

/** What to tell the user, which actions to offer, and the whole story for "Show Details". */
export interface FailureReport {
  readonly message: string;
  readonly actions: readonly string[];
  readonly details?: string;
}

const FIX_ACTIONS: Record<FailureFix, string> = { set_key: SET_API_KEY, add_provider: ADD_PROVIDER, show_details: SHOW_DETAILS };

/** Undefined for a cancellation (the user asked for it; nothing to report). */
export function describeFailure(error: unknown): FailureReport | undefined {
  if (error instanceof ConfigError) return { message: `Tokenhub: ${error.message}`, actions: [OPEN_SETTINGS], details: `# Tokenhub: the configuration\n\n${error.message}\n` };
  const facts = toFacts(error);
  if (facts.code === 'cancelled') return undefined;
  const summary = summarizeFailure(facts);
  const message = summary.lines.length > 0 ? failureMessage(summary) : /^Tokenhub\b/.test(summary.headline) ? summary.headline : `Tokenhub: ${summary.headline}`;
  return { message, actions: summary.fixes.map((fix) => FIX_ACTIONS[fix]), details: failureDetails(facts) };
}

/** The report for a setup that cannot answer yet (undefined when it can). */
export function setupReport(state: SetupState): FailureReport | undefined {
  if (state.kind === 'ready') return undefined;
  if (state.kind === 'invalid_config') return { message: `Tokenhub: ${state.message}`, actions: [OPEN_SETTINGS], details: `# Tokenhub: the configuration\n\n${state.message}\n` };
  const actions = state.kind === 'no_provider' ? [ADD_PROVIDER] : state.kind === 'no_model' ? [ADD_PROVIDER, OPEN_SETTINGS] : [SET_API_KEY, ADD_PROVIDER];
  return { message: `Tokenhub: ${describeReadiness(state)}`, actions };
}

/**
 * Shows failures and keeps the last one's details: the notification runs the action picked, and
 * "Show Details" opens the whole trail in a read-only document.
 */
export class FailureReporter implements vscode.Disposable {
  #details = '# Tokenhub\n\nNothing has failed yet.\n';
  #count = 0;
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly #provider: vscode.Disposable;

  constructor(
    private readonly ui: () => FeatureUi,
    private readonly logger: Logger,
  ) {
    this.#provider = vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, { onDidChange: this.#changed.event, provideTextDocumentContent: () => this.#details });
  }

  /** The details of the last failure shown. */
  get details(): string {
    return this.#details;
  }

  /** Shows the report as an error and runs the action picked. */
  async show(report: FailureReport | undefined, level: 'error' | 'warning' = 'error'): Promise<void> {
    if (!report) return;
    if (report.details) {
      this.#details = report.details;
      this.#count += 1;
      this.#changed.fire(this.#uri());
    }
    const ui = this.ui();
    const picked = await (level === 'error' ? ui.showErrorMessage(report.message, ...report.actions) : ui.showWarningMessage(report.message, ...report.actions));
    await this.run(picked);
  }

  /** Runs a report's action. */
  async run(action: string | undefined): Promise<void> {
    if (action === SET_API_KEY) await vscode.commands.executeCommand('tokenhub.setApiKey');
    else if (action === ADD_PROVIDER) await vscode.commands.executeCommand('tokenhub.addProvider');
    else if (action === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'tokenhub');
    else if (action === SHOW_DETAILS) await this.showDetails();
  }

  /** Opens the last failure's whole trail. */
  async showDetails(): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(this.#uri());
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  }

  /** Logs a failed request's trail (models, providers, reasons: shapes and secret-free details). */
  logTrail(what: string, error: unknown): void {
    const facts = toFacts(error);
    if (facts.code === 'cancelled') return;
    this.logger.log('warn', `${what}: failed`, { code: facts.code, escalations: formatEscalations(facts.escalations ?? []) });
    for (const e of facts.escalations ?? []) this.logger.log('info', `${what}: ${e.model} (${e.provider}) ${e.reason}${e.attempted ? '' : ' (skipped)'}`, { detail: e.detail });
  }

  dispose(): void {
    this.#provider.dispose();
    this.#changed.dispose();
  }

  #uri(): vscode.Uri {
    // One document, refreshed in place; the count keeps an older tab from showing stale text.
    return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: '/Tokenhub failure details.md', query: String(this.#count) });
  }
}

function toFacts(error: unknown): FailureFacts {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    const { message } = error;
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    const escalations = 'escalations' in error && Array.isArray(error.escalations) ? (error.escalations as Escalation[]) : undefined;
    return { message, ...(code !== undefined ? { code } : {}), ...(escalations ? { escalations } : {}) };
  }
  return { message: String(error) };
}
