// The local API's commands: start (a port in use offers a free one), stop, the token, and the
// snippets that connect other tools to it.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { SnippetTool } from '../core/setup/connectSnippets';
import { connectionSnippet, isSnippetTool, SNIPPET_TITLES, SNIPPET_TOOLS } from '../core/setup/connectSnippets';
import type { Handler } from './commands';
import type { FeatureHost } from './featureCommands';
import { readSettings } from './settings';
import type { LocalApiState } from './tokenhubService';

export const USE_FREE_PORT = 'Use a Free Port';
export const OPEN_PORT_SETTING = 'Open Setting';

type LocalApiCommandId = 'tokenhub.startLocalApi' | 'tokenhub.stopLocalApi' | 'tokenhub.copyLocalApiToken' | 'tokenhub.copyConnectionSnippet';

/** Starts, stops, the token, the snippets. */
export function localApiHandlers(host: FeatureHost, guard: <A extends unknown[]>(work: (...args: A) => Promise<unknown>) => (...args: A) => Promise<unknown>): Record<LocalApiCommandId, Handler> {
  return {
    'tokenhub.startLocalApi': guard(async () => startLocalApi(host)),
    'tokenhub.stopLocalApi': guard(async () => {
      const stopped = await host.service.stopLocalApi();
      void host.ui.showInformationMessage(stopped ? 'Tokenhub: the local API stopped.' : 'Tokenhub: the local API was not running.');
      return stopped;
    }),
    'tokenhub.copyLocalApiToken': guard(async () => {
      await vscode.env.clipboard.writeText(await host.service.apiToken());
      void host.ui.showInformationMessage('Tokenhub: the local API token is on the clipboard.');
      return true;
    }),
    'tokenhub.copyConnectionSnippet': guard(async (given?: unknown) => copySnippet(host, given)),
  };
}

/**
 * Starts the local API on its port; when the port is taken, offers to start on a free one and to
 * keep that port in the settings (clients configured once keep working), or to open the setting.
 */
export async function startLocalApi(host: FeatureHost, options: { quiet?: boolean } = {}): Promise<LocalApiState | undefined> {
  const done = (state: LocalApiState): Promise<LocalApiState> => (options.quiet ? Promise.resolve(state) : announce(host, state));
  try {
    return await done(await host.service.startLocalApi());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const port = readSettings().server.port;
    host.logger.log('warn', 'local API: port in use', { port });
    const picked = await host.ui.showErrorMessage(`Tokenhub: port ${port} is in use by another program, so the local API could not start.`, USE_FREE_PORT, OPEN_PORT_SETTING);
    if (picked === OPEN_PORT_SETTING) await vscode.commands.executeCommand('workbench.action.openSettings', 'tokenhub.server.port');
    if (picked !== USE_FREE_PORT) return undefined;
    // Kept in the user settings first (the next start, and clients set up with it, use the same
    // port), then started there: a settings change while the API runs would restart it.
    const free = await freePort();
    await vscode.workspace.getConfiguration('tokenhub').update('server.port', free, vscode.ConfigurationTarget.Global);
    return done(await host.service.startLocalApi(free));
  }
}

/** A port nothing listens on now, as the system hands it out for port 0 on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function announce(host: FeatureHost, state: LocalApiState): Promise<LocalApiState> {
  const picked = await host.ui.showInformationMessage(`Tokenhub: the local API listens on ${state.url}/v1. Clients send the token from "Copy Local API Token".`, 'Copy Token', 'Connect a Tool…');
  if (picked === 'Copy Token') await vscode.commands.executeCommand('tokenhub.copyLocalApiToken');
  else if (picked === 'Connect a Tool…') await vscode.commands.executeCommand('tokenhub.copyConnectionSnippet');
  return state;
}

interface ToolPickItem extends vscode.QuickPickItem {
  readonly tool: SnippetTool;
}

/** Copies the snippet that points a tool at the local API (its address, or the configured port when stopped). */
async function copySnippet(host: FeatureHost, given: unknown): Promise<string | undefined> {
  let tool: SnippetTool | undefined = isSnippetTool(given) ? given : undefined;
  if (!tool) {
    const items: ToolPickItem[] = SNIPPET_TOOLS.map((t) => ({ tool: t, label: SNIPPET_TITLES[t] }));
    tool = (await host.ui.showQuickPick(items, { title: 'Tokenhub: Connect a Tool', placeHolder: 'Which tool should use the local API?' }))?.tool;
  }
  if (!tool) return undefined;
  const running = host.service.localApi;
  const origin = running?.url ?? `http://127.0.0.1:${readSettings().server.port}`;
  const snippet = connectionSnippet(tool, { origin, token: await host.service.apiToken() });
  await vscode.env.clipboard.writeText(snippet);
  const start = running ? undefined : 'Start Local API';
  const picked = await host.ui.showInformationMessage(
    `Tokenhub: the ${SNIPPET_TITLES[tool]} snippet is on the clipboard (it holds the local API token: paste it only where you keep secrets).${running ? '' : ' The local API is not running yet.'}`,
    ...(start ? [start] : []),
  );
  if (picked === start) await vscode.commands.executeCommand('tokenhub.startLocalApi');
  return snippet;
}
