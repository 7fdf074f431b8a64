import * as vscode from 'vscode';
import type { TokenhubService } from './tokenhubService';

/** Today's spend the way the status bar shows it: cents below a dollar get four places. */
export function formatUsd(value: number): string {
  return value < 1 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
}

/** The status bar text for the API state and today's spend (also read by the in-host tests). */
export function statusText(service: TokenhubService): string {
  const api = service.localApi;
  const spend = formatUsd(service.ledger.today().costUsd);
  return api ? `$(radio-tower) Tokenhub :${api.port} · ${spend}` : `$(hubot) Tokenhub · ${spend}`;
}

/** A status bar item showing whether the local API runs and today's spend; clicking shows the models. */
export function createStatusBar(service: TokenhubService): { readonly item: vscode.StatusBarItem } & vscode.Disposable {
  const item = vscode.window.createStatusBarItem('tokenhub.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Tokenhub';
  item.command = 'tokenhub.showModels';
  const update = (): void => {
    const api = service.localApi;
    const today = service.ledger.today();
    item.text = statusText(service);
    const tooltip = new vscode.MarkdownString(
      [
        api ? `Local API on \`${api.url}\`` : 'Local API stopped',
        `Today: ${today.requests} requests, ${today.promptTokens + today.completionTokens} tokens, ${formatUsd(today.costUsd)}`,
        'Click to show the models.',
      ].join('\n\n'),
    );
    item.tooltip = tooltip;
  };
  update();
  const listener = service.onDidChange(update);
  item.show();
  return {
    item,
    dispose: () => {
      listener.dispose();
      item.dispose();
    },
  };
}
