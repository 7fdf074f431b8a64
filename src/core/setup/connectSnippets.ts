/**
 * How other tools reach the local API: copyable snippets for an OpenAI-format client, Claude Code
 * and Continue, filled with the API's address and token. Each tool's convention: OpenAI clients
 * take the base URL with `/v1`; Claude Code takes the origin (it adds `/v1/messages`) and sends
 * `ANTHROPIC_AUTH_TOKEN` as a bearer token; Continue takes `apiBase` with `/v1`.
 */

/** The tools a snippet is written for. */
export type SnippetTool = 'openai' | 'claude-code' | 'continue';

export const SNIPPET_TOOLS: readonly SnippetTool[] = ['openai', 'claude-code', 'continue'];

/** What each tool is called in the walkthrough and the picker. */
export const SNIPPET_TITLES: Readonly<Record<SnippetTool, string>> = {
  openai: 'An OpenAI-format client (the openai SDKs, curl, most tools)',
  'claude-code': 'Claude Code',
  continue: 'Continue',
};

/** Where the local API is: `http://127.0.0.1:PORT`, and the token clients send. */
export interface ApiAddress {
  readonly origin: string;
  readonly token: string;
}

/** True for an outside-supplied tool name that names a snippet. */
export function isSnippetTool(value: unknown): value is SnippetTool {
  return typeof value === 'string' && (SNIPPET_TOOLS as readonly string[]).includes(value);
}

/** The snippet for `tool`. */
export function connectionSnippet(tool: SnippetTool, { origin, token }: ApiAddress): string {
  const base = `${origin.replace(/\/+$/, '')}/v1`;
  switch (tool) {
    case 'openai':
      return [
        '# Any client that reads the standard variables (the openai SDKs for Python and Node do):',
        `export OPENAI_BASE_URL=${base}`,
        `export OPENAI_API_KEY=${token}`,
        '',
        '# Or with curl; "auto" lets Tokenhub pick the model:',
        `curl ${base}/chat/completions -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" \\`,
        `  -d '{"model": "auto", "messages": [{"role": "user", "content": "Say hello"}]}'`,
        '',
      ].join('\n');
    case 'claude-code':
      return [
        '# Claude Code speaks Anthropic Messages; it adds /v1/messages to the base URL itself.',
        `export ANTHROPIC_BASE_URL=${origin.replace(/\/+$/, '')}`,
        `export ANTHROPIC_AUTH_TOKEN=${token}`,
        'claude',
        '',
      ].join('\n');
    case 'continue':
      return [
        '# In ~/.continue/config.yaml, under models:',
        'models:',
        '  - name: Tokenhub (auto)',
        '    provider: openai',
        '    model: auto',
        `    apiBase: ${base}`,
        `    apiKey: ${token}`,
        '    roles: [chat, edit, apply]',
        '',
      ].join('\n');
  }
}
