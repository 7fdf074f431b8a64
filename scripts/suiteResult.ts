/** What one test suite reports to scripts/test.js (written as JSON by each runner). */
export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; message: string; stack: string }[];
  durationMs: number;
  /** For an in-host suite: the VS Code and Node it ran in, as the extension host reports them. */
  host?: { vscode: string; node: string; appHost: string; uiKind: string };
}
