import * as vscode from 'vscode';
import { describeReadiness } from '../core/setup/readiness';
import type { SetupState, TokenhubService } from './tokenhubService';

/** Today's spend the way the status bar shows it: cents below a dollar get four places. */
export function formatUsd(value: number): string {
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** The status bar text for the API state and today's spend (also read by the in-host tests). */
export function statusText(service: TokenhubService, setup?: SetupState): string {
  if (setup && setup.kind !== 'ready') return '$(warning) Tokenhub: set up';
  const api = service.localApi;
  const spend = formatUsd(service.ledger.today().costUsd);
  return api ? `$(radio-tower) Tokenhub :${api.port} · ${spend}` : `$(hubot) Tokenhub · ${spend}`;
}

/** What clicking the item does in each state: setup when nothing can answer, else the models. */
function commandFor(setup: SetupState | undefined): string {
  if (!setup || setup.kind === 'ready') return 'tokenhub.showModels';
  if (setup.kind === 'invalid_config') return 'tokenhub.showFailureDetails';
  if (setup.kind === 'key_refused') return 'tokenhub.setApiKey';
  return 'tokenhub.addProvider';
}

/** The status bar item and the state it last showed. */
export interface StatusBar extends vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Resolves once the item shows the newest state (the tests wait on it). */
  refresh(): Promise<SetupState | undefined>;
}

/**
 * A status bar item: the local API and today's spend when a provider can answer; a warning that
 * starts setup (Add Provider…) when none can.
 */
export function createStatusBar(service: TokenhubService, onSetup: (state: SetupState | undefined) => void): StatusBar {
  const item = vscode.window.createStatusBarItem('tokenhub.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Tokenhub';
  let setup: SetupState | undefined;
  let generation = 0;
  const draw = (): void => {
    const api = service.localApi;
    const today = service.ledger.today();
    item.text = statusText(service, setup);
    item.command = commandFor(setup);
    const ready = !setup || setup.kind === 'ready';
    item.backgroundColor = ready ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    const lines = ready
      ? [api ? `Local API on \`${api.url}\`` : 'Local API stopped', `Today: ${today.requests} requests, ${today.promptTokens + today.completionTokens} tokens, ${formatUsd(today.costUsd)}`, 'Click to show the models.']
      : [setup!.kind === 'invalid_config' ? `The Tokenhub settings have a problem: ${setup!.message}` : describeReadiness(setup!), 'Click to set up.'];
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
  };
  const refresh = async (): Promise<SetupState | undefined> => {
    const mine = ++generation;
    const state = await service.setupState().catch(() => undefined);
    if (mine !== generation) return setup;
    setup = state;
    draw();
    onSetup(setup);
    return setup;
  };
  draw();
  void refresh();
  const listeners = [
    service.onDidChange(() => {
      // The API state and the spend show at once; whether anything can answer follows.
      draw();
      void refresh();
    }),
    service.onDidInvalidate(() => void refresh()),
  ];
  item.show();
  return {
    item,
    refresh,
    dispose: () => {
      for (const listener of listeners) listener.dispose();
      item.dispose();
    },
  };
}
